import { ts } from "./typescript";
import { zoneAnnotations } from "./annotations";
import { bindAssignmentPattern, constInitializer, propertyKey } from "./bindings";
import {
  evaluateCall,
  evaluateJsx,
  hasExactClass,
  isFunctionValue,
  recordParameterWrite,
  unwrap,
} from "./calls";
import { hidesFields, typedValue } from "./erased-types";
import type { FlowAnalysis, UnitContext } from "./flow";
import { constructedKey, declarationValue, detectedZoneByName, propertyValue } from "./properties";
import { dispatchTargets } from "./dispatch";
import { sourceModelTaint, propertySinks } from "./models";
import { storedCall } from "./rejections";
import { withoutDeleted } from "./overwrites";
import { storeWrittenFunction } from "./stored-functions";
import {
  EMPTY,
  flatten,
  fromLabel,
  isEmpty,
  join,
  joinAll,
  keysOf,
  objectOf,
  readField,
  sameLabels,
  withStep,
} from "./taint";
import type { Label, Taint } from "./taint";

/** Evaluates an expression to the labels its value carries, applying its effects on the way. */
export function evaluateExpression(
  flow: FlowAnalysis,
  node: ts.Expression,
  ctx: UnitContext,
): Taint {
  if (!flow.enter(ctx)) {
    flow.noteTooDeep(node);
    return EMPTY;
  }
  ctx.depth++;
  try {
    return evaluate(flow, node, ctx);
  } finally {
    ctx.depth--;
  }
}

function evaluate(flow: FlowAnalysis, node: ts.Expression, ctx: UnitContext): Taint {
  switch (node.kind) {
    case ts.SyntaxKind.Identifier:
      return flow.remember(node, readIdentifier(flow, node as ts.Identifier, ctx));
    case ts.SyntaxKind.PropertyAccessExpression:
      return flow.remember(node, readProperty(flow, node as ts.PropertyAccessExpression, ctx));
    case ts.SyntaxKind.ElementAccessExpression:
      return flow.remember(node, readElement(flow, node as ts.ElementAccessExpression, ctx));
    case ts.SyntaxKind.CallExpression:
    case ts.SyntaxKind.NewExpression:
      return flow.remember(
        node,
        evaluateCall(flow, node as ts.CallExpression | ts.NewExpression, ctx),
      );
    case ts.SyntaxKind.ObjectLiteralExpression:
      return evaluateObject(flow, node as ts.ObjectLiteralExpression, ctx);
    case ts.SyntaxKind.ArrayLiteralExpression:
      return evaluateArray(flow, node as ts.ArrayLiteralExpression, ctx);
    case ts.SyntaxKind.BinaryExpression:
      return flow.remember(node, evaluateBinary(flow, node as ts.BinaryExpression, ctx));
    case ts.SyntaxKind.ConditionalExpression: {
      const conditional = node as ts.ConditionalExpression;
      evaluateExpression(flow, conditional.condition, ctx);
      return join(
        evaluateExpression(flow, conditional.whenTrue, ctx),
        evaluateExpression(flow, conditional.whenFalse, ctx),
      );
    }
    case ts.SyntaxKind.TemplateExpression:
      return flow.remember(
        node,
        (node as ts.TemplateExpression).templateSpans.reduce(
          (acc, span) => join(acc, flatten(evaluateExpression(flow, span.expression, ctx))),
          EMPTY,
        ),
      );
    case ts.SyntaxKind.TaggedTemplateExpression: {
      const tagged = node as ts.TaggedTemplateExpression;
      evaluateExpression(flow, tagged.tag, ctx);
      return ts.isTemplateExpression(tagged.template)
        ? evaluateExpression(flow, tagged.template, ctx)
        : EMPTY;
    }
    case ts.SyntaxKind.PrefixUnaryExpression: {
      const unary = node as ts.PrefixUnaryExpression;
      const operand = evaluateExpression(flow, unary.operand, ctx);
      return unary.operator === ts.SyntaxKind.ExclamationToken ? EMPTY : operand;
    }
    case ts.SyntaxKind.PostfixUnaryExpression:
      return evaluateExpression(flow, (node as ts.PostfixUnaryExpression).operand, ctx);
    case ts.SyntaxKind.TypeOfExpression:
    case ts.SyntaxKind.DeleteExpression:
    case ts.SyntaxKind.VoidExpression:
      evaluateExpression(flow, (node as ts.TypeOfExpression).expression, ctx);
      return EMPTY;
    case ts.SyntaxKind.AwaitExpression: {
      // `await pending` throws what rejects the promise that the variable stores.
      const awaited = unwrap((node as ts.AwaitExpression).expression);
      const stored = storedCall(awaited, (name) => flow.resolutions.resolve(name).main);
      const rejection = stored && ctx.rejections?.get(stored);
      if (rejection) {
        flow.propagateThrow(rejection.thrown, ctx);
        if (!isEmpty(rejection.unreported)) flow.throwValue(rejection.unreported, node, node, ctx);
      }
      return flow.remember(
        node,
        evaluateExpression(flow, (node as ts.AwaitExpression).expression, ctx),
      );
    }
    case ts.SyntaxKind.ParenthesizedExpression:
    case ts.SyntaxKind.AsExpression:
    case ts.SyntaxKind.NonNullExpression:
    case ts.SyntaxKind.SatisfiesExpression:
    case ts.SyntaxKind.TypeAssertionExpression:
    case ts.SyntaxKind.SpreadElement:
      return flow.remember(
        node,
        evaluateExpression(flow, (node as ts.AwaitExpression).expression, ctx),
      );
    case ts.SyntaxKind.YieldExpression: {
      const yielded = (node as ts.YieldExpression).expression;
      if (yielded) ctx.summary.addReturn(evaluateExpression(flow, yielded, ctx));
      return EMPTY;
    }
    case ts.SyntaxKind.ClassExpression:
      flow.evaluateClassMembers(node as ts.ClassExpression, ctx);
      return EMPTY;
    case ts.SyntaxKind.JsxElement:
    case ts.SyntaxKind.JsxSelfClosingElement:
    case ts.SyntaxKind.JsxFragment:
      return evaluateJsx(flow, node as ts.JsxElement, ctx);
    default:
      return EMPTY;
  }
}

/** Resolves the declaration an identifier refers to, following imports to the exported declaration. */
export function resolveDeclaration(flow: FlowAnalysis, node: ts.Node): ts.Declaration | undefined {
  const declaration = flow.resolutions.resolve(node).main;
  // What a name resolves to, and the annotations there, shape the value read: an edit of the
  // declaration must evaluate the reader again.
  if (declaration) flow.track(declaration);
  return declaration;
}

function readIdentifier(flow: FlowAnalysis, node: ts.Identifier, ctx: UnitContext): Taint {
  if (node.text === "undefined") return EMPTY;
  const declaration = resolveDeclaration(flow, node);
  if (!declaration) return EMPTY;
  return withoutDeleted(flow, node, declarationValue(flow, declaration, ctx, node));
}

function readProperty(
  flow: FlowAnalysis,
  node: ts.PropertyAccessExpression,
  ctx: UnitContext,
): Taint {
  const base = evaluateExpression(flow, node.expression, ctx);
  const name = node.name.text;
  if (name === "length") return EMPTY;
  let result = readField(base, name);
  const declaration =
    resolveDeclaration(flow, node.name) ?? propertyBeforeAssertion(flow, node.expression, name);
  // The size of a library collection (`set.size`, `list.length`) is a number, not its contents.
  if (
    name === "size" &&
    declaration &&
    flow.options.program.isSourceFileDefaultLibrary(declaration.getSourceFile())
  )
    return EMPTY;
  if (declaration) {
    // A getter read through a base class may run a subclass's getter (`abstract get body()`).
    if (
      (ts.isGetAccessorDeclaration(declaration) || isAbstract(declaration)) &&
      !hasExactClass(flow, node.expression)
    ) {
      const own = ts.isGetAccessorDeclaration(declaration) ? declaration : undefined;
      const receiver = flow.checker
        .getTypeAtLocation(node.expression)
        .getSymbol()?.valueDeclaration;
      const receiverClass = receiver && ts.isClassLike(receiver) ? receiver : undefined;
      for (const getter of dispatchTargets(flow, [declaration], own, receiverClass))
        if (ts.isGetAccessorDeclaration(getter))
          result = join(result, flow.summaryOf(getter)?.returns ?? EMPTY);
    }
    if (ts.isGetAccessorDeclaration(declaration) && declaration.body) {
      result = join(result, flow.summaryOf(declaration)?.returns ?? EMPTY);
    } else if (!ts.isMethodDeclaration(declaration) && !ts.isMethodSignature(declaration)) {
      // `box.value` after `const box = new Box(email)` reads that object's own field.
      const own = constructedKey(declaration) !== undefined && hasExactClass(flow, node.expression);
      result = join(result, propertyValue(flow, declaration, node.name, ctx, own));
    }
  } else if (!isImportedTypeName(flow, node.expression)) {
    result = join(result, detectedZoneByName(flow, node.name, ctx));
  }
  return join(result, sourceModelTaint(flow, node, "property", ctx));
}

function isAbstract(declaration: ts.Node): boolean {
  return (
    ts.isPropertyDeclaration(declaration) &&
    (ts.getCombinedModifierFlags(declaration) & ts.ModifierFlags.Abstract) !== 0
  );
}

/**
 * True when `receiver` is a capitalised name imported from a module that the checker does not
 * resolve, as `MissingProfile` in `MissingProfile.password` of an enum in a package that is not
 * installed. Such members are constants, so their names do not describe the data.
 */
function isImportedTypeName(flow: FlowAnalysis, receiver: ts.Expression): boolean {
  if (!ts.isIdentifier(receiver) || !/^[A-Z]/.test(receiver.text)) return false;
  // An import of a module that does not resolve leaves the name without a declaration.
  if (resolveDeclaration(flow, receiver)) return false;
  const name = receiver.text;
  return receiver.getSourceFile().statements.some((statement) => {
    const clause = ts.isImportDeclaration(statement) ? statement.importClause : undefined;
    if (!clause) return false;
    if (clause.name?.text === name) return true;
    const bindings = clause.namedBindings;
    if (!bindings) return false;
    if (ts.isNamespaceImport(bindings)) return bindings.name.text === name;
    return bindings.elements.some((element) => element.name.text === name);
  });
}

/** The number of `const` initializers that `propertyBeforeAssertion` follows back. */
const MAX_ASSERTION_HOPS = 3;

/**
 * Finds property `name` on the type a value had before an assertion or an `any` variable hid it:
 * `(user as any).email`, or `a.email` after `const a: any = user`. Returns undefined when the
 * receiver shows no such type.
 */
function propertyBeforeAssertion(
  flow: FlowAnalysis,
  receiver: ts.Expression,
  name: string,
): ts.Declaration | undefined {
  let origin: ts.Node = receiver;
  for (let hop = 0; hop <= MAX_ASSERTION_HOPS; hop++) {
    const inner = unwrap(origin);
    if (inner !== origin) {
      origin = inner;
      // `(maybe as any).email` with `maybe: User | undefined` reads `User`'s field.
      const type = flow.checker.getNonNullableType(flow.checker.getTypeAtLocation(origin));
      const declaration = propertyDeclaration(type, name);
      if (declaration) return declaration;
    }
    if (!ts.isIdentifier(origin)) return undefined;
    const variable = resolveDeclaration(flow, origin);
    const initializer = constInitializer(variable);
    if (!initializer) return undefined;
    if ((variable as ts.VariableDeclaration).type) {
      // `const a: any = user` hides the initializer's type behind the declared one.
      const initializerType = flow.checker.getNonNullableType(
        flow.checker.getTypeAtLocation(initializer),
      );
      const declaration = propertyDeclaration(initializerType, name);
      if (declaration) return declaration;
    }
    origin = initializer;
  }
  return undefined;
}

/**
 * Finds property `name` on the type of `receiver`, without `null` and `undefined`. The checker
 * resolves no symbol for the key of an optional element access (`user?.["email"]`).
 */
export function propertyOfType(
  flow: FlowAnalysis,
  receiver: ts.Expression,
  name: string,
): ts.Declaration | undefined {
  const type = flow.checker.getNonNullableType(flow.checker.getTypeAtLocation(receiver));
  return propertyDeclaration(type, name);
}

/**
 * Returns the declaration of property `name` of a type. A property of a mapped type
 * (`Partial<User>`) has no value declaration, but lists the declaration it was mapped from.
 */
export function propertyDeclaration(type: ts.Type, name: string): ts.Declaration | undefined {
  const property = type.getProperty(name);
  return property?.valueDeclaration ?? property?.declarations?.[0];
}

function readElement(
  flow: FlowAnalysis,
  node: ts.ElementAccessExpression,
  ctx: UnitContext,
): Taint {
  const base = evaluateExpression(flow, node.expression, ctx);
  const argument = node.argumentExpression;
  if (ts.isStringLiteralLike(argument)) {
    let result = readField(base, argument.text);
    const declaration =
      resolveDeclaration(flow, argument) ??
      propertyOfType(flow, node.expression, argument.text) ??
      propertyBeforeAssertion(flow, node.expression, argument.text);
    if (declaration) result = join(result, propertyValue(flow, declaration, argument, ctx));
    else result = join(result, detectedZoneByName(flow, argument as ts.StringLiteral, ctx));
    return join(result, sourceModelTaint(flow, node, "property", ctx));
  }
  evaluateExpression(flow, argument, ctx);
  const positional = positionalRead(flow, node.expression, argument, base);
  if (positional) return positional;
  // `user[key]` with `key: "email"` or `key: keyof User` reads the fields that the key's type
  // names, with the zones that their declarations give them.
  // NOTE: the read also keeps the zones of the whole value. Reading only the named fields
  // added false findings on a public application, through a cause not found yet.
  let result = base;
  for (const name of literalKeys(flow, argument)) {
    result = join(result, readField(base, name));
    const declaration =
      propertyOfType(flow, node.expression, name) ??
      propertyBeforeAssertion(flow, node.expression, name);
    if (declaration) result = join(result, propertyValue(flow, declaration, argument, ctx));
  }
  return result;
}

/**
 * Returns element `index` of a `const` that contains a tuple by position (`pair[1]` after
 * `const pair = [email, id]`, a `Promise.all` of a literal, or a call that returns one). Undefined
 * for other reads, and when the value of the `const` is no longer the elements' join, as after
 * `pair.push(email)`.
 */
function positionalRead(
  flow: FlowAnalysis,
  receiver: ts.Expression,
  argument: ts.Expression,
  value: Taint,
): Taint | undefined {
  const index = unwrap(argument);
  const name = unwrap(receiver);
  if (!ts.isNumericLiteral(index) || !ts.isIdentifier(name)) return undefined;
  const declaration = flow.resolutions.resolve(name).main;
  const initializer = constInitializer(declaration);
  if (!initializer || !readsOnlyByPosition(declaration as ts.VariableDeclaration)) return undefined;
  const elements = literalElements(initializer);
  // Elements that are tuples themselves contain their elements as fields, so labels compare flat.
  if (!elements || !sameLabels(flatten(value), flatten(joinAll(elements)))) return undefined;
  return elements[Number(index.text)] ?? EMPTY;
}

/** Whether each `const` that `positionalRead` reads has only reads by position in its scope. */
const positionalOnly = new WeakMap<ts.VariableDeclaration, boolean>();

/**
 * True when every use of the name that `declaration` declares, in the block around it, reads an
 * element by a number (`pair[0]`) or the length. A name used in any other way, as an argument, a
 * receiver of `push` or the target of `pair[0] = x`, may change its elements. Names are compared
 * as text, so a shadowing name counts too.
 */
function readsOnlyByPosition(declaration: ts.VariableDeclaration): boolean {
  const known = positionalOnly.get(declaration);
  if (known !== undefined) return known;
  // Other modules may change the elements of an exported `const`.
  const statement = declaration.parent.parent;
  let only =
    ts.isIdentifier(declaration.name) &&
    !(ts.isVariableStatement(statement) && hasExportModifier(statement));
  const name = only ? (declaration.name as ts.Identifier).text : "";
  const visit = (node: ts.Node): void => {
    if (!only) return;
    if (ts.isIdentifier(node) && node.text === name && node !== declaration.name) {
      const parent = node.parent;
      const read =
        (ts.isElementAccessExpression(parent) &&
          parent.expression === node &&
          ts.isNumericLiteral(parent.argumentExpression) &&
          !isWriteTarget(parent)) ||
        (ts.isPropertyAccessExpression(parent) &&
          parent.expression === node &&
          parent.name.text === "length");
      if (!read) only = false;
      return;
    }
    ts.forEachChild(node, visit);
  };
  visit(statement.parent);
  positionalOnly.set(declaration, only);
  return only;
}

function hasExportModifier(statement: ts.VariableStatement): boolean {
  return (
    statement.modifiers?.some((modifier) => modifier.kind === ts.SyntaxKind.ExportKeyword) ?? false
  );
}

/** True when `node` is written: the left side of an assignment, `++`, `--` or `delete`. */
function isWriteTarget(node: ts.Expression): boolean {
  let target: ts.Node = node;
  while (ts.isParenthesizedExpression(target.parent)) target = target.parent;
  const parent = target.parent;
  if (ts.isBinaryExpression(parent))
    return (
      parent.left === target &&
      parent.operatorToken.kind >= ts.SyntaxKind.FirstAssignment &&
      parent.operatorToken.kind <= ts.SyntaxKind.LastAssignment
    );
  return (
    ts.isPostfixUnaryExpression(parent) ||
    ts.isDeleteExpression(parent) ||
    (ts.isPrefixUnaryExpression(parent) &&
      (parent.operator === ts.SyntaxKind.PlusPlusToken ||
        parent.operator === ts.SyntaxKind.MinusMinusToken))
  );
}

/**
 * Returns the one field that a computed key names: the name that its type allows
 * (`[Kind.Email]`, `[key]` with `const key = "email"`), or a name of its own for a unique symbol,
 * which no other key reads. Undefined for other keys.
 */
function computedKey(flow: FlowAnalysis, key: ts.Expression): string | undefined {
  const names = literalKeys(flow, key);
  if (names.length === 1) return names[0];
  if (names.length > 1 || !ts.isIdentifier(unwrap(key))) return undefined;
  try {
    const type = flow.checker.getTypeAtLocation(key);
    if (type.flags & ts.TypeFlags.UniqueESSymbol) return `[${(unwrap(key) as ts.Identifier).text}]`;
  } catch {
    // The checker can overflow its stack on deeply inferred types; the key then names no field.
  }
  return undefined;
}

/** The maximum number of names that `literalKeys` lists for one key. */
const MAX_LITERAL_KEYS = 64;

/**
 * Lists the property names that the type of a computed key allows: `"email"` for a `const` key,
 * each member's name for `keyof User`. Numbers, strings and type parameters give none.
 */
export function literalKeys(flow: FlowAnalysis, key: ts.Expression): readonly string[] {
  const inner = unwrap(key) as ts.Expression;
  if (ts.isNumericLiteral(inner) || ts.isPrefixUnaryExpression(inner)) return [];
  let byKey = literalKeyNames.get(flow.checker);
  if (!byKey) literalKeyNames.set(flow.checker, (byKey = new WeakMap()));
  let names = byKey.get(key);
  if (names) return names;
  names = [];
  try {
    // The key of `for (const key in user)` is each of the object's property names.
    const loop = forInLoop(flow, inner);
    if (loop) {
      const properties = flow.checker.getTypeAtLocation(loop.expression).getProperties();
      if (properties.length <= MAX_LITERAL_KEYS)
        names = properties.map((symbol) => symbol.getName());
      byKey.set(key, names);
      return names;
    }
    const type = flow.checker.getTypeAtLocation(key);
    const members = type.isUnion() ? type.types : [type];
    const found = members.flatMap((member) => (member.isStringLiteral() ? [member.value] : []));
    if (found.length === members.length && found.length <= MAX_LITERAL_KEYS) names = found;
  } catch {
    // The checker can overflow its stack on deeply inferred types; the key then names no field.
  }
  byKey.set(key, names);
  return names;
}

/** Returns the `for...in` statement whose variable `key` names, or undefined. */
function forInLoop(flow: FlowAnalysis, key: ts.Expression): ts.ForInStatement | undefined {
  if (!ts.isIdentifier(key)) return undefined;
  const declaration = flow.resolutions.resolve(key).main;
  const list = declaration?.parent;
  return declaration &&
    ts.isVariableDeclaration(declaration) &&
    list &&
    ts.isVariableDeclarationList(list) &&
    ts.isForInStatement(list.parent)
    ? list.parent
    : undefined;
}

/** The names that `literalKeys` found, by checker and key. */
const literalKeyNames = new WeakMap<ts.TypeChecker, WeakMap<ts.Node, readonly string[]>>();

function evaluateObject(
  flow: FlowAnalysis,
  node: ts.ObjectLiteralExpression,
  ctx: UnitContext,
): Taint {
  const fields = new Map<string, Taint>();
  let rest = EMPTY;
  // A method of the literal reads its fields through `this`, which names their declarations.
  const hasMethods = node.properties.some(
    (property) => ts.isMethodDeclaration(property) || ts.isAccessor(property),
  );
  for (const property of node.properties) {
    if (ts.isPropertyAssignment(property)) {
      // Kept for the fix that removes the field, whatever the kind of the value expression.
      const initial = flow.remember(
        property.initializer,
        evaluateExpression(flow, property.initializer, ctx),
      );
      if (hasMethods) flow.write(property, initial, ctx, property.initializer);
      const value = join(initial, propertyValue(flow, property, property.name, ctx));
      let key = propertyKey(property.name);
      let keyValue = EMPTY;
      if (key === undefined && ts.isComputedPropertyName(property.name)) {
        keyValue = evaluateExpression(flow, property.name.expression, ctx);
        key = computedKey(flow, property.name.expression);
      }
      // A named property replaces what a spread before it gave that field.
      if (key === undefined) rest = join(rest, join(value, keysOf(keyValue)));
      else {
        fields.set(key, value);
        checkDeclaredField(flow, node, key, value, property.initializer, ctx);
      }
    } else if (ts.isShorthandPropertyAssignment(property)) {
      const symbol = flow.checker.getShorthandAssignmentValueSymbol(property);
      const declaration = symbol?.valueDeclaration;
      const value = join(
        declaration ? declarationValue(flow, declaration, ctx) : EMPTY,
        propertyValue(flow, property, property.name, ctx),
      );
      fields.set(property.name.text, flow.remember(property.name, value));
      checkDeclaredField(flow, node, property.name.text, value, property.name, ctx);
    } else if (ts.isSpreadAssignment(property)) {
      const spread = evaluateExpression(flow, property.expression, ctx);
      for (const [key, value] of spread.fields ?? [])
        fields.set(key, join(fields.get(key) ?? EMPTY, value));
      // An opaque value's labels stand for each of its fields, in the new object too.
      rest = join(rest, spread.opaque ? spread : { labels: spread.labels });
    }
  }
  return fields.size === 0 ? rest : objectOf(fields, rest);
}

/**
 * Checks a value that a literal puts in a field which the literal's declared type annotates with
 * `@zone` (`const record: AuditRecord = { subject: user.email }`, or a literal returned from a
 * function whose return type is `AuditRecord`), as an assignment to that field is checked.
 */
function checkDeclaredField(
  flow: FlowAnalysis,
  literal: ts.ObjectLiteralExpression,
  key: string,
  value: Taint,
  valueNode: ts.Node,
  ctx: UnitContext,
): void {
  if (value.labels.length === 0 && !value.fields) return;
  if (!hasWrittenType(literal)) return;
  const field = annotatedFields(flow, literal).get(key);
  if (field) flow.findings.checkAnnotatedTarget(field, value, valueNode, ctx);
}

/**
 * True for a literal whose type is written where it is: a typed variable or field, a `return`
 * or arrow body of a function with a return type, an `as`, a `satisfies`, or a part of such a
 * literal. Arguments are left out, because request data put into a record for a call would
 * otherwise report a PZ002 at every call.
 */
function hasWrittenType(literal: ts.ObjectLiteralExpression): boolean {
  let node: ts.Node = literal;
  for (let depth = 0; depth < 8; depth++) {
    const parent = node.parent;
    if (ts.isParenthesizedExpression(parent) || ts.isArrayLiteralExpression(parent)) {
      node = parent;
      continue;
    }
    if (ts.isPropertyAssignment(parent) && ts.isObjectLiteralExpression(parent.parent)) {
      node = parent.parent;
      continue;
    }
    if (
      ts.isAsExpression(parent) ||
      ts.isSatisfiesExpression(parent) ||
      ts.isTypeAssertionExpression(parent)
    )
      return true;
    if (ts.isVariableDeclaration(parent) || ts.isPropertyDeclaration(parent))
      return parent.type !== undefined;
    if (ts.isReturnStatement(parent))
      return ts.findAncestor(parent, ts.isFunctionLike)?.type !== undefined;
    if (ts.isArrowFunction(parent)) return parent.body === node && parent.type !== undefined;
    return false;
  }
  return false;
}

const NO_FIELDS: ReadonlyMap<string, ts.Declaration> = new Map();

/** Returns the fields annotated with `@zone` that the contextual type of a literal declares. */
function annotatedFields(
  flow: FlowAnalysis,
  literal: ts.ObjectLiteralExpression,
): ReadonlyMap<string, ts.Declaration> {
  return flow.resolutions.derived(
    "annotated fields",
    literal,
    () => {
      let type: ts.Type | undefined;
      try {
        type = flow.checker.getContextualType(literal);
      } catch {
        // The checker can overflow its stack on deeply inferred types; no field is checked then.
        return NO_FIELDS;
      }
      if (!type) return NO_FIELDS;
      const program = flow.options.program;
      const fields = new Map<string, ts.Declaration>();
      for (const property of type.getProperties()) {
        const declaration = property.valueDeclaration;
        const file = declaration?.getSourceFile();
        if (
          declaration &&
          file &&
          !program.isSourceFileDefaultLibrary(file) &&
          !program.isSourceFileFromExternalLibrary(file) &&
          zoneAnnotations(declaration).length > 0
        )
          fields.set(property.getName(), declaration);
      }
      return fields.size > 0 ? fields : NO_FIELDS;
    },
    (fields) => fields.values(),
  );
}

const COMPARISON_OPERATORS = new Set([
  ts.SyntaxKind.EqualsEqualsToken,
  ts.SyntaxKind.EqualsEqualsEqualsToken,
  ts.SyntaxKind.ExclamationEqualsToken,
  ts.SyntaxKind.ExclamationEqualsEqualsToken,
  ts.SyntaxKind.LessThanToken,
  ts.SyntaxKind.LessThanEqualsToken,
  ts.SyntaxKind.GreaterThanToken,
  ts.SyntaxKind.GreaterThanEqualsToken,
  ts.SyntaxKind.InKeyword,
  ts.SyntaxKind.InstanceOfKeyword,
]);

const COMPOUND_ASSIGNMENTS = new Set([
  ts.SyntaxKind.PlusEqualsToken,
  ts.SyntaxKind.MinusEqualsToken,
  ts.SyntaxKind.QuestionQuestionEqualsToken,
  ts.SyntaxKind.BarBarEqualsToken,
  ts.SyntaxKind.AmpersandAmpersandEqualsToken,
]);

function evaluateBinary(flow: FlowAnalysis, node: ts.BinaryExpression, ctx: UnitContext): Taint {
  const operator = node.operatorToken.kind;
  if (operator === ts.SyntaxKind.EqualsToken) {
    // `this.onChange = () => ...` stores a function for the calls through `this.onChange`.
    if (isFunctionValue(node.right) || ts.isIdentifier(node.right))
      storeWrittenFunction(flow, node);
    return assign(flow, node.left, evaluateExpression(flow, node.right, ctx), node.right, ctx);
  }
  if (COMPOUND_ASSIGNMENTS.has(operator)) {
    const value = join(
      evaluateExpression(flow, node.left, ctx),
      evaluateExpression(flow, node.right, ctx),
    );
    return assign(flow, node.left, value, node.right, ctx);
  }
  if (operator === ts.SyntaxKind.CommaToken) {
    evaluateExpression(flow, node.left, ctx);
    return evaluateExpression(flow, node.right, ctx);
  }
  const left = evaluateExpression(flow, node.left, ctx);
  const right = evaluateExpression(flow, node.right, ctx);
  if (COMPARISON_OPERATORS.has(operator)) return EMPTY;
  if (operator === ts.SyntaxKind.QuestionQuestionToken || operator === ts.SyntaxKind.BarBarToken)
    return join(left, right);
  // `a && b` is `b` whenever `a` is truthy; a falsy `a` ("", 0, null) carries nothing worth a finding.
  if (operator === ts.SyntaxKind.AmpersandAmpersandToken) return right;
  return join(flatten(left), flatten(right));
}

/** Assigns a value to an identifier, a property, an element or a destructuring pattern. */
function assign(
  flow: FlowAnalysis,
  target: ts.Expression,
  value: Taint,
  valueNode: ts.Node,
  ctx: UnitContext,
): Taint {
  if (ts.isParenthesizedExpression(target))
    return assign(flow, target.expression, value, valueNode, ctx);
  if (ts.isIdentifier(target)) {
    const declaration = resolveDeclaration(flow, target);
    // `let data: unknown; data = user` keeps the zones of `user`'s fields, as an initializer does.
    if (declaration && ts.isExpression(valueNode) && hidesFields(flow, declaration))
      value = join(value, typedValue(flow, valueNode, ctx));
    if (declaration) flow.write(declaration, value, ctx, valueNode);
  } else if (
    ts.isPropertyAccessExpression(target) ||
    (ts.isElementAccessExpression(target) && ts.isStringLiteralLike(target.argumentExpression))
  ) {
    assignProperty(flow, target, value, valueNode, ctx);
  } else if (ts.isElementAccessExpression(target)) {
    const keyValue = evaluateExpression(flow, target.argumentExpression, ctx);
    // `record[Kind.Email] = value` writes the one field that the key's type names.
    const key = computedKey(flow, target.argumentExpression);
    const declaration =
      key !== undefined ? propertyOfType(flow, target.expression, key) : undefined;
    const declared = declaration !== undefined && !ts.isMethodDeclaration(declaration);
    if (declared) flow.write(declaration, value, ctx, valueNode);
    // `counts[user.email] = 1`: the object contains the key as well.
    const written =
      key !== undefined ? objectOf(new Map([[key, value]])) : join(value, keysOf(keyValue));
    writeContainer(flow, target.expression, written, valueNode, ctx, !declared);
  } else if (ts.isObjectLiteralExpression(target) || ts.isArrayLiteralExpression(target)) {
    bindAssignmentPattern(flow, target, value, ctx);
  }
  return value;
}

function assignProperty(
  flow: FlowAnalysis,
  target: ts.PropertyAccessExpression | ts.ElementAccessExpression,
  value: Taint,
  valueNode: ts.Node,
  ctx: UnitContext,
): void {
  const nameNode = ts.isPropertyAccessExpression(target) ? target.name : target.argumentExpression;
  const name = (nameNode as ts.Identifier).text;
  for (const sink of propertySinks(flow, target, ctx)) {
    flow.findings.checkSink(
      value,
      { node: valueNode, call: target, callee: target.getText(), purpose: sink.purpose },
      ctx,
    );
  }
  const declaration = resolveDeclaration(flow, nameNode);
  // `box.user = user` into a field typed `any` or `unknown`, or of an object typed so, keeps the
  // zones of `user`'s fields, as an assignment to a variable of such a type does.
  if (ts.isExpression(valueNode) && (declaration === undefined || hidesFields(flow, declaration)))
    value = join(value, typedValue(flow, valueNode, ctx));
  if (declaration && ts.isSetAccessorDeclaration(declaration) && declaration.body) {
    const parameter = declaration.parameters[0];
    if (parameter) flow.writeStore(parameter, value);
  } else if (declaration && !ts.isMethodDeclaration(declaration)) {
    flow.write(declaration, value, ctx, valueNode);
  }
  // The object held by a local variable also keeps the field, for reads that the checker cannot
  // resolve. A field that the checker resolves reaches the callers through its declaration.
  const written = objectOf(new Map([[name, value]]));
  writeContainer(flow, target.expression, written, valueNode, ctx, declaration === undefined);
}

/**
 * Adds a value to the variable or property that contains a container: `list[i] = v`,
 * `list.push(v)`. With `throughParameter`, a write into a parameter is also written into the
 * argument of each call (`recordParameterWrite`).
 */
export function writeContainer(
  flow: FlowAnalysis,
  container: ts.Expression,
  value: Taint,
  valueNode: ts.Node,
  ctx: UnitContext,
  throughParameter = true,
): void {
  let node = container;
  while (
    ts.isParenthesizedExpression(node) ||
    ts.isNonNullExpression(node) ||
    ts.isAsExpression(node)
  )
    node = node.expression;
  if (node.kind === ts.SyntaxKind.ThisKeyword) return;
  const nameNode = ts.isPropertyAccessExpression(node)
    ? node.name
    : ts.isIdentifier(node)
      ? node
      : undefined;
  if (!nameNode) return;
  const declaration = resolveDeclaration(flow, nameNode);
  if (
    declaration &&
    !ts.isFunctionLike(declaration) &&
    !ts.isClassLike(declaration) &&
    !ts.isImportSpecifier(declaration)
  ) {
    flow.write(declaration, value, ctx, valueNode);
    if (throughParameter && ts.isParameter(declaration))
      recordParameterWrite(flow, declaration, value, ctx);
  }
  // A field that a library declares (`url.searchParams`, `headers` of a request) is part of the
  // object that contains it, which is read whole (`url.toString()`, `fetch(url)`).
  if (
    ts.isPropertyAccessExpression(node) &&
    (!declaration || declaration.getSourceFile().isDeclarationFile) &&
    !isLibraryGlobal(flow, node.expression)
  ) {
    const field = objectOf(new Map([[node.name.text, value]]));
    writeContainer(flow, node.expression, field, valueNode, ctx, throughParameter);
  }
}

/**
 * True for an expression read from a global that a library declares (`document.body`,
 * `window.location`), which every file shares, so that a write into one of its fields stays in
 * that field instead of reaching the global.
 */
function isLibraryGlobal(flow: FlowAnalysis, expression: ts.Expression): boolean {
  let root = unwrap(expression);
  while (ts.isPropertyAccessExpression(root) || ts.isElementAccessExpression(root))
    root = unwrap(root.expression);
  if (!ts.isIdentifier(root)) return false;
  const declaration = flow.resolutions.resolve(root).main;
  return declaration !== undefined && declaration.getSourceFile().isDeclarationFile;
}

/** Creates the label of a zone that a model or annotation introduces at `node`. */
export function sourceLabel(
  flow: FlowAnalysis,
  zone: string,
  node: ts.Node,
  message: string,
  inferred = false,
): Taint {
  const label: Label = { zone, inferred, steps: undefined };
  return withStep(fromLabel(label), flow.step(node, message, "source", inferred));
}

/**
 * The value of each element of the array literals that a destructuring binds position by
 * position (`const [user, plan] = await Promise.all([loadUser(), loadPlan()])`), as the last
 * evaluation of the literal found them.
 */
const elementValues = new WeakMap<ts.ArrayLiteralExpression, Taint[]>();

/** The rejection values of the promises of an array literal given to `Promise.allSettled`. */
const settledReasons = new WeakMap<ts.ArrayLiteralExpression, Taint[]>();

/** Returns the values of the elements of an array literal that is bound by position. */
export function literalElementValues(literal: ts.ArrayLiteralExpression): Taint[] | undefined {
  return elementValues.get(literal);
}

/** Keeps what rejects each promise of `literal`, for the `reason` of its settled result. */
export function noteSettledReasons(literal: ts.ArrayLiteralExpression, reasons: Taint[]): void {
  settledReasons.set(literal, reasons);
}

/** Evaluates an array literal to the join of its elements, which share one value. */
function evaluateArray(
  flow: FlowAnalysis,
  node: ts.ArrayLiteralExpression,
  ctx: UnitContext,
): Taint {
  const values = node.elements.map((element) =>
    evaluateExpression(flow, ts.isSpreadElement(element) ? element.expression : element, ctx),
  );
  if (positionalLiteral(node) && !node.elements.some(ts.isSpreadElement))
    elementValues.set(
      node,
      values.map((value, index) => nestedElements(node.elements[index]!) ?? value),
    );
  return joinAll(values);
}

/**
 * Returns the value of an element that is itself an array literal bound by position
 * (`[[email, id], 1]`), as an object with a field for each of its elements, so that a nested
 * pattern (`const [[mail, id], n] = pairs()`) reads each of them. Undefined for other elements.
 */
function nestedElements(element: ts.Expression): Taint | undefined {
  const inner = unwrap(element);
  const values = ts.isArrayLiteralExpression(inner) ? elementValues.get(inner) : undefined;
  return values && objectOf(new Map(values.map((value, index) => [String(index), value])));
}

/**
 * Returns element `index` of a tuple value, as `nestedElements` and `Object.entries` build them,
 * or undefined for other values. Only tuples have fields that are all indexes and no zones of
 * their own. A parameter's label reads element `index` of the caller's value, which is the
 * whole value where that is not a tuple (`instantiate` in `calls.ts`).
 */
export function tupleElement(value: Taint, index: number): Taint | undefined {
  if (value.opaque || value.labels.some((label) => !label.param)) return undefined;
  if (value.fields && !isTuple(value)) return undefined;
  return readField(value, String(index));
}

/** True for a value whose fields are all indexes, as `nestedElements` builds them. */
export function isTuple(value: Taint): boolean {
  if (!value.fields || value.fields.size === 0) return false;
  for (const name of value.fields.keys()) if (!/^\d+$/.test(name)) return false;
  return true;
}

/**
 * Returns the value of element `index` of the array literal that `source` evaluates to, when a
 * destructuring can bind it by position: a literal, or one that `Promise.all` resolves, awaited.
 */
export function literalElement(source: ts.Expression, index: number): Taint | undefined {
  return literalElements(source)?.[index];
}

/** Returns the values of all the elements that `literalElement` reads, in order. */
function literalElements(source: ts.Expression): readonly Taint[] | undefined {
  const literal = literalOf(source);
  if (literal) {
    const values = elementValues.get(literal);
    // Each result of `Promise.allSettled` contains its promise's value in `value`, and in
    // `reason` what rejected it, or else the value, which may have rejected it.
    const reasons = settledReasons.get(literal);
    return values && settledCall(source)
      ? values.map((value, index) =>
          objectOf(
            new Map([
              ["value", value],
              ["reason", reasons?.[index] ?? value],
            ]),
          ),
        )
      : values;
  }
  let inner = unwrap(source);
  if (ts.isAwaitExpression(inner)) inner = unwrap(inner.expression);
  return ts.isCallExpression(inner) ? callElements.get(inner) : undefined;
}

/** True for the nodes that `unwrap` looks through. */
function isWrapper(node: ts.Node): boolean {
  return unwrap(node) !== node;
}

function literalOf(source: ts.Expression): ts.ArrayLiteralExpression | undefined {
  let inner = unwrap(source) as ts.Expression;
  if (ts.isAwaitExpression(inner)) inner = unwrap(inner.expression) as ts.Expression;
  const combinator = promiseCombinator(inner);
  if (combinator && combinator.arguments.length === 1)
    inner = unwrap(combinator.arguments[0]!) as ts.Expression;
  return ts.isArrayLiteralExpression(inner) ? inner : undefined;
}

/** Returns `node` when it calls `Promise.all` or `Promise.allSettled`, or undefined. */
function promiseCombinator(node: ts.Node): ts.CallExpression | undefined {
  return ts.isCallExpression(node) &&
    ts.isPropertyAccessExpression(node.expression) &&
    ts.isIdentifier(node.expression.expression) &&
    node.expression.expression.text === "Promise" &&
    (node.expression.name.text === "all" || node.expression.name.text === "allSettled")
    ? node
    : undefined;
}

/** True when `source` is a call of `Promise.allSettled`, awaited or not. */
function settledCall(source: ts.Expression): boolean {
  let inner = unwrap(source);
  if (ts.isAwaitExpression(inner)) inner = unwrap(inner.expression);
  const combinator = promiseCombinator(inner);
  return (
    combinator !== undefined &&
    (combinator.expression as ts.PropertyAccessExpression).name.text === "allSettled"
  );
}

/**
 * Returns the values of the elements of `returned`, the expression of a `return` or of an arrow
 * function's body, when it is an array literal without spreads.
 */
export function returnedElements(returned: ts.Expression): Taint[] | undefined {
  const literal = unwrap(returned);
  return ts.isArrayLiteralExpression(literal) ? elementValues.get(literal) : undefined;
}

/**
 * The value of each element of a call's result that a destructuring can bind by position, for
 * calls of functions that return array literals (`const [a, b] = pair()`), as the last
 * evaluation of the call found them.
 */
const callElements = new WeakMap<ts.Node, Taint[]>();

/** Records the values of the elements of the result of `call`, or deletes them when undefined. */
export function setCallElements(call: ts.Node, elements: Taint[] | undefined): void {
  if (elements) callElements.set(call, elements);
  else callElements.delete(call);
}

/**
 * Returns true when a destructuring of a variable declaration binds `literal` by position, when
 * a `const` contains it for reads such as `pair[0]`, or when a function returns it, so that its
 * callers may.
 */
function positionalLiteral(literal: ts.ArrayLiteralExpression): boolean {
  const outer = ts.findAncestor(literal.parent, (node) => !isWrapper(node));
  if (outer && ts.isReturnStatement(outer)) return true;
  if (outer && ts.isArrowFunction(outer) && unwrap(outer.body) === literal) return true;
  // An element of a literal bound by position is bound by position too (`[[email, id], 1]`).
  if (
    outer &&
    ts.isArrayLiteralExpression(outer) &&
    outer.elements.some((e) => unwrap(e) === literal)
  )
    return positionalLiteral(outer);
  let node: ts.Node = literal;
  for (let hop = 0; hop < 6 && node.parent; hop++) {
    const parent = node.parent;
    // `const [a, b] = literal`, and `const pair = literal` read as `pair[0]`.
    if (ts.isVariableDeclaration(parent))
      return (
        parent.initializer === node &&
        (ts.isArrayBindingPattern(parent.name) ||
          (ts.isIdentifier(parent.name) && constInitializer(parent) === node)) &&
        literalOf(parent.initializer) === literal
      );
    node = parent;
  }
  return false;
}
