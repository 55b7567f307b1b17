import * as path from "node:path";
import type { ResolvedConfig, ModelOrigin } from "./config-types";
import type { ModelUsage, UnmatchedModel } from "./types";

const LIST_NAMES: Record<string, string> = {
  sources: "Source model",
  sinks: "Sink model",
  reclassifiers: "Reclassifier",
};

/**
 * Lists the models of `configs` that are written in a config file and absent from `matched`.
 * Only config files inside `rootDir`, the project's folder, are checked: a config file above it
 * may serve other projects, which this analysis does not see.
 */
export function modelUsage(
  configs: Iterable<ResolvedConfig>,
  matched: Set<object>,
  rootDir: string,
): ModelUsage {
  const configFiles = new Set<string>();
  const written = new Map<string, ModelOrigin>();
  const matchedIds = new Set<string>();
  for (const config of configs) {
    if (config.file) configFiles.add(config.file);
    for (const model of [...config.sources, ...config.sinks, ...config.reclassifiers]) {
      if (!model.origin || !isInside(model.origin.file, rootDir)) continue;
      configFiles.add(model.origin.file);
      const id = `${model.origin.file}\u0000${model.origin.key}`;
      written.set(id, model.origin);
      // A config shared by several folders resolves once per folder, so one written model can
      // be several objects: it matched when any of them did.
      if (matched.has(model)) matchedIds.add(id);
    }
  }
  const unmatched = [...written]
    .filter(([id]) => !matchedIds.has(id))
    .map(([, origin]) => toWarning(origin));
  return { configFiles: [...configFiles], unmatched };
}

function toWarning(origin: ModelOrigin): UnmatchedModel {
  const [list = "", field = "", module = "", name = ""] = origin.key.split("\u0000");
  const from = module ? ` of \`${module}\`` : "";
  const target = field === "property" ? "property" : "call";
  return {
    file: origin.file,
    range: {
      start: { line: origin.line, character: origin.character },
      end: { line: origin.endLine, character: origin.endCharacter },
    },
    message: `${LIST_NAMES[list] ?? "Model"} \`${name}\`${from} matches no ${target} in the project. Check the access path${module ? " and the module name" : ""}.`,
    severity: "warning",
    key: origin.key,
  };
}

/**
 * Combines the model usage of several analyses that may share config files, such as the
 * projects of a monorepo: a model is reported when every analysis that checked its file found
 * it unmatched.
 */
export function unmatchedModels(usages: ModelUsage[]): UnmatchedModel[] {
  const checks = usages.map((usage) => ({
    files: new Set(usage.configFiles),
    unmatched: new Set(usage.unmatched.map(idOf)),
  }));
  const candidates = new Map(usages.flatMap((usage) => usage.unmatched.map((m) => [idOf(m), m])));
  return [...candidates]
    .filter(([id, model]) =>
      checks.every((check) => !check.files.has(model.file) || check.unmatched.has(id)),
    )
    .map(([, model]) => model);
}

/** Names a model by its file and key, which stay the same when lines above it change. */
function idOf(model: UnmatchedModel): string {
  return `${model.file}\u0000${model.key}`;
}

function isInside(file: string, dir: string): boolean {
  const relative = path.relative(dir, file);
  return relative !== "" && !relative.startsWith("..") && !path.isAbsolute(relative);
}
