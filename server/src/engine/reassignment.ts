import { ts } from "./typescript";

/**
 * Values of reassigned local variables, kept apart by assignment. This applies to a `let`
 * variable whose writes are all statements of its block or of `if` branches inside that block
 * (`let v = a; if (c) v = b; else v = hash(v);`). At each point it has the values of the writes
 * that reach it: the last write before it on a straight path, and the last write of each branch
 * after an `if`. A branch that ends in `return`, `throw`, `break` or `continue` reaches nothing
 * after its `if`. Each write gets its own entry in the analysis store, and a read joins the
 * entries of the writes that reach it, so overwriting or reclassifying a variable removes the
 * zones it held.
 *
 * Other variables keep one entry that joins every write. These are variables written in loops,
 * `switch`, `try` or expressions of their block, or more than MAX_WRITES times. So are variables
 * declared with `var`, and those a nested function uses, since it may run at any time.
 */

/** The write statements of an eligible variable, in order, with its declaration first. */
const writesCache = new WeakMap<ts.VariableDeclaration, Writes | null>();

interface Writes {
  /** The declaration, then each write statement in source order. */
  readonly statements: readonly ts.Node[];
  readonly set: ReadonlySet<ts.Node>;
  /** The start of each write statement, in order. */
  readonly starts: readonly number[];
  /** The block that declares the variable. */
  readonly block: ts.Block;
}

/**
 * The maximum number of writes of a variable whose writes are kept apart. Each read looks at the
 * statements before it, so a variable written in many branches of a long function keeps one
 * entry for all its writes instead.
 */
const MAX_WRITES = 32;

/** The store keys of the writes that reach each read, by read node. */
const reachingCache = new WeakMap<ts.Node, readonly ts.Node[]>();

/** Returns the store keys of the writes of `declaration` that reach `at`, or the declaration. */
export function versionsAt(declaration: ts.VariableDeclaration, at: ts.Node): readonly ts.Node[] {
  const writes = writesOf(declaration);
  if (!writes) return [declaration];
  let keys = reachingCache.get(at);
  if (keys === undefined) {
    const statement = declaration.parent.parent;
    const statements = writes.block.statements;
    const reaching = reachingIn(
      statements.slice(statements.indexOf(statement as ts.Statement) + 1),
      new Set([declaration]),
      at.getStart(),
      writes,
    );
    // A read after every branch ended is unreachable, so it takes every write.
    keys = [...(reaching ?? writes.statements)].map((write) => versionKey(declaration, write));
    reachingCache.set(at, keys);
  }
  return keys;
}

/** Returns the writes that reach `position` in `statements` from `reaching`, or null where none does. */
function reachingIn(
  statements: readonly ts.Statement[],
  reaching: ReadonlySet<ts.Node> | null,
  position: number,
  writes: Writes,
): ReadonlySet<ts.Node> | null {
  for (const statement of statements) {
    if (statement.getStart() > position) break;
    if (statement.getEnd() <= position) {
      reaching = reaching && after(statement, reaching, writes);
      continue;
    }
    // The read is inside this statement.
    if (ts.isBlock(statement)) return reachingIn(statement.statements, reaching, position, writes);
    if (ts.isIfStatement(statement)) {
      if (
        statement.thenStatement.getStart() <= position &&
        position < statement.thenStatement.getEnd()
      )
        return reachingIn([statement.thenStatement], reaching, position, writes);
      if (statement.elseStatement && statement.elseStatement.getStart() <= position)
        return reachingIn([statement.elseStatement], reaching, position, writes);
    }
    // The condition of an `if`, the write that reads the variable, or a statement without writes.
    return reaching;
  }
  return reaching;
}

/** Returns the writes that reach the end of `statement`, or null when it always leaves the block early. */
function after(
  statement: ts.Statement,
  reaching: ReadonlySet<ts.Node>,
  writes: Writes,
): ReadonlySet<ts.Node> | null {
  if (writes.set.has(statement)) return new Set([statement]);
  // Code after a statement without writes gets the writes that reached it, unless the statement
  // is a jump. An `if` whose branches all jump makes that code unreachable, which is not checked.
  if (!containsWrite(statement, writes)) return endsEarly(statement) ? null : reaching;
  if (ts.isBlock(statement)) {
    let current: ReadonlySet<ts.Node> | null = reaching;
    for (const inner of statement.statements) {
      current = after(inner, current, writes);
      if (!current) return null;
    }
    return current;
  }
  if (ts.isIfStatement(statement)) {
    const then = after(statement.thenStatement, reaching, writes);
    const otherwise = statement.elseStatement
      ? after(statement.elseStatement, reaching, writes)
      : reaching;
    if (!then) return otherwise;
    if (!otherwise) return then;
    return new Set([...then, ...otherwise]);
  }
  return endsEarly(statement) ? null : reaching;
}

function endsEarly(statement: ts.Statement): boolean {
  return (
    ts.isReturnStatement(statement) ||
    ts.isThrowStatement(statement) ||
    ts.isBreakStatement(statement) ||
    ts.isContinueStatement(statement)
  );
}

/** True when a write statement of the variable lies inside `statement`. */
function containsWrite(statement: ts.Node, writes: Writes): boolean {
  const start = statement.getStart();
  const starts = writes.starts;
  // The first write at or after `start`, by binary search.
  let low = 0;
  let high = starts.length;
  while (low < high) {
    const middle = (low + high) >> 1;
    if (starts[middle]! < start) low = middle + 1;
    else high = middle;
  }
  return low < starts.length && starts[low]! < statement.getEnd();
}

/**
 * Returns the store key of the write that contains `valueNode`, or undefined when the variable
 * keeps one entry for all writes.
 */
export function versionWritten(
  declaration: ts.VariableDeclaration,
  valueNode: ts.Node,
): ts.Node | undefined {
  const writes = writesOf(declaration);
  if (!writes) return undefined;
  const position = valueNode.getStart();
  for (const write of writes.statements)
    if (write.getStart() <= position && position < write.getEnd())
      return versionKey(declaration, write);
  return undefined;
}

/** Returns the store key of one write. The initializer uses the name, since the declaration keeps the joined value. */
function versionKey(declaration: ts.VariableDeclaration, write: ts.Node): ts.Node {
  return write === declaration ? declaration.name : write;
}

function writesOf(declaration: ts.VariableDeclaration): Writes | undefined {
  let writes = writesCache.get(declaration);
  if (writes === undefined) {
    writes = findWrites(declaration);
    writesCache.set(declaration, writes);
  }
  return writes ?? undefined;
}

function findWrites(declaration: ts.VariableDeclaration): Writes | null {
  const name = declaration.name;
  const list = declaration.parent;
  const statement = list?.parent;
  if (
    !ts.isIdentifier(name) ||
    !ts.isVariableDeclarationList(list) ||
    !(list.flags & ts.NodeFlags.Let) ||
    !statement ||
    !ts.isVariableStatement(statement) ||
    !ts.isBlock(statement.parent)
  )
    return null;
  const block = statement.parent;
  const writes: ts.Node[] = [declaration];
  let eligible = true;
  const visit = (node: ts.Node, nested: boolean): void => {
    if (!eligible) return;
    if (ts.isIdentifier(node) && node.text === name.text && node !== name) {
      // A nested function may run at any time, and a write elsewhere than in a statement of
      // the block or of its branches happens only on some paths. Both need the joined entry.
      if (nested || isPatternWrite(node)) eligible = false;
      else if (isWriteTarget(node)) {
        const write = node.parent.parent;
        if (ts.isExpressionStatement(write) && isBranchOf(write, block)) writes.push(write);
        else eligible = false;
      }
      return;
    }
    const inner = nested || ts.isFunctionLike(node) || ts.isClassLike(node);
    ts.forEachChild(node, (child) => visit(child, inner));
  };
  for (const child of block.statements) {
    if (child === statement) continue;
    visit(child, false);
  }
  if (!eligible || writes.length < 2 || writes.length > MAX_WRITES + 1) return null;
  const starts = writes.slice(1).map((write) => write.getStart());
  return { statements: writes, set: new Set(writes), starts, block };
}

/** True when only blocks and `if` branches lie between `statement` and `block`. */
function isBranchOf(statement: ts.Statement, block: ts.Block): boolean {
  let child: ts.Node = statement;
  let parent = statement.parent;
  while (parent !== block) {
    const branch = ts.isIfStatement(parent) && parent.expression !== child;
    if (!branch && !ts.isBlock(parent)) return false;
    child = parent;
    parent = parent.parent;
  }
  return true;
}

/** True for `v` in `v = x` and `v op= x`. */
function isWriteTarget(node: ts.Identifier): boolean {
  const parent = node.parent;
  if (ts.isBinaryExpression(parent) && parent.left === node) {
    const operator = parent.operatorToken.kind;
    return operator >= ts.SyntaxKind.FirstAssignment && operator <= ts.SyntaxKind.LastAssignment;
  }
  return false;
}

/**
 * True for a write through a destructuring assignment (`[v] = xs`, `({ a: v } = o)`) or a loop
 * head (`for (v of xs)`). `v++` writes a number and is left alone.
 */
function isPatternWrite(node: ts.Identifier): boolean {
  let child: ts.Node = node;
  let parent = node.parent;
  while (
    ts.isArrayLiteralExpression(parent) ||
    ts.isObjectLiteralExpression(parent) ||
    ts.isPropertyAssignment(parent) ||
    ts.isShorthandPropertyAssignment(parent) ||
    ts.isSpreadElement(parent) ||
    ts.isSpreadAssignment(parent) ||
    ts.isParenthesizedExpression(parent)
  ) {
    // The value side of `{ a: v }` is a write target; a key is not.
    if (ts.isPropertyAssignment(parent) && parent.name === child) return false;
    child = parent;
    parent = parent.parent;
  }
  if (ts.isForInStatement(parent) || ts.isForOfStatement(parent))
    return parent.initializer === child;
  return (
    child !== node &&
    ts.isBinaryExpression(parent) &&
    parent.left === child &&
    parent.operatorToken.kind === ts.SyntaxKind.EqualsToken
  );
}
