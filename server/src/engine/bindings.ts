import { ts } from "./typescript";
import {
  evaluateExpression,
  literalElement,
  propertyDeclaration,
  tupleElement,
} from "./expressions";
import type { FlowAnalysis, UnitContext } from "./flow";
import { propertyValue } from "./properties";
import { join, readField, withoutFields } from "./taint";
import type { Taint } from "./taint";

/** Returns the initializer of a `const` variable declaration, or undefined for other nodes. */
export function constInitializer(node: ts.Node | undefined): ts.Expression | undefined {
  if (!node || !ts.isVariableDeclaration(node) || !(node.parent.flags & ts.NodeFlags.Const))
    return undefined;
  return node.initializer;
}

/**
 * Returns the member `name` of the object literal that a `const` contains, through `as` and
 * `satisfies`, as `info` of `const log: Logger = { info: sink }`. The last member of that name
 * wins, as at run time. Undefined for other declarations, and when a spread may replace it.
 */
export function literalMember(
  declaration: ts.Node | undefined,
  name: string,
): ts.ObjectLiteralElementLike | undefined {
  const literal = constObjectLiteral(declaration);
  if (!literal) return undefined;
  for (let index = literal.properties.length - 1; index >= 0; index--) {
    const member = literal.properties[index]!;
    if (ts.isSpreadAssignment(member)) return undefined;
    if (member.name && propertyKey(member.name) === name) return member;
  }
  return undefined;
}

/** Returns the object literal that a `const` is initialized with, through `as` and `satisfies`. */
export function constObjectLiteral(
  declaration: ts.Node | undefined,
): ts.ObjectLiteralExpression | undefined {
  const initializer = constInitializer(declaration);
  return initializer && unwrapLiteral(initializer);
}

/** Binds a destructuring pattern (`{ a, b: { c } }`, `[x, ...rest]`) to a value, element by element. */
export function bindPattern(
  flow: FlowAnalysis,
  pattern: ts.BindingName,
  value: Taint,
  ctx: UnitContext,
  source?: ts.Expression,
): void {
  if (ts.isIdentifier(pattern)) return;
  pattern.elements.forEach((element, index) => {
    if (ts.isOmittedExpression(element)) return;
    let elementValue = value;
    // `const [a, b] = [email, id]` binds each element of the literal to its own name.
    const positional =
      source && ts.isArrayBindingPattern(pattern) && !element.dotDotDotToken
        ? literalElement(source, index)
        : undefined;
    if (positional) elementValue = positional;
    // `const [[mail, id]] = pairs()`: the outer element contains the inner tuple's elements.
    else if (ts.isArrayBindingPattern(pattern) && !element.dotDotDotToken)
      elementValue = tupleElement(value, index) ?? value;
    // `const { email, ...rest } = value`: the rest has the other fields.
    if (ts.isObjectBindingPattern(pattern) && element.dotDotDotToken)
      elementValue = withoutFields(value, namedKeys(pattern));
    if (ts.isObjectBindingPattern(pattern) && !element.dotDotDotToken) {
      const key = propertyKey(element.propertyName ?? element.name);
      if (key !== undefined) {
        elementValue = readField(value, key);
        const property = declaredProperty(flow, pattern, element, key);
        if (property)
          elementValue = join(elementValue, propertyValue(flow, property, element, ctx));
      }
    }
    if (element.initializer)
      elementValue = join(elementValue, evaluateExpression(flow, element.initializer, ctx));
    if (ts.isIdentifier(element.name)) flow.write(element, elementValue, ctx, element.name);
    else bindPattern(flow, element.name, elementValue, ctx);
  });
}

/** Lists the names of the fields that an object literal sets, or none for another value. */
export function literalFieldNames(node: ts.Expression): string[] {
  const literal = unwrapLiteral(node);
  if (!literal) return [];
  const names: string[] = [];
  for (const property of literal.properties) {
    if (ts.isShorthandPropertyAssignment(property)) names.push(property.name.text);
    else if (ts.isPropertyAssignment(property)) {
      const name = propertyKey(property.name);
      if (name !== undefined) names.push(name);
    }
  }
  return names;
}

/** Returns the object literal inside parentheses and type assertions, or undefined. */
export function unwrapLiteral(node: ts.Expression): ts.ObjectLiteralExpression | undefined {
  let inner = node;
  while (
    ts.isParenthesizedExpression(inner) ||
    ts.isAsExpression(inner) ||
    ts.isSatisfiesExpression(inner) ||
    ts.isTypeAssertionExpression(inner)
  )
    inner = inner.expression;
  return ts.isObjectLiteralExpression(inner) ? inner : undefined;
}

/** Lists the keys that the elements of an object pattern name, other than its rest element. */
function namedKeys(pattern: ts.ObjectBindingPattern): string[] {
  const keys: string[] = [];
  for (const element of pattern.elements) {
    if (element.dotDotDotToken) continue;
    const key = propertyKey(element.propertyName ?? element.name);
    if (key !== undefined) keys.push(key);
  }
  return keys;
}

/** Binds an assignment pattern (`({ a, b } = value)`, `[x, y] = value`). */
export function bindAssignmentPattern(
  flow: FlowAnalysis,
  pattern: ts.Expression,
  value: Taint,
  ctx: UnitContext,
): void {
  if (ts.isObjectLiteralExpression(pattern)) {
    for (const property of pattern.properties) {
      if (ts.isShorthandPropertyAssignment(property)) {
        const declaration =
          flow.checker.getShorthandAssignmentValueSymbol(property)?.valueDeclaration;
        if (declaration)
          flow.write(declaration, readField(value, property.name.text), ctx, property.name);
      } else if (ts.isPropertyAssignment(property)) {
        const key = propertyKey(property.name);
        const fieldValue = key === undefined ? value : readField(value, key);
        bindAssignmentTarget(flow, property.initializer, fieldValue, ctx);
      } else if (ts.isSpreadAssignment(property)) {
        bindAssignmentTarget(flow, property.expression, value, ctx);
      }
    }
  } else if (ts.isArrayLiteralExpression(pattern)) {
    for (const element of pattern.elements) {
      bindAssignmentTarget(
        flow,
        ts.isSpreadElement(element) ? element.expression : element,
        value,
        ctx,
      );
    }
  }
}

function bindAssignmentTarget(
  flow: FlowAnalysis,
  target: ts.Expression,
  value: Taint,
  ctx: UnitContext,
): void {
  if (ts.isBinaryExpression(target) && target.operatorToken.kind === ts.SyntaxKind.EqualsToken) {
    bindAssignmentTarget(
      flow,
      target.left,
      join(value, evaluateExpression(flow, target.right, ctx)),
      ctx,
    );
  } else if (ts.isObjectLiteralExpression(target) || ts.isArrayLiteralExpression(target)) {
    bindAssignmentPattern(flow, target, value, ctx);
  } else if (ts.isIdentifier(target)) {
    const declaration = flow.checker.getSymbolAtLocation(target)?.valueDeclaration;
    if (declaration) flow.write(declaration, value, ctx, target);
  }
}

export function propertyKey(name: ts.Node): string | undefined {
  if (
    ts.isIdentifier(name) ||
    ts.isStringLiteral(name) ||
    ts.isNumericLiteral(name) ||
    ts.isPrivateIdentifier(name)
  ) {
    return name.text;
  }
  return undefined;
}

/**
 * Returns the declaration of property `key`, which `element` reads, on the type of a destructured
 * value, if the checker resolves it.
 */
export function declaredProperty(
  flow: FlowAnalysis,
  pattern: ts.ObjectBindingPattern,
  element: ts.BindingElement,
  key: string,
): ts.Node | undefined {
  const [declaration] = flow.resolutions.declarationsOf("destructured property", element, () => {
    const found = propertyDeclaration(flow.checker.getTypeAtLocation(pattern), key);
    return found ? [found] : [];
  });
  return declaration;
}
