/**
 * Messages between the lineage graph webview and the extension. Types only, so both the browser
 * bundle and the extension host can import them.
 */
import type { LineageGraph } from "../../server/src/engine/types";

/** Sent by the extension: the graph to draw, replacing the one shown. */
export interface ShowGraphMessage {
  type: "graph";
  graph: LineageGraph;
}

/** Sent by the webview once its script runs, so the extension can send it a graph. */
export interface ReadyMessage {
  type: "ready";
}

/** Sent by the webview when a node is clicked: the extension reveals the node's location. */
export interface RevealMessage {
  type: "reveal";
  nodeId: string;
}

export type ToWebviewMessage = ShowGraphMessage;
export type FromWebviewMessage = ReadyMessage | RevealMessage;
