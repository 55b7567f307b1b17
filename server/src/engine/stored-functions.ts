import { ts } from "./typescript";
import { functionOfArgument, unwrap } from "./calls";
import { resolveDeclaration } from "./expressions";
import type { FlowAnalysis, FunctionNode } from "./flow";

/**
 * Functions stored to be called later: listeners in a registry (`this.listeners.push(listener)`),
 * handlers in a `Map` (`handlers.set(name, handler)`) and callbacks in a field
 * (`this.onChange = callback`). A call through the same field or variable
 * (`for (const listener of this.listeners) listener(user)`, `handlers.get(name)?.(user)`,
 * `this.onChange?.(user)`) runs each function stored there.
 *
 * The storage is the declaration of the field or variable. A function is stored by a write of a
 * function value there, or by a call whose function writes its parameter there, with the
 * function passed as the argument.
 */

/** Methods of the standard library's collections that store their arguments. */
const STORING_METHODS: ReadonlyMap<string, "all" | "last"> = new Map([
  ["push", "all"],
  ["unshift", "all"],
  ["add", "all"],
  ["set", "last"],
]);

/** How many `const` aliases of another storage `storageOf` follows. */
const MAX_ALIASES = 4;

/** Methods of the standard library's collections that call a callback with each element. */
const ELEMENT_METHODS = new Set(["forEach", "map", "flatMap", "filter", "some", "every", "find"]);

/**
 * Returns the collection that an expression reads an element of: `listeners` for
 * `listeners.get(name) ?? []` and `listeners[name]`, or the expression itself.
 */
function collectionOf(target: ts.Expression): ts.Expression {
  let node = unwrap(target) as ts.Expression;
  if (
    ts.isBinaryExpression(node) &&
    (node.operatorToken.kind === ts.SyntaxKind.QuestionQuestionToken ||
      node.operatorToken.kind === ts.SyntaxKind.BarBarToken)
  )
    node = unwrap(node.left) as ts.Expression;
  if (
    ts.isCallExpression(node) &&
    ts.isPropertyAccessExpression(node.expression) &&
    node.expression.name.text === "get"
  )
    node = unwrap(node.expression.expression) as ts.Expression;
  if (ts.isElementAccessExpression(node)) node = unwrap(node.expression) as ts.Expression;
  return node;
}

/**
 * Returns the declaration of the field or variable that `target` writes or reads: `this.x`,
 * `registry.handlers`, `handlers`, and the same with an element access (`handlers[name]`).
 * Parameters, functions and declarations of packages are not storage.
 */
export function storageOf(
  flow: FlowAnalysis,
  target: ts.Expression,
  depth = 0,
): ts.Node | undefined {
  const node = collectionOf(target);
  const name = ts.isPropertyAccessExpression(node)
    ? node.name
    : ts.isIdentifier(node)
      ? node
      : undefined;
  if (!name) return undefined;
  const declaration = resolveDeclaration(flow, name);
  // `const list = this.listeners.get(name) ?? []` names what `this.listeners` stores.
  const initializer =
    declaration &&
    ts.isVariableDeclaration(declaration) &&
    declaration.parent.flags & ts.NodeFlags.Const &&
    declaration.initializer;
  if (initializer && depth < MAX_ALIASES) {
    const inner = unwrap(initializer) as ts.Expression;
    if (!ts.isNewExpression(inner) && !ts.isArrayLiteralExpression(inner)) {
      const aliased = storageOf(flow, inner, depth + 1);
      if (aliased) return aliased;
    }
  }
  if (
    !declaration ||
    !(
      ts.isPropertyDeclaration(declaration) ||
      ts.isPropertySignature(declaration) ||
      ts.isVariableDeclaration(declaration)
    ) ||
    declaration.getSourceFile().isDeclarationFile
  )
    return undefined;
  return declaration;
}

/**
 * Returns the storage that `node` writes a value into, when it is such a write and `isValue`
 * accepts the value: `target = value`, and `target.push(value)`, `.unshift`, `.add` and
 * `.set(key, value)`. Returns the accepted value with it.
 */
function storedInto(
  flow: FlowAnalysis,
  node: ts.Node,
  isValue: (expression: ts.Expression) => boolean,
): { storage: ts.Node; value: ts.Expression } | undefined {
  let value: ts.Expression | undefined;
  let target: ts.Expression | undefined;
  if (ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.EqualsToken) {
    const right = unwrap(node.right) as ts.Expression;
    if (isValue(right)) [value, target] = [right, node.left];
  } else if (ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression)) {
    const position = STORING_METHODS.get(node.expression.name.text);
    if (!position) return undefined;
    const stored = position === "last" ? node.arguments.slice(-1) : node.arguments;
    for (const argument of stored) {
      const inner = unwrap(argument) as ts.Expression;
      if (!isValue(inner)) continue;
      [value, target] = [inner, node.expression.expression];
      break;
    }
  }
  const storage = target && storageOf(flow, target);
  return storage && value ? { storage, value } : undefined;
}

/**
 * Stores the function that `node` writes into a field or a variable, when it is such a write
 * of a function value (`this.onChange = () => ...`, `handlers.set("x", handle)`).
 */
export function storeWrittenFunction(flow: FlowAnalysis, node: ts.Node): void {
  let fn: FunctionNode | undefined;
  const stored = storedInto(flow, node, (expression) => {
    fn = functionOfArgument(flow, expression);
    return fn !== undefined;
  });
  if (stored && fn) flow.writeFunctions(stored.storage, [fn]);
}

/** The storages that each function writes its parameters into, by checker, function and parameter. */
const parameterStorages = new WeakMap<
  ts.TypeChecker,
  WeakMap<ts.Node, Map<ts.ParameterDeclaration, ts.Node[]>>
>();

/**
 * Returns the fields and variables that the function of `parameter` writes the parameter into
 * (`subscribe(listener) { this.listeners.push(listener); }`), also from functions nested in it.
 */
export function storagesOfParameter(
  flow: FlowAnalysis,
  parameter: ts.ParameterDeclaration,
): readonly ts.Node[] {
  let byFunction = parameterStorages.get(flow.checker);
  if (!byFunction) parameterStorages.set(flow.checker, (byFunction = new WeakMap()));
  const owner = parameter.parent;
  let byParameter = byFunction.get(owner);
  if (!byParameter) {
    byParameter = scanParameterStorages(flow, owner);
    byFunction.set(owner, byParameter);
  }
  return byParameter.get(parameter) ?? [];
}

function scanParameterStorages(
  flow: FlowAnalysis,
  owner: ts.SignatureDeclaration,
): Map<ts.ParameterDeclaration, ts.Node[]> {
  const found = new Map<ts.ParameterDeclaration, ts.Node[]>();
  const body = (owner as ts.FunctionLikeDeclaration).body;
  const names = new Set<string>();
  for (const parameter of owner.parameters)
    if (ts.isIdentifier(parameter.name)) names.add(parameter.name.text);
  if (!body || names.size === 0) return found;
  const isParameter = (expression: ts.Expression) => {
    if (!ts.isIdentifier(expression) || !names.has(expression.text)) return false;
    const declaration = flow.resolutions.resolve(expression).main;
    return declaration !== undefined && declaration.parent === owner;
  };
  const visit = (node: ts.Node): void => {
    const stored = storedInto(flow, node, isParameter);
    if (stored) {
      const parameter = flow.resolutions.resolve(stored.value).main as ts.ParameterDeclaration;
      const list = found.get(parameter);
      if (!list) found.set(parameter, [stored.storage]);
      else if (!list.includes(stored.storage)) list.push(stored.storage);
    }
    ts.forEachChild(node, visit);
  };
  visit(body);
  return found;
}

/**
 * Returns the functions stored where a call's callee reads from: `this.onChange?.(user)`,
 * `handlers.get(name)?.(user)`, `handlers[name](user)`, and a name bound to each element of a
 * storage (`for (const listener of this.listeners)`, `this.listeners.forEach((listener) => ...)`).
 */
export function storedCallees(flow: FlowAnalysis, callee: ts.Expression): readonly FunctionNode[] {
  const storage = calleeStorage(flow, unwrap(callee) as ts.Expression);
  return storage ? flow.readFunctions(storage) : [];
}

function calleeStorage(flow: FlowAnalysis, callee: ts.Expression): ts.Node | undefined {
  // `handlers.get(name)`, `this.onChange`, `handlers[name]`.
  if (
    ts.isCallExpression(callee) ||
    ts.isPropertyAccessExpression(callee) ||
    ts.isElementAccessExpression(callee)
  )
    return storageOf(flow, callee);
  if (!ts.isIdentifier(callee)) return undefined;
  const declaration = flow.resolutions.resolve(callee).main;
  if (!declaration) return undefined;
  // `for (const listener of this.listeners)`.
  if (
    ts.isVariableDeclaration(declaration) &&
    ts.isVariableDeclarationList(declaration.parent) &&
    ts.isForOfStatement(declaration.parent.parent) &&
    ts.isIdentifier(declaration.name)
  )
    return storageOf(flow, declaration.parent.parent.expression);
  // `this.listeners.forEach((listener) => listener(user))`.
  if (ts.isParameter(declaration) && declaration.parent.parameters[0] === declaration) {
    const fn = declaration.parent;
    const call = fn.parent;
    if (
      ts.isCallExpression(call) &&
      call.arguments[0] === fn &&
      ts.isPropertyAccessExpression(call.expression) &&
      ELEMENT_METHODS.has(call.expression.name.text)
    )
      return storageOf(flow, call.expression.expression);
    return undefined;
  }
  return storageOf(flow, callee);
}
