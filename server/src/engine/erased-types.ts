import { ts } from "./typescript";
import { unwrap } from "./calls";
import type { FlowAnalysis, UnitContext } from "./flow";
import { propertyValue } from "./properties";
import { EMPTY, join, objectOf } from "./taint";
import type { Taint } from "./taint";

/**
 * Values passed into a parameter or a variable whose written type hides their fields:
 * `function logEvent(props: Record<string, unknown>)` called with a `User`, or
 * `const data: unknown = user`. A sink in the callee gets only the written type, so the zones
 * of the value's annotated fields would be lost there. The value takes them along as fields.
 */

/** The depth to which `typedValue` follows the types of fields. */
const MAX_DEPTH = 3;
/** The maximum number of fields, nested ones included, that `typedValue` lists for one type. */
const MAX_FIELDS = 256;

/**
 * The fields of a type that the project declares, as a tree of declarations. An array's shape is
 * that of its elements, since the analysis keeps one value for all of them.
 */
interface Shape {
  readonly fields: readonly ShapeField[];
}

interface ShapeField {
  readonly name: string;
  readonly declaration: ts.Declaration;
  readonly shape?: Shape;
}

const NO_FIELDS: Shape = { fields: [] };

/**
 * Returns true when a parameter's or a variable's written type hides the fields of what is
 * passed into it. Such types are `any`, `unknown`, `object`, `Object`, `Record<...>`, type
 * literals with only index signatures, type parameters, and arrays and unions of these. A
 * parameter without a type hides them too, unless its function takes its type from where it is
 * passed, as a callback does.
 */
export function hidesFields(flow: FlowAnalysis, declaration: ts.Declaration): boolean {
  let hides = hiding.get(declaration);
  if (hides === undefined) hiding.set(declaration, (hides = findHidesFields(flow, declaration)));
  return hides;
}

/**
 * The results of `hidesFields` by declaration. They hold for every program, since a type
 * parameter that a written type names is declared in the same file.
 */
const hiding = new WeakMap<ts.Declaration, boolean>();

function findHidesFields(flow: FlowAnalysis, declaration: ts.Declaration): boolean {
  const type = (declaration as { type?: ts.TypeNode }).type ?? ts.getJSDocType(declaration);
  if (type) return isErased(flow, type);
  if (!ts.isParameter(declaration)) return false;
  const fn = declaration.parent;
  if (ts.isFunctionDeclaration(fn) || ts.isMethodDeclaration(fn)) return true;
  if (!ts.isArrowFunction(fn) && !ts.isFunctionExpression(fn)) return false;
  let holder: ts.Node = fn.parent;
  while (ts.isParenthesizedExpression(holder)) holder = holder.parent;
  return ts.isVariableDeclaration(holder) && holder.type === undefined;
}

/** Returns true for `value as unknown`, `value as any` and other assertions to such types. */
export function isErasingAssertion(flow: FlowAnalysis, node: ts.Expression): boolean {
  let inner = node;
  while (ts.isParenthesizedExpression(inner)) inner = inner.expression;
  return (
    (ts.isAsExpression(inner) || ts.isTypeAssertionExpression(inner)) && isErased(flow, inner.type)
  );
}

function isErased(flow: FlowAnalysis, type: ts.TypeNode): boolean {
  switch (type.kind) {
    case ts.SyntaxKind.AnyKeyword:
    case ts.SyntaxKind.UnknownKeyword:
    case ts.SyntaxKind.ObjectKeyword:
      return true;
  }
  if (ts.isParenthesizedTypeNode(type)) return isErased(flow, type.type);
  if (ts.isArrayTypeNode(type)) return isErased(flow, type.elementType);
  if (ts.isUnionTypeNode(type)) return type.types.some((member) => isErased(flow, member));
  // `{ [key: string]: unknown }` and `Record<string, unknown>` hide fields, and
  // `Record<string, User>` keeps those of `User`.
  if (ts.isTypeLiteralNode(type))
    return type.members.every(
      (member) => ts.isIndexSignatureDeclaration(member) && isErased(flow, member.type),
    );
  if (ts.isTypeReferenceNode(type)) {
    if (ts.isIdentifier(type.typeName) && type.typeName.text === "Object") return true;
    if (ts.isIdentifier(type.typeName) && type.typeName.text === "Record") {
      const values = type.typeArguments?.[1];
      return values === undefined || isErased(flow, values);
    }
    const declaration = flow.resolutions.resolve(
      ts.isIdentifier(type.typeName) ? type.typeName : type.typeName.right,
    ).main;
    return declaration !== undefined && ts.isTypeParameterDeclaration(declaration);
  }
  return false;
}

/**
 * Returns the zones of the annotated fields of `node`'s type as a value with those fields, read
 * at `node`: what a parameter or variable whose type hides them receives from `node`.
 */
export function typedValue(
  flow: FlowAnalysis,
  node: ts.Expression,
  ctx: UnitContext,
  depth = 0,
): Taint {
  const inner = unwrap(node);
  // A literal's parts are typed one by one: `{ ...user, source }` has the fields of `user`.
  if (ts.isObjectLiteralExpression(inner) && depth < MAX_DEPTH) {
    let spread = EMPTY;
    const fields = new Map<string, Taint>();
    for (const property of inner.properties) {
      if (ts.isSpreadAssignment(property)) {
        spread = join(spread, typedValue(flow, property.expression, ctx, depth + 1));
      } else if (ts.isPropertyAssignment(property) && !ts.isComputedPropertyName(property.name)) {
        fields.set(property.name.text, typedValue(flow, property.initializer, ctx, depth + 1));
      } else if (ts.isShorthandPropertyAssignment(property)) {
        fields.set(property.name.text, typedValue(flow, property.name, ctx, depth + 1));
      }
    }
    return objectOf(fields, spread);
  }
  if (ts.isArrayLiteralExpression(inner) && depth < MAX_DEPTH) {
    let elements = EMPTY;
    for (const element of inner.elements) {
      const part = ts.isSpreadElement(element) ? element.expression : element;
      elements = join(elements, typedValue(flow, part, ctx, depth + 1));
    }
    return elements;
  }
  return valueOfShape(flow, shapeOf(flow, inner), node, ctx);
}

function valueOfShape(flow: FlowAnalysis, shape: Shape, node: ts.Node, ctx: UnitContext): Taint {
  const fields = new Map<string, Taint>();
  for (const field of shape.fields) {
    let value = propertyValue(flow, field.declaration, node, ctx);
    if (field.shape) value = join(value, valueOfShape(flow, field.shape, node, ctx));
    fields.set(field.name, join(fields.get(field.name) ?? EMPTY, value));
  }
  return objectOf(fields);
}

/**
 * Returns the shape of `node`'s type. Shapes are kept with the resolved names, so that an update
 * that keeps types queries the new checker only about the nodes of the edited files.
 */
function shapeOf(flow: FlowAnalysis, node: ts.Node): Shape {
  if (
    ts.isLiteralExpression(node) ||
    ts.isTemplateExpression(node) ||
    ts.isFunctionLike(node) ||
    ts.isObjectLiteralExpression(node) ||
    ts.isArrayLiteralExpression(node)
  )
    return NO_FIELDS;
  return flow.resolutions.derived(
    "shape",
    node,
    () => {
      try {
        return shapeOfType(flow, flow.checker.getTypeAtLocation(node), 0, { fields: MAX_FIELDS });
      } catch {
        // The checker can overflow its stack on deeply inferred types, and the value then keeps
        // only the zones it carries.
        return NO_FIELDS;
      }
    },
    shapeDeclarations,
  );
}

function* shapeDeclarations(shape: Shape): Iterable<ts.Declaration> {
  for (const field of shape.fields) {
    yield field.declaration;
    if (field.shape) yield* shapeDeclarations(field.shape);
  }
}

/** Library containers whose type arguments are the types of the values they contain. */
export const CONTAINERS = new Set([
  "Map",
  "ReadonlyMap",
  "Set",
  "ReadonlySet",
  "WeakMap",
  "Promise",
]);

/** How many more fields a shape may list; a recursive type is listed to `MAX_DEPTH` levels. */
interface Budget {
  fields: number;
}

function shapeOfType(flow: FlowAnalysis, type: ts.Type, depth: number, budget: Budget): Shape {
  if (depth > MAX_DEPTH || budget.fields <= 0) return NO_FIELDS;
  const checker = flow.checker;
  const program = flow.options.program;
  if (type.isUnionOrIntersection()) {
    const fields: ShapeField[] = [];
    for (const member of type.types)
      fields.push(...shapeOfType(flow, member, depth, budget).fields);
    return fields.length === 0 ? NO_FIELDS : { fields };
  }
  if (!(type.flags & ts.TypeFlags.Object)) return NO_FIELDS;

  // The elements of arrays and containers, and the values of an index signature
  // (`Record<string, User>`), share one value, which has the fields of their type.
  const symbolName = type.getSymbol()?.getName();
  const elementTypes =
    checker.isArrayType(type) ||
    checker.isTupleType(type) ||
    (symbolName !== undefined && CONTAINERS.has(symbolName))
      ? checker.getTypeArguments(type as ts.TypeReference)
      : checker.getIndexInfosOfType(type).map((info) => info.type);
  if (elementTypes.length > 0) {
    const fields: ShapeField[] = [];
    for (const element of elementTypes)
      fields.push(...shapeOfType(flow, element, depth + 1, budget).fields);
    return fields.length === 0 ? NO_FIELDS : { fields };
  }

  const fields: ShapeField[] = [];
  for (const property of type.getProperties()) {
    if (budget.fields <= 0) break;
    const declaration = dataFieldDeclaration(program, property);
    if (!declaration) continue;
    budget.fields--;
    const nested = shapeOfType(flow, checker.getTypeOfSymbol(property), depth + 1, budget);
    fields.push({
      name: property.getName(),
      declaration,
      shape: nested.fields.length > 0 ? nested : undefined,
    });
  }
  return fields.length === 0 ? NO_FIELDS : { fields };
}

/**
 * Returns the declaration of a data property that the project declares, or
 * undefined for methods and for members of TypeScript's library and of packages.
 */
export function dataFieldDeclaration(
  program: ts.Program,
  property: ts.Symbol,
): ts.Declaration | undefined {
  // A member of a mapped type such as `Partial<User>` has no value declaration, but lists the
  // declaration of the member it copies.
  const declaration = property.valueDeclaration ?? property.declarations?.[0];
  if (!declaration) return undefined;
  const file = declaration.getSourceFile();
  if (program.isSourceFileDefaultLibrary(file)) return undefined;
  if (file.isDeclarationFile && program.isSourceFileFromExternalLibrary(file)) return undefined;
  if (ts.isMethodDeclaration(declaration) || ts.isMethodSignature(declaration)) return undefined;
  return declaration;
}
