import type { AnalyzerOptions } from "../engine";
import { UsageError } from "./targets";

export interface LineageOptions extends AnalyzerOptions {
  format: string;
  direction: string;
  maxDepth: string | undefined;
}

/** Runs `privacy-zones lineage FILE:LINE:COLUMN`. */
export function runLineage(positionals: string[], options: LineageOptions): number {
  void positionals;
  void options;
  throw new UsageError("lineage is not available yet.");
}
