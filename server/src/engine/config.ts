import * as fs from "node:fs";
import * as path from "node:path";
import { findNodeAtLocation, getNodeValue } from "jsonc-parser";
import type { Node as JsonNode } from "jsonc-parser";
import { parseConfigFile, problemAt } from "./config-json";
import type { ParsedFile } from "./config-json";
import type {
  DetectionRule,
  ModelOrigin,
  ModelPattern,
  RawConfig,
  RawModel,
  ReclassifierModel,
  ResolvedConfig,
  SourceModel,
  ZoneMode,
} from "./config-types";
import { BUILT_IN_PURPOSES, DEFAULT_PRESET, PRESETS } from "./presets";
import { closestName, didYouMean } from "./suggest";

export const CONFIG_FILE_NAME = "privacy-zones.json";

/** The maximum number of config files in an `extends` chain, which bounds the recursion. */
const MAX_EXTENDS_DEPTH = 32;

/** Ends the message of a problem that made the config fall back to the default preset. */
const FALLBACK_NOTE = ` The analysis uses the preset \`${DEFAULT_PRESET}\` in its place.`;

/**
 * A zone name that a model or detection rule uses. Names are checked once every layer has
 * declared its zones, since a file may use a zone that a file extending it declares.
 */
interface ZoneReference {
  zone: string;
  /** The model or rule that uses the zone, dropped when the zone is unknown. */
  user: SourceModel | ReclassifierModel | DetectionRule;
  /** Reports a problem at the name in a config file. Does nothing for a preset. */
  report: (message: string) => void;
}

/** Finds the `privacy-zones.json` that applies to a file, and resolves it. Results are cached. */
export class ConfigResolver {
  private readonly resolved = new Map<string, ResolvedConfig>();
  private readonly lookups = new Map<string, string | undefined>();
  /** Configs by source file and root folder, since each run looks up every file's config. */
  /**
   * Configs by root folder, then by source file. The analysis looks up each file of a project
   * on every edit, and two levels of maps reuse the hashes of the two strings, where one key
   * made of both would be built and hashed anew each time.
   */
  private readonly byFile = new Map<string, Map<string, ResolvedConfig>>();

  /**
   * @param explicitFile a config file to use for every file, in place of the lookup
   * @param readText reads a config file; returns undefined when it does not exist
   */
  constructor(
    private readonly explicitFile: string | undefined,
    private readonly readText: (file: string) => string | undefined = readFileIfExists,
  ) {}

  /** Clears the cache, so that the next lookup reads the files again. */
  clear(): void {
    this.resolved.clear();
    this.lookups.clear();
    this.byFile.clear();
  }

  /** The config for a source file, looked up from its folder upward to `rootDir`. */
  forFile(sourceFile: string, rootDir: string | undefined): ResolvedConfig {
    let byRoot = this.byFile.get(rootDir ?? "");
    if (!byRoot) this.byFile.set(rootDir ?? "", (byRoot = new Map()));
    let config = byRoot.get(sourceFile);
    if (!config) {
      const configFile =
        this.explicitFile ?? this.findConfigFile(path.dirname(sourceFile), rootDir);
      config = this.load(configFile);
      byRoot.set(sourceFile, config);
    }
    return config;
  }

  /** The config in a given file, or the built-in preset for undefined. */
  load(configFile: string | undefined): ResolvedConfig {
    const key = configFile ?? "";
    let config = this.resolved.get(key);
    if (!config) {
      config = resolveConfig(configFile, this.readText);
      this.resolved.set(key, config);
    }
    return config;
  }

  /** Every config file resolved so far. */
  loadedFiles(): string[] {
    return [...this.resolved.keys()].filter((key) => key !== "");
  }

  private findConfigFile(dir: string, rootDir: string | undefined): string | undefined {
    const cached = this.lookups.get(dir);
    if (cached !== undefined || this.lookups.has(dir)) return cached;
    let found: string | undefined;
    const candidate = path.join(dir, CONFIG_FILE_NAME);
    if (this.readText(candidate) !== undefined) {
      found = candidate;
    } else {
      const parent = path.dirname(dir);
      const atRoot =
        parent === dir || (rootDir !== undefined && path.resolve(dir) === path.resolve(rootDir));
      const atRepository = rootDir === undefined && fs.existsSync(path.join(dir, ".git"));
      if (!atRoot && !atRepository) found = this.findConfigFile(parent, rootDir);
    }
    this.lookups.set(dir, found);
    return found;
  }
}

function readFileIfExists(file: string): string | undefined {
  try {
    return fs.readFileSync(file, "utf8");
  } catch {
    return undefined;
  }
}

/** Reads a config file and everything it extends, and merges them over the built-in purposes. */
export function resolveConfig(
  configFile: string | undefined,
  readText: (file: string) => string | undefined = readFileIfExists,
): ResolvedConfig {
  const config = emptyConfig(configFile);
  const zoneReferences: ZoneReference[] = [];
  let parsed: ParsedFile | undefined;
  if (configFile !== undefined) {
    parsed = loadLayer(config, configFile, readText, [], zoneReferences);
    if (!parsed) {
      const missing = { file: configFile, text: "", tree: undefined };
      config.problems.push(
        problemAt(missing, undefined, unreadableFileMessage(configFile) + FALLBACK_NOTE),
      );
    }
  }
  if (!parsed)
    applyLayer(config, PRESETS[DEFAULT_PRESET]!, DEFAULT_PRESET, undefined, zoneReferences);
  finishConfig(config, parsed, zoneReferences);
  return config;
}

function emptyConfig(file: string | undefined): ResolvedConfig {
  return {
    file,
    zones: new Map(),
    purposes: new Map(Object.entries(BUILT_IN_PURPOSES)),
    detection: { enable: true, mode: "log", rules: [] },
    sources: [],
    sinks: [],
    reclassifiers: [],
    include: [],
    exclude: [],
    problems: [],
  };
}

/**
 * Applies a config file over the layers it extends. A file that is not a JSON object, and a file
 * whose `extends` entries all fail, get the default preset in place of what they would apply.
 *
 * @param ancestors the files that extend this one, outermost first, to find cycles
 * @returns the parsed file, or undefined when it cannot be read, for the caller to report
 */
function loadLayer(
  config: ResolvedConfig,
  file: string,
  readText: (file: string) => string | undefined,
  ancestors: string[],
  zoneReferences: ZoneReference[],
): ParsedFile | undefined {
  const text = readText(file);
  if (text === undefined) return undefined;
  const { parsed, problems, empty } = parseConfigFile(file, text);
  const tree = parsed.tree;
  if (!tree || tree.type !== "object") {
    if (empty) {
      problems.push(
        problemAt(
          parsed,
          undefined,
          `The config file is empty. Write a JSON object, such as { "extends": "${DEFAULT_PRESET}" }.`,
        ),
      );
    } else if (problems.length === 0) {
      problems.push(problemAt(parsed, tree, "The config must be a JSON object."));
    }
    problems[0]!.message += FALLBACK_NOTE;
    config.problems.push(...problems);
    applyLayer(config, PRESETS[DEFAULT_PRESET]!, DEFAULT_PRESET, undefined, zoneReferences);
    return parsed;
  }
  config.problems.push(...problems);
  const raw = getNodeValue(tree) as RawConfig;
  const chain = [...ancestors, path.resolve(file)];
  const failed = applyParents(config, raw, parsed, readText, chain, zoneReferences);
  if (raw.extends === undefined || failed) {
    applyLayer(config, PRESETS[DEFAULT_PRESET]!, DEFAULT_PRESET, undefined, zoneReferences);
  }
  applyLayer(config, raw, file, parsed, zoneReferences);
  return parsed;
}

/**
 * Applies the presets and files that `extends` names, and reports the entries that fail.
 * Returns true when entries failed and none applied, so that the default preset takes their
 * place. A typo in a preset name then reports that typo alone, not every zone as unknown.
 */
function applyParents(
  config: ResolvedConfig,
  raw: RawConfig,
  parsed: ParsedFile,
  readText: (file: string) => string | undefined,
  chain: string[],
  zoneReferences: ZoneReference[],
): boolean {
  const failures: { node: JsonNode | undefined; message: string }[] = [];
  let applied = false;
  const single = typeof raw.extends === "string";
  const parents = single ? [raw.extends] : Array.isArray(raw.extends) ? raw.extends : [];
  if (raw.extends !== undefined && !single && !Array.isArray(raw.extends)) {
    failures.push({
      node: findNodeAtLocation(parsed.tree!, ["extends"]),
      message: "`extends` must be a preset name, a relative path, or an array of them.",
    });
  }
  parents.forEach((parent, index) => {
    const node = findNodeAtLocation(parsed.tree!, single ? ["extends"] : ["extends", index]);
    const fail = (message: string) => failures.push({ node, message });
    if (typeof parent !== "string") return fail("Each `extends` entry must be a string.");
    if (PRESETS[parent]) {
      applyLayer(config, PRESETS[parent], parent, undefined, zoneReferences);
      applied = true;
      return undefined;
    }
    if (!parent.startsWith(".")) {
      return fail(
        `Unknown preset \`${parent}\`.${didYouMean(parent, Object.keys(PRESETS))} Presets: ${Object.keys(PRESETS).join(", ")}; or give a relative path to another config file.`,
      );
    }
    const parentFile = path.resolve(path.dirname(parsed.file), parent);
    if (chain.includes(parentFile)) return fail(`\`extends\` forms a cycle through ${parentFile}.`);
    if (chain.length >= MAX_EXTENDS_DEPTH) {
      return fail(`\`extends\` chains more than ${MAX_EXTENDS_DEPTH} config files.`);
    }
    if (!loadLayer(config, parentFile, readText, chain, zoneReferences)) {
      return fail(unreadableFileMessage(parentFile));
    }
    applied = true;
    return undefined;
  });
  const fallBack = failures.length > 0 && !applied;
  for (const { node, message } of failures) {
    config.problems.push(problemAt(parsed, node, fallBack ? message + FALLBACK_NOTE : message));
  }
  return fallBack;
}

/** Describes why a config file named on the command line, a setting or `extends` cannot be read. */
function unreadableFileMessage(file: string): string {
  let isFolder = false;
  try {
    isFolder = fs.statSync(file).isDirectory();
  } catch {
    // A file that does not exist is reported as not found.
  }
  if (isFolder) return `${file} is a folder, not a config file.`;
  return `Config file not found: ${file}.`;
}

/** Merges one layer (a preset or a file) over what the earlier layers set. */
function applyLayer(
  config: ResolvedConfig,
  raw: RawConfig,
  origin: string,
  parsed: ParsedFile | undefined,
  zoneReferences: ZoneReference[],
): void {
  const problem = (
    location: (string | number)[],
    message: string,
    severity: "error" | "warning" = "error",
  ) => {
    if (parsed)
      config.problems.push(
        problemAt(parsed, findNodeAtLocation(parsed.tree!, location), message, severity),
      );
  };
  const knownKeys = [
    "$schema",
    "extends",
    "zones",
    "purposes",
    "detection",
    "sources",
    "sinks",
    "reclassifiers",
    "include",
    "exclude",
  ];
  for (const key of Object.keys(raw)) {
    if (!knownKeys.includes(key))
      problem([key], `Unknown key \`${key}\`.${didYouMean(key, knownKeys)}`);
  }
  applyPurposes(config, raw, problem);
  applyZones(config, raw, origin, problem);
  applyDetection(config, raw, problem, zoneReferences);
  applyModels(config, raw, problem, parsed, zoneReferences);
  for (const key of ["include", "exclude"] as const) {
    const value = raw[key];
    if (value === undefined) continue;
    if (!Array.isArray(value) || value.some((entry) => typeof entry !== "string")) {
      problem([key], `\`${key}\` must be an array of glob strings.`);
    } else {
      config[key] = value;
    }
  }
}

type ProblemReporter = (
  location: (string | number)[],
  message: string,
  severity?: "error" | "warning",
) => void;

function applyPurposes(config: ResolvedConfig, raw: RawConfig, problem: ProblemReporter): void {
  if (raw.purposes === undefined) return;
  if (!isPlainObject(raw.purposes))
    return problem(["purposes"], "`purposes` must be an object of purpose names.");
  for (const [name, value] of Object.entries(raw.purposes)) {
    const description =
      typeof value === "string" ? value : isPlainObject(value) ? value.description : undefined;
    if (!/^[a-z][a-z0-9_]*$/.test(name)) {
      problem(["purposes", name], `Purpose \`${name}\` must be lower_snake_case.`);
    }
    config.purposes.set(name, description ?? "");
  }
}

function applyZones(
  config: ResolvedConfig,
  raw: RawConfig,
  origin: string,
  problem: ProblemReporter,
): void {
  if (raw.zones === undefined) return;
  if (!isPlainObject(raw.zones))
    return problem(["zones"], "`zones` must be an object of zone names.");
  for (const [name, zone] of Object.entries(raw.zones)) {
    if (!/^[A-Z][A-Z0-9_]*$/.test(name))
      problem(["zones", name], `Zone \`${name}\` must be UPPER_SNAKE_CASE.`);
    if (!isPlainObject(zone)) {
      problem(
        ["zones", name],
        `Zone \`${name}\` must be an object with \`allow\`, \`mode\` and \`description\`.`,
      );
      continue;
    }
    checkKeys(zone, ZONE_KEYS, ["zones", name], problem);
    const existing = config.zones.get(name);
    const policy = existing
      ? { ...existing, allow: new Set(existing.allow), definedIn: origin }
      : {
          name,
          description: "",
          allow: new Set<string>(),
          mode: "enforce" as ZoneMode,
          definedIn: origin,
        };
    if (zone.description !== undefined) policy.description = String(zone.description);
    if (zone.mode !== undefined) {
      if (zone.mode === "enforce" || zone.mode === "log") policy.mode = zone.mode;
      else
        problem(
          ["zones", name, "mode"],
          `Zone mode must be "enforce" or "log", not ${JSON.stringify(zone.mode)}.`,
        );
    }
    if (zone.allow !== undefined) {
      if (!Array.isArray(zone.allow)) {
        problem(["zones", name, "allow"], "`allow` must be an array of purpose names.");
      } else {
        policy.allow = new Set(
          zone.allow.filter((purpose): purpose is string => typeof purpose === "string"),
        );
      }
    }
    config.zones.set(name, policy);
  }
}

function applyDetection(
  config: ResolvedConfig,
  raw: RawConfig,
  problem: ProblemReporter,
  zoneReferences: ZoneReference[],
): void {
  const detection = raw.detection;
  if (detection === undefined) return;
  if (typeof detection === "boolean") {
    config.detection.enable = detection;
    return;
  }
  if (!isPlainObject(detection))
    return problem(["detection"], "`detection` must be an object or a boolean.");
  if (detection.enable !== undefined) config.detection.enable = detection.enable !== false;
  if (detection.mode !== undefined) {
    if (detection.mode === "enforce" || detection.mode === "log")
      config.detection.mode = detection.mode;
    else problem(["detection", "mode"], `Detection mode must be "enforce" or "log".`);
  }
  (detection.rules ?? []).forEach((rule, index) => {
    if (!isPlainObject(rule) || typeof rule.zone !== "string" || !Array.isArray(rule.names)) {
      problem(
        ["detection", "rules", index],
        "A detection rule needs `zone` (a string) and `names` (an array of strings).",
      );
      return;
    }
    const detectionRule = {
      zone: rule.zone,
      names: rule.names.filter((name) => typeof name === "string").map((name) => splitWords(name)),
    };
    config.detection.rules.push(detectionRule);
    zoneReferences.push({
      zone: rule.zone,
      user: detectionRule,
      report: (message) => problem(["detection", "rules", index, "zone"], message),
    });
  });
}

function applyModels(
  config: ResolvedConfig,
  raw: RawConfig,
  problem: ProblemReporter,
  parsed: ParsedFile | undefined,
  zoneReferences: ZoneReference[],
): void {
  for (const key of ["sources", "sinks", "reclassifiers"] as const) {
    const models = raw[key];
    if (models === undefined) continue;
    if (!Array.isArray(models)) {
      problem([key], `\`${key}\` must be an array of models.`);
      continue;
    }
    models.forEach((model, index) => {
      const where = [key, index];
      if (!isPlainObject(model)) return problem(where, "A model must be an object.");
      checkKeys(model, MODEL_KEYS[key], where, problem);
      if (model.function !== undefined && model.property !== undefined)
        return problem(where, "A model needs either `function` or `property`, not both.");
      const pattern = modelPattern(model);
      if (!pattern) {
        return problem(
          where,
          "A model needs `function` or `property`: an access path such as `console.log`.",
        );
      }
      if (model.module !== undefined && (typeof model.module !== "string" || model.module === ""))
        return problem([...where, "module"], "`module` must be a package name such as `axios`.");
      if (pattern.segments.length === 0 && pattern.module === undefined) {
        return problem(
          where,
          "An empty access path needs `module`: it then names the module's export itself.",
        );
      }
      if (typeof model.module === "string" && /^[./]/.test(model.module)) {
        problem(
          [...where, "module"],
          "`module` names a package. Code of this project is matched by its declared name, such as `audit.record`, without `module`.",
          "warning",
        );
      }
      const kind = model.property !== undefined ? "property" : "function";
      const origin = parsed && modelOrigin(parsed, key, index, model);
      if (key === "sources") {
        if (typeof model.zone !== "string") return problem(where, "A source model needs `zone`.");
        const source: SourceModel = { pattern, kind, zone: model.zone, origin };
        config.sources.push(source);
        zoneReferences.push({
          zone: model.zone,
          user: source,
          report: (message) => problem([...where, "zone"], message),
        });
      } else if (key === "sinks") {
        if (typeof model.purpose !== "string")
          return problem(where, "A sink model needs `purpose`.");
        // A purpose that no layer declares becomes a new one, which no zone allows. A name close
        // to a declared purpose is more likely a typo, so it gets a warning.
        if (!config.purposes.has(model.purpose)) {
          const suggestion = closestName(model.purpose, config.purposes.keys());
          if (suggestion)
            problem(
              [...where, "purpose"],
              `Purpose \`${model.purpose}\` is not declared, so no zone may flow into this sink. Did you mean \`${suggestion}\`? Declare it under \`purposes\` to add a new one.`,
              "warning",
            );
        }
        config.sinks.push({
          pattern,
          kind,
          purpose: model.purpose,
          arguments: sinkArguments(model.arguments, [...where, "arguments"], problem),
          origin,
        });
      } else {
        applyReclassifier(config, model, where, pattern, origin, problem, zoneReferences);
      }
      return undefined;
    });
  }
}

/**
 * Returns the argument positions of a sink model. Invalid entries are reported and left out, and
 * a list with no valid entry counts as absent, so that the sink checks every argument.
 */
function sinkArguments(
  value: unknown,
  location: (string | number)[],
  problem: ProblemReporter,
): number[] | undefined {
  if (value === undefined) return undefined;
  if (!Array.isArray(value)) {
    problem(
      location,
      "`arguments` must be an array of zero-based argument positions, such as [0].",
    );
    return undefined;
  }
  const positions: number[] = [];
  value.forEach((entry, index) => {
    if (typeof entry === "number" && Number.isInteger(entry) && entry >= 0) {
      positions.push(entry);
    } else {
      problem(
        [...location, index],
        `Argument position must be a whole number, 0 or more, not ${JSON.stringify(entry)}. Positions start at 0 for the first argument.`,
      );
    }
  });
  return positions.length === 0 && value.length > 0 ? undefined : positions;
}

function applyReclassifier(
  config: ResolvedConfig,
  model: RawModel,
  where: (string | number)[],
  pattern: ModelPattern,
  origin: ModelOrigin | undefined,
  problem: ProblemReporter,
  zoneReferences: ZoneReference[],
): void {
  if (typeof model.reason !== "string" || model.reason.trim() === "") {
    return problem(
      where,
      "A reclassifier needs `reason`: why the transformation removes the sensitive part.",
    );
  }
  if (model.to !== undefined && typeof model.to !== "string")
    return problem([...where, "to"], "`to` must be a zone name, or absent to drop the zones.");

  const rawFrom: unknown = model.from;
  const fromList = Array.isArray(rawFrom);
  const from: unknown[] =
    rawFrom === undefined || rawFrom === "*" ? [] : Array.isArray(rawFrom) ? rawFrom : [rawFrom];
  const notName = from.findIndex((zone) => typeof zone !== "string");
  if (notName !== -1) {
    return problem(
      fromList ? [...where, "from", notName] : [...where, "from"],
      '`from` must be "*", a zone name or an array of zone names.',
    );
  }

  const reclassifier: ReclassifierModel = {
    pattern,
    from: from.length === 0 && !fromList ? "*" : (from as string[]),
    to: model.to,
    reason: model.reason,
    origin,
  };
  config.reclassifiers.push(reclassifier);

  const names = from as string[];
  names.forEach((zone, index) => {
    const location = fromList ? [...where, "from", index] : [...where, "from"];
    zoneReferences.push({
      zone,
      user: reclassifier,
      report: (message) => problem(location, message),
    });
  });
  if (model.to !== undefined) {
    zoneReferences.push({
      zone: model.to,
      user: reclassifier,
      report: (message) => problem([...where, "to"], message),
    });
  }
}

/** Places a model at its `function` or `property` value, where a warning about it reads best. */
function modelOrigin(
  parsed: ParsedFile,
  list: string,
  index: number,
  model: RawModel,
): ModelOrigin | undefined {
  const field = model.property !== undefined ? "property" : "function";
  const node =
    findNodeAtLocation(parsed.tree!, [list, index, field]) ??
    findNodeAtLocation(parsed.tree!, [list, index]);
  if (!node) return undefined;
  const { file, line, character, endLine, endCharacter } = problemAt(parsed, node, "");
  const key = [list, field, model.module ?? "", model[field]].join("\u0000");
  return { file, line, character, endLine, endCharacter, key };
}

const ZONE_KEYS = ["description", "allow", "mode"];
const MODEL_KEYS = {
  sources: ["module", "function", "property", "zone"],
  sinks: ["module", "function", "property", "purpose", "arguments"],
  reclassifiers: ["module", "function", "property", "from", "to", "reason"],
};

/** Reports keys that the schema does not know, such as `alow` for `allow`, which would be ignored. */
function checkKeys(
  value: object,
  known: string[],
  location: (string | number)[],
  problem: ProblemReporter,
): void {
  for (const key of Object.keys(value)) {
    if (!known.includes(key))
      problem([...location, key], `Unknown key \`${key}\`.${didYouMean(key, known)}`);
  }
}

function modelPattern(model: RawModel): ModelPattern | undefined {
  const text = model.function ?? model.property;
  if (typeof text !== "string") return undefined;
  const segments = text === "" ? [] : text.replace(/\(\)/g, "").split(".");
  return { module: typeof model.module === "string" ? model.module : undefined, segments };
}

/**
 * Declares the purposes that sink models name, then checks every zone and purpose name against
 * the declared ones. Models and detection rules that name an unknown zone are dropped.
 *
 * @param parsed the config file itself, whose zones are checked for unknown purposes
 */
function finishConfig(
  config: ResolvedConfig,
  parsed: ParsedFile | undefined,
  zoneReferences: ZoneReference[],
): void {
  for (const sink of config.sinks)
    if (!config.purposes.has(sink.purpose)) config.purposes.set(sink.purpose, "");
  dropUnknownZones(config, zoneReferences);
  const file = config.file;
  if (!file || !parsed?.tree) return;
  for (const zone of config.zones.values()) {
    if (zone.definedIn !== file) continue;
    for (const purpose of zone.allow) {
      if (config.purposes.has(purpose)) continue;
      const allowNode = findNodeAtLocation(parsed.tree!, ["zones", zone.name, "allow"]);
      const node = allowNode?.children?.find((child) => child.value === purpose) ?? allowNode;
      config.problems.push(
        problemAt(
          parsed,
          node,
          `Unknown purpose \`${purpose}\` in zone ${zone.name}.${didYouMean(purpose, config.purposes.keys())} Declare it under \`purposes\` to add a new one.`,
        ),
      );
    }
  }
}

/** Reports each zone name that no layer declares, and drops the models and rules that use one. */
function dropUnknownZones(config: ResolvedConfig, zoneReferences: ZoneReference[]): void {
  const dropped = new Set<ZoneReference["user"]>();
  for (const reference of zoneReferences) {
    if (config.zones.has(reference.zone)) continue;
    reference.report(unknownZoneMessage(reference.zone, [...config.zones.keys()]));
    dropped.add(reference.user);
  }
  if (dropped.size === 0) return;
  config.sources = config.sources.filter((model) => !dropped.has(model));
  config.reclassifiers = config.reclassifiers.filter((model) => !dropped.has(model));
  config.detection.rules = config.detection.rules.filter((rule) => !dropped.has(rule));
}

/** Builds the message for an unknown zone, with the closest name or else the known ones, as annotations get. */
function unknownZoneMessage(zone: string, known: string[]): string {
  const suggestion = closestName(zone, known);
  const hint = suggestion
    ? ` Did you mean \`${suggestion}\`?`
    : ` Known zones: ${known.slice(0, 12).join(", ")}${known.length > 12 ? ", ..." : ""}.`;
  return `Unknown zone \`${zone}\`.${hint} Declare it under \`zones\` to add it.`;
}

/** Splits `dateOfBirth`, `date_of_birth`, `DATE-OF-BIRTH` or "date of birth" into lower-case words. */
export function splitWords(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, "$1 $2")
    .replace(/([A-Z]+)([A-Z][a-z])/g, "$1 $2")
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((word) => word.toLowerCase());
}

function isPlainObject(value: unknown): value is Record<string, any> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
