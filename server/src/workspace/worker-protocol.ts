/**
 * Messages between the language server's main thread and its analysis thread. The main thread
 * answers LSP requests while the analysis thread owns every Analyzer, so a long analysis never
 * blocks hovers, and a stale pass can be cancelled through shared memory.
 */
import type {
  Finding,
  HoverInfo,
  LineageDirection,
  LineageGraph,
  Position,
  UnmatchedModel,
} from "../engine/index";
import type { AnnotationScan } from "../features/annotation-scan";
import type { ZonesResult } from "../protocol";

/** Analyzer options that the main thread derives from the settings of a document. */
export interface ProjectOptions {
  /** Absolute path of a config file to use in place of the `privacy-zones.json` lookup. */
  configFile?: string;
  detection: boolean;
  maxFileSize: number;
  /** Folder that groups files with no tsconfig.json or jsconfig.json into one loose project. */
  looseRoot: string;
}

/** One open document to analyse. */
export interface AnalyzeFile {
  file: string;
  options: ProjectOptions;
  /** The revision of the findings that the main thread has for the file, if any. */
  known?: number;
}

/** A file-system change reported by the editor's file watcher. */
export interface FileChange {
  file: string;
  type: "created" | "changed" | "deleted";
}

/**
 * The outcome of an analysis pass for one file: its findings with their revision, only the
 * revision when the main thread already has those findings, or why the engine failed.
 */
export type FileOutcome =
  | { file: string; revision: number; findings: Finding[] }
  | { file: string; revision: number; unchanged: true }
  | { file: string; error: string }
  /** A file the analysis left out, with the reason. */
  | { file: string; skipped: string };

/** The outcome of an analysis pass. */
export interface AnalyzeOutcome {
  /** True when a newer pass replaced this one before it finished; `files` is then empty. */
  cancelled: boolean;
  files: FileOutcome[];
  /** Source files in the projects that the pass covered. */
  fileCount: number;
  /** True when a project's analysis was updated after edits and a fresh run would verify it. */
  needsVerification: boolean;
  /** Config models that no loaded project matched, over every project's last analysis. */
  unmatchedModels: UnmatchedModel[];
  /** Projects that were analysed again, with their engine time in milliseconds. */
  projects: { project: string; durationMs: number; fileCount: number }[];
}

/** Methods that the analysis thread serves, with their parameters and results. */
export interface AnalysisApi {
  /** Stores the unsaved text of an open document. */
  setText(params: { file: string; text: string }): void;
  /** Forgets an open document's text and reads the file from disk again. */
  closeFile(params: { file: string }): void;
  /** Applies file-system changes: config files, project files and dependencies. */
  filesChanged(params: { changes: FileChange[] }): void;
  /** Drops every project, so that the next pass loads them again. */
  reset(params: Record<string, never>): void;
  /**
   * Analyses the projects of the given files, unless pass `passId` is no longer current. With
   * `verify`, runs a fresh analysis of the projects whose last analysis was updated after edits.
   */
  analyze(params: { passId: number; files: AnalyzeFile[]; verify?: boolean }): AnalyzeOutcome;
  /** The zones at a position of an open document, from its project's analysis. */
  hover(params: { file: string; options: ProjectOptions; position: Position }): HoverInfo | null;
  lineage(params: {
    file: string;
    options: ProjectOptions;
    position: Position;
    direction: LineageDirection;
    maxDepth: number;
  }): LineageGraph;
  /** The zone inventory of every loaded project, from its last analysis. */
  zones(params: Record<string, never>): ZonesResult;
  /** The Privacy Zones tags of each text, read with TypeScript's parser. */
  scanAnnotations(params: { files: { file: string; text: string }[] }): AnnotationScan[];
}

export type AnalysisMethod = keyof AnalysisApi;

/** A call from the main thread; calls without an id expect no answer. */
export interface WorkerCall {
  id?: number;
  method: AnalysisMethod;
  params: unknown;
}

/**
 * The outcomes of one project's open files, sent while pass `passId` goes on to other projects,
 * so that a slow project does not hold back the diagnostics of the others.
 */
export interface PartialOutcome {
  passId: number;
  files: FileOutcome[];
}

/** A message from the analysis thread: a result of a call, a partial outcome or a log line. */
export type WorkerMessage =
  | { id: number; result: unknown }
  | { id: number; error: string }
  | { partial: PartialOutcome }
  | { log: { level: LogLevel; message: string } };

export type LogLevel = "error" | "warn" | "info" | "debug";

/** Data the analysis thread starts with. */
export interface WorkerData {
  /** Int32Array view target: slot 0 is the id of the only pass that may still run. */
  currentPass: SharedArrayBuffer;
}
