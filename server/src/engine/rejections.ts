import { ts } from "./typescript";

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

/** Returns the promise method call that continues the chain after `call`: `call.then(...)`. */
function nextInChain(call: ts.CallExpression): ts.CallExpression | undefined {
  const access = outerParentheses(call).parent;
  if (!ts.isPropertyAccessExpression(access) || !PROMISE_METHODS.has(access.name.text))
    return undefined;
  const next = access.parent;
  return ts.isCallExpression(next) && next.expression === access ? next : undefined;
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
  const awaited = outerParentheses(end).parent;
  if (!ts.isAwaitExpression(awaited)) return false;
  for (let node: ts.Node = awaited; !ts.isSourceFile(node); node = node.parent) {
    if (ts.isFunctionLike(node)) return false;
    const parent = node.parent;
    if (ts.isTryStatement(parent) && parent.tryBlock === node && parent.catchClause) return true;
  }
  return false;
}
