import type { ts } from "ts-morph";
import type { FlowAnalysis } from "./flow";
import type { LineageDirection, LineageGraph, Position } from "./types";

/** The lineage of the symbol at `position`: what feeds it back to its sources, and what it feeds down to its sinks. */
export function buildLineage(
  flow: FlowAnalysis,
  file: ts.SourceFile,
  position: Position,
  direction: LineageDirection,
  maxDepth: number,
): LineageGraph {
  void flow;
  void file;
  void position;
  void direction;
  void maxDepth;
  return { root: null, nodes: [], edges: [] };
}
