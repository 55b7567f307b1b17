import { ts } from "./typescript";
import { constInitializer } from "./bindings";
import { unwrap } from "./calls";

/** Promise methods whose callbacks run once the promise settles. */
const PROMISE_METHODS = new Set(["then", "catch", "finally"]);

/** Returns the node inside any parentheses that wrap `node`, going up. */
function outerParentheses(node: ts.Node): ts.Node {
  let current = node;
  while (ts.isParenthesizedExpression(current.parent)) current = current.parent;
  return current;
}

/**
 * Returns the call `p.then(fn)`, `p.catch(fn)` or `p.finally(fn)` that takes the function
 * expression `fn` as an argument, or undefined.
 */
export function promiseCallOf(fn: ts.Node): ts.CallExpression | undefined {
  if (!ts.isArrowFunction(fn) && !ts.isFunctionExpression(fn)) return undefined;
  const argument = outerParentheses(fn);
  const call = argument.parent;
  if (!ts.isCallExpression(call) || !call.arguments.includes(argument as ts.Expression))
    return undefined;
  return isPromiseMethodCall(call) ? call : undefined;
}

function isPromiseMethodCall(call: ts.CallExpression): boolean {
  return (
    ts.isPropertyAccessExpression(call.expression) && PROMISE_METHODS.has(call.expression.name.text)
  );
}

/** Returns the node that contains `node` once parentheses and type assertions are left. */
function outerExpression(node: ts.Node): ts.Node {
  let current = node;
  while (
    ts.isParenthesizedExpression(current.parent) ||
    ts.isAsExpression(current.parent) ||
    ts.isSatisfiesExpression(current.parent) ||
    ts.isNonNullExpression(current.parent)
  )
    current = current.parent;
  return current;
}

/**
 * Returns the uses of the `const` variable that `call` initializes, in the function or file
 * around it: `const pending = load(); pending.catch(...)`. NOTE: uses are found by name, so a
 * name that shadows the variable in a nested scope counts too.
 */
export function storedUses(call: ts.CallExpression): readonly ts.Identifier[] {
  let uses = usesByCall.get(call);
  if (!uses) usesByCall.set(call, (uses = findStoredUses(call)));
  return uses;
}

/** The results of `storedUses` by call, because every evaluation of a call needs them again. */
const usesByCall = new WeakMap<ts.CallExpression, readonly ts.Identifier[]>();

function findStoredUses(call: ts.CallExpression): readonly ts.Identifier[] {
  const declaration = outerExpression(call).parent;
  if (
    !ts.isVariableDeclaration(declaration) ||
    !ts.isIdentifier(declaration.name) ||
    !constInitializer(declaration)
  )
    return [];
  const name = declaration.name.text;
  let scope: ts.Node = declaration;
  while (!ts.isSourceFile(scope) && !ts.isFunctionLike(scope)) scope = scope.parent;
  const uses: ts.Identifier[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isIdentifier(node) && node.text === name && node !== declaration.name) uses.push(node);
    ts.forEachChild(node, visit);
  };
  ts.forEachChild(scope, visit);
  return uses;
}

/** Returns the promise method call whose receiver is `node`: `node.then(...)`. */
function methodCallOn(node: ts.Node): ts.CallExpression | undefined {
  const access = outerExpression(node).parent;
  if (!ts.isPropertyAccessExpression(access) || !PROMISE_METHODS.has(access.name.text))
    return undefined;
  const next = access.parent;
  return ts.isCallExpression(next) && next.expression === access ? next : undefined;
}

/**
 * Returns the promise method call that continues the chain after `call`: `call.then(...)`, or
 * the first such call on the `const` variable that stores it.
 */
function nextInChain(call: ts.CallExpression): ts.CallExpression | undefined {
  const direct = methodCallOn(call);
  if (direct) return direct;
  for (const use of storedUses(call)) {
    const next = methodCallOn(use);
    if (next) return next;
  }
  return undefined;
}

/**
 * Returns the call that a variable's `const` declaration initializes with, for a name that reads
 * it: the call whose promise `pending.catch(...)` settles.
 */
export function storedCall(
  node: ts.Node,
  resolve: (name: ts.Identifier) => ts.Node | undefined,
): ts.CallExpression | undefined {
  if (!ts.isIdentifier(node)) return undefined;
  const initializer = constInitializer(resolve(node));
  const call = initializer && unwrap(initializer);
  return call && ts.isCallExpression(call) ? call : undefined;
}

/**
 * Returns the argument that handles a rejection of the promise of `call` further down its
 * chain: the handler of the first `.catch(handler)` or `.then(onFulfilled, handler)` after it.
 */
export function rejectionHandler(call: ts.CallExpression): ts.Expression | undefined {
  for (let next = nextInChain(call); next; next = nextInChain(next)) {
    const method = (next.expression as ts.PropertyAccessExpression).name.text;
    if (method === "catch" && next.arguments[0]) return next.arguments[0];
    if (method === "then" && next.arguments[1]) return next.arguments[1];
  }
  return undefined;
}

/**
 * Returns true when a rejection of the promise of `call` is handled: by a handler further down
 * its chain, or by the `catch` of a `try` block around an `await` of the chain in the same
 * function.
 */
export function isRejectionHandled(call: ts.CallExpression): boolean {
  if (rejectionHandler(call)) return true;
  let end = call;
  for (let next = nextInChain(call); next; next = nextInChain(next)) end = next;
  return [end, ...storedUses(end)].some(isAwaitedInTry);
}

/** Returns true when `node` is awaited inside a `try` block with a `catch`, in its own function. */
export function isAwaitedInTry(node: ts.Node): boolean {
  const awaited = outerExpression(node).parent;
  if (!ts.isAwaitExpression(awaited)) return false;
  for (let current: ts.Node = awaited; !ts.isSourceFile(current); current = current.parent) {
    if (ts.isFunctionLike(current)) return false;
    const parent = current.parent;
    if (ts.isTryStatement(parent) && parent.tryBlock === current && parent.catchClause) return true;
  }
  return false;
}

/**
 * Returns true when the rejection of `call`'s promise has a later place to go: a handler down its
 * chain, or an `await` in a `try` block of the variable that stores it. The analysis keeps the
 * rejection in `UnitContext.rejections` for that place.
 */
export function isSettledLater(call: ts.CallExpression): boolean {
  return rejectionHandler(call) !== undefined || storedUses(call).some(isAwaitedInTry);
}
