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

/** Returns true for a call of `then`, `catch` or `finally`. */
export function isPromiseMethodCall(call: ts.CallExpression): boolean {
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
    ts.isNonNullExpression(current.parent) ||
    ts.isTypeAssertionExpression(current.parent)
  )
    current = current.parent;
  return current;
}

/** `Promise` functions whose promise rejects when one of the promises they are given rejects. */
const COMBINING_FUNCTIONS = new Set(["all", "race", "any"]);

/**
 * Returns the name of the `Promise` function that `call` calls (`all` for `Promise.all(...)`),
 * or undefined for other calls.
 */
export function promiseFunction(call: ts.Node): string | undefined {
  if (!ts.isCallExpression(call)) return undefined;
  const callee = call.expression;
  return ts.isPropertyAccessExpression(callee) &&
    ts.isIdentifier(callee.expression) &&
    callee.expression.text === "Promise"
    ? callee.name.text
    : undefined;
}

/** The place that the rejection of a promise goes to from the expression that evaluates to it. */
export type RejectionRoute =
  /** A `then`, `catch` or `finally` call on it, or `Promise.all`, `race`, `any` or `resolve`. */
  | { kind: "next"; call: ts.CallExpression }
  /** `Promise.allSettled`, which turns the rejection into the `reason` of a result. */
  | { kind: "settled" }
  | { kind: "await"; node: ts.AwaitExpression }
  /** Returned from the function, whose callers receive it. */
  | { kind: "return"; fn: ts.SignatureDeclaration }
  /** Stored in a variable: the routes of its uses. */
  | { kind: "stored"; uses: readonly RejectionRoute[] }
  /** Left as a statement, or given to `void`: nothing receives it. */
  | { kind: "dropped" }
  /** Anything else, such as an argument of a call that the analysis does not follow. */
  | { kind: "other" };

/** Returns true for `xs.map(f)` and `xs.flatMap(f)`, whose array contains what `f` returns. */
export function isMappingCall(node: ts.Node): node is ts.CallExpression {
  return (
    ts.isCallExpression(node) &&
    ts.isPropertyAccessExpression(node.expression) &&
    (node.expression.name.text === "map" || node.expression.name.text === "flatMap")
  );
}

/**
 * Returns the expression whose promise is that of `node`, once the branches of conditional
 * expressions around it are left: the key of its rejection in `UnitContext.rejections`.
 */
export function promiseKey(node: ts.Node): ts.Node {
  let current = node;
  for (;;) {
    const outer = outerExpression(current);
    const parent = outer.parent;
    if (!ts.isConditionalExpression(parent) || parent.condition === outer) return current;
    current = parent;
  }
}

/** Returns where the rejection of the promise that `node` evaluates to goes. */
export function rejectionRoute(node: ts.Node): RejectionRoute {
  let route = routes.get(node);
  if (!route) routes.set(node, (route = findRoute(node)));
  return route;
}

/** The results of `rejectionRoute`, because every evaluation of a call needs them again. */
const routes = new WeakMap<ts.Node, RejectionRoute>();

function findRoute(node: ts.Node): RejectionRoute {
  const outer = outerExpression(node);
  const parent = outer.parent;
  const next = methodCallOn(node);
  if (next) return { kind: "next", call: next };

  if (ts.isAwaitExpression(parent)) return { kind: "await", node: parent };
  if (ts.isReturnStatement(parent)) {
    let fn: ts.Node = parent;
    while (!ts.isSourceFile(fn) && !ts.isFunctionLike(fn)) fn = fn.parent;
    return ts.isFunctionLike(fn) ? { kind: "return", fn } : { kind: "other" };
  }
  if (ts.isArrowFunction(parent) && parent.body === outer) return { kind: "return", fn: parent };
  if (ts.isExpressionStatement(parent) || ts.isVoidExpression(parent)) return { kind: "dropped" };
  if (ts.isConditionalExpression(parent) && parent.condition !== outer)
    return rejectionRoute(parent);

  if (
    ts.isVariableDeclaration(parent) &&
    parent.initializer === outer &&
    ts.isCallExpression(node)
  ) {
    const uses = storedUses(node)
      .map(rejectionRoute)
      .filter((route) => route.kind !== "other" && route.kind !== "dropped");
    return uses.length > 0 ? { kind: "stored", uses } : { kind: "dropped" };
  }

  if (ts.isCallExpression(parent) && parent.arguments[0] === outer) {
    const name = promiseFunction(parent);
    if (name === "resolve") return { kind: "next", call: parent };
    // `Promise.all(users.map(load))`: the promises that the callbacks return.
    if (name && isMappingCall(node)) {
      if (COMBINING_FUNCTIONS.has(name)) return { kind: "next", call: parent };
      if (name === "allSettled") return { kind: "settled" };
    }
  }
  if (ts.isArrayLiteralExpression(parent)) {
    const call = outerExpression(parent).parent;
    if (ts.isCallExpression(call) && call.arguments[0] === outerExpression(parent)) {
      const name = promiseFunction(call);
      if (name && COMBINING_FUNCTIONS.has(name)) return { kind: "next", call };
      if (name === "allSettled") return { kind: "settled" };
    }
  }
  return { kind: "other" };
}

/**
 * Returns the uses of the variable that `call` initializes, in the function or file around it:
 * `const pending = load(); pending.catch(...)`. Uses in nested functions are left out, since
 * they run apart. A `let` variable counts with its uses before the first statement that writes
 * it again, and with none when a nested function writes it. NOTE: uses are found by name, so a
 * name that shadows the variable in a nested block counts too.
 */
export function storedUses(call: ts.Node): readonly ts.Identifier[] {
  let uses = usesByCall.get(call);
  if (!uses) usesByCall.set(call, (uses = findStoredUses(call)));
  return uses;
}

/** The results of `storedUses` by call, because every evaluation of a call needs them again. */
const usesByCall = new WeakMap<ts.Node, readonly ts.Identifier[]>();

function findStoredUses(call: ts.Node): readonly ts.Identifier[] {
  const declaration = outerExpression(call).parent;
  if (!ts.isVariableDeclaration(declaration) || !ts.isIdentifier(declaration.name)) return [];
  const isLet =
    ts.isVariableDeclarationList(declaration.parent) &&
    (declaration.parent.flags & ts.NodeFlags.Let) !== 0;
  if (!isLet && !constInitializer(declaration)) return [];
  const name = declaration.name.text;
  let scope: ts.Node = declaration;
  while (!ts.isSourceFile(scope) && !ts.isFunctionLike(scope)) scope = scope.parent;
  const uses: ts.Identifier[] = [];
  let firstWrite = Infinity;
  let writtenLater = false;
  const visit = (node: ts.Node, nested: boolean): void => {
    if (ts.isIdentifier(node) && node.text === name && node !== declaration.name) {
      if (!isLet) {
        if (!nested) uses.push(node);
      } else if (isWritten(node)) {
        if (nested) writtenLater = true;
        firstWrite = Math.min(firstWrite, writeStatement(node).getStart());
      } else if (!nested) uses.push(node);
      return;
    }
    const inner = nested || ts.isFunctionLike(node);
    ts.forEachChild(node, (child) => visit(child, inner));
  };
  ts.forEachChild(scope, (child) => visit(child, false));
  if (writtenLater) return [];
  return isLet ? uses.filter((use) => use.getStart() < firstWrite) : uses;
}

/** True for a name that an assignment, a destructuring assignment, a loop head or `++` writes. */
function isWritten(node: ts.Identifier): boolean {
  const outer = outerExpression(node);
  const parent = outer.parent;
  if (ts.isPrefixUnaryExpression(parent) || ts.isPostfixUnaryExpression(parent))
    return (
      parent.operator === ts.SyntaxKind.PlusPlusToken ||
      parent.operator === ts.SyntaxKind.MinusMinusToken
    );
  let target: ts.Node = outer;
  while (
    ts.isArrayLiteralExpression(target.parent) ||
    ts.isObjectLiteralExpression(target.parent) ||
    ts.isShorthandPropertyAssignment(target.parent) ||
    ts.isSpreadElement(target.parent) ||
    ts.isSpreadAssignment(target.parent) ||
    ts.isParenthesizedExpression(target.parent) ||
    (ts.isPropertyAssignment(target.parent) && target.parent.initializer === target)
  )
    target = target.parent;
  const holder = target.parent;
  if (ts.isBinaryExpression(holder) && holder.left === target) {
    const operator = holder.operatorToken.kind;
    if (target !== outer) return operator === ts.SyntaxKind.EqualsToken;
    return operator >= ts.SyntaxKind.FirstAssignment && operator <= ts.SyntaxKind.LastAssignment;
  }
  return (
    (ts.isForOfStatement(holder) || ts.isForInStatement(holder)) && holder.initializer === target
  );
}

/** Returns the statement that contains a write, after which the variable has another value. */
function writeStatement(node: ts.Node): ts.Node {
  let current = node;
  while (!ts.isSourceFile(current.parent) && !ts.isBlock(current.parent)) current = current.parent;
  return current;
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
 * Returns the call that a variable's declaration initializes with, for a name that reads it: the
 * call whose promise `pending.catch(...)` settles. A `let` variable counts only where
 * `storedUses` lists the name.
 */
export function storedCall(
  node: ts.Node,
  resolve: (name: ts.Identifier) => ts.Node | undefined,
): ts.CallExpression | undefined {
  if (!ts.isIdentifier(node)) return undefined;
  const declaration = resolve(node);
  if (!declaration || !ts.isVariableDeclaration(declaration) || !declaration.initializer)
    return undefined;
  const call = unwrap(declaration.initializer);
  if (!ts.isCallExpression(call)) return undefined;
  if (constInitializer(declaration)) return call;
  return storedUses(call).includes(node) ? call : undefined;
}

/** Returns the position of the argument of a `then` or `catch` call that handles a rejection. */
function handlerIndex(call: ts.CallExpression): number {
  const callee = call.expression;
  if (!ts.isPropertyAccessExpression(callee)) return -1;
  if (callee.name.text === "catch") return 0;
  if (callee.name.text === "then") return 1;
  return -1;
}

/**
 * Returns true when a rejection of the promise of `call` is handled. A handler further down its
 * chain handles it, and so does the `catch` of a `try` block around an `await` of the chain in
 * the same function. A function that returns the chain leaves it to its callers, where the
 * analysis follows it on. Each way that the promise goes on must handle it.
 */
export function isRejectionHandled(call: ts.CallExpression): boolean {
  return isRouteHandled(rejectionRoute(call));
}

function isRouteHandled(route: RejectionRoute): boolean {
  switch (route.kind) {
    case "next": {
      const index = handlerIndex(route.call);
      if (index >= 0 && route.call.arguments[index] && promiseFunction(route.call) === undefined)
        return true;
      return isRejectionHandled(route.call);
    }
    case "settled":
      return true;
    case "return":
      return !mayBeCalledElsewhere(route.fn);
    case "await":
      return isAwaitedInTry(route.node);
    case "stored":
      return route.uses.every(isRouteHandled);
    default:
      return false;
  }
}

/**
 * Returns true when code outside the project may call `fn`, so that the analysis does not see
 * all its callers. Such are a function that its module exports, a method of an exported class or
 * of an object, and a function of a CommonJS module. A function passed as an argument counts as
 * called by the function it is passed to.
 */
function mayBeCalledElsewhere(fn: ts.SignatureDeclaration): boolean {
  const outer = outerExpression(fn);
  if (ts.isCallExpression(outer.parent) || ts.isNewExpression(outer.parent)) return false;
  const file = fn.getSourceFile();
  if (/\bexports\b/.test(file.text)) return true;

  let holder: ts.Node = fn;
  let name: ts.Node | undefined;
  if (ts.isFunctionDeclaration(fn)) name = fn.name;
  else if (ts.isMethodDeclaration(fn) || ts.isAccessor(fn) || ts.isConstructorDeclaration(fn)) {
    if (!ts.isClassDeclaration(fn.parent)) return true;
    holder = fn.parent;
    name = fn.parent.name;
  } else if (ts.isArrowFunction(fn) || ts.isFunctionExpression(fn)) {
    if (!ts.isVariableDeclaration(outer.parent)) return true;
    holder = outer.parent.parent.parent;
    name = outer.parent.name;
  } else return true;

  if (ts.canHaveModifiers(holder) && ts.getModifiers(holder)?.some(isExportModifier)) return true;
  if (!name || !ts.isIdentifier(name)) return true;
  // A function inside another is called only from there.
  if (!ts.isSourceFile(holder.parent)) return false;
  return file.statements.some(
    (statement) =>
      (ts.isExportAssignment(statement) &&
        ts.isIdentifier(statement.expression) &&
        statement.expression.text === name.text) ||
      (ts.isExportDeclaration(statement) &&
        statement.exportClause !== undefined &&
        ts.isNamedExports(statement.exportClause) &&
        statement.exportClause.elements.some(
          (element) => (element.propertyName ?? element.name).getText() === name.text,
        )),
  );
}

function isExportModifier(modifier: ts.ModifierLike): boolean {
  return modifier.kind === ts.SyntaxKind.ExportKeyword;
}

/** Returns true when `node` is awaited inside a `try` block with a `catch`, in its own function. */
export function isAwaitedInTry(node: ts.Node): boolean {
  const awaited = ts.isAwaitExpression(node) ? node : outerExpression(node).parent;
  if (!ts.isAwaitExpression(awaited)) return false;
  for (let current: ts.Node = awaited; !ts.isSourceFile(current); current = current.parent) {
    if (ts.isFunctionLike(current)) return false;
    const parent = current.parent;
    if (ts.isTryStatement(parent) && parent.tryBlock === current && parent.catchClause) return true;
  }
  return false;
}
