import { ts } from "./typescript";
import { zoneAnnotations } from "./annotations";
import { detectZoneFromName, holdsData } from "./detection";
import { versionsAt } from "./reassignment";
import type { ResolvedConfig } from "./config-types";
import type { FlowAnalysis, UnitContext } from "./flow";
import { declarationName, nameNodeOf } from "./flow";
import { EMPTY, fromLabel, join, withStep } from "./taint";
import type { Label, Taint } from "./taint";

/** Reads the value held by a variable, parameter or binding declaration. */
export function declarationValue(
  flow: FlowAnalysis,
  declaration: ts.Node,
  ctx: UnitContext,
  readAt?: ts.Node,
): Taint {
  if (ts.isParameter(declaration)) {
    return join(flow.parameterValue(declaration, ctx), detectedZone(flow, declaration, ctx));
  }
  if (ts.isVariableDeclaration(declaration) || ts.isBindingElement(declaration)) {
    // A reassigned local has the values of the writes that reach the read.
    let stored = EMPTY;
    if (readAt && ts.isVariableDeclaration(declaration)) {
      for (const key of versionsAt(declaration, readAt))
        stored = join(stored, flow.read(key) ?? EMPTY);
    } else stored = flow.read(declaration) ?? EMPTY;
    return join(
      join(stored, flow.declaredZones(declaration, ctx)),
      detectedZone(flow, declaration, ctx),
    );
  }
  if (
    ts.isPropertyDeclaration(declaration) ||
    ts.isPropertySignature(declaration) ||
    ts.isPropertyAssignment(declaration) ||
    ts.isShorthandPropertyAssignment(declaration)
  ) {
    return propertyValue(flow, declaration, declaration, ctx);
  }
  return EMPTY;
}

/**
 * Returns the store key of what constructors stored in a field at `new` calls, apart from its
 * other writes: the name of a property declaration or of a parameter property. Undefined for
 * other declarations and computed names.
 */
export function constructedKey(
  declaration: ts.Node,
): ts.Identifier | ts.PrivateIdentifier | ts.StringLiteral | undefined {
  const field =
    ts.isPropertyDeclaration(declaration) ||
    (ts.isParameter(declaration) &&
      ts.isParameterPropertyDeclaration(declaration, declaration.parent));
  const name = field ? declaration.name : undefined;
  // A computed name has no text to look the field up by.
  return name && (ts.isIdentifier(name) || ts.isPrivateIdentifier(name) || ts.isStringLiteral(name))
    ? name
    : undefined;
}

/**
 * The value of a property declaration, as every read of it returns it: what was written to it
 * anywhere, its `@zone` tags, and a zone its name suggests. With `ownObject`, the read is of
 * one object that a known `new` call built, which carries what its constructor stored, so the
 * values that constructors stored in other objects are left out.
 */
export function propertyValue(
  flow: FlowAnalysis,
  declaration: ts.Node,
  readAt: ts.Node,
  ctx: UnitContext,
  ownObject = false,
): Taint {
  let result = flow.read(declaration) ?? EMPTY;
  const constructed = ownObject ? undefined : constructedKey(declaration);
  if (constructed) result = join(result, flow.read(constructed) ?? EMPTY);
  const annotations = zoneAnnotations(declaration);
  if (annotations.length > 0) {
    const name = declarationName(declaration);
    for (const annotation of annotations) {
      for (const zone of annotation.zones) {
        const label: Label = { zone: zone.name, inferred: false, steps: undefined };
        result = join(
          result,
          withStep(
            fromLabel(label),
            flow.step(readAt, `${zone.name} read from \`${name}\``, "source"),
          ),
        );
      }
    }
  }
  const type = (declaration as { type?: ts.TypeNode }).type;
  if (type) result = join(result, flow.typeZones(type, ctx));
  return join(result, detectedZone(flow, declaration, ctx));
}

/** The inferred zone of each declaration, by config, since a workspace can have several. */
const detectionCache = new WeakMap<ResolvedConfig, WeakMap<ts.Node, Taint>>();

/** The inferred zone of a declaration whose name looks like personal data, unless it is annotated. */
export function detectedZone(flow: FlowAnalysis, declaration: ts.Node, ctx: UnitContext): Taint {
  if (!flow.options.detection) return EMPTY;
  let byDeclaration = detectionCache.get(ctx.config);
  if (!byDeclaration) detectionCache.set(ctx.config, (byDeclaration = new WeakMap()));
  const cached = byDeclaration.get(declaration);
  if (cached) return cached;
  let result = EMPTY;
  const nameNode = nameNodeOf(declaration);
  if (
    holdsData(declaration) &&
    !describesTheMachine(declaration) &&
    zoneAnnotations(declaration).length === 0 &&
    (ts.isIdentifier(nameNode) || ts.isStringLiteral(nameNode))
  ) {
    const zone = detectZoneFromName(nameNode.text, ctx.config);
    if (zone && mayBeTheData(flow, declaration))
      result = inferredLabel(flow, zone, nameNode, nameNode.text);
  }
  byDeclaration.set(declaration, result);
  return result;
}

/** The depth to which `canHoldValue` looks into fields, elements and union members. */
const MAX_GUESS_DEPTH = 3;

/**
 * True unless the type written on `declaration` shows that its value cannot be the data that its
 * name suggests. Such types are booleans (`optionalPassword?: true`), functions, arrays of
 * functions (`afterForgotPassword?: Hook[]`) and objects of the project with only such fields.
 */
function mayBeTheData(flow: FlowAnalysis, declaration: ts.Node): boolean {
  const typeNode = (declaration as { type?: ts.TypeNode }).type;
  try {
    if (typeNode) return canHoldValue(flow.checker, flow.checker.getTypeFromTypeNode(typeNode), 0);
    // A property of an object literal has the type that the literal's declared type gives it
    // (`{ afterForgotPassword: [] }` as a `CollectionConfig`).
    if (ts.isPropertyAssignment(declaration) || ts.isShorthandPropertyAssignment(declaration)) {
      const name = declaration.name;
      if (!ts.isIdentifier(name) && !ts.isStringLiteral(name)) return true;
      const contextual = flow.checker.getContextualType(declaration.parent);
      const property =
        contextual && flow.checker.getNonNullableType(contextual).getProperty(name.text);
      const written = property?.valueDeclaration ?? property?.declarations?.[0];
      const writtenType = written && (written as { type?: ts.TypeNode }).type;
      if (writtenType)
        return canHoldValue(flow.checker, flow.checker.getTypeFromTypeNode(writtenType), 0);
    }
    return true;
  } catch {
    // The checker can overflow its stack on deeply nested types; the name then decides.
    return true;
  }
}

/**
 * True when a value of `type` can be text or a number, or contains text in a field, an element
 * or a union member, or a number in a field (`{ lat: number; lng: number }`).
 */
function canHoldValue(checker: ts.TypeChecker, type: ts.Type, depth: number): boolean {
  if (depth > MAX_GUESS_DEPTH) return true;
  const flags = type.flags;
  if (
    flags &
    (ts.TypeFlags.Any |
      ts.TypeFlags.Unknown |
      ts.TypeFlags.StringLike |
      ts.TypeFlags.TypeVariable |
      ts.TypeFlags.Index |
      ts.TypeFlags.IndexedAccess |
      ts.TypeFlags.Conditional |
      ts.TypeFlags.Substitution)
  )
    return true;
  if (flags & (ts.TypeFlags.NumberLike | ts.TypeFlags.BigIntLike)) return depth <= 1;

  if (type.isUnionOrIntersection())
    return type.types.some((member) => canHoldValue(checker, member, depth));
  if (!(flags & ts.TypeFlags.Object)) return false;

  if (checker.isArrayType(type) || checker.isTupleType(type))
    return checker
      .getTypeArguments(type as ts.TypeReference)
      .some((argument) => canHoldValue(checker, argument, depth));
  // Classes of libraries (`Date`, `Buffer`, `URL`) and types without fields, such as `object`.
  const properties = type.getProperties();
  if (properties.length === 0) return type.getCallSignatures().length === 0;
  const declaration = properties[0]!.valueDeclaration ?? properties[0]!.declarations?.[0];
  if (declaration?.getSourceFile().isDeclarationFile) return true;
  return properties.some((property) => {
    const member = property.valueDeclaration ?? property.declarations?.[0];
    if (!member || ts.isMethodDeclaration(member) || ts.isMethodSignature(member)) return false;
    return canHoldValue(checker, checker.getTypeOfSymbol(property), depth + 1);
  });
}

/**
 * Interfaces of Node.js whose fields describe the machine that runs the code, not a person: the
 * address a server listens on (`server.address()`), the host's network interfaces and the
 * answers of DNS look-ups. Their names (`address`, `mac`) would otherwise be guessed as PII or
 * device ids. A client's address, such as `socket.remoteAddress`, is not among them.
 */
const MACHINE_INTERFACES = new Set([
  "AddressInfo",
  "NetworkInterfaceBase",
  "NetworkInterfaceInfoIPv4",
  "NetworkInterfaceInfoIPv6",
  "LookupAddress",
]);

/** True for a field of one of `MACHINE_INTERFACES`, as `@types/node` declares it. */
function describesTheMachine(declaration: ts.Node): boolean {
  const owner = declaration.parent;
  if (!ts.isPropertySignature(declaration) || !owner || !ts.isInterfaceDeclaration(owner))
    return false;
  if (!MACHINE_INTERFACES.has(owner.name.text)) return false;
  const file = declaration.getSourceFile();
  return file.isDeclarationFile && /[\\/]node_modules[\\/]@types[\\/]node[\\/]/.test(file.fileName);
}

/** The inferred zone of a property read by name only, such as `body.email` on an untyped value. */
export function detectedZoneByName(
  flow: FlowAnalysis,
  name: ts.Identifier | ts.StringLiteral | ts.PrivateIdentifier,
  ctx: UnitContext,
): Taint {
  if (!flow.options.detection) return EMPTY;
  const zone = detectZoneFromName(name.text, ctx.config);
  return zone ? inferredLabel(flow, zone, name, name.text) : EMPTY;
}

function inferredLabel(flow: FlowAnalysis, zone: string, node: ts.Node, name: string): Taint {
  const label: Label = { zone, inferred: true, steps: undefined };
  return withStep(
    fromLabel(label),
    flow.step(node, `\`${name}\` looks like ${zone} (inferred from its name)`, "source", true),
  );
}
