import type { AnalysisResult, HoverInfo, LineageDirection, LineageGraph, Position } from "./types";

/** Returns true when the caller no longer wants the result; the engine then stops early. */
export type CancellationCheck = () => boolean;

export interface AnalyzerOptions {
  /** A config file to use for every file, in place of the `privacy-zones.json` lookup. */
  configFile?: string;
  /** When false, zones are not inferred from names, whatever the config says. */
  detection?: boolean;
  /** Files larger than this many bytes are skipped with a warning. Default 1 MiB. */
  maxFileSize?: number;
  /** Receives log lines. */
  log?: (level: "error" | "warn" | "info" | "debug", message: string) => void;
}

/**
 * An analysed project: the files of one tsconfig.json or jsconfig.json, or a set of loose files.
 * Keeps the parsed program between runs, so that an edit re-analyses without reloading it.
 */
export class Analyzer {
  /** Opens the project that contains `file`: the nearest tsconfig.json or jsconfig.json above it, or the file alone. */
  static forFile(file: string, options: AnalyzerOptions = {}): Analyzer {
    void file;
    void options;
    throw new Error("not implemented");
  }

  /** Opens the files and folders named on a command line. */
  static forPaths(paths: string[], options: AnalyzerOptions = {}): Analyzer {
    void paths;
    void options;
    throw new Error("not implemented");
  }

  /** The tsconfig.json or jsconfig.json behind this project, or undefined for loose files. */
  readonly configFilePath: string | undefined = undefined;

  /** True when `file` belongs to this project. */
  containsFile(file: string): boolean {
    void file;
    return false;
  }

  /** Replaces a file's text with unsaved editor content, or adds the file to a loose project. */
  setFileText(file: string, text: string): void {
    void file;
    void text;
  }

  /** Drops unsaved content and reads the file from disk again (or forgets it when deleted). */
  refreshFromDisk(file: string): void {
    void file;
  }

  /** Reads `privacy-zones.json` files again. */
  reloadConfig(): void {}

  /** Runs the analysis over the whole project. */
  analyze(cancelled?: CancellationCheck): AnalysisResult {
    void cancelled;
    return { findings: new Map(), fileCount: 0, durationMs: 0 };
  }

  /** Returns the lineage of the symbol at `position`, from the last analysis. */
  lineage(
    file: string,
    position: Position,
    direction: LineageDirection = "both",
    maxDepth = 20,
  ): LineageGraph {
    void file;
    void position;
    void direction;
    void maxDepth;
    return { root: null, nodes: [], edges: [] };
  }

  /** Returns the zones of the expression at `position`, from the last analysis. */
  hover(file: string, position: Position): HoverInfo | undefined {
    void file;
    void position;
    return undefined;
  }
}
