import { ts } from "./typescript";
import { matchesPattern, type AccessPath } from "./access-path";
import type {
  ModelPattern,
  ReclassifierModel,
  ResolvedConfig,
  SinkModel,
  SourceModel,
} from "./config-types";
import type { FlowAnalysis, UnitContext } from "./flow";
import { literalKeys, sourceLabel } from "./expressions";
import { EMPTY, join } from "./taint";
import type { Taint } from "./taint";

interface Indexed<T> {
  /** Models whose last segment is a plain name, by that name. */
  byName: Map<string, T[]>;
  /** Models whose last segment has a wildcard, or that name a module itself. */
  other: T[];
}

interface ModelIndex {
  sinks: { function: Indexed<SinkModel>; property: Indexed<SinkModel> };
  sources: { function: Indexed<SourceModel>; property: Indexed<SourceModel> };
  reclassifiers: Indexed<ReclassifierModel>;
}

const indexes = new WeakMap<ResolvedConfig, ModelIndex>();

function indexOf(config: ResolvedConfig): ModelIndex {
  let index = indexes.get(config);
  if (!index) {
    index = {
      sinks: {
        function: build(config.sinks.filter((model) => model.kind === "function")),
        property: build(config.sinks.filter((model) => model.kind === "property")),
      },
      sources: {
        function: build(config.sources.filter((model) => model.kind === "function")),
        property: build(config.sources.filter((model) => model.kind === "property")),
      },
      reclassifiers: build(config.reclassifiers),
    };
    indexes.set(config, index);
  }
  return index;
}

function build<T extends { pattern: ModelPattern }>(models: T[]): Indexed<T> {
  const byName = new Map<string, T[]>();
  const other: T[] = [];
  for (const model of models) {
    const last = model.pattern.segments[model.pattern.segments.length - 1];
    if (last === undefined || last.includes("*")) {
      other.push(model);
    } else {
      const list = byName.get(last) ?? [];
      list.push(model);
      byName.set(last, list);
    }
  }
  return { byName, other };
}

/** The name a call or property access ends with, used to skip models that cannot match. */
function lastName(node: ts.Node): string | undefined {
  if (ts.isPropertyAccessExpression(node)) return node.name.text;
  if (ts.isElementAccessExpression(node) && ts.isStringLiteralLike(node.argumentExpression))
    return node.argumentExpression.text;
  if (ts.isIdentifier(node)) return node.text;
  return undefined;
}

const importedNames = new WeakMap<ts.SourceFile, Map<string, string>>();

/** Maps the local names of a file's renamed imports to their exported names: `send` to `emit`. */
export function renamedImports(file: ts.SourceFile): Map<string, string> {
  let names = importedNames.get(file);
  if (!names) {
    names = new Map();
    for (const statement of file.statements) {
      const bindings = ts.isImportDeclaration(statement)
        ? statement.importClause?.namedBindings
        : undefined;
      if (!bindings || !ts.isNamedImports(bindings)) continue;
      for (const element of bindings.elements) {
        if (element.propertyName) names.set(element.name.text, element.propertyName.text);
      }
    }
    importedNames.set(file, names);
  }
  return names;
}

/**
 * Returns the models that match a node's access paths. With `aliases`, a callee that names a
 * variable or property holding another function is matched by that function's path too.
 */
function matching<T extends { pattern: ModelPattern }>(
  flow: FlowAnalysis,
  node: ts.Node,
  indexed: Indexed<T>,
  aliases = false,
  anyKey = false,
): T[] {
  let inner = node;
  while (ts.isNonNullExpression(inner) || ts.isParenthesizedExpression(inner))
    inner = inner.expression;
  if (ts.isElementAccessExpression(inner) && !ts.isStringLiteralLike(inner.argumentExpression))
    return matchingComputed(flow, inner, indexed, anyKey);
  const name = lastName(node);
  // A renamed import is matched by the name its module exports.
  const imported =
    name !== undefined && ts.isIdentifier(node)
      ? renamedImports(node.getSourceFile()).get(name)
      : undefined;
  const byName = name !== undefined ? indexed.byName.get(name) : undefined;
  const byImported = imported !== undefined ? indexed.byName.get(imported) : undefined;
  const aliased = aliases && isAlias(flow, node);
  // A node without candidate models needs no access paths.
  if (byName === undefined && byImported === undefined && indexed.other.length === 0 && !aliased)
    return [];
  const paths = flow.paths.of(node);
  let matched = collect(paths, byName, undefined);
  matched = collect(paths, byImported, matched);
  matched = collect(paths, indexed.other, matched);
  // `const track = posthog.capture` or `{ track: posthog.capture }`: the path ends in another name.
  if (aliased) {
    for (const path of paths) {
      const last = path.segments.at(-1);
      if (last !== undefined && last !== name)
        matched = collect(paths, indexed.byName.get(last), matched);
    }
  }
  if (!matched) return [];
  flow.noteModels(matched);
  return matched;
}

/**
 * Returns the models that a member read with a computed key matches (`console[level]`): those of
 * each name that the key's type allows. With `anyKey`, a key whose type allows every string
 * matches the models of every member, and those that end in a wildcard (`console.*`).
 */
function matchingComputed<T extends { pattern: ModelPattern }>(
  flow: FlowAnalysis,
  node: ts.ElementAccessExpression,
  indexed: Indexed<T>,
  anyKey: boolean,
): T[] {
  const receiverPaths = flow.paths.of(node.expression);
  if (receiverPaths.length === 0) return [];
  const withName = (name: string) =>
    receiverPaths.map((path) => ({ ...path, segments: [...path.segments, name] }));
  // The models of every member of the receiver, before the key's type is asked for.
  const byName = new Map<string, T[]>();
  for (const [name, candidates] of indexed.byName) {
    const found = collect(withName(name), candidates, undefined);
    if (found) byName.set(name, found);
  }
  const wildcard = collect(withName("*"), indexed.other, undefined);
  if (byName.size === 0 && !wildcard) return [];
  const allowed = literalKeys(flow, node.argumentExpression);
  let matched: T[] | undefined;
  if (allowed.length > 0) {
    for (const name of allowed) {
      matched = collect(withName(name), byName.get(name), matched);
      matched = collect(withName(name), indexed.other, matched);
    }
  } else if (anyKey) {
    matched = [...new Set([...[...byName.values()].flat(), ...(wildcard ?? [])])];
  }
  if (!matched || matched.length === 0) return [];
  flow.noteModels(matched);
  return matched;
}

/** Adds the candidates that match `paths` to `matched`, which is made at the first match. */
function collect<T extends { pattern: ModelPattern }>(
  paths: readonly AccessPath[],
  candidates: readonly T[] | undefined,
  matched: T[] | undefined,
): T[] | undefined {
  for (const model of candidates ?? []) {
    if (!matchesPattern(paths, model.pattern) || matched?.includes(model)) continue;
    (matched ??= []).push(model);
  }
  return matched;
}

/**
 * Returns true when a name refers to a variable or an object literal property that contains
 * another value, whose access path may end in another name than the one written here.
 */
function isAlias(flow: FlowAnalysis, node: ts.Node): boolean {
  const name = ts.isPropertyAccessExpression(node) ? node.name : node;
  if (!ts.isIdentifier(name)) return false;
  const declaration = flow.resolutions.resolve(name).main;
  if (!declaration) return false;
  if (ts.isShorthandPropertyAssignment(declaration)) return true;
  const initializer =
    ts.isVariableDeclaration(declaration) || ts.isPropertyAssignment(declaration)
      ? declaration.initializer
      : undefined;
  return (
    initializer !== undefined &&
    !ts.isFunctionLike(initializer) &&
    !ts.isObjectLiteralExpression(initializer)
  );
}

/** Sink models that a call's callee matches. */
export function callSinks(flow: FlowAnalysis, callee: ts.Node, ctx: UnitContext): SinkModel[] {
  return matching(flow, callee, indexOf(ctx.config).sinks.function, true, true);
}

/** Sink models that an assignment target such as `document.cookie` matches. */
export function propertySinks(flow: FlowAnalysis, target: ts.Node, ctx: UnitContext): SinkModel[] {
  return matching(flow, target, indexOf(ctx.config).sinks.property);
}

export function reclassifierModels(
  flow: FlowAnalysis,
  callee: ts.Node,
  ctx: UnitContext,
): ReclassifierModel[] {
  return matching(flow, callee, indexOf(ctx.config).reclassifiers, true);
}

/** Zones that source models give a call result (`kind` "function") or a property read. */
export function sourceModelTaint(
  flow: FlowAnalysis,
  node: ts.Node,
  kind: "function" | "property",
  ctx: UnitContext,
): Taint {
  const index = indexOf(ctx.config).sources[kind];
  const target =
    kind === "function" && (ts.isCallExpression(node) || ts.isNewExpression(node))
      ? node.expression
      : node;
  let result = EMPTY;
  for (const model of matching(flow, target, index)) {
    const text = target.getText().replace(/\s+/g, "");
    const message =
      kind === "function"
        ? `${model.zone} from \`${text}()\``
        : `${model.zone} read from \`${text}\``;
    result = join(result, sourceLabel(flow, model.zone, node, message));
  }
  return result;
}
