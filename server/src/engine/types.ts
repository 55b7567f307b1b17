/**
 * Plain data types shared by the analysis engine, the CLI and the language server.
 * Nothing here depends on LSP or VS Code types.
 */

/** A zero-based position, as LSP counts it (UTF-16 code units). */
export interface Position {
  line: number;
  character: number;
}

/** A zero-based, end-exclusive range. */
export interface Range {
  start: Position;
  end: Position;
}

/** A range in a file, with an absolute file path. */
export interface Location {
  file: string;
  range: Range;
}

/** Codes of the findings that the engine reports. */
export type FindingCode =
  /** Zoned data reaches a sink whose purpose one of its zones does not allow. */
  | "PZ001"
  /** Zoned data flows into a declaration annotated with zones that do not cover it. */
  | "PZ002"
  /** An unknown zone or purpose name, or a malformed annotation. */
  | "PZ003"
  /** An exemption without a reason, or one that suppresses nothing; a reclassification without a reason. */
  | "PZ004"
  /** A configuration file that is invalid. */
  | "PZ005";

export type Severity = "error" | "warning" | "info";

/** Kinds of path step, from the source to the sink. */
export type PathStepKind =
  | "source"
  | "assign"
  | "argument"
  | "return"
  | "property"
  | "await"
  | "callback"
  | "reclassify"
  | "call"
  | "sink";

/** One step of the path that zoned data takes from its source to a sink. */
export interface PathStep {
  location: Location;
  /** Short label, such as "PII read from `User.email`" or "passed as `text` to `formatNote`". */
  message: string;
  kind: PathStepKind;
  /** True where the engine guessed this step: a call into code it cannot see, or a zone inferred from a name. */
  inferred: boolean;
}

/** Information about the sink that a PZ001 finding reaches. */
export interface SinkInfo {
  /** The callee as written, such as `logger.info`. */
  callee: string;
  purpose: string;
}

/** An edit proposed for a finding; the language server turns these into code actions. */
export interface FixSuggestion {
  kind:
    | "annotate-downstream"
    | "allow-purpose"
    | "reclassify"
    | "remove-argument"
    | "disable-line"
    | "rename-zone"
    | "mark-zone";
  title: string;
  /** Text edits in source files; absent where the fix edits the config (see `configEdit`). */
  edits?: TextEdit[];
  /** For `allow-purpose`: the zone and the purpose to add to its `allow` list. */
  configEdit?: { zone: string; purpose: string };
}

export interface TextEdit {
  file: string;
  range: Range;
  newText: string;
}

/** A result of the analysis. */
export interface Finding {
  code: FindingCode;
  severity: Severity;
  message: string;
  file: string;
  /** The data entering the sink (PZ001), or the annotation or declaration at fault. */
  range: Range;
  zones: string[];
  /** True when every zone behind this finding was inferred from a name rather than annotated. */
  inferred: boolean;
  sink: SinkInfo | null;
  /** The path of the first enforced zone, or of the first zone when none is enforced. */
  path: PathStep[];
  /** The paths of zones whose data took another path than `path`, or empty when all took that one. */
  otherPaths: ZonePath[];
  fixes: FixSuggestion[];
}

/** The path that the data of some zones of a finding took. */
export interface ZonePath {
  zones: string[];
  path: PathStep[];
}

/** Lineage node kinds, as the `privacyZones/lineage` request names them. */
export type LineageNodeKind =
  | "source"
  | "sink"
  | "variable"
  | "parameter"
  | "property"
  | "return"
  | "call"
  | "reclassification"
  | "exemption";

export interface LineageNode {
  id: string;
  label: string;
  kind: LineageNodeKind;
  zones: string[];
  location: Location;
  confidence: "certain" | "inferred";
  /** For sinks: the purpose. */
  purpose?: string;
  /** For sinks: true when a zone reaching it does not allow its purpose. */
  violation?: boolean;
  /** A one-line explanation of this step. */
  detail?: string;
}

export type LineageEdgeKind =
  | "assign"
  | "argument"
  | "return"
  | "property"
  | "await"
  | "callback"
  | "reclassify"
  | "call"
  | "sink";

export interface LineageEdge {
  from: string;
  to: string;
  kind: LineageEdgeKind;
  location: Location;
}

export interface LineageGraph {
  /** Id of the node for the selected symbol, or null when the position is not on a symbol. */
  root: string | null;
  nodes: LineageNode[];
  edges: LineageEdge[];
}

export type LineageDirection = "both" | "upstream" | "downstream";

/** Content of a hover over an expression. */
export interface HoverInfo {
  range: Range;
  /** Zones that the value carries, with one line each saying where it comes from. */
  zones: { zone: string; inferred: boolean; origin: string }[];
  /** Present when the hovered expression is a sink call. */
  sink?: { callee: string; purpose: string; allowedZones: string[] };
}

/** A problem in a `privacy-zones.json` file, with a zero-based range. */
export interface ConfigDiagnostic {
  file: string;
  range: Range;
  message: string;
  severity: "error" | "warning";
}

/** A model in a config file that matched nothing, with `key` naming it across edits of the file. */
export interface UnmatchedModel extends ConfigDiagnostic {
  key: string;
}

/** The config models that an analysis of a whole project checked and found unmatched. */
export interface ModelUsage {
  /** Config files whose models the analysis checked. */
  configFiles: string[];
  /** The models among them that matched no call or property. */
  unmatched: UnmatchedModel[];
}

/** The first syntax error of a file, and how many it has. */
export interface SyntaxErrorReport {
  file: string;
  range: Range;
  message: string;
  count: number;
}

/** The outcome of analysing a set of files. */
export interface AnalysisResult {
  /** Findings by absolute file path; every analysed file has an entry, possibly empty. */
  findings: Map<string, Finding[]>;
  /** Problems in the config files that applied; the analysis still ran with the valid parts. */
  configProblems: ConfigDiagnostic[];
  /** Files that were not analysed, with the reason (too large, unreadable). */
  skipped: { file: string; reason: string }[];
  /**
   * Analysed files with syntax errors, when `reportSyntaxErrors` is set. The parser recovers,
   * but flows through the code around an error may be missed.
   */
  syntaxErrors?: SyntaxErrorReport[];
  /** Number of source files analysed. */
  fileCount: number;
  /** Number of fixpoint passes the analysis needed. */
  passes: number;
  /** Reason the analysis stopped before it was complete (memory or time budget), if it did. */
  incomplete?: string;
  /**
   * The models that matched nothing. Absent for loose files and for an incomplete analysis,
   * which do not see the whole project. Combine several with `unmatchedModels`.
   */
  modelUsage?: ModelUsage;
  durationMs: number;
}
