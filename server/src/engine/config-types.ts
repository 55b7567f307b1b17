/** The shape of `privacy-zones.json`, as written by users. */
export interface RawConfig {
  $schema?: string;
  extends?: string | string[];
  zones?: Record<string, RawZone>;
  purposes?: Record<string, string | { description?: string }>;
  detection?: RawDetection;
  sources?: RawModel[];
  sinks?: RawModel[];
  reclassifiers?: RawModel[];
  include?: string[];
  exclude?: string[];
}

export interface RawZone {
  description?: string;
  allow?: string[];
  mode?: ZoneMode;
}

export interface RawDetection {
  enable?: boolean;
  mode?: ZoneMode;
  rules?: RawDetectionRule[];
}

export interface RawDetectionRule {
  zone: string;
  /** Names as space-separated words; `dateOfBirth`, `date_of_birth` and `DateOfBirth` all match "date of birth". */
  names: string[];
}

/**
 * A model of a library API, named by an access path from a global or from a module import.
 * `function` models calls, `property` models reads (sources) or writes (sinks).
 */
export interface RawModel {
  module?: string;
  function?: string;
  property?: string;
  /** Sinks: the purpose the arguments are used for. */
  purpose?: string;
  /** Sinks: the zero-based argument positions that reach the sink; all when absent. */
  arguments?: number[];
  /** Sources: the zone of the result. */
  zone?: string;
  /** Reclassifiers: the zones removed, or "*" for all. */
  from?: string | string[];
  /** Reclassifiers: the zone that replaces them; absent to drop them. */
  to?: string;
  /** Reclassifiers: why the transformation removes the sensitive part. */
  reason?: string;
}

export type ZoneMode = "enforce" | "log";

/** A zone of the resolved configuration. */
export interface ZonePolicy {
  name: string;
  description: string;
  allow: Set<string>;
  mode: ZoneMode;
  /** Where the zone is defined: a config file, or the preset name. */
  definedIn: string;
}

export interface ModelPattern {
  module: string | undefined;
  /** Path segments; `*` matches one segment and `**` any number, including none. */
  segments: string[];
}

/** The position of a model in its config file. Preset models have none. */
export interface ModelOrigin {
  file: string;
  line: number;
  character: number;
  endLine: number;
  endCharacter: number;
  /** Names the model by its list and fields, the same in every version of the file. */
  key: string;
}

export interface SinkModel {
  pattern: ModelPattern;
  origin?: ModelOrigin;
  kind: "function" | "property";
  purpose: string;
  arguments?: number[];
}

export interface SourceModel {
  pattern: ModelPattern;
  origin?: ModelOrigin;
  kind: "function" | "property";
  zone: string;
}

export interface ReclassifierModel {
  pattern: ModelPattern;
  origin?: ModelOrigin;
  from: string[] | "*";
  to: string | undefined;
  reason: string;
}

export interface DetectionRule {
  zone: string;
  /** Each name as lower-case words. */
  names: string[][];
}

/** A problem in a config file, with a zero-based position. */
export interface ConfigProblem {
  file: string;
  line: number;
  character: number;
  endLine: number;
  endCharacter: number;
  message: string;
  severity: "error" | "warning";
}

/** A configuration after presets and `extends` are merged. */
export interface ResolvedConfig {
  /** The file it was read from, or undefined for the built-in preset. */
  file: string | undefined;
  zones: Map<string, ZonePolicy>;
  purposes: Map<string, string>;
  detection: { enable: boolean; mode: ZoneMode; rules: DetectionRule[] };
  sources: SourceModel[];
  sinks: SinkModel[];
  reclassifiers: ReclassifierModel[];
  include: string[];
  exclude: string[];
  problems: ConfigProblem[];
}
