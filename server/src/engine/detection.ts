import { ts } from "./typescript";
import { splitWords } from "./config";
import type { ResolvedConfig } from "./config-types";

/** Leading words that mean the value is not the data itself: `isEmail`, `hashedEmail`, `maskedPhone`. */
const NEGATING_PREFIXES = new Set([
  "is",
  "has",
  "should",
  "can",
  "hashed",
  "hash",
  "masked",
  "redacted",
  "anonymized",
  "anonymised",
  "encrypted",
  "pseudonymized",
  "pseudonymised",
  "valid",
  "invalid",
  "show",
  "max",
  "min",
  "num",
  "count",
]);

/**
 * Words for things that are not people. Personal data named after one is that thing's:
 * `repoFullName`, `serverIp`, `companyPhone`. Credentials are secret whatever they belong to
 * (`repoToken`), so these words do not stop them.
 */
const NON_PERSON_OWNERS = new Set([
  "repo",
  "repository",
  "project",
  "file",
  "folder",
  "directory",
  "org",
  "organization",
  "organisation",
  "team",
  "company",
  "workspace",
  "channel",
  "branch",
  "bucket",
  "table",
  "column",
  "app",
  "application",
  "product",
  "package",
  "module",
  "class",
  "function",
  "method",
  "host",
  "server",
  "domain",
  "database",
  "db",
  "service",
  "queue",
  "topic",
  "template",
  "plugin",
  "component",
  "page",
  "category",
  "model",
  "job",
  "task",
  "network",
  "proxy",
  "node",
  "cluster",
  "contract",
  "bot",
  "webhook",
  "site",
  "store",
  "shop",
]);

/** The zone whose names stay data whatever they belong to. */
const CREDENTIALS = "CREDENTIALS";

/**
 * The zone that a declaration's name suggests, such as PII for `userEmail`, or undefined.
 * A name matches a rule when its last words are one of the rule's names.
 */
export function detectZoneFromName(name: string, config: ResolvedConfig): string | undefined {
  if (!config.detection.enable) return undefined;
  let byName = zonesByName.get(config);
  if (!byName) zonesByName.set(config, (byName = new Map()));
  let zone = byName.get(name);
  if (zone === undefined) {
    zone = matchRules(name, config) ?? null;
    byName.set(name, zone);
  }
  return zone ?? undefined;
}

/** Zones by name for each config, or null where no rule matches; names repeat across a project. */
const zonesByName = new WeakMap<ResolvedConfig, Map<string, string | null>>();

function matchRules(name: string, config: ResolvedConfig): string | undefined {
  // UPPER_SNAKE constants are names of fields or settings, not the data.
  if (/^[A-Z0-9_]+$/.test(name) && name.length > 3) return undefined;
  const words = splitWords(name);
  if (words.length === 0 || NEGATING_PREFIXES.has(words[0]!)) return undefined;
  const zone = matchWords(words, config);
  if (zone) return zone;
  // A plural names a list of the data: `emails`, `phoneNumbers`, `addresses`.
  const last = words[words.length - 1]!;
  if (last.length <= 3 || !last.endsWith("s")) return undefined;
  const singular = (trimmed: string) => matchWords([...words.slice(0, -1), trimmed], config);
  return (
    singular(last.slice(0, -1)) ?? (last.endsWith("es") ? singular(last.slice(0, -2)) : undefined)
  );
}

/** Returns the zone of the rule that matches the most of the last words of `words`. */
function matchWords(words: readonly string[], config: ResolvedConfig): string | undefined {
  // The rule that matches the most words wins, so `macAddress` is a device id, not an address.
  // Of two that match as many, the later one wins, so a project's rules override the preset's.
  let zone: string | undefined;
  let matched = 0;
  for (const rule of config.detection.rules) {
    for (const ruleWords of rule.names) {
      if (ruleWords.length < matched || ruleWords.length > words.length) continue;
      const offset = words.length - ruleWords.length;
      if (
        ruleWords.every((word, index) => words[offset + index] === word) &&
        (offset === 0 || rule.zone === CREDENTIALS || !NON_PERSON_OWNERS.has(words[offset - 1]!))
      ) {
        zone = rule.zone;
        matched = ruleWords.length;
      }
    }
  }
  return zone;
}

/** True for declarations that hold data: variables, parameters, properties; not functions, classes or booleans. */
export function holdsData(declaration: ts.Node): boolean {
  if (
    !ts.isVariableDeclaration(declaration) &&
    !ts.isParameter(declaration) &&
    !ts.isPropertyDeclaration(declaration) &&
    !ts.isPropertySignature(declaration) &&
    !ts.isPropertyAssignment(declaration) &&
    !ts.isShorthandPropertyAssignment(declaration) &&
    !ts.isBindingElement(declaration)
  ) {
    return false;
  }
  const type = (declaration as { type?: ts.TypeNode }).type;
  if (type && (type.kind === ts.SyntaxKind.BooleanKeyword || ts.isFunctionTypeNode(type)))
    return false;
  const initializer = (declaration as { initializer?: ts.Expression }).initializer;
  if (
    initializer &&
    (ts.isArrowFunction(initializer) ||
      ts.isFunctionExpression(initializer) ||
      ts.isClassExpression(initializer))
  ) {
    return false;
  }
  // `{ password: ["can't be blank"] }` names a field in a message; its value is a constant, not the data.
  if (
    initializer &&
    (ts.isPropertyAssignment(declaration) || ts.isVariableDeclaration(declaration)) &&
    isConstant(initializer)
  ) {
    return false;
  }
  return true;
}

/** True for literals and for arrays and objects made only of literals. */
function isConstant(node: ts.Expression): boolean {
  if (
    ts.isParenthesizedExpression(node) ||
    ts.isAsExpression(node) ||
    ts.isSatisfiesExpression(node)
  )
    return isConstant(node.expression);
  if (
    ts.isStringLiteralLike(node) ||
    ts.isNumericLiteral(node) ||
    ts.isBigIntLiteral(node) ||
    ts.isRegularExpressionLiteral(node)
  )
    return true;
  if (
    node.kind === ts.SyntaxKind.TrueKeyword ||
    node.kind === ts.SyntaxKind.FalseKeyword ||
    node.kind === ts.SyntaxKind.NullKeyword
  )
    return true;
  if (ts.isArrayLiteralExpression(node))
    return node.elements.every((element) => !ts.isSpreadElement(element) && isConstant(element));
  if (ts.isObjectLiteralExpression(node)) {
    return node.properties.every(
      (property) => ts.isPropertyAssignment(property) && isConstant(property.initializer),
    );
  }
  return false;
}
