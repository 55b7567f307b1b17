import { ts } from "./typescript";
import { literalFieldNames } from "./bindings";
import {
  applyCallback,
  baseClassOf,
  calledParameters,
  checkSinkReference,
  functionOfArgument,
  isFunctionValue,
  passThrough,
  passToNext,
  unwrap,
} from "./calls";
import type { CallTarget } from "./calls";
import {
  evaluateExpression,
  literalElementValues,
  noteSettledReasons,
  propertyDeclaration,
  propertyOfType,
  tupleElement,
  writeContainer,
} from "./expressions";
import { propertyValue } from "./properties";
import type { FlowAnalysis, FunctionNode, Rejection, UnitContext } from "./flow";
import { typeFieldLabels } from "./findings";
import { typedValue } from "./erased-types";
import { renamedImports } from "./models";
import { literalList } from "./overwrites";
import {
  isMappingCall,
  promiseFunction,
  promiseKey,
  rejectionRoute,
  storedCall,
} from "./rejections";
import type { RejectionRoute } from "./rejections";
import {
  EMPTY,
  flatten,
  flattenLabels,
  fromLabel,
  isEmpty,
  join,
  joinAll,
  keysIn,
  keysOf,
  KEYS_FIELD,
  objectOf,
  readField,
  withoutFields,
  withStep,
} from "./taint";
import type { Taint } from "./taint";

/** Methods whose result is the receiver's elements (or the receiver itself), unchanged in kind. */
const RECEIVER_METHODS = new Set([
  "filter",
  "find",
  "findLast",
  "sort",
  "slice",
  "reverse",
  "at",
  "toSorted",
  "toReversed",
  "flat",
  "values",
  "entries",
  "get",
  "trim",
  "trimStart",
  "trimEnd",
  "toLowerCase",
  "toUpperCase",
  "toLocaleLowerCase",
  "toLocaleUpperCase",
  "substring",
  "substr",
  "split",
  "charAt",
  "normalize",
  "toString",
  "valueOf",
  "toJSON",
  "toISOString",
  "toFixed",
  "join",
  "padStart",
  "padEnd",
  "repeat",
  "concat",
  "replace",
  "replaceAll",
  "match",
  "matchAll",
  "with",
  "clone",
  "finally",
  "keys",
]);

/** Methods whose result carries nothing of the data: booleans, indexes, sizes. */
const OPAQUE_METHODS = new Set([
  "includes",
  "indexOf",
  "lastIndexOf",
  "findIndex",
  "findLastIndex",
  "some",
  "every",
  "has",
  "startsWith",
  "endsWith",
  "test",
  "search",
  "localeCompare",
  "delete",
  "clear",
  "isArray",
  "forEach",
]);

/** Receiver methods whose result also contains their arguments: `a.concat(b)`, `s.replace(x, y)`. */
const ARGUMENT_METHODS = new Set([
  "concat",
  "replace",
  "replaceAll",
  "padStart",
  "padEnd",
  "with",
  "join",
]);

/** Methods that store their arguments in the receiver. */
const STORING_METHODS = new Set([
  "push",
  "unshift",
  "splice",
  "set",
  "add",
  "append",
  "fill",
  "emit",
  "dispatchEvent",
]);

/**
 * Methods that register a listener of an event emitter or event target. The emitter keeps what
 * `emit` and `dispatchEvent` passed it, whatever the event, and its listeners receive that.
 */
const LISTENER_METHODS = new Set([
  "on",
  "once",
  "addListener",
  "prependListener",
  "prependOnceListener",
  "addEventListener",
]);

/**
 * Returns the key under which an emitter keeps what `emit` passed for the event that `node`
 * names, or undefined for an event whose name is not a literal.
 */
function eventName(node: ts.Node | undefined): string | undefined {
  return node && ts.isStringLiteralLike(node) ? `event ${node.text}` : undefined;
}

/**
 * Returns the values that a listener receives: what `emit` passed for its event, and what it
 * passed for events whose names are not literals. A listener of such an event receives all.
 */
function listenerArguments(emitter: Taint, event: ts.Node | undefined): Taint[] {
  const name = eventName(event);
  const value = name === undefined ? flatten(emitter) : readField(emitter, name);
  return [value, value, value];
}

/** Methods that call their callback with the receiver's elements and return the callback's results. */
const MAPPING_METHODS = new Set(["map", "flatMap", "then"]);

/**
 * Models the standard library calls whose flow is known: array, string, Map, Set and Promise
 * methods, `Object.*`, `JSON.*`. Returns undefined for calls it does not model.
 */
export function applyBuiltin(
  flow: FlowAnalysis,
  node: ts.CallExpression | ts.NewExpression,
  target: CallTarget,
  receiver: Taint,
  args: Taint[],
  ctx: UnitContext,
): Taint | undefined {
  const callee = node.expression;
  const argumentNodes = node.arguments ?? [];
  const staticResult = applyStatic(flow, callee, argumentNodes, args, ctx);
  if (staticResult) return staticResult;
  const selected = selectedFields(flow, node, args, ctx);
  if (selected) return selected;
  if (ts.isNewExpression(node) && ts.isIdentifier(callee) && callee.text === "Promise") {
    return applyPromiseExecutor(flow, argumentNodes, ctx);
  }
  if (!ts.isPropertyAccessExpression(callee)) return undefined;
  const method = callee.name.text;
  const callbacks = argumentNodes.map((argument) => functionOfArgument(flow, argument));
  const settlement = ts.isCallExpression(node)
    ? promiseSettlement(flow, node, method, receiver, ctx)
    : undefined;
  if (isKnownCallbackMethod(method) && !REDUCING_METHODS.has(method)) {
    argumentNodes.forEach((argument, index) => {
      const value = index === settlement?.handlerIndex ? settlement.reason : receiver;
      // A sink of the project may have a body as well: `.forEach(log)` with `@sink` on `log`.
      // The typed fields of the elements count, as they would at a call of the sink.
      const typedFirst =
        index === settlement?.handlerIndex
          ? undefined
          : () => typedValue(flow, callee.expression, ctx);
      checkSinkReference(flow, node, argument, [value], ctx, { typedFirst });
    });
  }
  const firstCallback = callbacks.findIndex((callback) => callback !== undefined);
  if (firstCallback >= 0 && (target.isLibrary || isKnownCallbackMethod(method))) {
    const map = method === "forEach" && libraryInterface(target, MAP_INTERFACES) !== undefined;
    return applyCallbacks(flow, node, method, receiver, args, callbacks, ctx, settlement, map);
  }
  // `promise.catch(next)` passes the rejection to express's error handlers.
  const handler = settlement && argumentNodes[settlement.handlerIndex];
  if (handler && ts.isCallExpression(node)) passToNext(flow, node, handler, settlement.reason);
  if (settlement && ts.isCallExpression(node)) {
    const handled = argumentNodes[settlement.handlerIndex] !== undefined;
    passRejection(flow, node, handled ? NO_REJECTION : settlement.rejection, ctx);
  }
  if (STORING_METHODS.has(method)) {
    // `splice` stores from its third argument on, and `emit` after the event name.
    let skipped = 0;
    if (method === "splice") skipped = 2;
    else if (method === "emit") skipped = 1;
    // A `WeakSet` cannot be read back, and a `WeakMap` gives back only its values.
    const weak = libraryInterface(target, WEAK_COLLECTIONS);
    if (weak === "WeakSet") return receiver;
    if (weak === "WeakMap") skipped = 1;
    let stored = joinAll(args.slice(skipped));
    // A map keeps each key apart from its value, as the entry `[key, value]`.
    if (method === "set" && !weak && libraryInterface(target, MAP_INTERFACES))
      stored = mapEntry(args[0] ?? EMPTY, args[1] ?? EMPTY);
    // What `emit("signup", user)` passes goes to the listeners of that event only.
    const event = method === "emit" ? eventName(argumentNodes[0]) : undefined;
    if (event !== undefined) stored = objectOf(new Map([[event, stored]]));
    argumentNodes.forEach((argument) =>
      writeContainer(flow, callee.expression, stored, argument, ctx),
    );
    // `set`, `add` and `fill` return the receiver with what they stored in it. `splice` returns
    // elements that were in it.
    if (method === "set" || method === "add" || method === "fill") return join(receiver, stored);
    return method === "splice" ? receiver : EMPTY;
  }
  if (!target.isLibrary) return undefined;
  if (OPAQUE_METHODS.has(method)) return EMPTY;
  if (RECEIVER_METHODS.has(method)) {
    if (libraryInterface(target, MAP_INTERFACES)) {
      if (method === "get" || method === "values") return mapValues(receiver);
      if (method === "keys") return mapKeys(receiver);
    }
    return ARGUMENT_METHODS.has(method) ? join(receiver, joinAll(args.map(flatten))) : receiver;
  }
  return undefined;
}

const MAP_INTERFACES = new Set(["Map", "ReadonlyMap"]);
const WEAK_COLLECTIONS = new Set(["WeakSet", "WeakMap"]);

/** Returns the entry `[key, value]` that `map.set(key, value)` adds, a tuple as in iteration. */
function mapEntry(key: Taint, value: Taint): Taint {
  return objectOf(
    new Map([
      ["0", key],
      ["1", value],
    ]),
  );
}

/**
 * Returns the values of a map: element 1 of its entries where `set` stored them as tuples, or
 * the whole value of a map that was built otherwise (`new Map(rows)`).
 */
function mapValues(map: Taint): Taint {
  return tupleElement(map, 1) ?? map;
}

/** Returns the keys of a map, as `mapValues` finds its values. */
function mapKeys(map: Taint): Taint {
  return tupleElement(map, 0) ?? map;
}

/** The rejection that a `then`, `catch` or `finally` call receives from the promise it is called on. */
interface Settlement {
  rejection: Rejection;
  /** The value that the rejection handler receives: the values thrown and an unseen promise's. */
  reason: Taint;
  /** The position of the argument that handles a rejection: 0 for `catch`, 1 for `then`, or -1. */
  handlerIndex: number;
}

export const NO_REJECTION: Rejection = { thrown: EMPTY, unseen: EMPTY, unreported: EMPTY };

function joinRejections(a: Rejection, b: Rejection): Rejection {
  return {
    thrown: join(a.thrown, b.thrown),
    unseen: join(a.unseen, b.unseen),
    unreported: join(a.unreported, b.unreported),
  };
}

/**
 * Returns the settlement of a promise method call, or undefined for other methods. A promise
 * that no earlier call of the chain describes comes from code the analysis cannot see. Its error
 * may contain the promise's value, as an HTTP client's error contains the request.
 */
function promiseSettlement(
  flow: FlowAnalysis,
  node: ts.CallExpression,
  method: string,
  receiverValue: Taint,
  ctx: UnitContext,
): Settlement | undefined {
  if (method !== "then" && method !== "catch" && method !== "finally") return undefined;
  const receiver = unwrap((node.expression as ts.PropertyAccessExpression).expression);
  const stored = storedCall(receiver, (name) => flow.resolutions.resolve(name).main);
  const rejection = ctx.rejections?.get(stored ?? receiver) ?? {
    ...NO_REJECTION,
    unseen: receiverValue,
  };
  let handlerIndex = -1;
  if (method === "catch") handlerIndex = 0;
  else if (method === "then") handlerIndex = 1;
  const reason = joinAll([rejection.thrown, rejection.unseen, rejection.unreported]);
  return { rejection, reason, handlerIndex };
}

/**
 * Returns what rejects the promise of `Promise.all`, `race`, `any` or `resolve`: what rejects the
 * promises they are given. A promise that no call of this function describes rejects with what
 * its value holds, as one from code that the analysis cannot see. `Promise.resolve` of a value
 * that is no such promise does not reject. Returns undefined for other calls.
 */
export function combinedRejection(
  flow: FlowAnalysis,
  node: ts.CallExpression,
  args: Taint[],
  ctx: UnitContext,
): Rejection | undefined {
  const name = promiseFunction(node);
  if (name !== "all" && name !== "race" && name !== "any" && name !== "resolve") return undefined;
  return givenRejection(flow, node, name, args, ctx);
}

/** Returns what rejects the promise that `element` evaluates to, where this unit kept it. */
function elementRejection(
  flow: FlowAnalysis,
  element: ts.Node,
  ctx: UnitContext,
): Rejection | undefined {
  const inner = unwrap(element);
  const stored = storedCall(inner, (name) => flow.resolutions.resolve(name).main);
  return ctx.rejections?.get(stored ?? inner);
}

/** Returns what rejects the promises that `Promise[name](...)` (`node`) is given. */
function givenRejection(
  flow: FlowAnalysis,
  node: ts.CallExpression,
  name: string,
  args: Taint[],
  ctx: UnitContext,
): Rejection {
  const argument = node.arguments[0];
  if (!argument) return NO_REJECTION;
  const rejectionOf = (element: ts.Node) => elementRejection(flow, element, ctx);
  if (name === "resolve") return rejectionOf(argument) ?? NO_REJECTION;
  const untracked = { ...NO_REJECTION, unseen: flatten(args[0] ?? EMPTY) };
  const elements = unwrap(argument);
  // The callbacks of `users.map(load)` passed their rejections here.
  if (isMappingCall(elements)) return rejectionOf(elements) ?? untracked;
  if (!ts.isArrayLiteralExpression(elements)) return untracked;
  let rejection = NO_REJECTION;
  for (const element of elements.elements)
    rejection = joinRejections(rejection, rejectionOf(element) ?? untracked);
  return rejection;
}

/**
 * Sends what rejects the promise of `node` where the promise goes. A handler down its chain, or
 * an `await` of the variable that stores it, reads it from `ctx.rejections` later. An `await`
 * throws it to the nearest `catch`, and a `return` passes it to the function's callers. Values
 * thrown that no sink has seen reach the `throw` sink where nothing handles the promise.
 */
export function passRejection(
  flow: FlowAnalysis,
  node: ts.CallExpression,
  rejection: Rejection,
  ctx: UnitContext,
): void {
  routeRejection(flow, node, rejectionRoute(node), rejection, ctx);
}

function routeRejection(
  flow: FlowAnalysis,
  node: ts.Node,
  route: RejectionRoute,
  rejection: Rejection,
  ctx: UnitContext,
): void {
  switch (route.kind) {
    case "stored":
      for (const use of route.uses)
        if (use.kind === "return") routeRejection(flow, node, use, rejection, ctx);
      keepRejection(node, rejection, ctx);
      return;
    case "next":
      keepRejection(node, rejection, ctx);
      return;
    case "settled":
      // `Promise.allSettled` reads it for the `reason` of its results.
      keepRejection(node, rejection, ctx);
      return;
    case "await":
      if (!isEmpty(rejection.thrown)) flow.propagateThrow(rejection.thrown, ctx);
      if (!isEmpty(rejection.unreported))
        flow.throwValue(rejection.unreported, route.node, route.node, ctx);
      return;
    case "return":
      if (route.fn === ctx.unit) {
        const summary = ctx.summary;
        if (isAsyncFunction(route.fn)) summary.throws = join(summary.throws, rejection.thrown);
        else summary.rejects = join(summary.rejects, rejection.thrown);
        summary.rejectsUnreported = join(summary.rejectsUnreported, rejection.unreported);
        return;
      }
      break;
    case "dropped":
      flow.reportUnhandled(rejection.unreported, node, ctx);
      return;
  }
  if (!isEmpty(rejection.thrown)) flow.propagateThrow(rejection.thrown, ctx);
  flow.reportUnhandled(rejection.unreported, node, ctx);
}

/** Keeps the rejection of `node`'s promise for the call or the `await` that reads it later. */
function keepRejection(node: ts.Node, rejection: Rejection, ctx: UnitContext): void {
  const key = promiseKey(node);
  const rejections = (ctx.rejections ??= new Map());
  const existing = rejections.get(key);
  rejections.set(key, existing ? joinRejections(existing, rejection) : rejection);
}

/** Returns true for a function declared `async`. */
export function isAsyncFunction(fn: ts.Node): boolean {
  return (ts.getCombinedModifierFlags(fn as ts.Declaration) & ts.ModifierFlags.Async) !== 0;
}

/** Methods whose callback receives an accumulator before the elements. */
const REDUCING_METHODS = new Set(["reduce", "reduceRight"]);

function isKnownCallbackMethod(method: string): boolean {
  return (
    MAPPING_METHODS.has(method) ||
    ["forEach", "filter", "reduce", "find", "some", "every", "catch", "sort"].includes(method) ||
    LISTENER_METHODS.has(method)
  );
}

/** Callbacks of array, Map, Set and Promise methods receive the receiver's elements. */
function applyCallbacks(
  flow: FlowAnalysis,
  node: ts.CallExpression | ts.NewExpression,
  method: string,
  receiver: Taint,
  args: Taint[],
  callbacks: ReturnType<typeof functionOfArgument>[],
  ctx: UnitContext,
  settlement: Settlement | undefined,
  map: boolean,
): Taint {
  const argumentNodes = node.arguments ?? [];
  let returned = EMPTY;
  let rejected = EMPTY;
  let unreported = EMPTY;
  // A listener runs when its event comes, so what it throws does not reach this call's caller.
  let onThrow: ((thrown: Taint) => void) | undefined;
  if (settlement)
    onThrow = (thrown) => {
      rejected = join(rejected, thrown);
    };
  else if (LISTENER_METHODS.has(method)) onThrow = () => undefined;
  // A rejection of the promise that a callback returns rejects the promise of the call, or that
  // of `Promise.all` around `xs.map(callback)`.
  const combined =
    !settlement && isMappingCall(node) && rejectionRoute(node).kind !== "other" ? node : undefined;
  const onReject =
    settlement || combined
      ? (rejection: { thrown: Taint; unreported: Taint }) => {
          rejected = join(rejected, rejection.thrown);
          unreported = join(unreported, rejection.unreported);
        }
      : undefined;
  callbacks.forEach((callback, index) => {
    if (!callback) return;
    const initial =
      method === "reduce" || method === "reduceRight" ? (args[index + 1] ?? EMPTY) : EMPTY;
    // The index parameter of `map`, `forEach` and the like is a number, not an element.
    const values =
      method === "reduce" || method === "reduceRight"
        ? [join(initial, receiver), receiver]
        : LISTENER_METHODS.has(method)
          ? listenerArguments(receiver, argumentNodes[0])
          : map
            ? [mapValues(receiver), mapKeys(receiver), receiver]
            : [receiver, EMPTY, receiver];
    if (index === settlement?.handlerIndex) values[0] = settlement.reason;
    const value = applyCallback(
      flow,
      callback,
      values,
      argumentNodes[index]!,
      ctx,
      onThrow,
      onReject,
    );
    returned = join(returned, value);
  });
  if (settlement && ts.isCallExpression(node)) {
    const handled = argumentNodes[settlement.handlerIndex] !== undefined;
    const before = settlement.rejection;
    passRejection(
      flow,
      node,
      handled
        ? { thrown: rejected, unseen: EMPTY, unreported }
        : {
            thrown: join(before.thrown, rejected),
            unseen: before.unseen,
            unreported: join(before.unreported, unreported),
          },
      ctx,
    );
  }
  if (combined) passRejection(flow, combined, { thrown: rejected, unseen: EMPTY, unreported }, ctx);
  if (MAPPING_METHODS.has(method)) return returned;
  // `text.replace(pattern, (match) => ...)` puts what the callback returns in place of matches.
  if (method === "replace" || method === "replaceAll") return join(receiver, flatten(returned));
  if (method === "reduce" || method === "reduceRight") return join(returned, args[1] ?? EMPTY);
  if (method === "catch") return join(receiver, returned);
  if (LISTENER_METHODS.has(method)) return receiver;
  if (OPAQUE_METHODS.has(method)) return EMPTY;
  if (RECEIVER_METHODS.has(method) || method === "filter" || method === "find" || method === "sort")
    return receiver;
  return passThrough(flow, node, args, join(receiver, returned), true);
}

/** `new Promise((resolve) => resolve(value))` resolves to what the executor passes to `resolve`. */
function applyPromiseExecutor(
  flow: FlowAnalysis,
  argumentNodes: readonly ts.Expression[],
  ctx: UnitContext,
): Taint {
  const executor = argumentNodes[0] ? functionOfArgument(flow, argumentNodes[0]) : undefined;
  const resolve = executor?.parameters[0];
  if (!executor || !resolve) return EMPTY;
  applyCallback(flow, executor, [], argumentNodes[0]!, ctx);
  // What the executor passes to `resolve` or `reject` is what `then` and `catch` callbacks receive.
  // `resolve` may be called from a function nested in the executor, such as a timer's callback.
  const calls = calledParameters(flow, executor);
  const settled = executor.parameters
    .slice(0, 2)
    .map((parameter) => calls.get(flow.nodeId(parameter))?.args?.[0] ?? EMPTY);
  return joinAll(settled);
}

/**
 * Adds to `value` the zones of the annotated fields of `node`'s type: what a call that copies or
 * serialises the whole value (`JSON.stringify(user)`) passes on, as a sink would receive it.
 * Zones the value carries already keep their own path, which leads back to where the data came
 * from rather than to the field's declaration.
 */
export function withWholeValueZones(
  flow: FlowAnalysis,
  value: Taint,
  node: ts.Expression | undefined,
  ctx: UnitContext,
): Taint {
  if (!node) return value;
  const typed = typeFieldLabels(flow, node, ctx);
  if (typed.length === 0) return value;
  const carried = new Set(flattenLabels(value).map((label) => label.zone));
  const added = typed.filter((label) => label.zone !== undefined && !carried.has(label.zone));
  return added.length === 0 ? value : join(value, joinAll(added.map(fromLabel)));
}

/** Returns the name in `names` of the library interface that declares the called method. */
function libraryInterface(target: CallTarget, names: ReadonlySet<string>): string | undefined {
  if (!target.isLibrary) return undefined;
  for (const declaration of target.declarations) {
    const owner = declaration.parent;
    if (owner && ts.isInterfaceDeclaration(owner) && names.has(owner.name.text))
      return owner.name.text;
  }
  return undefined;
}

/**
 * Returns the object that `Object.fromEntries(Object.entries(value).filter(([key]) => ...))`
 * builds, where the filter tests only the key against names (`key !== "email"`,
 * `!HIDDEN.has(key)`): the fields of `value` whose names pass. Undefined for other arguments.
 */
function keptEntries(flow: FlowAnalysis, node: ts.Expression, ctx: UnitContext): Taint | undefined {
  const call = unwrap(node);
  if (!ts.isCallExpression(call) || !ts.isPropertyAccessExpression(call.expression))
    return undefined;
  if (call.expression.name.text !== "filter" || call.arguments.length !== 1) return undefined;
  const entries = unwrap(call.expression.expression);
  if (
    !ts.isCallExpression(entries) ||
    entries.arguments.length !== 1 ||
    entries.expression.getText() !== "Object.entries"
  )
    return undefined;
  const source = entries.arguments[0]!;
  const callback = unwrap(call.arguments[0]!);
  if (
    !withoutEffects(source) ||
    !(ts.isArrowFunction(callback) || ts.isFunctionExpression(callback))
  )
    return undefined;
  const passes = keyPredicate(flow, callback);
  if (!passes) return undefined;
  const value = join(evaluateExpression(flow, source, ctx), typedValue(flow, source, ctx));
  if (value.opaque) return undefined;
  const fields = new Map<string, Taint>();
  for (const [name, field] of value.fields ?? []) {
    const passed = passes(name);
    if (passed === undefined) return undefined;
    if (passed) fields.set(name, field);
  }
  return objectOf(fields, { labels: value.labels });
}

/**
 * Reads a filter callback over entries as a test of the key alone, or undefined where it tests
 * more. The key is the first element of the entry (`([key]) => ...`, `(entry) => entry[0] ...`).
 */
function keyPredicate(
  flow: FlowAnalysis,
  callback: ts.ArrowFunction | ts.FunctionExpression,
): ((key: string) => boolean | undefined) | undefined {
  const parameter = callback.parameters[0];
  if (!parameter) return undefined;
  let body: ts.Expression | undefined;
  if (!ts.isBlock(callback.body)) body = callback.body;
  else {
    const [only] = callback.body.statements;
    if (callback.body.statements.length === 1 && only && ts.isReturnStatement(only))
      body = only.expression;
  }
  if (!body) return undefined;
  const isKey = (expression: ts.Expression): boolean => {
    const inner = unwrap(expression);
    if (ts.isIdentifier(inner)) {
      const declaration = flow.resolutions.resolve(inner).main;
      const pattern = parameter.name;
      return (
        ts.isArrayBindingPattern(pattern) &&
        pattern.elements[0] !== undefined &&
        declaration === pattern.elements[0]
      );
    }
    // `entry[0]`
    return (
      ts.isElementAccessExpression(inner) &&
      ts.isIdentifier(inner.expression) &&
      ts.isIdentifier(parameter.name) &&
      flow.resolutions.resolve(inner.expression).main === parameter &&
      ts.isNumericLiteral(inner.argumentExpression) &&
      inner.argumentExpression.text === "0"
    );
  };
  type Test = (key: string) => boolean | undefined;
  const read = (expression: ts.Expression, depth: number): Test | undefined => {
    if (depth > 8) return undefined;
    const inner = unwrap(expression);
    if (ts.isPrefixUnaryExpression(inner) && inner.operator === ts.SyntaxKind.ExclamationToken) {
      const test = read(inner.operand, depth + 1);
      return test && ((key) => negate(test(key)));
    }
    if (ts.isBinaryExpression(inner)) {
      const operator = inner.operatorToken.kind;
      if (
        operator === ts.SyntaxKind.AmpersandAmpersandToken ||
        operator === ts.SyntaxKind.BarBarToken
      ) {
        const left = read(inner.left, depth + 1);
        const right = read(inner.right, depth + 1);
        if (!left || !right) return undefined;
        const and = operator === ts.SyntaxKind.AmpersandAmpersandToken;
        return (key) => {
          const a = left(key);
          const b = right(key);
          if (a === undefined || b === undefined) return undefined;
          return and ? a && b : a || b;
        };
      }
      const equal =
        operator === ts.SyntaxKind.EqualsEqualsEqualsToken ||
        operator === ts.SyntaxKind.EqualsEqualsToken;
      const unequal =
        operator === ts.SyntaxKind.ExclamationEqualsEqualsToken ||
        operator === ts.SyntaxKind.ExclamationEqualsToken;
      if (!equal && !unequal) return undefined;
      const [key, other] = isKey(inner.left)
        ? [inner.left, inner.right]
        : [inner.right, inner.left];
      const literal = unwrap(other);
      if (!isKey(key) || !ts.isStringLiteralLike(literal)) return undefined;
      return (name) => (name === literal.text) === equal;
    }
    // `HIDDEN.has(key)`, `HIDDEN.includes(key)` with a list of names.
    if (
      ts.isCallExpression(inner) &&
      ts.isPropertyAccessExpression(inner.expression) &&
      (inner.expression.name.text === "has" || inner.expression.name.text === "includes") &&
      inner.arguments.length === 1 &&
      isKey(inner.arguments[0]!)
    ) {
      const names = literalList(flow, inner.expression.expression);
      return names && ((name) => names.includes(name));
    }
    return undefined;
  };
  return read(body, 0);
}

function negate(value: boolean | undefined): boolean | undefined {
  return value === undefined ? undefined : !value;
}

/**
 * True for expressions whose evaluation has no effects: names, field reads, literals, and object
 * and array literals of those (`{ user, at: 1 }`).
 */
function withoutEffects(node: ts.Expression): boolean {
  const inner = unwrap(node) as ts.Expression;
  if (ts.isIdentifier(inner) || ts.isLiteralExpression(inner)) return true;
  switch (inner.kind) {
    case ts.SyntaxKind.TrueKeyword:
    case ts.SyntaxKind.FalseKeyword:
    case ts.SyntaxKind.NullKeyword:
    case ts.SyntaxKind.ThisKeyword:
      return true;
  }
  if (ts.isPropertyAccessExpression(inner)) return withoutEffects(inner.expression);
  if (ts.isArrayLiteralExpression(inner))
    return inner.elements.every((element) =>
      withoutEffects(ts.isSpreadElement(element) ? element.expression : element),
    );
  if (ts.isObjectLiteralExpression(inner))
    return inner.properties.every(
      (property) =>
        ts.isShorthandPropertyAssignment(property) ||
        (ts.isSpreadAssignment(property) && withoutEffects(property.expression)) ||
        (ts.isPropertyAssignment(property) &&
          !ts.isComputedPropertyName(property.name) &&
          withoutEffects(property.initializer)),
    );
  return false;
}

/** Returns the keys of a replacer array of string literals, or undefined for another replacer. */
function replacerKeys(replacer: ts.Expression | undefined): string[] | undefined {
  const list = replacer && unwrap(replacer);
  if (!list || !ts.isArrayLiteralExpression(list)) return undefined;
  const keys: string[] = [];
  for (const element of list.elements) {
    if (!ts.isStringLiteralLike(element)) return undefined;
    keys.push(element.text);
  }
  return keys;
}

/**
 * Returns the `toJSON` method with a body that a class of the project gives `node`'s type.
 * Undefined for other values, which are written field by field.
 */
function ownToJson(flow: FlowAnalysis, node: ts.Expression): FunctionNode | undefined {
  return flow.resolutions.derived(
    "toJSON",
    node,
    () => findOwnToJson(flow, node),
    (method) => (method ? [method] : []),
  );
}

function findOwnToJson(flow: FlowAnalysis, node: ts.Expression): FunctionNode | undefined {
  let declaration: ts.Declaration | undefined;
  try {
    const type = flow.checker.getNonNullableType(flow.checker.getTypeAtLocation(node));
    if (type.isUnion()) return undefined;
    declaration = propertyDeclaration(type, "toJSON");
  } catch {
    // The checker can overflow its stack on deeply inferred types; the value is then written whole.
    return undefined;
  }
  if (!declaration || declaration.getSourceFile().isDeclarationFile) return undefined;
  const method =
    ts.isPropertyDeclaration(declaration) && declaration.initializer
      ? unwrap(declaration.initializer)
      : declaration;
  return (ts.isMethodDeclaration(method) || isFunctionValue(method)) &&
    (method as ts.FunctionLikeDeclaration).body
    ? (method as FunctionNode)
    : undefined;
}

/** The maximum number of base classes whose fields `assignFields` writes. */
const MAX_ASSIGNED_CLASSES = 8;

/**
 * Writes each field of `value` into the field of the same name of the class around `self`,
 * or of a base class, as `Object.assign(this, dto)` in a constructor or a method does.
 */
function assignFields(
  flow: FlowAnalysis,
  self: ts.Expression,
  value: Taint,
  ctx: UnitContext,
): void {
  let owner = ts.findAncestor(
    self,
    (node) =>
      ts.isClassLike(node) || ts.isFunctionDeclaration(node) || ts.isFunctionExpression(node),
  );
  for (let depth = 0; owner && ts.isClassLike(owner) && depth < MAX_ASSIGNED_CLASSES; depth++) {
    for (const member of owner.members) {
      const fields: ts.Node[] = ts.isConstructorDeclaration(member)
        ? member.parameters.filter((parameter) =>
            ts.isParameterPropertyDeclaration(parameter, member),
          )
        : ts.isPropertyDeclaration(member)
          ? [member]
          : [];
      for (const field of fields) {
        const name = ts.getNameOfDeclaration(field as ts.Declaration);
        if (!name || !(ts.isIdentifier(name) || ts.isStringLiteral(name))) continue;
        flow.write(field, readField(value, name.text), ctx, self);
      }
    }
    owner = baseClassOf(flow, owner);
  }
}

/** Returns field `key` of `value`, the value of `node`, with the zones its type declares for it. */
function fieldOf(
  flow: FlowAnalysis,
  node: ts.Expression,
  value: Taint,
  key: string,
  ctx: UnitContext,
): Taint {
  const declaration = propertyOfType(flow, node, key);
  const declared = declaration ? propertyValue(flow, declaration, node, ctx) : EMPTY;
  return join(readField(value, key), declared);
}

/** `Object.*`, `JSON.*`, `Promise.*`, `Array.from` and conversions such as `String(x)`. */
/**
 * Returns the copy that a package's `omit` or `pick` makes of an object, for keys written as
 * string literals or a `const` list of them: lodash's `omit(user, ["email"])` or
 * `omit(user, "email")`, and Ramda's `omit(["email"], user)`. The copy carries the typed fields
 * of the object that it keeps. Undefined for other calls, and for keys that are paths
 * (`"profile.email"`) or not literals.
 */
function selectedFields(
  flow: FlowAnalysis,
  node: ts.CallExpression | ts.NewExpression,
  args: Taint[],
  ctx: UnitContext,
): Taint | undefined {
  const callee = unwrap(node.expression);
  let name: string | undefined;
  // A renamed import (`omit as without`) counts by the name that its module exports.
  if (ts.isIdentifier(callee))
    name = renamedImports(callee.getSourceFile()).get(callee.text) ?? callee.text;
  else if (ts.isPropertyAccessExpression(callee)) name = callee.name.text;
  if (name !== "omit" && name !== "pick") return undefined;
  const argumentNodes = node.arguments ?? [];
  const keys: string[] = [];
  const objects: number[] = [];
  argumentNodes.forEach((argument, index) => {
    const inner = unwrap(argument);
    const names = ts.isStringLiteralLike(inner) ? [inner.text] : literalList(flow, argument);
    if (names) keys.push(...names);
    else objects.push(index);
  });
  const index = objects[0];
  if (objects.length !== 1 || index === undefined || keys.length === 0) return undefined;
  if (keys.some((key) => key.includes("."))) return undefined;
  const object = join(args[index] ?? EMPTY, typedValue(flow, argumentNodes[index]!, ctx));
  const copy =
    name === "omit"
      ? withoutFields(object, keys)
      : objectOf(new Map(keys.map((key) => [key, readField(object, key)])));
  if (isEmpty(copy)) return copy;
  return withStep(copy, flow.step(node, `through \`${name}()\``, "call"));
}

/** The standard library's error classes whose constructors take a message and options. */
const ERROR_CLASSES = new Set([
  "Error",
  "TypeError",
  "RangeError",
  "ReferenceError",
  "SyntaxError",
  "EvalError",
  "URIError",
]);

/**
 * Returns the fields of an `Error` built with `args`: the message, the stack that starts with
 * it, the cause of its options, and for an `AggregateError` the errors it groups. The name
 * carries nothing.
 */
export function errorFields(args: readonly Taint[], errors?: Taint): Taint {
  const message = args[0] ?? EMPTY;
  const fields = new Map([
    ["message", message],
    ["stack", message],
  ]);
  if (args[1]) fields.set("cause", readField(args[1], "cause"));
  if (errors) fields.set("errors", errors);
  return objectOf(fields);
}

function applyStatic(
  flow: FlowAnalysis,
  callee: ts.Expression,
  argumentNodes: readonly ts.Expression[],
  args: Taint[],
  ctx: UnitContext,
): Taint | undefined {
  if (ts.isIdentifier(callee)) {
    if (
      [
        "String",
        "Number",
        "encodeURIComponent",
        "encodeURI",
        "decodeURIComponent",
        "decodeURI",
        "structuredClone",
        "btoa",
        "atob",
        "parseInt",
        "parseFloat",
        "BigInt",
      ].includes(callee.text)
    ) {
      // A copy keeps the fields apart: `structuredClone(user).id` has none of `user.email`.
      if (callee.text === "structuredClone" && argumentNodes[0])
        return join(args[0] ?? EMPTY, typedValue(flow, argumentNodes[0], ctx));
      return withWholeValueZones(flow, args[0] ?? EMPTY, argumentNodes[0], ctx);
    }
    if (callee.text === "Boolean" || callee.text === "isNaN") return EMPTY;
    if (callee.text === "AggregateError" || ERROR_CLASSES.has(callee.text)) {
      // An object passed whole (`{ cause: user }`) carries the zones of its typed fields.
      const whole = args.map((arg, index) =>
        withWholeValueZones(flow, arg, argumentNodes[index], ctx),
      );
      return callee.text === "AggregateError"
        ? errorFields(whole.slice(1), whole[0])
        : errorFields(whole);
    }
    return undefined;
  }
  if (!ts.isPropertyAccessExpression(callee) || !ts.isIdentifier(callee.expression))
    return undefined;
  const owner = callee.expression.text;
  const method = callee.name.text;
  const first = args[0] ?? EMPTY;
  switch (`${owner}.${method}`) {
    case "Object.assign": {
      // Each source's typed fields are copied as fields, so `Object.assign({}, user).id`
      // carries none of the zones of `user.email`.
      // A later literal source replaces the fields that it names:
      // `Object.assign({}, user, { email: "***" })` has none of `user.email`.
      let sources = EMPTY;
      let replaced: string[] = [];
      args.slice(1).forEach((arg, index) => {
        const source = argumentNodes[index + 1];
        const value = source ? join(arg, typedValue(flow, source, ctx)) : arg;
        const names = source ? literalFieldNames(source) : [];
        sources = join(withoutFields(sources, names), value);
        replaced = [...replaced, ...names];
      });
      const target = argumentNodes[0];
      if (target && unwrap(target).kind === ts.SyntaxKind.ThisKeyword)
        assignFields(flow, target, sources, ctx);
      else if (target) writeContainer(flow, target, sources, target, ctx);
      return join(withoutFields(first, replaced), sources);
    }
    case "JSON.stringify": {
      // `JSON.stringify(user, ["id", "plan"])` writes only the fields that the list names.
      const keys = replacerKeys(argumentNodes[1]);
      const value = argumentNodes[0];
      if (keys && value)
        return flatten(joinAll(keys.map((key) => fieldOf(flow, value, first, key, ctx))));
      // An object whose class defines `toJSON` is written as what that method returns.
      const toJson = value && ownToJson(flow, value);
      if (toJson) return flatten(applyCallback(flow, toJson, [], value!, ctx));
      return withWholeValueZones(flow, flatten(joinAll(args)), value, ctx);
    }
    case "Object.values":
      // The values carry nothing of what the object's computed keys carry.
      return withWholeValueZones(
        flow,
        flatten(withoutFields(first, [KEYS_FIELD])),
        argumentNodes[0],
        ctx,
      );
    case "Object.entries": {
      // Each entry is a key, which names a field, and that field's value:
      // `Object.entries(user).map(([key]) => key)` carries nothing of the values.
      const values = withWholeValueZones(flow, flatten(joinAll(args)), argumentNodes[0], ctx);
      return objectOf(new Map([["1", values]]));
    }
    case "Array.from": {
      // `Array.from(users, (user) => user.email)` maps each element as `map` does.
      const mapper = argumentNodes[1] && functionOfArgument(flow, argumentNodes[1]);
      if (mapper)
        return flatten(
          applyCallback(flow, mapper, [flatten(first), EMPTY], argumentNodes[1]!, ctx),
        );
      return flatten(joinAll(args));
    }
    case "JSON.parse": {
      // `JSON.parse(JSON.stringify(user))` copies `user` with its fields apart.
      const text = argumentNodes[0] && unwrap(argumentNodes[0]);
      const copied =
        text &&
        ts.isCallExpression(text) &&
        ts.isPropertyAccessExpression(text.expression) &&
        text.expression.getText() === "JSON.stringify" &&
        text.arguments[0];
      // Names, field reads and literals of them are evaluated again, which has no effects;
      // calls are not.
      if (copied && withoutEffects(copied))
        return join(evaluateExpression(flow, copied, ctx), typedValue(flow, copied, ctx));
      return flatten(joinAll(args));
    }
    case "Object.groupBy":
    case "Map.groupBy": {
      // The groups hold the elements, under keys that the callback returns for them.
      const [itemsNode, callbackNode] = argumentNodes;
      const callback = callbackNode && functionOfArgument(flow, callbackNode);
      if (!itemsNode || !callback) return undefined;
      const items = join(first, typedValue(flow, itemsNode, ctx));
      const key = flatten(applyCallback(flow, callback, [items, EMPTY], callbackNode, ctx));
      if (owner === "Map") return mapEntry(key, items);
      return join(items, keysOf(key));
    }
    case "Promise.allSettled": {
      // Each result contains its promise's value in `value`, and what rejected it in `reason`.
      const call = callee.parent;
      const values = flatten(joinAll(args));
      if (!ts.isCallExpression(call)) return values;
      const rejection = givenRejection(flow, call, "allSettled", args, ctx);
      const reason = joinAll([rejection.thrown, rejection.unseen, rejection.unreported]);
      // A result destructured by position (`const [a, b] = ...`) has its own promise's reason.
      const elements = argumentNodes[0] && unwrap(argumentNodes[0]);
      const elementValues =
        elements && ts.isArrayLiteralExpression(elements) && literalElementValues(elements);
      if (elementValues)
        noteSettledReasons(
          elements as ts.ArrayLiteralExpression,
          elementValues.map((value, index) => {
            const element = (elements as ts.ArrayLiteralExpression).elements[index]!;
            const own = elementRejection(flow, element, ctx) ?? {
              ...NO_REJECTION,
              unseen: flatten(value),
            };
            return joinAll([own.thrown, own.unseen, own.unreported]);
          }),
        );
      return objectOf(
        new Map([
          ["value", values],
          ["reason", reason],
        ]),
      );
    }
    case "Array.of":
    case "Promise.all":
    case "Promise.race":
    case "Promise.any":
    case "Object.fromEntries": {
      const filtered = argumentNodes[0] && keptEntries(flow, argumentNodes[0], ctx);
      return filtered ?? flatten(joinAll(args));
    }
    case "Object.defineProperty": {
      // `Object.defineProperty(target, "key", { value })` writes the field `key` of `target`.
      const [target, keyNode] = argumentNodes;
      const key = keyNode && unwrap(keyNode);
      const value = readField(args[2] ?? EMPTY, "value");
      if (target && key && !isEmpty(value)) {
        const written = ts.isStringLiteralLike(key)
          ? objectOf(new Map([[key.text, value]]))
          : flatten(value);
        writeContainer(flow, target, written, argumentNodes[2]!, ctx);
      }
      return join(first, value);
    }
    case "Object.freeze":
    case "Object.seal":
    case "Promise.resolve":
    case "Promise.reject":
      return first;
    case "Object.keys":
      return keysIn(first);
    case "Array.isArray":
    case "Number.isNaN":
    case "Number.isFinite":
      return EMPTY;
    default:
      return owner === "Math" ? joinAll(args.map(flatten)) : undefined;
  }
}
