import { ts } from "./typescript";
import { storagesOfParameter, storedCallees, storeWrittenFunction } from "./stored-functions";
import { alternatives, describeCallee, returnedExpressions } from "./access-path";
import { nextErrorKey } from "./middleware";
import { reclassifyAnnotations, sinkAnnotation, zoneAnnotations } from "./annotations";
import type { ReclassifierModel, SinkModel } from "./config-types";
import {
  NO_REJECTION,
  applyBuiltin,
  combinedRejection,
  errorFields,
  isAsyncFunction,
  passRejection,
  withWholeValueZones,
} from "./builtins";
import { isPromiseMethodCall, rejectionRoute } from "./rejections";
import { writtenResult } from "./written-types";
import { dispatchTargets } from "./dispatch";
import { hidesFields, typedValue } from "./erased-types";
import { constructedKey } from "./properties";
import { applySetter, stateSetter, type StateSetter } from "./react-state";
import {
  constInitializer,
  constObjectLiteral,
  declaredProperty,
  literalMember,
  propertyKey,
  unwrapLiteral,
} from "./bindings";
import {
  evaluateExpression,
  literalKeys,
  isTuple,
  resolveDeclaration,
  setCallElements,
  sourceLabel,
  writeContainer,
} from "./expressions";
import type { FlowAnalysis, FunctionNode, UnitContext } from "./flow";
import { functionName, isFunctionNode, unitAround, variableOf } from "./flow";
import { callSinks, reclassifierModels, sourceModelTaint } from "./models";
import { mergeArguments, WRITTEN_CONTENTS, type FunctionSummary } from "./summary";
import {
  EMPTY,
  appendStep,
  concatSteps,
  flatten,
  fromLabel,
  isEmpty,
  sameLabels,
  join,
  joinAll,
  mapLabels,
  objectOf,
  opaque,
  readField,
  withStep,
  withTransform,
} from "./taint";
import type { Label, Reclassification, Taint } from "./taint";

/** Resolution of a call's callee. */
export interface CallTarget {
  /** The function body the engine can summarise. */
  body: FunctionNode | undefined;
  /** Declarations whose JSDoc applies: the function, its variable, its signatures. */
  declarations: ts.Node[];
  /** True for declarations in TypeScript's default library (`Array.prototype.map`). */
  isLibrary: boolean;
}

/**
 * The field of a parameter's label that is the value that calling the parameter returned:
 * `fn()` in `function apply(fn) { return fn(); }` returns the label of `fn` with this field.
 * NOTE: a value that also carries the parameter's own label keeps only that one, as for other
 * fields, so the call's result is lost there (`[fn, fn()]`).
 */
const CALL_RESULT = "()";

/** Returns the label of what calling `parameter` returns, which callers replace. */
function callResult(flow: FlowAnalysis, parameter: ts.ParameterDeclaration): Taint {
  return fromLabel({
    param: { id: flow.nodeId(parameter), fields: [CALL_RESULT] },
    inferred: false,
    steps: undefined,
  });
}

/** A parameter of a called function bound to an argument value at one call site. */
interface Binding {
  value: Taint;
  argument: ts.Node;
  parameterName: string;
  parameter: ts.ParameterDeclaration;
  /** The function of the parameter, when it is not the called one but a closure's maker. */
  owner?: FunctionNode;
  /** The value that the function passed as this argument returned where the callee called it. */
  callResult?: Taint;
}

export function evaluateCall(
  flow: FlowAnalysis,
  node: ts.CallExpression | ts.NewExpression,
  ctx: UnitContext,
): Taint {
  const callee = node.expression;
  if (ts.isCallExpression(node) && (callee.kind === ts.SyntaxKind.ImportKeyword || isRequire(node)))
    return EMPTY;
  const receiver = receiverOf(flow, callee, ctx);
  const argumentNodes = node.arguments ?? ts.factory.createNodeArray<ts.Expression>();
  const args = argumentNodes.map((argument) =>
    isFunctionValue(argument) ? EMPTY : evaluateExpression(flow, argument, ctx),
  );
  const target =
    callee.kind === ts.SyntaxKind.SuperKeyword
      ? superTarget(flow, node)
      : resolveCallTarget(flow, node);

  // `handlers.set("x", handle)` and `listeners.push(() => ...)` store functions.
  if (target.isLibrary && ts.isCallExpression(node)) storeWrittenFunction(flow, node);
  const purposes = checkCallSinks(flow, node, target, args, ctx);
  checkIndirectSinks(flow, node, args, purposes.length > 0, ctx);

  let result: Taint;
  let indirect: IndirectCall | undefined;
  let chosen: ChosenCallees | undefined;
  let returned: ReturnedFunctions | undefined;
  let setter: StateSetter | undefined;
  // The values of the elements of the array literal that the called function returns.
  let elements: Taint[] | undefined;
  const parameterCall = parameterCallOf(flow, callee, argumentNodes, args);
  const calledParameter = parameterCall?.parameter;
  // `props.onSave(value)`: the caller may pass a function as that member. A member that a
  // package declares, such as express's `res.json`, is a method of the package's object.
  const member =
    calledParameter ||
    target.body ||
    target.isLibrary ||
    target.declarations.some((declaration) => isDeclared(flow, declaration))
      ? undefined
      : parameterMember(flow, callee);
  if (member)
    recordParameterCall(
      flow,
      member.parameter,
      member.key,
      spreadPositions(argumentNodes, args, SPREAD_POSITIONS),
      ctx,
    );
  if (parameterCall) {
    recordParameterCall(flow, parameterCall.parameter, undefined, parameterCall.args, ctx);
    passToErrorHandlers(flow, node, parameterCall.parameter, parameterCall.args[0]);
    // The result is what the function that the caller passes returns, and for a function that
    // the analysis cannot see, what it was given.
    result = join(
      passThrough(flow, node, args, EMPTY, true),
      callResult(flow, parameterCall.parameter),
    );
  } else if (target.body) {
    // A call of a closure that this call returns reads the values it bound.
    if (returnsClosures(flow, target.body)) (ctx.makerArguments ??= new Map()).set(node, args);
    // The throws of an async function reject its promise, which goes on where the call's
    // promise goes: to a handler down the chain, an `await`, the caller's callers.
    const rejects = ts.isCallExpression(node) && isAsyncFunction(target.body);
    let thrown = EMPTY;
    const onThrow = (value: Taint) => {
      thrown = join(thrown, value);
    };
    // `new Box(email)` builds an object whose fields hold what its constructor stored there.
    const construction =
      ts.isNewExpression(node) && ts.isConstructorDeclaration(target.body)
        ? { fn: target.body, fields: new Map<string, Taint>() }
        : undefined;
    if (construction) flow.constructions.push(construction);
    try {
      result = applyFunction(
        flow,
        target.body,
        node,
        argumentNodes,
        args,
        ctx,
        rejects ? onThrow : undefined,
        makerBindings(flow, node, target.body, ctx),
        (values) => (elements = values),
      );
    } finally {
      if (construction) flow.constructions.pop();
    }
    if (construction && construction.fields.size > 0)
      result = join(result, objectOf(construction.fields));
    if (rejects) passRejection(flow, node, { ...NO_REJECTION, thrown }, ctx);
  } else if ((returned = returnedFunctions(flow, node, ctx))) {
    result = EMPTY;
    for (const fn of returned.functions)
      result = join(
        result,
        applyFunction(flow, fn, node, argumentNodes, args, ctx, undefined, returned.bindings),
      );
  } else if ((chosen = chosenCallees(flow, callee))) {
    // `writers[level](message)` and `(handlers[kind] ?? fallback)(message)` call one of several
    // functions: each runs, and each sink among them is checked.
    result = EMPTY;
    for (const reference of chosen.references)
      checkSinkReference(flow, node, reference, args, ctx, { site: node });
    for (const fn of chosen.functions)
      result = join(result, applyFunction(flow, fn, node, argumentNodes, args, ctx));
  } else if ((indirect = indirectCall(flow, node, ctx))) {
    result = applyFunction(
      flow,
      indirect.fn,
      node,
      indirect.argumentNodes,
      indirect.args(args),
      ctx,
    );
  } else if (ts.isCallExpression(node) && (setter = stateSetter(flow, callee))) {
    // `setDraft(value)` of React's `useState` writes the state, and returns nothing.
    const argument = node.arguments[0];
    if (argument)
      applySetter(flow, setter, argument, args[0] ?? EMPTY, ctx, applyAt(flow, node, ctx));
    result = EMPTY;
  } else {
    result =
      applyBuiltin(flow, node, target, receiver, args, ctx) ??
      callUnseen(flow, node, receiver, args, ctx, !target.isLibrary);
    // The response of a request is what the other service sent back, not the request.
    if (purposes.includes("network")) result = EMPTY;
    // The error of a package's promise may contain what the call sent, as an HTTP client's
    // error contains the request, so a rejection handler down the chain receives it.
    // `then`, `catch` and `finally` passed their rejection on already.
    if (ts.isCallExpression(node) && !isPromiseMethodCall(node) && !isPlatformFetch(flow, callee)) {
      const combined = combinedRejection(flow, node, args, ctx);
      const route = rejectionRoute(node).kind;
      if (combined) passRejection(flow, node, combined, ctx);
      else if (route === "next" || route === "stored") {
        const unseen = joinAll([flatten(receiver), ...args.map(flatten)]);
        passRejection(flow, node, { ...NO_REJECTION, unseen }, ctx);
      }
    }
  }

  // A method called through an interface or a base class may run a subtype's method instead.
  if (
    ts.isCallExpression(node) &&
    ts.isPropertyAccessExpression(callee) &&
    callee.expression.kind !== ts.SyntaxKind.SuperKeyword &&
    !calledParameter
  ) {
    const methods = dispatchTargets(flow, target.declarations, target.body);
    if (methods.length > 0 && !hasExactClass(flow, callee.expression)) {
      elements = undefined;
      for (const method of methods)
        result = join(result, applyFunction(flow, method, node, argumentNodes, args, ctx));
    }
  }

  // `this.onChange?.(user)` and `for (const listener of this.listeners) listener(user)` run
  // the functions stored there.
  if (ts.isCallExpression(node))
    for (const fn of storedCallees(flow, callee))
      if (fn !== target.body)
        result = join(result, applyFunction(flow, fn, node, argumentNodes, args, ctx));
  const direct = result;
  result = join(result, declaredResultZones(flow, node, target, ctx));
  result = join(result, sourceModelTaint(flow, node, "function", ctx));
  result = reclassify(flow, node, target, result, ctx);
  // Elements bind by position only where no tag or model of the callee adds zones to the result.
  setCallElements(node, sameLabels(direct, result) ? elements : undefined);
  // What a base class without a visible constructor keeps of its arguments is part of the
  // object the constructor builds. `Error` keeps its message in `message` and `stack`.
  if (callee.kind === ts.SyntaxKind.SuperKeyword && !target.body)
    ctx.summary.addReturn(extendsError(flow, node) ? errorFields(args) : result);
  return result;
}

/**
 * True for the platform's own `fetch`, which a declaration file declares (TypeScript's library,
 * `@types/node`) or nothing does. It rejects with a `TypeError` that contains nothing of the
 * request, unlike HTTP clients such as axios, whose errors contain the request's headers.
 */
function isPlatformFetch(flow: FlowAnalysis, callee: ts.Expression): boolean {
  if (!ts.isIdentifier(callee) || callee.text !== "fetch") return false;
  const declaration = resolveDeclaration(flow, callee);
  return !declaration || declaration.getSourceFile().isDeclarationFile;
}

/**
 * Returns the method of a class or an interface that an object pattern's element binds, as
 * `send` in `const { send } = telemetry`, or the function or variable that a module exports
 * under the element's name. Undefined for other elements.
 */
function boundMember(flow: FlowAnalysis, declaration: ts.Node): ts.Declaration | undefined {
  if (!ts.isBindingElement(declaration) || declaration.dotDotDotToken) return undefined;
  const pattern = declaration.parent;
  if (!ts.isObjectBindingPattern(pattern)) return undefined;
  const key = propertyKey(declaration.propertyName ?? declaration.name);
  if (key === undefined) return undefined;
  // Members of object literals, such as a hook's result, are followed through their values.
  const member = declaredProperty(flow, pattern, declaration, key);
  if (!member) return undefined;
  // A module's exports, as in `const { default: send } = await import("./send")`.
  if (ts.isFunctionDeclaration(member) || ts.isVariableDeclaration(member)) return member;
  return (ts.isMethodDeclaration(member) || ts.isMethodSignature(member)) &&
    !ts.isObjectLiteralExpression(member.parent)
    ? member
    : undefined;
}

/** True for `module.exports = value`, which the checker names as the declaration of `export=`. */
function isExportsAssignment(node: ts.Node): node is ts.BinaryExpression {
  return (
    ts.isBinaryExpression(node) &&
    node.operatorToken.kind === ts.SyntaxKind.EqualsToken &&
    ts.isPropertyAccessExpression(node.left) &&
    node.left.name.text === "exports" &&
    ts.isIdentifier(node.left.expression) &&
    node.left.expression.text === "module"
  );
}

/** True when the class around a `super()` call extends the standard library's `Error`. */
function extendsError(flow: FlowAnalysis, node: ts.Node): boolean {
  const owner = ts.findAncestor(node, ts.isClassLike);
  const base = owner?.heritageClauses?.find(
    (clause) => clause.token === ts.SyntaxKind.ExtendsKeyword,
  )?.types[0]?.expression;
  if (!base || !ts.isIdentifier(base) || base.text !== "Error") return false;
  const program = flow.options.program;
  return flow.resolutions
    .resolve(base)
    .declarations.some((declaration) =>
      program.isSourceFileDefaultLibrary(declaration.getSourceFile()),
    );
}

/**
 * Returns true when `receiver` is an object of one known class: `new Polite()`, or a `const`
 * without a written type that such an expression initialises.
 */
export function hasExactClass(flow: FlowAnalysis, receiver: ts.Expression): boolean {
  return exactConstruction(flow, receiver) !== undefined;
}

/** Returns the `new` expression that builds `receiver` as `hasExactClass` finds it, or undefined. */
function exactConstruction(
  flow: FlowAnalysis,
  receiver: ts.Expression,
): ts.NewExpression | undefined {
  let inner = unwrap(receiver);
  if (ts.isIdentifier(inner)) {
    const variable = flow.resolutions.resolve(inner).main;
    const initializer =
      variable && ts.isVariableDeclaration(variable) && !variable.type
        ? constInitializer(variable)
        : undefined;
    if (!initializer) return undefined;
    inner = unwrap(initializer);
  }
  return ts.isNewExpression(inner) ? inner : undefined;
}

/**
 * True when `field` is a field of the one object that `receiver` is (`hasExactClass`), declared
 * by its class or a base class, so that its value leaves out what constructors stored in other
 * objects.
 */
export function isOwnField(flow: FlowAnalysis, receiver: ts.Expression, field: ts.Node): boolean {
  const construction = exactConstruction(flow, receiver);
  const callee = construction && unwrap(construction.expression);
  const owner =
    callee && (ts.isIdentifier(callee) || ts.isPropertyAccessExpression(callee))
      ? resolveDeclaration(flow, ts.isPropertyAccessExpression(callee) ? callee.name : callee)
      : undefined;
  return owner !== undefined && ts.isClassLike(owner) && ownsField(flow, owner, field);
}

function isDeclared(flow: FlowAnalysis, declaration: ts.Node): boolean {
  const file = declaration.getSourceFile();
  return (
    flow.options.program.isSourceFileFromExternalLibrary(file) ||
    flow.options.program.isSourceFileDefaultLibrary(file) ||
    // `declare module "pino" { ... }` declares a package in the project's own files.
    ts.findAncestor(
      declaration,
      (node) => ts.isModuleDeclaration(node) && ts.isStringLiteral(node.name),
    ) !== undefined
  );
}

function isRequire(node: ts.CallExpression): boolean {
  return ts.isIdentifier(node.expression) && node.expression.text === "require";
}

function receiverOf(flow: FlowAnalysis, callee: ts.Expression, ctx: UnitContext): Taint {
  if (ts.isPropertyAccessExpression(callee) || ts.isElementAccessExpression(callee)) {
    return evaluateExpression(flow, callee.expression, ctx);
  }
  if (!ts.isIdentifier(callee) && callee.kind !== ts.SyntaxKind.SuperKeyword)
    evaluateExpression(flow, callee, ctx);
  return EMPTY;
}

export function isFunctionValue(node: ts.Node): node is ts.ArrowFunction | ts.FunctionExpression {
  return ts.isArrowFunction(node) || ts.isFunctionExpression(node);
}

/**
 * Returns the function an argument refers to: an inline function, a name of a declared
 * function, or either bound to a `this` only, as `this.onData.bind(this)`.
 */
export function functionOfArgument(
  flow: FlowAnalysis,
  argument: ts.Node,
): FunctionNode | undefined {
  if (isFunctionValue(argument)) return argument;
  if (
    ts.isCallExpression(argument) &&
    ts.isPropertyAccessExpression(argument.expression) &&
    argument.expression.name.text === "bind" &&
    argument.arguments.length <= 1
  )
    return functionOfArgument(flow, unwrap(argument.expression.expression));
  if (ts.isIdentifier(argument) || ts.isPropertyAccessExpression(argument)) {
    const declaration = resolveDeclaration(
      flow,
      ts.isPropertyAccessExpression(argument) ? argument.name : argument,
    );
    if (!declaration) return undefined;
    if (isFunctionNode(declaration)) return declaration;
    const initializer =
      (declaration as { initializer?: ts.Node }).initializer ??
      (ts.isExportAssignment(declaration) ? declaration.expression : undefined);
    if (initializer && isFunctionNode(unwrap(initializer)))
      return unwrap(initializer) as FunctionNode;
    // `const save = useCallback((value) => ..., [])`.
    const memoized = initializer && unwrap(initializer);
    if (memoized && isMemoizingCall(memoized)) {
      const wrapped = unwrap(memoized.arguments[0]!);
      return isFunctionValue(wrapped) ? wrapped : undefined;
    }
  }
  return undefined;
}

/** The maximum number of aliases (`const log = sink`) that `resolveCallTarget` follows. */
const MAX_ALIASES = 8;

/** Resolves a call's callee to the function body and the declarations that annotate it. */
export function resolveCallTarget(
  flow: FlowAnalysis,
  node: ts.CallExpression | ts.NewExpression,
): CallTarget {
  const callee = node.expression;
  const nameNode = ts.isPropertyAccessExpression(callee)
    ? callee.name
    : ts.isElementAccessExpression(callee)
      ? callee.argumentExpression
      : callee;
  const resolved = [...flow.resolutions.resolve(nameNode).declarations];
  // `log.info()` after `const log: Logger = { info: sink }` runs the literal's `info`, where the
  // checker names only the member of `Logger`.
  const receiver = ts.isPropertyAccessExpression(callee) ? unwrap(callee.expression) : undefined;
  if (receiver && ts.isIdentifier(receiver) && ts.isPropertyAccessExpression(callee)) {
    const member = literalMember(flow.resolutions.resolve(receiver).main, callee.name.text);
    if (member && !resolved.includes(member)) resolved.push(member);
  }
  const declarations: ts.Node[] = [];
  let body: FunctionNode | undefined;
  let isLibrary = false;
  let aliases = 0;
  for (const declaration of resolved) {
    const file = declaration.getSourceFile();
    if (flow.options.program.isSourceFileDefaultLibrary(file)) isLibrary = true;
    if (ts.isClassLike(declaration) && ts.isNewExpression(node)) {
      const constructor = constructorOf(flow, declaration);
      if (constructor) {
        declarations.push(constructor);
        if (constructor.body) body ??= constructor as FunctionNode;
      }
      declarations.push(declaration);
      continue;
    }
    declarations.push(declaration);
    if (isFunctionNode(declaration)) {
      body ??= declaration;
      continue;
    }
    // `const { send } = telemetry` calls the method of `telemetry`'s type.
    const destructured = boundMember(flow, declaration);
    if (destructured && !resolved.includes(destructured)) resolved.push(destructured);
    const assigned =
      (ts.isPropertyAccessExpression(declaration) || ts.isElementAccessExpression(declaration)) &&
      ts.isBinaryExpression(declaration.parent) &&
      declaration.parent.left === declaration
        ? declaration.parent.right
        : undefined;
    // `export default (msg) => ...` declares the arrow function as the module's default export,
    // and so does `module.exports = (msg) => ...` in a CommonJS module.
    const exported = ts.isExportAssignment(declaration)
      ? declaration.expression
      : isExportsAssignment(declaration)
        ? declaration.right
        : undefined;
    const initializer =
      (declaration as { initializer?: ts.Node }).initializer ?? assigned ?? exported;
    // `const send = useCallback((value) => ..., [])` calls the function that it wraps.
    const value = initializer
      ? isMemoizingCall(unwrap(initializer))
        ? unwrap((unwrap(initializer) as ts.CallExpression).arguments[0]!)
        : unwrap(initializer)
      : propertyFunction(flow, declaration);
    // `options.log ?? track` calls either function, so the annotations of both count. The
    // value of the callee brings the functions of the branches (`debug ? makeLogger() : noop`).
    const choices = value ? alternatives(value) : [];
    for (const choice of choices) {
      const fn = unwrap(choice);
      if (isFunctionNode(fn)) {
        if (choices.length > 1) continue;
        declarations.push(fn);
        body ??= fn;
      } else if (
        (ts.isIdentifier(fn) || ts.isPropertyAccessExpression(fn)) &&
        (ts.isVariableDeclaration(declaration) || ts.isPropertyAssignment(declaration)) &&
        aliases++ < MAX_ALIASES
      ) {
        // `const log = sink` and `{ log: sink }` call `sink`: its declarations count as well.
        const name = ts.isPropertyAccessExpression(fn) ? fn.name : fn;
        for (const aliased of flow.resolutions.resolve(name).declarations)
          if (!resolved.includes(aliased)) resolved.push(aliased);
      }
    }
  }
  if (resolved.length === 0 && (ts.isParenthesizedExpression(callee) || isFunctionValue(callee))) {
    const fn = unwrap(callee);
    if (isFunctionNode(fn)) body = fn;
  }
  // The annotations of these declarations decide how the call is treated, so an edit of them
  // must evaluate the caller again.
  for (const declaration of declarations) flow.track(declaration);
  return { body, declarations, isLibrary };
}

/**
 * Returns the function that an object literal's `{ capture }` shorthand names, as a hook that
 * returns its functions in an object does, or undefined.
 */
function propertyFunction(flow: FlowAnalysis, declaration: ts.Node): ts.Node | undefined {
  if (!ts.isShorthandPropertyAssignment(declaration)) return undefined;
  const value = flow.checker.getShorthandAssignmentValueSymbol(declaration)?.valueDeclaration;
  if (!value) return undefined;
  if (isFunctionNode(value)) return value;
  const initializer = ts.isVariableDeclaration(value) ? value.initializer : undefined;
  return initializer && unwrap(initializer);
}

/** Returns the expression inside parentheses, `!`, `as`, `satisfies` and `<T>` assertions. */
export function unwrap(node: ts.Node): ts.Node {
  let current = node;
  while (
    ts.isParenthesizedExpression(current) ||
    ts.isAsExpression(current) ||
    ts.isSatisfiesExpression(current) ||
    ts.isNonNullExpression(current) ||
    ts.isTypeAssertionExpression(current)
  )
    current = current.expression;
  return current;
}

/** A class's constructor, or the nearest base class's when it declares none. */
function constructorOf(
  flow: FlowAnalysis,
  declaration: ts.ClassLikeDeclaration,
  depth = 0,
): ts.ConstructorDeclaration | undefined {
  const own = declaration.members.find(
    (member): member is ts.ConstructorDeclaration =>
      ts.isConstructorDeclaration(member) && member.body !== undefined,
  );
  if (own || depth > 8) return own;
  const base = baseClassOf(flow, declaration);
  return base ? constructorOf(flow, base, depth + 1) : undefined;
}

export function baseClassOf(
  flow: FlowAnalysis,
  declaration: ts.ClassLikeDeclaration,
): ts.ClassLikeDeclaration | undefined {
  const heritage = declaration.heritageClauses?.find(
    (clause) => clause.token === ts.SyntaxKind.ExtendsKeyword,
  );
  const expression = heritage?.types[0]?.expression;
  if (!expression) return undefined;
  const base = resolveDeclaration(
    flow,
    ts.isPropertyAccessExpression(expression) ? expression.name : expression,
  );
  return base && ts.isClassLike(base) ? base : undefined;
}

function superTarget(flow: FlowAnalysis, node: ts.CallExpression | ts.NewExpression): CallTarget {
  const owner = ts.findAncestor(node, ts.isClassLike);
  const base = owner ? baseClassOf(flow, owner) : undefined;
  const constructor = base ? constructorOf(flow, base) : undefined;
  return {
    body: constructor as FunctionNode | undefined,
    declarations: constructor ? [constructor] : [],
    isLibrary: false,
  };
}

/** The parameter declaration that a callee names, when the call calls one of the unit's parameters. */
function parameterCallee(
  flow: FlowAnalysis,
  callee: ts.Expression,
): ts.ParameterDeclaration | undefined {
  if (!ts.isIdentifier(callee)) return undefined;
  const declaration = resolveDeclaration(flow, callee);
  return declaration && ts.isParameter(declaration) ? declaration : undefined;
}

/**
 * How many positions a spread argument fills in a call of a parameter (`fn(...args)`), where
 * the function that the parameter contains is not known yet.
 */
const SPREAD_POSITIONS = 8;

/**
 * Returns the arguments of a call by position for a function of `width` parameters. A spread
 * argument (`fn(...args)`) may fill its own position and every one after it, so each of those
 * gets what the arguments from the spread on carry.
 */
function spreadPositions(
  argumentNodes: readonly ts.Expression[],
  args: Taint[],
  width: number,
): Taint[] {
  const first = argumentNodes.findIndex(ts.isSpreadElement);
  if (first < 0) return args;
  const rest = joinAll(args.slice(first));
  return [...args.slice(0, first), ...new Array<Taint>(Math.max(width - first, 1)).fill(rest)];
}

/**
 * Returns the parameter that a call calls and the arguments it passes: `fn(email)`,
 * `fn(...args)`, `fn.call(self, email)` and `fn.apply(self, args)`. Undefined for other calls.
 */
/** The functions that a call may run, and the references to them that may name sinks. */
interface ChosenCallees {
  functions: FunctionNode[];
  references: ts.Expression[];
}

/**
 * Returns the callees of a call that chooses among functions: the members of an object literal
 * read with a computed key (`computedMembers`), and the operands of `??`, `||` and `?:`. Undefined for a
 * callee that names one function, which the other ways of a call handle.
 */
function chosenCallees(flow: FlowAnalysis, callee: ts.Expression): ChosenCallees | undefined {
  const choices = alternatives(unwrap(callee)) as ts.Expression[];
  const computed = choices.map((choice) => computedMembers(flow, choice));
  if (choices.length === 1 && !computed[0]) return undefined;
  const chosen: ChosenCallees = { functions: [], references: [] };
  // The models match the sinks of the packages among the operands as the callee's, so an
  // operand is checked here only where it is a member or a function of the project.
  const add = (reference: ts.Expression, member: boolean) => {
    const fn =
      functionOfArgument(flow, unwrap(reference)) ?? literalMemberFunction(flow, reference);
    if (member || fn) chosen.references.push(reference);
    if (fn && !chosen.functions.includes(fn)) chosen.functions.push(fn);
  };
  choices.forEach((choice, index) => {
    const members = computed[index];
    if (!members) return add(choice, false);
    for (const member of members) {
      if (ts.isMethodDeclaration(member)) chosen.functions.push(member);
      else if (ts.isPropertyAssignment(member)) add(member.initializer, true);
      else if (ts.isShorthandPropertyAssignment(member)) add(member.name, true);
    }
  });
  // Operands that are not functions of the project go the way of other calls, where the models
  // match the sinks of each operand, as in `(custom ?? console.log)(message)`.
  if (chosen.functions.length === 0 && computed.every((members) => !members)) return undefined;
  return chosen;
}

/** Returns the function that `holder.name` reads from the object literal of a `const`. */
function literalMemberFunction(
  flow: FlowAnalysis,
  reference: ts.Expression,
): FunctionNode | undefined {
  const inner = unwrap(reference);
  if (!ts.isPropertyAccessExpression(inner)) return undefined;
  const holder = unwrap(inner.expression);
  if (!ts.isIdentifier(holder)) return undefined;
  const member = literalMember(flow.resolutions.resolve(holder).main, inner.name.text);
  if (!member) return undefined;
  if (ts.isMethodDeclaration(member)) return member;
  if (!ts.isPropertyAssignment(member)) return undefined;
  return functionOfArgument(flow, unwrap(member.initializer));
}

/**
 * Returns the object literal that initializes a class field, as `handlers = { a: ... }`.
 * NOTE: a later assignment to the field is not checked, so another object there goes unseen.
 */
function fieldObjectLiteral(field: ts.PropertyDeclaration): ts.ObjectLiteralExpression | undefined {
  return field.initializer && unwrapLiteral(field.initializer);
}

/**
 * Returns the members of an object literal that a callee with a computed key may read, where
 * the literal initializes a `const` or a class field: `writers[level]` with
 * `const writers = { info: console.info, warn: console.warn }`. A key
 * whose type is a union of string literals picks those members, and any other key all of them.
 * Undefined for other callees, and where a spread may add members.
 */
function computedMembers(
  flow: FlowAnalysis,
  callee: ts.Expression,
): ts.ObjectLiteralElementLike[] | undefined {
  const inner = unwrap(callee);
  if (!ts.isElementAccessExpression(inner)) return undefined;
  const key = unwrap(inner.argumentExpression);
  if (ts.isStringLiteralLike(key) || ts.isNumericLiteral(key)) return undefined;
  const receiver = unwrap(inner.expression);
  // `writers`, `logging.writers` through a namespace import, or a class field `this.writers`.
  let name: ts.Node | undefined;
  if (ts.isIdentifier(receiver)) name = receiver;
  else if (ts.isPropertyAccessExpression(receiver)) name = receiver.name;
  if (!name) return undefined;
  const declaration = flow.resolutions.resolve(name).main;
  const literal =
    declaration && ts.isPropertyDeclaration(declaration)
      ? fieldObjectLiteral(declaration)
      : constObjectLiteral(declaration);
  if (!literal || literal.properties.some(ts.isSpreadAssignment)) return undefined;
  const allowed = literalKeys(flow, inner.argumentExpression);
  const members = literal.properties.filter((member) => {
    if (!member.name || ts.isGetAccessor(member) || ts.isSetAccessor(member)) return false;
    const name = propertyKey(member.name);
    return allowed.length === 0 || (name !== undefined && allowed.includes(name));
  });
  return members.length > 0 ? members : undefined;
}

/**
 * Sends what a middleware's `next(error)` passes to the project's error handlers.
 * Only the zones that the call has here go: the parameters of handlers come from the framework.
 */
function passToErrorHandlers(
  flow: FlowAnalysis,
  node: ts.CallExpression | ts.NewExpression,
  parameter: ts.ParameterDeclaration,
  error: Taint | undefined,
): void {
  if (!error || isEmpty(error)) return;
  const concrete = mapLabels(error, (label) => (label.param ? undefined : label));
  if (isEmpty(concrete)) return;
  const key = nextErrorKey(flow, parameter);
  if (!key) return;
  const name = ts.isIdentifier(parameter.name) ? parameter.name.text : "next";
  flow.writeStore(key, withStep(concrete, flow.step(node, `passed to \`${name}\``, "argument")));
}

/** Sends `error` to the error handlers where `handler` names a middleware's `next` parameter. */
export function passToNext(
  flow: FlowAnalysis,
  node: ts.CallExpression,
  handler: ts.Expression,
  error: Taint,
): void {
  const parameter = parameterCallee(flow, unwrap(handler) as ts.Expression);
  if (parameter) passToErrorHandlers(flow, node, parameter, error);
}

function parameterCallOf(
  flow: FlowAnalysis,
  callee: ts.Expression,
  argumentNodes: readonly ts.Expression[],
  args: Taint[],
): { parameter: ts.ParameterDeclaration; args: Taint[] } | undefined {
  const direct = parameterCallee(flow, callee);
  if (direct)
    return { parameter: direct, args: spreadPositions(argumentNodes, args, SPREAD_POSITIONS) };
  const inner = unwrap(callee);
  if (!ts.isPropertyAccessExpression(inner)) return undefined;
  const method = inner.name.text;
  if (method !== "call" && method !== "apply") return undefined;
  const parameter = parameterCallee(flow, unwrap(inner.expression) as ts.Expression);
  if (!parameter) return undefined;
  if (method === "call")
    return {
      parameter,
      args: spreadPositions(argumentNodes.slice(1), args.slice(1), SPREAD_POSITIONS),
    };
  // The elements of `apply`'s array may fill any position.
  const list = flatten(args[1] ?? EMPTY);
  return { parameter, args: new Array<Taint>(SPREAD_POSITIONS).fill(list) };
}

/**
 * Checks the arguments of a call against the sinks it matches, by `@sink` annotation or by
 * model. Returns the purposes of the sink models that the call matches.
 */
/** True for a model of the preset that matches a name at any depth, as `**.logger.info`. */
function isFoundByName(model: SinkModel): boolean {
  return !model.origin && !model.pattern.module && model.pattern.segments[0] === "**";
}

function checkCallSinks(
  flow: FlowAnalysis,
  node: ts.CallExpression | ts.NewExpression,
  target: CallTarget,
  args: Taint[],
  ctx: UnitContext,
): string[] {
  const argumentNodes = node.arguments ?? [];
  if (argumentNodes.length === 0) {
    // Nothing reaches a sink without arguments, but the call still counts as a use of its model.
    return callSinks(flow, node.expression, ctx).map((model) => model.purpose);
  }
  let calleeText: string | undefined;
  for (const declaration of target.declarations) {
    const annotation = sinkAnnotation(declaration);
    if (!annotation?.purpose) continue;
    calleeText ??= describeCallee(node.expression);
    const signature = target.body ?? (ts.isFunctionLike(declaration) ? declaration : undefined);
    const parameters = signature && valueParameters(signature);
    argumentNodes.forEach((argument, index) => {
      const parameter = parameters?.[Math.min(index, parameters.length - 1)];
      const parameterName =
        parameter && ts.isIdentifier(parameter.name) ? parameter.name.text : undefined;
      if (
        annotation.parameters.length > 0 &&
        (!parameterName || !annotation.parameters.includes(parameterName))
      )
        return;
      flow.findings.checkSink(
        args[index] ?? EMPTY,
        { node: argument, call: node, callee: calleeText!, purpose: annotation.purpose!.name },
        ctx,
      );
    });
    return [];
  }
  let models = callSinks(flow, node.expression, ctx);
  // A logger found by its name only (`logger.info`) that is a function of the project reaching
  // sinks of its own is followed into its body instead, where those sinks report the flow.
  // Until the function has a summary, the call waits for it: the summary's first version makes
  // the call run again, and a finding once reported stays.
  if (models.some(isFoundByName) && target.body && !target.isLibrary) {
    const summary = flow.summaryOf(target.body);
    if (!summary || [...summary.sinkFlows.values()].some((sinkFlow) => !sinkFlow.site.target))
      models = models.filter((model) => !isFoundByName(model));
  }
  // The callee's text is built only for a call that reaches a sink, since most calls reach none.
  if (models.length > 0) calleeText = describeCallee(node.expression);
  for (const model of models) {
    argumentNodes.forEach((argument, index) => {
      if (model.arguments && !model.arguments.includes(index)) return;
      let value = args[index] ?? EMPTY;
      if (model.purpose === "network") {
        const split = splitCredentialHeaders(value);
        value = split.rest;
        // A hit is kept per node, so the credentials need a node of their own: the headers.
        // NOTE: options built elsewhere than in a literal have no such node, so their credentials
        // go unchecked.
        const headers = headersNode(flow, argument);
        if (headers)
          flow.findings.checkSink(
            split.credentials,
            { node: headers, call: node, callee: calleeText!, purpose: "auth" },
            ctx,
          );
      }
      flow.findings.checkSink(
        value,
        { node: argument, call: node, callee: calleeText!, purpose: model.purpose },
        ctx,
      );
    });
  }
  return models.map((model) => model.purpose);
}

/** Request headers whose value authenticates the request, in lower case. */
const CREDENTIAL_HEADERS = new Set([
  "authorization",
  "proxy-authorization",
  "cookie",
  "x-api-key",
  "api-key",
]);

/**
 * Separates the credential headers of a request's options, `{ headers: { Authorization } }`,
 * from the rest. A token sent in those headers authenticates the request, the `auth` purpose,
 * while the same token in the URL or the body is sent over the network.
 */
function splitCredentialHeaders(value: Taint): { rest: Taint; credentials: Taint } {
  const headers = value.fields?.get("headers");
  if (!headers?.fields) return { rest: value, credentials: EMPTY };
  const otherHeaders = new Map<string, Taint>();
  let credentials = EMPTY;
  for (const [name, header] of headers.fields) {
    if (CREDENTIAL_HEADERS.has(name.toLowerCase())) credentials = join(credentials, header);
    else otherHeaders.set(name, header);
  }
  if (isEmpty(credentials)) return { rest: value, credentials };
  const fields = new Map(value.fields);
  fields.set("headers", objectOf(otherHeaders, { labels: headers.labels }));
  return { rest: objectOf(fields, { labels: value.labels }), credentials };
}

/**
 * Returns the value of the `headers` property of an object literal argument, or of the literal
 * that initializes a `const` passed as the argument, or undefined.
 */
function headersNode(flow: FlowAnalysis, argument: ts.Expression): ts.Node | undefined {
  let options = unwrap(argument);
  // `const options = { headers }` before `fetch(url, options)`.
  if (ts.isIdentifier(options)) {
    const initializer = constInitializer(resolveDeclaration(flow, options));
    if (initializer) options = unwrap(initializer);
  }
  if (!ts.isObjectLiteralExpression(options)) return undefined;
  for (const property of options.properties) {
    if (
      (ts.isPropertyAssignment(property) || ts.isShorthandPropertyAssignment(property)) &&
      propertyKey(property.name) === "headers"
    )
      return ts.isPropertyAssignment(property) ? property.initializer : property.name;
  }
  return undefined;
}

/** Models a call into code the engine cannot see: the result carries what went in, and the step is marked inferred. */
export function passThrough(
  flow: FlowAnalysis,
  node: ts.CallExpression | ts.NewExpression,
  args: Taint[],
  receiver: Taint,
  inferred: boolean,
): Taint {
  const value = joinAll([flatten(receiver), ...args.map(flatten)]);
  if (isEmpty(value)) return value;
  const name = describeCallee(node.expression);
  const message = inferred
    ? `through \`${name}()\`, which the analysis cannot see`
    : `through \`${name}()\``;
  return withStep(value, flow.step(node, message, "call", inferred));
}

/**
 * Returns the parameters that take arguments: all but a TypeScript `this` parameter, which
 * declares the type of `this` and takes none.
 */
export function valueParameters(fn: ts.SignatureDeclaration): readonly ts.ParameterDeclaration[] {
  const first = fn.parameters[0];
  return first && ts.isIdentifier(first.name) && first.name.text === "this"
    ? fn.parameters.slice(1)
    : fn.parameters;
}

/** Applies a function's summary at a call: its returns, its sinks, its effects, its callbacks. */
export function applyFunction(
  flow: FlowAnalysis,
  fn: FunctionNode,
  node: ts.Node,
  argumentNodes: readonly ts.Expression[],
  args: Taint[],
  ctx: UnitContext,
  onThrow?: (thrown: Taint) => void,
  makerBindings?: ReadonlyMap<number, Binding>,
  onElements?: (elements: Taint[] | undefined) => void,
): Taint {
  // What rejects the promise that the function returns goes where the call's promise goes.
  const onReject = (rejection: ReturnedRejection) => {
    if (ts.isCallExpression(node)) passRejection(flow, node, { ...rejection, unseen: EMPTY }, ctx);
    else rejectNowhere(flow, rejection, node, ctx);
  };
  const bindings = new Map<number, Binding>();
  const parameters = valueParameters(fn);
  const positional = spreadPositions(argumentNodes, args, parameters.length);
  parameters.forEach((parameter, index) => {
    const name = ts.isIdentifier(parameter.name) ? parameter.name.text : `parameter ${index + 1}`;
    let value = parameter.dotDotDotToken
      ? joinAll(args.slice(index))
      : (positional[index] ?? EMPTY);
    const argument = argumentNodes[index];
    if (argument && !parameter.dotDotDotToken && hidesFields(flow, parameter))
      value = join(value, typedValue(flow, argument, ctx));
    bindings.set(flow.nodeId(parameter), {
      value,
      argument: argumentNodes[index] ?? node,
      parameterName: name,
      parameter,
    });
    // `subscribe(listener) { this.listeners.push(listener); }` stores the caller's function.
    const passed =
      argument && (isFunctionValue(argument) || ts.isIdentifier(argument))
        ? functionOfArgument(flow, argument)
        : undefined;
    if (passed)
      for (const storage of storagesOfParameter(flow, parameter))
        flow.writeFunctions(storage, [passed]);
  });
  // A closure reads the parameters of the function that made it as that call bound them.
  for (const [id, binding] of makerBindings ?? []) if (!bindings.has(id)) bindings.set(id, binding);
  // The function calls its parameters, or functions nested in it do, as a callback of
  // `items.forEach` or an event handler. A closure calls the parameters of its maker too, with
  // the functions that the maker's call passed.
  const calls = calledParameters(flow, fn);
  if (calls.size > 0) {
    const instantiated = (values: Taint[]) =>
      values.map((value) => instantiate(flow, fn, value, bindings, ctx));
    for (const [id, called] of calls) {
      const binding = bindings.get(id);
      if (!binding || binding.argument === node) continue;
      if (called.args) {
        const returned = callArgument(flow, node, binding.argument, instantiated(called.args), ctx);
        binding.callResult = join(binding.callResult ?? EMPTY, returned);
      }
      for (const [key, values] of called.members ?? []) {
        if (key === WRITTEN_CONTENTS) {
          // `fill(list, user)` writes into `list` what `fill` writes into its parameter.
          const [written] = instantiated(values);
          if (!written || isEmpty(written) || !ts.isExpression(binding.argument)) continue;
          const step = flow.step(
            binding.argument,
            `written into \`${describeCallee(binding.argument)}\` by \`${functionName(fn)}\``,
            "call",
          );
          writeContainer(flow, binding.argument, withStep(written, step), node, ctx);
          continue;
        }
        const value = memberOfArgument(flow, node, binding.argument as ts.Expression, key);
        if (value) callArgument(flow, node, value, instantiated(values), ctx);
      }
    }
  }
  if (ts.isConstructorDeclaration(fn)) storeParameterProperties(flow, fn, bindings, ctx);
  const summary = flow.summaryOf(fn);
  if (onElements)
    onElements(
      summary?.returnElements?.map((element) => instantiate(flow, fn, element, bindings, ctx)),
    );
  return summary ? applySummary(flow, fn, summary, bindings, ctx, onThrow, onReject) : EMPTY;
}

/** The arguments that a function and the functions nested in it pass when they call a parameter. */
export interface ParameterCalls {
  /** The arguments of calls of the parameter itself. */
  args?: Taint[];
  /** The arguments of calls of its members, by member. */
  members?: Map<string, Taint[]>;
}

/**
 * Joins the calls of parameters that `fn`'s summary records with those of the functions nested
 * in it (`noteOuterCall`), by parameter id. The result is cached until those summaries change,
 * because a function with many handlers is called from many places.
 */
export function calledParameters(
  flow: FlowAnalysis,
  fn: FunctionNode,
): ReadonlyMap<number, ParameterCalls> {
  const summaries: FunctionSummary[] = [];
  const addCalls = (unit: ts.Node) => {
    const summary = flow.summaryOf(unit);
    if (summary && (summary.parameterCalls.size > 0 || summary.memberCalls.size > 0))
      summaries.push(summary);
  };
  addCalls(fn);
  for (const unit of flow.outerCallers(fn)) addCalls(unit);
  if (summaries.length === 0) return NO_CALLS;
  const cached = joinedCalls.get(fn);
  if (
    cached &&
    cached.summaries.length === summaries.length &&
    cached.summaries.every((summary, index) => summary === summaries[index])
  )
    return cached.calls;
  const calls = new Map<number, ParameterCalls>();
  const entry = (id: number) => {
    let found = calls.get(id);
    if (!found) calls.set(id, (found = {}));
    return found;
  };
  for (const summary of summaries) {
    for (const [id, args] of summary.parameterCalls) {
      const found = entry(id);
      found.args = mergeArguments(found.args, args);
    }
    for (const [id, members] of summary.memberCalls) {
      const found = entry(id);
      for (const [key, args] of members) {
        found.members ??= new Map();
        found.members.set(key, mergeArguments(found.members.get(key), args));
      }
    }
  }
  joinedCalls.set(fn, { summaries, calls });
  return calls;
}

const NO_CALLS: ReadonlyMap<number, ParameterCalls> = new Map();

/** Cached results of `calledParameters`, with the summaries they were joined from. */
const joinedCalls = new WeakMap<
  FunctionNode,
  { summaries: FunctionSummary[]; calls: Map<number, ParameterCalls> }
>();

/** A member of a parameter, as `onSave` of `props` in `props.onSave(value)`. */
interface ParameterMember {
  parameter: ts.ParameterDeclaration;
  key: string;
}

/**
 * Calls the function that `argument` passes with `values`: an inline or named function, a sink
 * such as `console.log`, or a parameter of the caller (or a member of one), whose callers pass
 * the function in turn.
 */
function callArgument(
  flow: FlowAnalysis,
  node: ts.Node,
  argument: ts.Node | ParameterMember,
  values: Taint[],
  ctx: UnitContext,
): Taint {
  if ("key" in argument) {
    recordParameterCall(flow, argument.parameter, argument.key, values, ctx);
    return EMPTY;
  }
  // A sink of the project may have a body as well: `retry(record, email)` with `@sink` on `record`.
  const sink = ts.isExpression(argument) && checkSinkReference(flow, node, argument, values, ctx);
  const callback = isFunctionNode(argument) ? argument : functionOfArgument(flow, argument);
  if (callback) return applyCallback(flow, callback, values, argument, ctx);
  if (sink) return EMPTY;
  const value = unwrap(argument);
  // A state setter passed on, as `<Field onChange={setDraft} />`.
  const setter = stateSetter(flow, value);
  if (setter) {
    applySetter(flow, setter, argument, values[0] ?? EMPTY, ctx, applyAt(flow, node, ctx));
    return EMPTY;
  }
  const declaration = ts.isIdentifier(value) ? resolveDeclaration(flow, value) : value;
  if (declaration && ts.isParameter(declaration)) {
    // `function retry(task) { return run(task); }` returns what its own caller's task returns.
    recordParameterCall(flow, declaration, undefined, values, ctx);
    return callResult(flow, declaration);
  }
  const member = declaration && parameterMember(flow, declaration);
  if (member) recordParameterCall(flow, member.parameter, member.key, values, ctx);
  return EMPTY;
}

/** Returns a function that runs a function of the project at `node` with the given arguments. */
function applyAt(
  flow: FlowAnalysis,
  node: ts.Node,
  ctx: UnitContext,
): (fn: FunctionNode, argumentNodes: ts.Node[], values: Taint[]) => Taint {
  return (fn, argumentNodes, values) =>
    applyFunction(flow, fn, node, argumentNodes as ts.Expression[], values, ctx);
}

/**
 * Returns what an argument passes as its member `key`: the attribute of a JSX element
 * (`onSave={save}`, or its child for `children`) or the property of an object literal. Through
 * `{...props}`, or a parameter passed whole, it is that parameter's member. A later attribute or
 * spread wins over an earlier one, as it does at run time.
 */
function memberOfArgument(
  flow: FlowAnalysis,
  node: ts.Node,
  argument: ts.Expression,
  key: string,
): ts.Node | ParameterMember | undefined {
  const [first, ...rest] = key.split(".");
  let found =
    ts.isJsxOpeningLikeElement(node) && argument === node.tagName
      ? attributeMember(flow, node, first!)
      : objectMember(flow, argument, first!, 0);
  // `actions.onSave`: the member of what the argument passes as `actions`.
  for (const segment of rest) {
    if (!found) return undefined;
    found =
      "key" in found
        ? { parameter: found.parameter, key: `${found.key}.${segment}` }
        : ts.isExpression(found)
          ? objectMember(flow, found, segment, 0)
          : undefined;
  }
  return found;
}

/** Returns what a JSX element passes as its prop `key`, as `memberOfArgument` does. */
function attributeMember(
  flow: FlowAnalysis,
  node: ts.JsxOpeningLikeElement,
  key: string,
): ts.Node | ParameterMember | undefined {
  let found: ts.Node | ParameterMember | undefined;
  for (const attribute of node.attributes.properties) {
    if (ts.isJsxSpreadAttribute(attribute))
      found = objectMember(flow, attribute.expression, key, 0) ?? found;
    else if (attribute.name.getText() === key) {
      const initializer = attribute.initializer;
      found = initializer && ts.isJsxExpression(initializer) ? initializer.expression : undefined;
    }
  }
  // `<List>{(item) => ...}</List>` passes its function as `children`.
  if (key === "children" && ts.isJsxOpeningElement(node)) {
    for (const child of node.parent.children)
      if (ts.isJsxExpression(child) && child.expression) found = child.expression;
  }
  return found;
}

/** Returns what an object passes as its member `key`, as `memberOfArgument` does. */
function objectMember(
  flow: FlowAnalysis,
  expression: ts.Expression,
  key: string,
  depth: number,
): ts.Node | ParameterMember | undefined {
  const whole = wholeParameter(flow, expression, key);
  if (whole) return whole;
  let value = unwrap(expression);
  if (ts.isIdentifier(value)) {
    const initializer = constInitializer(resolveDeclaration(flow, value));
    if (initializer) value = unwrap(initializer);
  }
  if (!ts.isObjectLiteralExpression(value)) return undefined;
  let found: ts.Node | ParameterMember | undefined;
  for (const property of value.properties) {
    if (ts.isSpreadAssignment(property)) {
      if (depth < 4) found = objectMember(flow, property.expression, key, depth + 1) ?? found;
      continue;
    }
    if (!property.name || propertyKey(property.name) !== key) continue;
    if (ts.isPropertyAssignment(property)) found = property.initializer;
    else if (ts.isMethodDeclaration(property)) found = property;
    else if (ts.isShorthandPropertyAssignment(property))
      found = flow.checker.getShorthandAssignmentValueSymbol(property)?.valueDeclaration;
  }
  return found;
}

/**
 * Returns member `key` of a parameter that `expression` names, as `{...props}` passes it, also
 * through the rest of a parameter's pattern (`{...rest}` after `function A({ user, ...rest })`).
 */
function wholeParameter(
  flow: FlowAnalysis,
  expression: ts.Expression,
  key: string,
): ParameterMember | undefined {
  const value = unwrap(expression);
  const declaration = ts.isIdentifier(value) ? resolveDeclaration(flow, value) : undefined;
  if (!declaration) return undefined;
  if (ts.isParameter(declaration)) return { parameter: declaration, key };
  const parameter = declaration.parent?.parent;
  return ts.isBindingElement(declaration) &&
    declaration.dotDotDotToken &&
    ts.isObjectBindingPattern(declaration.parent) &&
    ts.isParameter(parameter)
    ? { parameter, key }
    : undefined;
}

/**
 * Returns the parameter member that a callee or a value names: `props.onSave`, `onSave`
 * destructured in the parameter list as `function Form({ onSave })`, and a `const` that reads
 * it in the body, as `const { onSave } = props` and `const onSave = props.onSave`. Nested
 * members have a dotted key: `props.actions.onSave` is `actions.onSave` of `props`.
 */
function parameterMember(flow: FlowAnalysis, node: ts.Node): ParameterMember | undefined {
  const found = memberPath(flow, node, 0);
  return found && found.path.length > 0
    ? { parameter: found.parameter, key: found.path.join(".") }
    : undefined;
}

/** Returns the parameter that `node` reads and the members it reads of it, or undefined. */
function memberPath(
  flow: FlowAnalysis,
  node: ts.Node,
  depth: number,
): { parameter: ts.ParameterDeclaration; path: string[] } | undefined {
  if (depth > MAX_MEMBER_DEPTH) return undefined;
  const value = unwrap(node);
  if (ts.isPropertyAccessExpression(value)) {
    const base = memberPath(flow, value.expression, depth + 1);
    return base && { parameter: base.parameter, path: [...base.path, value.name.text] };
  }

  const declaration = ts.isIdentifier(value) ? resolveDeclaration(flow, value) : value;
  if (!declaration) return undefined;
  if (ts.isParameter(declaration)) {
    if (!ts.isIdentifier(declaration.name) || !isFunctionNode(declaration.parent)) return undefined;
    return { parameter: declaration, path: [] };
  }

  // `const onSave = props.onSave`.
  const initializer = constInitializer(declaration);
  if (initializer) {
    const read = unwrap(initializer);
    if (!ts.isPropertyAccessExpression(read) && !ts.isIdentifier(read)) return undefined;
    return memberPath(flow, read, depth + 1);
  }

  if (!ts.isBindingElement(declaration) || !ts.isObjectBindingPattern(declaration.parent))
    return undefined;
  // The pattern's owner: a parameter, a `const` (`const { onSave } = props`), or an element of
  // an outer pattern (`{ actions: { onSave } }`).
  const owner = declaration.parent.parent;
  let base: { parameter: ts.ParameterDeclaration; path: string[] } | undefined;
  if (ts.isParameter(owner)) {
    if (isFunctionNode(owner.parent)) base = { parameter: owner, path: [] };
  } else if (ts.isBindingElement(owner)) {
    base = memberPath(flow, owner, depth + 1);
  } else {
    const source = constInitializer(owner);
    if (source) base = memberPath(flow, source, depth + 1);
  }
  if (!base) return undefined;

  // `...rest` keeps the other members under their own names.
  if (declaration.dotDotDotToken) return base;
  const key = propertyKey(declaration.propertyName ?? declaration.name);
  return key === undefined ? undefined : { parameter: base.parameter, path: [...base.path, key] };
}

/** How many property reads and destructurings `memberPath` follows back to a parameter. */
const MAX_MEMBER_DEPTH = 8;

/**
 * Records in the current unit's summary a call of a parameter, or of its member `key`, with
 * `args`. Where the parameter belongs to an enclosing function, calls of that function apply it.
 * NOTE: a nested function counts as called whether or not anything calls it.
 */
function recordParameterCall(
  flow: FlowAnalysis,
  parameter: ts.ParameterDeclaration,
  key: string | undefined,
  args: Taint[],
  ctx: UnitContext,
): void {
  const owner = parameter.parent;
  // A parameter assigned in its function may refer to another function by the time of the call.
  if (isFunctionNode(owner) && isReassigned(owner, parameter)) return;
  const id = flow.nodeId(parameter);
  if (key === undefined) ctx.summary.addParameterCall(id, args);
  else ctx.summary.addMemberCall(id, key, args);
  if (owner !== ctx.unit && isFunctionNode(owner)) flow.noteOuterCall(owner);
}

/**
 * Records that the function around `ctx` writes `value` into the fields or elements of
 * `parameter`, so that each call writes it into its argument. A parameter assigned in its
 * function may hold another object by the time of the write, so its writes are not recorded.
 */
export function recordParameterWrite(
  flow: FlowAnalysis,
  parameter: ts.ParameterDeclaration,
  value: Taint,
  ctx: UnitContext,
): void {
  // What the parameter's own value gives back to it (`event.name = mask(event.name)`) is what
  // the caller's argument held already.
  const id = flow.nodeId(parameter);
  value = mapLabels(value, (label) => (label.param?.id === id ? undefined : label));
  if (isEmpty(value)) return;
  recordParameterCall(flow, parameter, WRITTEN_CONTENTS, [value], ctx);
}

/** The values that reject the promise that a function returns, as its summary keeps them. */
interface ReturnedRejection {
  thrown: Taint;
  unreported: Taint;
}

/**
 * Sends what rejects a promise that no route of the analysis follows: the values thrown go on
 * as the function's own throws, and those that no sink has seen reach the `throw` sink at `node`.
 */
function rejectNowhere(
  flow: FlowAnalysis,
  rejection: ReturnedRejection,
  node: ts.Node,
  ctx: UnitContext,
): void {
  if (!isEmpty(rejection.thrown)) flow.propagateThrow(rejection.thrown, ctx);
  flow.reportUnhandled(rejection.unreported, node, ctx);
}

/** `constructor(private email: string)` stores its argument in the field `email`. */
function storeParameterProperties(
  flow: FlowAnalysis,
  fn: ts.ConstructorDeclaration,
  bindings: Map<number, Binding>,
  ctx: UnitContext,
): void {
  for (const parameter of fn.parameters) {
    if (!ts.isParameterPropertyDeclaration(parameter, fn)) continue;
    const binding = bindings.get(flow.nodeId(parameter));
    if (binding && !isEmpty(binding.value)) {
      const message = `stored in \`this.${parameter.name.getText()}\``;
      if (constructing(flow, fn))
        flow.writeConstructed(parameter, binding.value, ctx, binding.argument, message);
      else flow.write(parameter, binding.value, ctx, binding.argument, message);
    }
  }
}

/** Returns `fn` when it is the constructor of the `new` call being applied, or undefined. */
function constructing(flow: FlowAnalysis, fn: FunctionNode): ts.ConstructorDeclaration | undefined {
  const construction = flow.constructions[flow.constructions.length - 1];
  return construction?.fn === fn ? construction.fn : undefined;
}

/** The maximum number of base classes that `ownsField` looks through. */
const MAX_BASE_CLASSES = 16;

/** True when `field` is a field of `owner` or of one of its base classes. */
function ownsField(flow: FlowAnalysis, owner: ts.ClassLikeDeclaration, field: ts.Node): boolean {
  if (!constructedKey(field)) return false;
  const holder = ts.isParameter(field) ? field.parent.parent : field.parent;
  let current: ts.ClassLikeDeclaration | undefined = owner;
  for (let depth = 0; current && depth < MAX_BASE_CLASSES; depth++) {
    if (current === holder) return true;
    current = baseClassOf(flow, current);
  }
  return false;
}

/**
 * Checks a function value passed as a callback that is itself a sink, such as
 * `.forEach(console.log)` or `.catch(console.error)`: the values the callback receives (`values`,
 * by parameter) enter the sink. Returns true when `argument` names a sink.
 */
export function checkSinkReference(
  flow: FlowAnalysis,
  call: ts.Node,
  argument: ts.Expression,
  values: Taint[],
  ctx: UnitContext,
  options: SinkReferenceOptions = {},
): boolean {
  const site = options.site ?? argument;
  const reference = unwrap(argument);
  if (!ts.isIdentifier(reference) && !ts.isPropertyAccessExpression(reference)) return false;
  const sinks: { purpose: string; accepts: (index: number) => boolean }[] = [];
  for (const model of callSinks(flow, reference, ctx))
    sinks.push({
      purpose: model.purpose,
      accepts: (index) => !model.arguments || model.arguments.includes(index),
    });
  const declaration = resolveDeclaration(
    flow,
    ts.isPropertyAccessExpression(reference) ? reference.name : reference,
  );
  const annotation = declaration && sinkAnnotation(declaration);
  if (annotation?.purpose) {
    const fn = functionOfArgument(flow, reference);
    const parameters = fn ? valueParameters(fn) : [];
    sinks.push({
      purpose: annotation.purpose.name,
      accepts: (index) => {
        if (annotation.parameters.length === 0) return true;
        const parameter = parameters[Math.min(index, parameters.length - 1)];
        return (
          parameter !== undefined &&
          ts.isIdentifier(parameter.name) &&
          annotation.parameters.includes(parameter.name.text)
        );
      },
    });
  }
  if (sinks.length === 0) {
    // `const save = record` and `{ save: record }` pass `record` on.
    const aliased = declaration && aliasedFunction(declaration);
    if (!aliased || (options.depth ?? 0) >= MAX_ALIASES) return false;
    const depth = (options.depth ?? 0) + 1;
    return checkSinkReference(flow, call, aliased, values, ctx, { ...options, site, depth });
  }
  if (options.typedFirst && values.length > 0)
    values = [join(values[0]!, options.typedFirst()), ...values.slice(1)];
  const callee = describeCallee(reference);
  for (const sink of sinks) {
    values.forEach((value, index) => {
      if (!sink.accepts(index)) return;
      flow.findings.checkSink(value, { node: site, call, callee, purpose: sink.purpose }, ctx);
    });
  }
  return true;
}

/** The optional parts of a `checkSinkReference`. */
interface SinkReferenceOptions {
  /** The node that a finding points at, if not the reference. */
  site?: ts.Node;
  /** The zones of the typed fields of the first value, computed only for a sink. */
  typedFirst?: () => Taint;
  /** How many aliases were followed to the reference. */
  depth?: number;
}

/** Returns the function value that a `const` or an object's member names, or undefined. */
function aliasedFunction(declaration: ts.Node): ts.Expression | undefined {
  if (!ts.isVariableDeclaration(declaration) && !ts.isPropertyAssignment(declaration))
    return undefined;
  const initializer = declaration.initializer && unwrap(declaration.initializer);
  return initializer && (ts.isIdentifier(initializer) || ts.isPropertyAccessExpression(initializer))
    ? initializer
    : undefined;
}

/** Calls a callback with values for its parameters, as a library function would. */
export function applyCallback(
  flow: FlowAnalysis,
  fn: FunctionNode,
  values: Taint[],
  node: ts.Node,
  ctx: UnitContext,
  onThrow?: (thrown: Taint) => void,
  onReject: (rejection: ReturnedRejection) => void = (rejection) =>
    rejectNowhere(flow, rejection, node, ctx),
): Taint {
  const bindings = new Map<number, Binding>();
  valueParameters(fn).forEach((parameter, index) => {
    const value = values[index] ?? EMPTY;
    const name = ts.isIdentifier(parameter.name) ? parameter.name.text : `parameter ${index + 1}`;
    bindings.set(flow.nodeId(parameter), { value, argument: node, parameterName: name, parameter });
    const concrete = mapLabels(value, (label) => (label.param ? undefined : label));
    flow.writeStore(
      parameter,
      withStep(
        concrete,
        flow.step(parameter.name, `passed to callback parameter \`${name}\``, "callback"),
      ),
    );
  });
  // The throws of an async callback reject the promise that it returns, as in `xs.map(load)`.
  const thrownTo =
    onThrow ??
    (isAsyncFunction(fn) ? (thrown: Taint) => onReject({ thrown, unreported: EMPTY }) : undefined);
  const summary = flow.summaryOf(fn);
  return summary ? applySummary(flow, fn, summary, bindings, ctx, thrownTo, onReject) : EMPTY;
}

/**
 * Applies a summary at a call. What the function throws goes to `onThrow` when given, and
 * otherwise to the nearest `catch` or on to the caller's callers. What rejects the promise that
 * it returns goes to `onReject`.
 */
function applySummary(
  flow: FlowAnalysis,
  fn: FunctionNode,
  summary: FunctionSummary,
  bindings: Map<number, Binding>,
  ctx: UnitContext,
  onThrow: ((thrown: Taint) => void) | undefined,
  onReject: (rejection: ReturnedRejection) => void,
): Taint {
  for (const { site, taint } of summary.sinkFlows.values()) {
    const value = instantiate(flow, fn, taint, bindings, ctx);
    if (isEmpty(value)) continue;
    if (site.target) flow.findings.checkAnnotatedTarget(site.target, value, site.node, ctx);
    else flow.findings.checkSink(value, site, ctx);
  }
  const building = constructing(flow, fn);
  for (const [target, taint] of summary.effects) {
    const value = instantiate(flow, fn, taint, bindings, ctx);
    if (isEmpty(value)) continue;
    if (building && ownsField(flow, building.parent, target))
      flow.writeConstructed(target, value, ctx, target, undefined, false);
    else flow.write(target, value, ctx, target, undefined, false);
  }
  if (!isEmpty(summary.throws)) {
    const thrown = instantiate(flow, fn, summary.throws, bindings, ctx);
    if (onThrow) onThrow(thrown);
    else flow.propagateThrow(thrown, ctx);
  }
  if (!isEmpty(summary.rejects) || !isEmpty(summary.rejectsUnreported)) {
    onReject({
      thrown: instantiate(flow, fn, summary.rejects, bindings, ctx),
      unreported: instantiate(flow, fn, summary.rejectsUnreported, bindings, ctx),
    });
  }
  return instantiate(flow, fn, summary.returns, bindings, ctx);
}

/** Replaces the parameter labels of `fn` in a summary value by the values bound at a call site. */
function instantiate(
  flow: FlowAnalysis,
  fn: FunctionNode,
  taint: Taint,
  bindings: Map<number, Binding>,
  ctx: UnitContext,
): Taint {
  if (isEmpty(taint)) return taint;
  let result: Taint = EMPTY;
  const unbound: Label[] = [];
  for (const label of taint.labels.values()) {
    const binding = label.param ? bindings.get(label.param.id) : undefined;
    if (!binding) {
      // A parameter of a function that does not enclose the caller means nothing there.
      if (label.param && !flow.isParameterInScope(label.param.id, ctx.unit)) continue;
      unbound.push(label);
      continue;
    }
    let value = binding.value;
    for (const field of label.param!.fields) {
      if (field === CALL_RESULT) value = binding.callResult ?? EMPTY;
      // An element of an array that is not a tuple is any of them: the array's value.
      else if (!/^\d+$/.test(field) || isTuple(value)) value = readField(value, field);
    }
    for (const transform of label.transforms ?? []) {
      value = mapLabels(flatten(value), (inner) =>
        inner.param ? withTransform(inner, transform) : reclassifyLabel(flow, inner, transform),
      );
    }
    const owner = functionName(binding.owner ?? fn);
    const passed = flow.step(
      binding.argument,
      label.param!.fields[0] === CALL_RESULT
        ? `returned where \`${owner}\` calls \`${binding.parameterName}\``
        : `passed as \`${binding.parameterName}\` to \`${owner}\``,
      "argument",
      false,
      binding.parameter,
    );
    result = join(
      result,
      mapLabels(value, (inner) => ({
        ...inner,
        steps: concatSteps(appendStep(inner.steps, passed), label.steps),
      })),
    );
  }
  result = join(result, { labels: unbound });
  if (taint.fields) {
    const fields = new Map<string, Taint>();
    for (const [name, value] of taint.fields)
      fields.set(name, instantiate(flow, fn, value, bindings, ctx));
    result = join(result, objectOf(fields));
  }
  // A label of an opaque value stands for each of its fields, so the result is opaque too.
  return taint.opaque ? opaque(result) : result;
}

/** Zones from `@zone` on the called function: its return value carries them. */
function declaredResultZones(
  flow: FlowAnalysis,
  node: ts.Node,
  target: CallTarget,
  ctx: UnitContext,
): Taint {
  let result = EMPTY;
  for (const declaration of target.declarations) {
    if (
      !ts.isFunctionLike(declaration) &&
      !ts.isVariableDeclaration(declaration) &&
      !ts.isPropertyDeclaration(declaration)
    )
      continue;
    for (const annotation of zoneAnnotations(declaration)) {
      for (const zone of annotation.zones) {
        result = join(
          result,
          sourceLabel(
            flow,
            zone.name,
            node,
            `${zone.name} returned by \`${describeCallee((node as ts.CallExpression).expression)}()\``,
          ),
        );
      }
    }
  }
  void ctx;
  return result;
}

/** Applies `@reclassify` tags and reclassifier models to a call's result. */
function reclassify(
  flow: FlowAnalysis,
  node: ts.CallExpression | ts.NewExpression,
  target: CallTarget,
  value: Taint,
  ctx: UnitContext,
): Taint {
  const rules: { from: string[] | "*"; to: string | undefined; reason: string }[] = [];
  for (const declaration of target.declarations) {
    for (const annotation of reclassifyAnnotations(declaration)) {
      if (!annotation.reason) continue;
      rules.push({
        from: annotation.from === "*" ? "*" : annotation.from.map((token) => token.name),
        to: annotation.to?.name,
        reason: annotation.reason,
      });
    }
  }
  if (rules.length === 0)
    rules.push(
      ...reclassifierModels(flow, node.expression, ctx).map((model: ReclassifierModel) => model),
    );
  if (rules.length === 0 || isEmpty(value)) return value;
  const name = describeCallee(node.expression);
  let result = flatten(value);
  for (const rule of rules) {
    const transform: Reclassification = { ...rule, node, callee: name };
    result = mapLabels(result, (label) => {
      if (label.param) {
        // The zones of a parameter are known only at the call site, which applies the rule then.
        if (rule.from === "*" && !rule.to) return undefined;
        return withTransform(label, transform);
      }
      return reclassifyLabel(flow, label, transform);
    });
  }
  return result;
}

/** Applies one reclassification to a concrete label; undefined when the rule drops the zone. */
export function reclassifyLabel(
  flow: FlowAnalysis,
  label: Label,
  rule: Reclassification,
): Label | undefined {
  if (label.zone === undefined || (rule.from !== "*" && !rule.from.includes(label.zone)))
    return label;
  if (rule.guessedOnly) return label.inferred ? undefined : label;
  if (!rule.to) return undefined;
  const message = `reclassified ${label.zone} as ${rule.to} by \`${rule.callee}()\`: ${rule.reason}`;
  return {
    zone: rule.to,
    inferred: label.inferred,
    steps: appendStep(label.steps, flow.step(rule.node, message, "reclassify")),
  };
}

/**
 * JSX: attributes and children flow into the element; a user component is called with its props.
 * NOTE: a class component gets no props, so `this.props` carries nothing from its callers.
 */
export function evaluateJsx(
  flow: FlowAnalysis,
  node: ts.JsxElement | ts.JsxSelfClosingElement | ts.JsxFragment,
  ctx: UnitContext,
): Taint {
  const opening = ts.isJsxElement(node)
    ? node.openingElement
    : ts.isJsxSelfClosingElement(node)
      ? node
      : undefined;
  const fields = new Map<string, Taint>();
  let rest = EMPTY;
  for (const attribute of opening?.attributes.properties ?? []) {
    if (ts.isJsxAttribute(attribute) && attribute.initializer) {
      const initializer = attribute.initializer;
      const expression = ts.isJsxExpression(initializer)
        ? initializer.expression
        : ts.isStringLiteral(initializer)
          ? undefined
          : initializer;
      if (expression && !isFunctionValue(expression))
        fields.set(
          attribute.name.getText(),
          evaluateExpression(flow, expression as ts.Expression, ctx),
        );
    } else if (ts.isJsxSpreadAttribute(attribute)) {
      rest = join(rest, evaluateExpression(flow, attribute.expression, ctx));
    }
  }
  let children = EMPTY;
  for (const child of ts.isJsxElement(node) || ts.isJsxFragment(node) ? node.children : []) {
    if (ts.isJsxExpression(child) && child.expression)
      children = join(children, evaluateExpression(flow, child.expression, ctx));
    else if (ts.isJsxElement(child) || ts.isJsxSelfClosingElement(child) || ts.isJsxFragment(child))
      children = join(children, evaluateJsx(flow, child, ctx));
  }
  if (!isEmpty(children)) fields.set("children", children);
  const props = objectOf(fields, rest);
  if (opening) {
    const declaration = resolveDeclaration(flow, opening.tagName);
    const component = declaration
      ? isFunctionNode(declaration)
        ? declaration
        : functionOfArgument(flow, (declaration as ts.VariableDeclaration).name ?? declaration)
      : undefined;
    const fn =
      component ??
      (declaration && ts.isVariableDeclaration(declaration) && declaration.initializer
        ? wrappedComponent(unwrap(declaration.initializer))
        : undefined);
    if (fn) applyFunction(flow, fn, opening, [opening.tagName as ts.Expression], [props], ctx);
    else runHandlers(flow, opening, ctx);
  }
  return flatten(props);
}

/**
 * Runs the functions that the attributes of an element of the DOM or of a package's component
 * pass (`onClick={() => track(contact)}`), as the event would. Their arguments carry nothing of
 * the component, and what they throw reaches no caller, since they run after the render.
 */
function runHandlers(
  flow: FlowAnalysis,
  opening: ts.JsxOpeningLikeElement,
  ctx: UnitContext,
): void {
  for (const attribute of opening.attributes.properties) {
    if (!ts.isJsxAttribute(attribute) || !attribute.initializer) continue;
    if (!ts.isJsxExpression(attribute.initializer) || !attribute.initializer.expression) continue;
    const expression = attribute.initializer.expression;
    const handler = isFunctionValue(unwrap(expression))
      ? (unwrap(expression) as FunctionNode)
      : functionOfArgument(flow, expression);
    if (!handler) continue;
    applyCallback(
      flow,
      handler,
      handler.parameters.map(() => EMPTY),
      expression,
      ctx,
      () => undefined,
      (rejection) => flow.reportUnhandled(rejection.unreported, expression, ctx),
    );
  }
}

/**
 * Returns the function component that an initializer makes: an inline function, or one wrapped
 * in React's `memo` or `forwardRef`, as `const Row = memo(function Row(props) { ... })`.
 */
function wrappedComponent(node: ts.Node, depth = 0): FunctionNode | undefined {
  if (isFunctionNode(node)) return node;
  if (depth > 3 || !ts.isCallExpression(node) || node.arguments.length === 0) return undefined;
  const name = reactFunctionName(node);
  return name !== undefined && COMPONENT_WRAPPERS.has(name)
    ? wrappedComponent(unwrap(node.arguments[0]!), depth + 1)
    : undefined;
}

/** React's functions that return a component that renders the component they are given. */
const COMPONENT_WRAPPERS = new Set(["memo", "forwardRef"]);

export { variableOf };

/**
 * A call into code the engine cannot see, with callbacks among its arguments: each callback is
 * called with what went into the call, and what it returns joins the result.
 */
function callUnseen(
  flow: FlowAnalysis,
  node: ts.CallExpression | ts.NewExpression,
  receiver: Taint,
  args: Taint[],
  ctx: UnitContext,
  inferred: boolean,
): Taint {
  const argumentNodes = node.arguments ?? [];
  const callbacks = argumentNodes.map((argument) => functionOfArgument(flow, argument));
  // A package may read every field of an object it is given (`inspect(user)`), so an argument
  // carries the zones of its type's annotated fields, as it would at a sink. The dependency list
  // of a React hook (`useMemo(() => user.plan, [user])`) only decides when it runs again.
  const dependencies = dependencyList(node);
  args = args.map((arg, index) =>
    index === dependencies
      ? EMPTY
      : callbacks[index]
        ? arg
        : withWholeValueZones(flow, arg, argumentNodes[index], ctx),
  );
  const input = joinAll([flatten(receiver), ...args.map(flatten)]);
  // A function that the analysis cannot see may call a method passed to it (`console.log`).
  argumentNodes.forEach((argument, index) => {
    if (!callbacks[index] && ts.isPropertyAccessExpression(unwrap(argument)))
      checkSinkReference(flow, node, argument, [input], ctx);
  });
  if (!callbacks.some(Boolean)) {
    const result = passThrough(flow, node, args, receiver, inferred);
    return inferred ? narrowPackageResult(flow, node, result) : result;
  }
  // A timer's callback runs after the call has returned, so what it throws reaches no caller.
  const later = runsLater(node);
  // `useCallback(fn, deps)` returns `fn` for the component to call with its own arguments, not
  // with `deps`. What `fn` reads around it still counts here, as for a handler passed as a prop.
  const memoized = isMemoizingCall(node);
  const returned = callbacks.map((callback, index) =>
    callback
      ? applyCallback(
          flow,
          callback,
          callback.parameters.map(() => (memoized ? EMPTY : input)),
          argumentNodes[index]!,
          ctx,
          later ? () => undefined : undefined,
          later
            ? (rejection) => flow.reportUnhandled(rejection.unreported, argumentNodes[index]!, ctx)
            : undefined,
        )
      : EMPTY,
  );
  if (memoized) return EMPTY;
  const result = passThrough(flow, node, [...args, ...returned], receiver, inferred);
  return inferred ? narrowPackageResult(flow, node, result) : result;
}

/** Functions that call their callback once the current task or a timer has run. */
const SCHEDULING_FUNCTIONS = new Set([
  "setTimeout",
  "setInterval",
  "setImmediate",
  "queueMicrotask",
  "nextTick",
  "requestAnimationFrame",
  "requestIdleCallback",
]);

/** True for a call of a timer or a task queue: `setTimeout(fn)`, `process.nextTick(fn)`. */
function runsLater(node: ts.CallExpression | ts.NewExpression): boolean {
  const callee = unwrap(node.expression);
  const name = ts.isPropertyAccessExpression(callee) ? callee.name : callee;
  return ts.isIdentifier(name) && SCHEDULING_FUNCTIONS.has(name.text);
}

/**
 * Narrows what the result of a call into a package carries, by the result's type. A boolean, a
 * literal such as an enum member, or nothing carries no data, as `isEmail(email)` or
 * `z.enum(["plus", "pro"]).parse(input)`. A type that cannot contain text loses the zones
 * inferred from names: the error object of `signUp({ email, password })`, the reply of a client
 * built with an `apiKey`. A guess from a name is too weak to follow into an object that a library
 * built, so annotated zones stay. TypeScript's own library is not narrowed, since its `Error`,
 * `Date` and `Map` contain what they were made from.
 */
function narrowPackageResult(
  flow: FlowAnalysis,
  node: ts.CallExpression | ts.NewExpression,
  value: Taint,
): Taint {
  // `super(message)` has the type void, but what it keeps is part of the object being built.
  if (node.expression.kind === ts.SyntaxKind.SuperKeyword) return value;
  if (!value.labels.some((label) => label.zone !== undefined || label.param)) return value;
  const inferred = value.labels.some((label) => label.inferred);
  // A parameter's value may carry guessed zones where the function is called.
  const symbolic = value.labels.some((label) => label.param);
  // The written return types settle most calls without typing the call.
  const written = writtenResult(node, (name) => flow.resolutions.resolve(name));
  if (written === "nothing") return EMPTY;
  if (written === "data" && !inferred && !symbolic) return value;
  const { checker, resolutions } = flow;
  const typeOf = (): ts.Type | undefined => {
    try {
      return checker.getTypeAtLocation(node);
    } catch {
      return undefined;
    }
  };
  const noData = resolutions.typeFact(node, "holds no data", () => {
    const type = typeOf();
    return type !== undefined && holdsNoData(checker, type, 0);
  });
  if (noData) return EMPTY;
  if (!inferred && !symbolic) return value;
  const text = resolutions.typeFact(node, "may contain text", () => {
    const type = typeOf();
    return type === undefined || mayContainText(checker, type, 0);
  });
  if (text) return value;
  const rule: Reclassification = {
    from: "*",
    to: undefined,
    reason: "the result cannot contain text",
    node,
    callee: describeCallee(node.expression),
    guessedOnly: true,
  };
  return mapLabels(value, (label) =>
    label.param ? withTransform(label, rule) : label.inferred ? undefined : label,
  );
}

/** Returns true for a boolean, a literal, a union of these, nothing, or a promise of one. */
export function holdsNoData(checker: ts.TypeChecker, type: ts.Type, depth: number): boolean {
  const flags = type.flags;
  if (
    flags &
    (ts.TypeFlags.BooleanLike |
      ts.TypeFlags.StringLiteral |
      ts.TypeFlags.NumberLiteral |
      ts.TypeFlags.EnumLiteral |
      ts.TypeFlags.Void |
      ts.TypeFlags.Undefined |
      ts.TypeFlags.Null |
      ts.TypeFlags.Never)
  )
    return true;
  if (type.isUnion()) return type.types.every((member) => holdsNoData(checker, member, depth));
  if (
    depth < MAX_TEXT_DEPTH &&
    flags & ts.TypeFlags.Object &&
    type.getSymbol()?.getName() === "Promise"
  ) {
    const [resolved] = checker.getTypeArguments(type as ts.TypeReference);
    return resolved !== undefined && holdsNoData(checker, resolved, depth + 1);
  }
  return false;
}

/** Library types that contain the bytes or the text they were made from. */
const TEXT_HOLDERS = new Set([
  "String",
  "Buffer",
  "Uint8Array",
  "ArrayBuffer",
  "DataView",
  "Blob",
  "File",
  "URL",
  "URLSearchParams",
  "FormData",
  "Headers",
]);

/** The depth to which `mayContainText` looks into element and type arguments. */
const MAX_TEXT_DEPTH = 3;

/**
 * Returns true when a value of `type` may contain text: a string, `unknown`, a type parameter,
 * a byte or URL type, or an array, promise or index signature of one of these.
 */
function mayContainText(checker: ts.TypeChecker, type: ts.Type, depth: number): boolean {
  if (depth > MAX_TEXT_DEPTH) return true;
  const flags = type.flags;
  // `any` is left out: the result of every call into a package without types is `any`.
  if (flags & (ts.TypeFlags.Unknown | ts.TypeFlags.StringLike | ts.TypeFlags.TypeVariable))
    return true;
  if (type.isUnionOrIntersection())
    return type.types.some((member) => mayContainText(checker, member, depth));
  if (!(flags & ts.TypeFlags.Object)) return false;
  const name = type.getSymbol()?.getName();
  if (name && TEXT_HOLDERS.has(name)) return true;
  if (checker.isArrayType(type) || checker.isTupleType(type) || name === "Promise") {
    return checker
      .getTypeArguments(type as ts.TypeReference)
      .some((argument) => mayContainText(checker, argument, depth + 1));
  }
  return checker
    .getIndexInfosOfType(type)
    .some((info) => mayContainText(checker, info.type, depth + 1));
}

/** The functions that a call's callee names through the call that returned them. */
interface ReturnedFunctions {
  functions: readonly FunctionNode[];
  bindings: ReadonlyMap<number, Binding> | undefined;
}

/**
 * Resolves a call of a function that another call returned, which the callee's declarations do
 * not name: `const log = makeLogger(email); log()`, `makeLogger(email)()`, a member of an
 * object that the call returned, the callback that a wrapper such as `debounce(fn, 300)` returns,
 * and each branch of `const log = debug ? makeLogger(email) : noop`.
 */
function returnedFunctions(
  flow: FlowAnalysis,
  node: ts.CallExpression | ts.NewExpression,
  ctx: UnitContext,
): ReturnedFunctions | undefined {
  const callee = unwrap(node.expression);
  // `makeBuffer(email).flush()`, and `const { flush } = makeBuffer(email)` before `flush()`.
  const destructured = ts.isIdentifier(callee) ? destructuredMember(flow, callee) : undefined;
  const key = ts.isPropertyAccessExpression(callee) ? callee.name.text : destructured?.key;
  const fieldValues = key !== undefined && !destructured ? fieldSources(flow, callee) : undefined;
  const field = fieldValues?.length ? fieldValues : undefined;
  const sources = destructured ? [destructured.maker] : (field ?? makerSources(flow, callee));
  const member = field ? undefined : key;
  const functions: FunctionNode[] = [];
  let bindings: Map<number, Binding> | undefined;
  const add = (found: readonly FunctionNode[]) => {
    for (const fn of found) if (!functions.includes(fn)) functions.push(fn);
  };
  for (const source of sources) {
    if (!ts.isCallExpression(source)) {
      // A branch that is a function itself: `debug ? (value) => log(value) : noop`.
      const fn = member === undefined ? functionOfValue(flow, source) : undefined;
      if (fn) add([fn]);
      continue;
    }
    const bound = member === undefined ? functionOfArgument(flow, source) : undefined;
    if (bound) {
      add([bound]);
      continue;
    }
    const body = resolveCallTarget(flow, source).body;
    if (!body) {
      if (member === undefined) add(wrappedCallbacks(flow, source));
      continue;
    }
    if (member !== undefined) add(memberFunctions(flow, body, member));
    else add([...functionsReturnedBy(flow, body), ...returnedArguments(flow, body, source)]);
    const makerValues = bindingsOfMaker(flow, source, body, ctx);
    if (!makerValues) continue;
    bindings ??= new Map();
    for (const [id, binding] of makerValues) {
      const other = bindings.get(id);
      // The same maker in two branches: the closure may read either call's value.
      bindings.set(id, other ? { ...other, value: join(other.value, binding.value) } : binding);
    }
  }
  if (functions.length === 0) return undefined;
  return { functions, bindings };
}

/**
 * Returns the call and the member that a name destructures from the call's result, as `track`
 * in `const { track } = useAnalytics(user)` or `const [track] = useTracker()` (member "0"),
 * or undefined.
 */
function destructuredMember(
  flow: FlowAnalysis,
  name: ts.Identifier,
): { maker: ts.CallExpression; key: string } | undefined {
  const element = resolveDeclaration(flow, name);
  return element && ts.isBindingElement(element) ? memberOfElement(element) : undefined;
}

function memberOfElement(
  element: ts.BindingElement,
): { maker: ts.CallExpression; key: string } | undefined {
  if (element.dotDotDotToken) return undefined;
  const pattern = element.parent;
  const variable = pattern.parent;
  if (
    !ts.isVariableDeclaration(variable) ||
    !variable.initializer ||
    !(ts.getCombinedNodeFlags(variable) & ts.NodeFlags.Const)
  )
    return undefined;
  // `const [track] = useTracker()` reads the element at its index.
  const key = ts.isArrayBindingPattern(pattern)
    ? String(pattern.elements.indexOf(element))
    : propertyKey(element.propertyName ?? element.name);
  const maker = unwrap(variable.initializer);
  return key !== undefined && ts.isCallExpression(maker) ? { maker, key } : undefined;
}

/**
 * Returns the functions that `fn` returns as member `key` of an object or array literal: an
 * inline function, a method, or a function that a property or element names, as `{ track }`
 * after `const track = useCallback((event) => ..., [user])`.
 */
function memberFunctions(
  flow: FlowAnalysis,
  fn: FunctionNode,
  key: string,
  depth = 0,
): FunctionNode[] {
  const functions: FunctionNode[] = [];
  const add = (found: readonly FunctionNode[]) => {
    for (const candidate of found) if (!functions.includes(candidate)) functions.push(candidate);
  };
  for (const literal of returnedLiterals(flow, fn)) {
    if (ts.isArrayLiteralExpression(literal)) {
      const element = literal.elements[Number(key)];
      if (element) add(functionsOfValue(flow, element, depth));
      continue;
    }
    for (const property of literal.properties) {
      // `{ ...analytics }` after `const analytics = useAnalytics()`.
      if (ts.isSpreadAssignment(property))
        add(resultMembers(flow, property.expression, key, depth));
      if (!property.name || propertyKey(property.name) !== key) continue;
      if (ts.isMethodDeclaration(property)) add([property]);
      else if (ts.isPropertyAssignment(property))
        add(functionsOfValue(flow, property.initializer, depth));
      else if (ts.isShorthandPropertyAssignment(property)) {
        const value = flow.checker.getShorthandAssignmentValueSymbol(property)?.valueDeclaration;
        if (value && isFunctionNode(value)) add([value]);
        else if (constInitializer(value))
          add(functionsOfValue(flow, constInitializer(value)!, depth));
        else if (value && ts.isBindingElement(value))
          add(destructuredFunctions(flow, value, depth));
      }
    }
  }
  return functions;
}

/**
 * Collects the object and array literals that `fn` returns, also through a `const` initialised
 * with one and through a returned `useMemo(() => ({ track }), [track])`.
 */
function returnedLiterals(
  flow: FlowAnalysis,
  fn: FunctionNode,
): (ts.ObjectLiteralExpression | ts.ArrayLiteralExpression)[] {
  const literals: (ts.ObjectLiteralExpression | ts.ArrayLiteralExpression)[] = [];
  const visit = (expression: ts.Node, depth: number): void => {
    const value = unwrap(expression);
    if (ts.isObjectLiteralExpression(value) || ts.isArrayLiteralExpression(value)) {
      literals.push(value);
      return;
    }
    if (depth > 3) return;
    const factory = memoizedFactory(value);
    if (factory) for (const inner of returnedValues(factory)) visit(inner, depth + 1);
    else if (ts.isIdentifier(value)) {
      const initializer = constInitializer(resolveDeclaration(flow, value));
      if (initializer) visit(initializer, depth + 1);
    } else if (ts.isCallExpression(value)) {
      // `return useAnalytics()`: what the other hook or factory returns.
      const body = resolveCallTarget(flow, value).body;
      if (body && body !== fn) for (const inner of returnedValues(body)) visit(inner, depth + 1);
    }
  };
  for (const expression of returnedValues(fn)) visit(expression, 0);
  return literals;
}

/**
 * Returns the functions that an expression evaluates to: as `functionOfValue`, and the member
 * that a name destructures from another hook's result, as `send` in
 * `const { send } = useSender()`.
 */
function functionsOfValue(flow: FlowAnalysis, expression: ts.Node, depth: number): FunctionNode[] {
  const fn = functionOfValue(flow, expression);
  if (fn) return [fn];
  const value = unwrap(expression);
  // `{ track: analytics.track }` after `const analytics = useAnalytics()`.
  if (ts.isPropertyAccessExpression(value))
    return resultMembers(flow, value.expression, value.name.text, depth);
  const declaration = ts.isIdentifier(value) ? resolveDeclaration(flow, value) : undefined;
  return declaration && ts.isBindingElement(declaration)
    ? destructuredFunctions(flow, declaration, depth)
    : [];
}

/**
 * Returns the functions that member `key` of a call's result contains, where `expression` is
 * that call or a `const` initialised with it.
 */
function resultMembers(
  flow: FlowAnalysis,
  expression: ts.Expression,
  key: string,
  depth: number,
): FunctionNode[] {
  if (depth >= MAX_HOOK_DEPTH) return [];
  const call = callThroughConst(flow, expression);
  const body = call && resolveCallTarget(flow, call).body;
  return body ? memberFunctions(flow, body, key, depth + 1) : [];
}

/** Returns the call that an expression is, or that the `const` it names is initialised with. */
function callThroughConst(
  flow: FlowAnalysis,
  expression: ts.Expression,
): ts.CallExpression | undefined {
  let value = unwrap(expression);
  if (ts.isIdentifier(value)) {
    const initializer = constInitializer(resolveDeclaration(flow, value));
    if (!initializer) return undefined;
    value = unwrap(initializer);
  }
  return ts.isCallExpression(value) ? value : undefined;
}

/** How many hooks that hand on another hook's functions a call is followed through. */
const MAX_HOOK_DEPTH = 8;

/** Returns the functions that a binding element destructures from the result of a call. */
function destructuredFunctions(
  flow: FlowAnalysis,
  element: ts.BindingElement,
  depth: number,
): FunctionNode[] {
  const member = depth < MAX_HOOK_DEPTH ? memberOfElement(element) : undefined;
  const body = member && resolveCallTarget(flow, member.maker).body;
  // NOTE: the parameters of that call's function stay unbound for the returned functions.
  return body ? memberFunctions(flow, body, member.key, depth + 1) : [];
}

/**
 * Returns the function that an expression evaluates to: an inline function, a named one, or the
 * function that a memoizing wrapper such as React's `useCallback(fn, deps)` returns.
 */
function functionOfValue(
  flow: FlowAnalysis,
  expression: ts.Node,
  depth = 0,
): FunctionNode | undefined {
  const value = unwrap(expression);
  if (isMemoizingCall(value)) return functionOfArgument(flow, unwrap(value.arguments[0]!));
  if (isFunctionValue(value)) return value;
  if (!ts.isIdentifier(value) || depth > 4) return undefined;
  const declaration = resolveDeclaration(flow, value);
  if (declaration && isFunctionNode(declaration)) return declaration;
  // A `let` may hold another function by the time of the call.
  const initializer = constInitializer(declaration);
  return initializer && functionOfValue(flow, initializer, depth + 1);
}

/** Returns true for a call of a memoizing wrapper, such as `useCallback(fn, deps)`. */
function isMemoizingCall(node: ts.Node): node is ts.CallExpression {
  if (!ts.isCallExpression(node)) return false;
  const name = reactFunctionName(node);
  if (!name || !MEMOIZING_WRAPPERS.has(name)) return false;
  // The function first, then at most an array of dependencies.
  const [fn, dependencies, ...rest] = node.arguments;
  const first = fn && unwrap(fn);
  return (
    first !== undefined &&
    (isFunctionValue(first) || ts.isIdentifier(first)) &&
    rest.length === 0 &&
    (dependencies === undefined || ts.isArrayLiteralExpression(unwrap(dependencies)))
  );
}

/**
 * Returns the name that a call such as `useCallback(...)` or `React.useCallback(...)` calls,
 * or undefined for a method of another object.
 */
/** React hooks whose last argument is a list of dependencies. */
const DEPENDENCY_HOOKS = new Set([
  "useMemo",
  "useCallback",
  "useEffect",
  "useLayoutEffect",
  "useInsertionEffect",
  "useImperativeHandle",
]);

/** Returns the position of a React hook's array of dependencies, or undefined. */
function dependencyList(node: ts.CallExpression | ts.NewExpression): number | undefined {
  if (!ts.isCallExpression(node)) return undefined;
  const name = reactFunctionName(node);
  const last = node.arguments.length - 1;
  return name &&
    DEPENDENCY_HOOKS.has(name) &&
    last > 0 &&
    ts.isArrayLiteralExpression(unwrap(node.arguments[last]!))
    ? last
    : undefined;
}

function reactFunctionName(node: ts.CallExpression): string | undefined {
  const callee = unwrap(node.expression);
  if (ts.isIdentifier(callee)) return callee.text;
  return ts.isPropertyAccessExpression(callee) &&
    ts.isIdentifier(callee.expression) &&
    callee.expression.text === "React"
    ? callee.name.text
    : undefined;
}

/** Functions that return the function they are given: React's hooks for stable callbacks. */
const MEMOIZING_WRAPPERS = new Set(["useCallback", "useEvent", "useEffectEvent"]);

/**
 * Returns the expressions that made the function that `callee` names, when that function may
 * be a closure: `makeLogger(email)` in `makeLogger(email)()` and `makeLogger(email).flush()`, or
 * in `const log = makeLogger(email)` (or `await makeLogger(email)`) before `log()`, and each
 * branch of a conditional or a `??` there. The closure reads the values of the maker's
 * parameters only where the same function evaluated that call (`bindingsOfMaker`).
 * NOTE: a closure kept in a `let` is not followed: such a call counts as a call of code that
 * the analysis cannot see. One kept in a field (`fieldSources`) runs without the maker's values.
 */
function makerSources(flow: FlowAnalysis, callee: ts.Node): ts.Expression[] {
  let expression = unwrap(callee);
  if (ts.isPropertyAccessExpression(expression)) expression = unwrap(expression.expression);
  if (ts.isIdentifier(expression)) {
    // A `let` may hold another function by the time of the call.
    const initializer = constInitializer(resolveDeclaration(flow, expression));
    if (!initializer) return [];
    expression = initializer;
  }
  const sources: ts.Expression[] = [];
  alternativesOf(expression as ts.Expression, sources, 0);
  return sources.filter((source) => ts.isCallExpression(source) || isFunctionValue(source));
}

/**
 * Returns the values that a class's field may contain when a call names it, as `this.save()`: its
 * initializer and what the class assigns to it, as `this.save = debounce(persist, 500)` in the
 * constructor. Returns undefined when the callee names no field of a class.
 */
function fieldSources(flow: FlowAnalysis, callee: ts.Node): ts.Expression[] | undefined {
  if (!ts.isPropertyAccessExpression(callee)) return undefined;
  const declaration = resolveDeclaration(flow, callee.name);
  if (!declaration || !ts.isPropertyDeclaration(declaration) || !ts.isClassLike(declaration.parent))
    return undefined;
  const name =
    ts.isIdentifier(declaration.name) || ts.isPrivateIdentifier(declaration.name)
      ? declaration.name.text
      : undefined;
  if (name === undefined) return [];
  const owner = declaration.parent;
  let assigned = fieldAssignments.get(owner);
  if (!assigned) fieldAssignments.set(owner, (assigned = findFieldAssignments(owner)));
  // What the constructor assigns unconditionally replaces the initializer and what it
  // assigned before. Methods may assign the field at any time after.
  let live: ts.Expression[] = declaration.initializer ? [declaration.initializer] : [];
  const later: ts.Expression[] = [];
  for (const assignment of assigned.get(name) ?? []) {
    if (!assignment.inConstructor) later.push(assignment.value);
    else if (assignment.unconditional) live = [assignment.value];
    else live.push(assignment.value);
  }
  const values: ts.Expression[] = [];
  for (const value of [...live, ...later]) alternativesOf(value, values, 0);
  return values.filter((value) => ts.isCallExpression(value) || isFunctionValue(value));
}

interface FieldAssignment {
  value: ts.Expression;
  inConstructor: boolean;
  /** A statement of the constructor's body itself, not inside a branch or a loop. */
  unconditional: boolean;
}

/** The assignments `this.name = value` in each class, by name, in the order of the source. */
const fieldAssignments = new WeakMap<ts.ClassLikeDeclaration, Map<string, FieldAssignment[]>>();

function findFieldAssignments(owner: ts.ClassLikeDeclaration): Map<string, FieldAssignment[]> {
  const found = new Map<string, FieldAssignment[]>();
  for (const member of owner.members) {
    const constructorBody = ts.isConstructorDeclaration(member) ? member.body : undefined;
    const visit = (node: ts.Node): void => {
      if (
        ts.isBinaryExpression(node) &&
        node.operatorToken.kind === ts.SyntaxKind.EqualsToken &&
        ts.isPropertyAccessExpression(node.left) &&
        node.left.expression.kind === ts.SyntaxKind.ThisKeyword
      ) {
        const name = node.left.name.text;
        const list = found.get(name) ?? [];
        found.set(name, list);
        list.push({
          value: node.right,
          inConstructor: constructorBody !== undefined,
          unconditional:
            constructorBody !== undefined &&
            ts.isExpressionStatement(node.parent) &&
            node.parent.parent === constructorBody,
        });
      }
      // A nested class has a `this` of its own.
      if (!ts.isClassLike(node)) ts.forEachChild(node, visit);
    };
    ts.forEachChild(member, visit);
  }
  return found;
}

/** Adds the values that `expression` may evaluate to: each branch of `?:`, `??` and `||`. */
function alternativesOf(expression: ts.Expression, found: ts.Expression[], depth: number): void {
  const value = unwrap(expression) as ts.Expression;
  if (depth > 4) return;
  if (ts.isAwaitExpression(value)) return alternativesOf(value.expression, found, depth + 1);
  if (ts.isConditionalExpression(value)) {
    alternativesOf(value.whenTrue, found, depth + 1);
    return alternativesOf(value.whenFalse, found, depth + 1);
  }
  if (ts.isBinaryExpression(value)) {
    const operator = value.operatorToken.kind;
    if (
      operator === ts.SyntaxKind.QuestionQuestionToken ||
      operator === ts.SyntaxKind.BarBarToken
    ) {
      alternativesOf(value.left, found, depth + 1);
      return alternativesOf(value.right, found, depth + 1);
    }
    if (operator === ts.SyntaxKind.AmpersandAmpersandToken)
      return alternativesOf(value.right, found, depth + 1);
  }
  found.push(value);
}

/**
 * Returns the functions passed to `maker` that its callee returns by name: `passThrough(fn)`
 * for a function whose `return fn` returns its own parameter.
 */
function returnedArguments(
  flow: FlowAnalysis,
  body: FunctionNode,
  maker: ts.CallExpression,
  depth = 0,
): FunctionNode[] {
  const functions: FunctionNode[] = [];
  const parameters = valueParameters(body);
  for (const expression of returnedValues(body)) {
    const value = unwrap(expression);
    if (!ts.isIdentifier(value)) continue;
    const declaration = resolveDeclaration(flow, value);
    const index = parameters.findIndex((parameter) => parameter === declaration);
    const argument = index >= 0 ? maker.arguments[index] : undefined;
    if (!argument || isAssignedIn(body, parameters[index]!)) continue;
    for (const fn of argumentFunctions(flow, argument, depth))
      if (!functions.includes(fn)) functions.push(fn);
  }
  return functions;
}

/**
 * Returns the functions that an argument passes: a function, or what a call returns that wraps
 * one, as `debounce(log)` in `once(debounce(log))`, also through a `const` initialised with the call.
 */
function argumentFunctions(
  flow: FlowAnalysis,
  argument: ts.Expression,
  depth: number,
): FunctionNode[] {
  const fn = functionOfArgument(flow, unwrap(argument));
  if (fn) return [fn];
  const call = depth < MAX_WRAPPER_DEPTH ? callThroughConst(flow, argument) : undefined;
  if (!call) return [];
  const body = resolveCallTarget(flow, call).body;
  return body
    ? [...functionsReturnedBy(flow, body), ...returnedArguments(flow, body, call, depth + 1)]
    : wrappedCallbacks(flow, call, depth + 1);
}

/** How many wrappers around a function, as `once(debounce(log))`, a call is followed through. */
const MAX_WRAPPER_DEPTH = 6;

/**
 * Returns the callbacks that a call of a package function hands back. Those are the arguments
 * of parameters typed with a type parameter `T` that the declared result type mentions, as in
 * `debounce<T>(fn: T, wait: number): DebouncedFunc<T>` and `once<T>(fn: T): T`. A memoizing
 * hook hands back its function.
 */
function wrappedCallbacks(flow: FlowAnalysis, maker: ts.CallExpression, depth = 0): FunctionNode[] {
  if (isMemoizingCall(maker as ts.Node)) return argumentFunctions(flow, maker.arguments[0]!, depth);
  const functions: FunctionNode[] = [];
  for (const declaration of resolveCallTarget(flow, maker).declarations) {
    if (!ts.isFunctionLike(declaration)) continue;
    const result = declaration.type;
    const typeParameters = declaration.typeParameters;
    if (!result || !typeParameters) continue;
    declaration.parameters.forEach((parameter, index) => {
      const type = parameter.type;
      const argument = maker.arguments[index];
      if (
        !argument ||
        !type ||
        !ts.isTypeReferenceNode(type) ||
        !ts.isIdentifier(type.typeName) ||
        type.typeArguments
      )
        return;
      const name = type.typeName.text;
      if (!typeParameters.some((parameter) => parameter.name.text === name)) return;
      if (!wrapsType(result, name)) return;
      for (const fn of argumentFunctions(flow, argument, depth))
        if (!functions.includes(fn)) functions.push(fn);
    });
  }
  return functions;
}

/**
 * Returns true when a result type hands back a value of the type named `name`: that type itself,
 * a union or intersection with it, or a generic type around it such as `DebouncedFunc<T>`.
 */
function wrapsType(type: ts.TypeNode, name: string): boolean {
  if (ts.isParenthesizedTypeNode(type)) return wrapsType(type.type, name);
  if (isTypeNamed(type, name)) return true;
  if (ts.isUnionTypeNode(type) || ts.isIntersectionTypeNode(type))
    return type.types.some((member) => wrapsType(member, name));
  if (!ts.isTypeReferenceNode(type) || !ts.isIdentifier(type.typeName)) return false;
  // `ReturnType<F>` is what `F` returns, and a promise is not a function.
  if (DERIVED_TYPES.has(type.typeName.text)) return false;
  return type.typeArguments?.some((argument) => isTypeNamed(argument, name)) ?? false;
}

/** Generic types that contain something other than the function of their type argument. */
const DERIVED_TYPES = new Set([
  "ReturnType",
  "Parameters",
  "InstanceType",
  "ConstructorParameters",
  "ThisParameterType",
  "Awaited",
  "Promise",
  "PromiseLike",
]);

function isTypeNamed(type: ts.TypeNode, name: string): boolean {
  return (
    ts.isTypeReferenceNode(type) && ts.isIdentifier(type.typeName) && type.typeName.text === name
  );
}

/**
 * Binds the parameters of `maker`'s callee to its arguments, for a call of `fn` when `fn` is a
 * function nested in that callee. Returns undefined otherwise.
 */
function makerBindings(
  flow: FlowAnalysis,
  node: ts.CallExpression | ts.NewExpression,
  fn: FunctionNode,
  ctx: UnitContext,
): ReadonlyMap<number, Binding> | undefined {
  const outer = unitAround(fn);
  if (!outer || ts.isSourceFile(outer)) return undefined;
  const maker = makerSources(flow, node.expression).find(
    (source): source is ts.CallExpression =>
      ts.isCallExpression(source) && resolveCallTarget(flow, source).body === outer,
  );
  return maker && bindingsOfMaker(flow, maker, outer, ctx);
}

/**
 * Binds the parameters of `owner` to the values that `maker` passed, as its evaluation in `ctx`
 * recorded them. A parameter that `owner` assigns stays unbound, since the closure reads the
 * value assigned to it. Returns undefined when `ctx` evaluated no such call.
 */
function bindingsOfMaker(
  flow: FlowAnalysis,
  maker: ts.CallExpression,
  owner: FunctionNode,
  ctx: UnitContext,
): ReadonlyMap<number, Binding> | undefined {
  const args = ctx.makerArguments?.get(maker) ?? argumentsElsewhere(flow, maker, ctx);
  if (!args) return undefined;
  const bindings = new Map<number, Binding>();
  valueParameters(owner).forEach((parameter, index) => {
    if (isAssignedIn(owner, parameter)) return;
    bindings.set(flow.nodeId(parameter), {
      value: parameter.dotDotDotToken ? joinAll(args.slice(index)) : (args[index] ?? EMPTY),
      argument: maker.arguments[index] ?? maker,
      parameterName: ts.isIdentifier(parameter.name)
        ? parameter.name.text
        : `parameter ${index + 1}`,
      parameter,
      owner,
    });
  });
  return bindings;
}

/**
 * Returns the values of the arguments of a maker called at the top level of a file
 * (`const save = withRetry(store)` before `save(email)` in a function). Names, field reads and
 * literals are read again in `ctx`, which has no effects. Other arguments count as carrying
 * nothing, but a function among them is still found through its node. Undefined for a maker in
 * a function, whose own evaluation records its arguments.
 */
function argumentsElsewhere(
  flow: FlowAnalysis,
  maker: ts.CallExpression,
  ctx: UnitContext,
): Taint[] | undefined {
  if (!ts.isSourceFile(unitAround(maker) ?? maker) || ctx.unit === maker.getSourceFile())
    return undefined;
  return maker.arguments.map((argument) => {
    const inner = unwrap(argument);
    return ts.isIdentifier(inner) ||
      ts.isPropertyAccessExpression(inner) ||
      ts.isLiteralExpression(inner)
      ? evaluateExpression(flow, inner as ts.Expression, ctx)
      : EMPTY;
  });
}

/** Returns `isAssignedIn` for a parameter, cached because every call of the parameter needs it. */
function isReassigned(fn: FunctionNode, parameter: ts.ParameterDeclaration): boolean {
  let assigned = reassigned.get(parameter);
  if (assigned === undefined) reassigned.set(parameter, (assigned = isAssignedIn(fn, parameter)));
  return assigned;
}

const reassigned = new WeakMap<ts.ParameterDeclaration, boolean>();

/** Returns true when `fn`'s body assigns the parameter, as `value = hash(value)` does. */
function isAssignedIn(fn: FunctionNode, parameter: ts.ParameterDeclaration): boolean {
  if (!ts.isIdentifier(parameter.name) || !fn.body) return false;
  const name = parameter.name.text;
  let assigned = false;
  const visit = (node: ts.Node): void => {
    if (assigned) return;
    if (
      ts.isBinaryExpression(node) &&
      ts.isIdentifier(node.left) &&
      node.left.text === name &&
      node.operatorToken.kind >= ts.SyntaxKind.FirstAssignment &&
      node.operatorToken.kind <= ts.SyntaxKind.LastAssignment
    )
      assigned = true;
    else ts.forEachChild(node, visit);
  };
  visit(fn.body);
  return assigned;
}

/**
 * Returns the functions that `fn` returns: inline functions in its `return` statements or as an
 * arrow function's body, and functions declared in it that it returns by name.
 */
function functionsReturnedBy(flow: FlowAnalysis, fn: FunctionNode): readonly FunctionNode[] {
  let functions = returnedByFunction.get(fn);
  if (!functions) returnedByFunction.set(fn, (functions = findReturnedFunctions(flow, fn)));
  return functions;
}

/** The results of `functionsReturnedBy`, which only the function's own body decides. */
const returnedByFunction = new WeakMap<FunctionNode, readonly FunctionNode[]>();

/**
 * Returns true when `fn` returns functions, directly or as members of an object or array literal
 * such as `{ flush: () => ... }`, which may read its parameters after it returned.
 */
function returnsClosures(flow: FlowAnalysis, fn: FunctionNode): boolean {
  let found = closureMakers.get(fn);
  if (found === undefined) {
    found =
      functionsReturnedBy(flow, fn).length > 0 ||
      returnedLiterals(flow, fn).some((literal) => containsFunctions(flow, literal));
    closureMakers.set(fn, found);
  }
  return found;
}

/** Returns true for an array or object literal with a function among its members. */
function containsFunctions(flow: FlowAnalysis, literal: ts.Node): boolean {
  if (ts.isArrayLiteralExpression(literal))
    return literal.elements.some((element) => functionOfValue(flow, element) !== undefined);
  if (!ts.isObjectLiteralExpression(literal)) return false;
  return literal.properties.some(
    (property) =>
      ts.isMethodDeclaration(property) ||
      // A shorthand may name a local function, which the call decides.
      ts.isShorthandPropertyAssignment(property) ||
      (ts.isPropertyAssignment(property) &&
        functionOfValue(flow, property.initializer) !== undefined),
  );
}

/**
 * Returns what `fn` returns: the values of its `return` statements, or an arrow's expression.
 * A returned `useMemo(() => value, deps)` returns what its function returns.
 */
function returnedValues(fn: FunctionNode, depth = 0): readonly ts.Expression[] {
  if (!fn.body) return [];
  const values = ts.isBlock(fn.body) ? returnedExpressions(fn.body) : [fn.body];
  if (depth > 2) return values;
  return values.flatMap((value) => {
    const factory = memoizedFactory(unwrap(value));
    return factory ? returnedValues(factory, depth + 1) : [value];
  });
}

/** Returns the function passed to `useMemo(() => value, deps)` or `React.useMemo(...)`, or undefined. */
function memoizedFactory(node: ts.Node): FunctionNode | undefined {
  if (!ts.isCallExpression(node) || node.arguments.length === 0 || node.arguments.length > 2)
    return undefined;
  if (reactFunctionName(node) !== "useMemo") return undefined;
  const fn = unwrap(node.arguments[0]!);
  return isFunctionValue(fn) ? fn : undefined;
}

/** The results of `returnsClosures`. */
const closureMakers = new WeakMap<FunctionNode, boolean>();

function findReturnedFunctions(flow: FlowAnalysis, fn: FunctionNode): FunctionNode[] {
  const functions: FunctionNode[] = [];
  for (const expression of returnedValues(fn)) {
    const value = unwrap(expression);
    const found = functionOfValue(flow, value);
    // Functions nested in `fn`, also inside the function of a returned `useMemo`.
    if (found && isNestedIn(found, fn) && !functions.includes(found)) functions.push(found);
  }
  return functions;
}

function isNestedIn(node: ts.Node, fn: FunctionNode): boolean {
  for (let unit = unitAround(node); unit && !ts.isSourceFile(unit); unit = unitAround(unit))
    if (unit === fn) return true;
  return false;
}

interface IndirectCall {
  fn: FunctionNode;
  argumentNodes: readonly ts.Expression[];
  args: (args: Taint[]) => Taint[];
}

/** `f.call(self, a)`, `f.apply(self, [a])`, `f.bind(self, a)(b)` and `const g = f.bind(self, a); g(b)`. */
function indirectCall(
  flow: FlowAnalysis,
  node: ts.CallExpression | ts.NewExpression,
  ctx: UnitContext,
): IndirectCall | undefined {
  const callee = unwrap(node.expression);
  const argumentNodes = node.arguments ?? ts.factory.createNodeArray<ts.Expression>();
  if (
    ts.isPropertyAccessExpression(callee) &&
    (callee.name.text === "call" || callee.name.text === "apply")
  ) {
    const fn = functionOfArgument(flow, unwrap(callee.expression));
    if (!fn) return undefined;
    if (callee.name.text === "call")
      return { fn, argumentNodes: argumentNodes.slice(1), args: (args) => args.slice(1) };
    return {
      fn,
      argumentNodes: fn.parameters.map(() => argumentNodes[1] ?? node) as ts.Expression[],
      args: (args) => fn.parameters.map(() => args[1] ?? EMPTY),
    };
  }
  const bound = boundFunction(flow, callee);
  if (!bound) return undefined;
  const boundArgs = bound.argumentNodes.map((argument) => evaluateExpression(flow, argument, ctx));
  return {
    fn: bound.fn,
    argumentNodes: [...bound.argumentNodes, ...argumentNodes],
    args: (args) => [...boundArgs, ...args],
  };
}

/**
 * Checks the sink that a call runs through `call`, `apply` or `bind`: `record.call(null, email)`,
 * `record.apply(null, [email])`, and `save(email)` after `const save = record.bind(null)`.
 * `matched` is true when a sink model matched the call itself.
 */
function checkIndirectSinks(
  flow: FlowAnalysis,
  node: ts.CallExpression | ts.NewExpression,
  args: Taint[],
  matched: boolean,
  ctx: UnitContext,
): void {
  const callee = unwrap(node.expression);
  if (
    ts.isPropertyAccessExpression(callee) &&
    (callee.name.text === "call" || callee.name.text === "apply")
  ) {
    if (matched) return;
    const values = callee.name.text === "call" ? args.slice(1) : [flatten(args[1] ?? EMPTY)];
    checkSinkReference(flow, node, callee.expression, values, ctx);
    return;
  }
  const bound = boundReference(flow, callee);
  if (!bound) return;
  const boundArgs = bound.argumentNodes.map((argument) => evaluateExpression(flow, argument, ctx));
  // A sink model that matched the call, as one does `log(email)` after
  // `const log = console.log.bind(console)`, checked the call's own arguments already.
  const callArgs = matched ? args.map(() => EMPTY) : args;
  // The finding goes to the call, not to the `bind` that may be far from it.
  checkSinkReference(flow, node, bound.reference, [...boundArgs, ...callArgs], ctx, {
    site: node.expression,
  });
}

/** Finds the function value and the bound arguments of `reference.bind(thisArg, ...args)`. */
function boundReference(
  flow: FlowAnalysis,
  callee: ts.Node,
  depth = 0,
): { reference: ts.Expression; argumentNodes: ts.Expression[] } | undefined {
  if (depth > 4) return undefined;
  if (
    ts.isCallExpression(callee) &&
    ts.isPropertyAccessExpression(callee.expression) &&
    callee.expression.name.text === "bind"
  )
    return { reference: callee.expression.expression, argumentNodes: callee.arguments.slice(1) };
  if (ts.isIdentifier(callee)) {
    const declaration = resolveDeclaration(flow, callee);
    if (declaration && ts.isVariableDeclaration(declaration) && declaration.initializer)
      return boundReference(flow, unwrap(declaration.initializer), depth + 1);
  }
  return undefined;
}

function boundFunction(
  flow: FlowAnalysis,
  callee: ts.Node,
  depth = 0,
): { fn: FunctionNode; argumentNodes: ts.Expression[] } | undefined {
  if (depth > 4) return undefined;
  if (
    ts.isCallExpression(callee) &&
    ts.isPropertyAccessExpression(callee.expression) &&
    callee.expression.name.text === "bind"
  ) {
    const fn = functionOfArgument(flow, unwrap(callee.expression.expression));
    return fn ? { fn, argumentNodes: callee.arguments.slice(1) } : undefined;
  }
  if (ts.isIdentifier(callee)) {
    const declaration = resolveDeclaration(flow, callee);
    if (declaration && ts.isVariableDeclaration(declaration) && declaration.initializer) {
      return boundFunction(flow, unwrap(declaration.initializer), depth + 1);
    }
  }
  return undefined;
}
