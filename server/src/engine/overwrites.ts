import { ts } from "./typescript";
import { unwrap } from "./calls";
import { propertyDeclaration } from "./expressions";
import type { FlowAnalysis } from "./flow";

/**
 * Fields of a local variable that code before a read replaced or deleted: after
 * `const copy = { ...user }; copy.email = "***";` a read of `copy` no longer has `user`'s email,
 * although the type of `copy` still declares it. The value that the assignment wrote is tracked
 * on its own, so the field's declared zones stop counting there.
 *
 * NOTE: a field whose value the analysis tracked, such as `copy.email` after
 * `const copy = { email: user.email }`, keeps that value after `copy.email = "***"`, since a
 * write to a field adds to what the field held.
 */

/**
 * Returns `fields` without those of the variable read at `node` that an earlier statement
 * assigned or deleted. Only statements of the blocks around `node`, in the same function as the
 * variable's declaration, count, since those run before every read at `node`.
 */
export function withoutOverwritten(
  flow: FlowAnalysis,
  node: ts.Node,
  fields: readonly ts.Declaration[],
): readonly ts.Declaration[] {
  const reference = unwrap(node);
  if (fields.length === 0 || !ts.isIdentifier(reference)) return fields;
  const variable = flow.resolutions.resolve(reference).main;
  // A `let` may hold another object by the time of the read.
  if (
    !variable ||
    !ts.isVariableDeclaration(variable) ||
    !ts.isIdentifier(variable.name) ||
    !(ts.getCombinedNodeFlags(variable) & ts.NodeFlags.Const)
  )
    return fields;
  const names = overwrittenNames(flow, reference, variable);
  if (names.size === 0) return fields;
  let type: ts.Type;
  try {
    type = flow.checker.getTypeAtLocation(reference);
  } catch {
    return fields;
  }
  const replaced = new Set<ts.Declaration>();
  for (const name of names) {
    const declaration = propertyDeclaration(type, name);
    if (declaration) replaced.add(declaration);
  }
  return fields.filter((field) => !replaced.has(field));
}

/** Lists the names of the fields of `variable` that statements before `reference` write or delete. */
function overwrittenNames(
  flow: FlowAnalysis,
  reference: ts.Identifier,
  variable: ts.VariableDeclaration,
): Set<string> {
  const names = new Set<string>();
  const scope = ts.findAncestor(variable, ts.isFunctionLike) ?? variable.getSourceFile();
  let child: ts.Node = reference;
  for (let parent = reference.parent; parent; child = parent, parent = parent.parent) {
    if (ts.isFunctionLike(parent) && parent !== scope) return names;
    if (ts.isBlock(parent) || ts.isSourceFile(parent) || ts.isCaseClause(parent)) {
      for (const statement of parent.statements) {
        if (statement.end > child.pos) break;
        const name = ts.isExpressionStatement(statement)
          ? writtenField(flow, statement.expression, variable)
          : undefined;
        if (name !== undefined) names.add(name);
      }
    }
    if (parent === scope) return names;
  }
  return names;
}

/** Returns the field of `variable` that `expression` assigns or deletes, or undefined. */
function writtenField(
  flow: FlowAnalysis,
  expression: ts.Expression,
  variable: ts.VariableDeclaration,
): string | undefined {
  let target: ts.Expression | undefined;
  if (ts.isDeleteExpression(expression)) target = unwrap(expression.expression) as ts.Expression;
  else if (
    ts.isBinaryExpression(expression) &&
    expression.operatorToken.kind === ts.SyntaxKind.EqualsToken
  )
    target = expression.left;
  if (!target) return undefined;
  let name: string | undefined;
  if (ts.isPropertyAccessExpression(target) && ts.isIdentifier(target.name))
    name = target.name.text;
  else if (ts.isElementAccessExpression(target) && ts.isStringLiteral(target.argumentExpression))
    name = target.argumentExpression.text;
  if (name === undefined) return undefined;
  const owner = unwrap(
    (target as ts.PropertyAccessExpression | ts.ElementAccessExpression).expression,
  );
  if (!ts.isIdentifier(owner) || owner.text !== (variable.name as ts.Identifier).text)
    return undefined;
  return flow.resolutions.resolve(owner).main === variable ? name : undefined;
}
