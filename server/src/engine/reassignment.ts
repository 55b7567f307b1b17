import { ts } from "./typescript";

/**
 * Values of reassigned local variables, kept apart by assignment. A `let` variable whose writes
 * are all statements of the block that declares it (`let v = a; ...; v = hash(v);`) has at each
 * point the value of the last of those statements before it. Each such write gets its own entry
 * in the analysis store, and a read takes the entry of the write before it, so that overwriting
 * or reclassifying a variable removes the zones it held.
 *
 * Other variables keep one entry that joins every write: those written in branches or loops of
 * their block, declared with `var`, or used by a nested function, which may run at any time.
 */

/** The write statements of an eligible variable, in order, with its declaration first. */
const writesCache = new WeakMap<ts.VariableDeclaration, readonly ts.Node[] | null>();

/** Returns the store key of the last write of `declaration` before `at`, or the declaration. */
export function versionAt(declaration: ts.VariableDeclaration, at: ts.Node): ts.Node {
  const writes = writesOf(declaration);
  if (!writes) return declaration;
  const position = at.getStart();
  let key: ts.Node = declaration;
  for (const write of writes) {
    if (write.getEnd() > position) break;
    key = versionKey(declaration, write);
  }
  return key;
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
  for (const write of writes)
    if (write.getStart() <= position && position < write.getEnd())
      return versionKey(declaration, write);
  return undefined;
}

/** Returns the store key of one write. The initializer uses the name, since the declaration keeps the joined value. */
function versionKey(declaration: ts.VariableDeclaration, write: ts.Node): ts.Node {
  return write === declaration ? declaration.name : write;
}

function writesOf(declaration: ts.VariableDeclaration): readonly ts.Node[] | undefined {
  let writes = writesCache.get(declaration);
  if (writes === undefined) {
    writes = findWrites(declaration);
    writesCache.set(declaration, writes);
  }
  return writes ?? undefined;
}

function findWrites(declaration: ts.VariableDeclaration): readonly ts.Node[] | null {
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
      // the block happens only on some paths. Both need the joined entry.
      if (nested || isPatternWrite(node)) eligible = false;
      else if (isWriteTarget(node)) {
        const write = node.parent.parent;
        if (ts.isExpressionStatement(write) && write.parent === block) writes.push(write);
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
  return eligible && writes.length > 1 ? writes : null;
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
