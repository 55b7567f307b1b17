import { ts } from "./typescript";
import { unwrap } from "./calls";
import { propertyDeclaration } from "./expressions";
import type { FlowAnalysis } from "./flow";
import { withoutFields } from "./taint";
import type { Taint } from "./taint";

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
  const names = overwrittenFields(flow, reference);
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

/**
 * Lists the fields of the `const` read at `reference` that statements before the read assign or
 * delete, or with `deletesOnly`, delete only.
 */
export function overwrittenFields(
  flow: FlowAnalysis,
  reference: ts.Identifier,
  deletesOnly = false,
): Set<string> {
  const variable = flow.resolutions.resolve(reference).main;
  // A `let` may hold another object by the time of the read.
  if (
    !variable ||
    !ts.isVariableDeclaration(variable) ||
    !ts.isIdentifier(variable.name) ||
    !(ts.getCombinedNodeFlags(variable) & ts.NodeFlags.Const)
  )
    return new Set();
  return overwrittenNames(flow, reference, variable, deletesOnly);
}

/**
 * Returns `value` without the fields of the variable read at `reference` that statements before
 * the read deleted (`delete copy.email`, `for (const key of HIDDEN) delete copy[key]`), where
 * the analysis tracked them one by one. Fields that code assigned keep what was written.
 */
export function withoutDeleted(flow: FlowAnalysis, reference: ts.Identifier, value: Taint): Taint {
  if (!value.fields || value.fields.size === 0 || value.opaque) return value;
  const names = overwrittenFields(flow, reference, true);
  return names.size === 0 ? value : withoutFields(value, names);
}

/**
 * Lists the names of the fields of `variable` that statements before `reference` delete, or with
 * `deletesOnly` false, also assign.
 */
function overwrittenNames(
  flow: FlowAnalysis,
  reference: ts.Identifier,
  variable: ts.VariableDeclaration,
  deletesOnly = false,
): Set<string> {
  const names = new Set<string>();
  const scope = ts.findAncestor(variable, ts.isFunctionLike) ?? variable.getSourceFile();
  let child: ts.Node = reference;
  for (let parent = reference.parent; parent; child = parent, parent = parent.parent) {
    if (ts.isFunctionLike(parent) && parent !== scope) return names;
    if (ts.isBlock(parent) || ts.isSourceFile(parent) || ts.isCaseClause(parent)) {
      for (const statement of parent.statements) {
        if (statement.end > child.pos) break;
        for (const name of statementFields(flow, statement, variable, deletesOnly)) names.add(name);
      }
    }
    if (parent === scope) return names;
  }
  return names;
}

/**
 * Lists the fields of `variable` that a statement deletes or assigns: an expression statement,
 * or a `for...of` loop over a list of names whose body deletes the field that each names.
 */
function statementFields(
  flow: FlowAnalysis,
  statement: ts.Statement,
  variable: ts.VariableDeclaration,
  deletesOnly: boolean,
): readonly string[] {
  if (ts.isExpressionStatement(statement)) {
    const deleted = forEachDelete(flow, statement.expression, variable);
    if (deleted) return deleted;
    return writtenFields(flow, statement.expression, variable, deletesOnly, undefined);
  }
  if (!ts.isForOfStatement(statement) || statement.awaitModifier) return [];
  const loopVariable = loopDeclaration(statement);
  const keys = loopVariable && literalList(flow, statement.expression);
  if (!keys) return [];
  return deletesKey(flow, statement.statement, variable, loopVariable!) ? keys : [];
}

/**
 * Returns the names that `HIDDEN.forEach((key) => delete copy[key])` deletes from `variable`,
 * for a list of string literals, or undefined for other expressions.
 */
function forEachDelete(
  flow: FlowAnalysis,
  expression: ts.Expression,
  variable: ts.VariableDeclaration,
): readonly string[] | undefined {
  if (
    !ts.isCallExpression(expression) ||
    !ts.isPropertyAccessExpression(expression.expression) ||
    expression.expression.name.text !== "forEach" ||
    expression.arguments.length !== 1
  )
    return undefined;
  const callback = unwrap(expression.arguments[0]!);
  if (!ts.isArrowFunction(callback) && !ts.isFunctionExpression(callback)) return undefined;
  const parameter = callback.parameters[0];
  if (!parameter || !ts.isIdentifier(parameter.name)) return undefined;
  const keys = literalList(flow, expression.expression.expression);
  if (!keys) return undefined;
  return deletesKey(flow, callback.body, variable, parameter) ? keys : undefined;
}

/** True when the body of a loop or a callback deletes the field of `variable` that `key` names. */
function deletesKey(
  flow: FlowAnalysis,
  body: ts.Node,
  variable: ts.VariableDeclaration,
  key: ts.VariableDeclaration | ts.ParameterDeclaration,
): boolean {
  const statements = ts.isBlock(body) ? body.statements : [body];
  for (const inner of statements) {
    const expression = ts.isExpressionStatement(inner)
      ? inner.expression
      : ts.isExpression(inner)
        ? inner
        : undefined;
    if (expression && writtenFields(flow, expression, variable, true, key) === LOOP_KEY)
      return true;
  }
  return false;
}

/** Marks a field that the loop variable names, in `writtenFields`. */
const LOOP_KEY: readonly string[] = [];

/**
 * Returns the fields of `variable` that `expression` deletes (or assigns, unless `deletesOnly`):
 * `delete copy.email`, `delete copy[key]` with a key that names one field,
 * `Reflect.deleteProperty(copy, "email")`, `copy.email = ""`. Returns `LOOP_KEY` for a field
 * that `loopVariable` names.
 */
function writtenFields(
  flow: FlowAnalysis,
  expression: ts.Expression,
  variable: ts.VariableDeclaration,
  deletesOnly: boolean,
  loopVariable: ts.VariableDeclaration | ts.ParameterDeclaration | undefined,
): readonly string[] {
  let owner: ts.Expression;
  let key: ts.Expression | undefined;
  let name: string | undefined;
  if (isReflectDelete(expression)) {
    owner = expression.arguments[0]!;
    key = expression.arguments[1]!;
  } else {
    let target: ts.Expression | undefined;
    if (ts.isDeleteExpression(expression)) target = unwrap(expression.expression) as ts.Expression;
    else if (
      !deletesOnly &&
      ts.isBinaryExpression(expression) &&
      expression.operatorToken.kind === ts.SyntaxKind.EqualsToken
    )
      target = expression.left;
    if (!target) return [];
    if (ts.isPropertyAccessExpression(target) && ts.isIdentifier(target.name))
      name = target.name.text;
    else if (ts.isElementAccessExpression(target)) key = target.argumentExpression;
    else return [];
    owner = target.expression;
  }
  const base = unwrap(owner);
  if (!ts.isIdentifier(base) || base.text !== (variable.name as ts.Identifier).text) return [];
  if (flow.resolutions.resolve(base).main !== variable) return [];
  if (name !== undefined) return [name];
  const inner = key && unwrap(key);
  if (!inner) return [];
  if (ts.isStringLiteralLike(inner)) return [inner.text];
  if (!ts.isIdentifier(inner)) return [];
  const declaration = flow.resolutions.resolve(inner).main;
  if (loopVariable && declaration === loopVariable) return LOOP_KEY;
  // `const key = "email"; delete copy[key]`
  if (
    declaration &&
    ts.isVariableDeclaration(declaration) &&
    ts.getCombinedNodeFlags(declaration) & ts.NodeFlags.Const &&
    declaration.initializer &&
    ts.isStringLiteralLike(unwrap(declaration.initializer))
  )
    return [(unwrap(declaration.initializer) as ts.StringLiteralLike).text];
  return [];
}

function isReflectDelete(expression: ts.Expression): expression is ts.CallExpression {
  if (!ts.isCallExpression(expression) || expression.arguments.length < 2) return false;
  const callee = expression.expression;
  return (
    ts.isPropertyAccessExpression(callee) &&
    ts.isIdentifier(callee.expression) &&
    callee.expression.text === "Reflect" &&
    callee.name.text === "deleteProperty"
  );
}

/** Returns the one variable that a `for (const key of ...)` loop declares, or undefined. */
function loopDeclaration(loop: ts.ForOfStatement): ts.VariableDeclaration | undefined {
  const list = loop.initializer;
  if (!ts.isVariableDeclarationList(list) || list.declarations.length !== 1) return undefined;
  const declaration = list.declarations[0]!;
  return ts.isIdentifier(declaration.name) ? declaration : undefined;
}

/** The maximum number of names that a list of field names may have for `literalList`. */
const MAX_LIST = 64;

/**
 * Returns the strings of a list of string literals: `["email", "phone"]`, or a `const` that
 * contains one, with or without `as const`, or a `new Set` of one. Undefined for other lists.
 */
export function literalList(
  flow: FlowAnalysis,
  node: ts.Expression,
  depth = 0,
): string[] | undefined {
  const inner = unwrap(node);
  if (ts.isArrayLiteralExpression(inner)) {
    if (inner.elements.length > MAX_LIST) return undefined;
    const names: string[] = [];
    for (const element of inner.elements) {
      const value = unwrap(element);
      if (!ts.isStringLiteralLike(value)) return undefined;
      names.push(value.text);
    }
    return names;
  }
  if (depth > 2) return undefined;
  if (
    ts.isNewExpression(inner) &&
    ts.isIdentifier(inner.expression) &&
    inner.expression.text === "Set" &&
    inner.arguments?.length === 1
  )
    return literalList(flow, inner.arguments[0]!, depth + 1);
  if (!ts.isIdentifier(inner)) return undefined;
  const declaration = flow.resolutions.resolve(inner).main;
  if (
    !declaration ||
    !ts.isVariableDeclaration(declaration) ||
    !(ts.getCombinedNodeFlags(declaration) & ts.NodeFlags.Const) ||
    !declaration.initializer
  )
    return undefined;
  return literalList(flow, declaration.initializer, depth + 1);
}
