/**
 * Custom LSP requests and notifications of Privacy Zones, shared by the language server and the
 * VS Code client. Standard LSP messages are not repeated here.
 *
 * Each message is its method name plus its parameter and result types. The module holds no
 * `RequestType` instances because the server and the client depend on different releases of
 * vscode-jsonrpc, whose classes are not interchangeable; each side passes the method name to
 * its own library with these types.
 */
import type { Position, TextDocumentIdentifier } from "vscode-languageserver-protocol";
import type { LineageDirection, LineageGraph, Location } from "./engine/types";

export type {
  LineageDirection,
  LineageEdge,
  LineageEdgeKind,
  LineageGraph,
  LineageNode,
  LineageNodeKind,
  Location,
} from "./engine/types";

/** Parameters of `privacyZones/lineage`. */
export interface LineageParams {
  textDocument: TextDocumentIdentifier;
  position: Position;
  /** Which side of the selected symbol to follow. Default "both". */
  direction?: LineageDirection;
  /** Maximum number of steps from the selected symbol. Default 20. */
  maxDepth?: number;
}

/** Result of `privacyZones/lineage`: the graph around the symbol, empty when none is selected. */
export type LineageResult = LineageGraph;

/**
 * Sent by the client to get the lineage of the symbol at a position: what feeds it, back to
 * its sources, and what it feeds, down to its sinks. Uses the server's last analysis of the
 * document. A position that is not on a symbol returns `{ root: null, nodes: [], edges: [] }`.
 */
export const LineageRequest = { method: "privacyZones/lineage" } as const;

/**
 * Sent by the client, without parameters, to drop every loaded project and analyse the open documents again from the
 * files on disk, for example after files changed outside the editor's file watcher.
 */
export const ReanalyzeRequest = { method: "privacyZones/reanalyzeWorkspace" } as const;

/** Finding counts by severity. */
export interface FindingCounts {
  errors: number;
  warnings: number;
  infos: number;
}

/** Parameters of `privacyZones/analysisStarted`. */
export interface AnalysisStartedParams {
  /** Number of open documents the pass covers. */
  documents: number;
}

/** Sent by the server when an analysis pass starts, so the client can show a busy state. */
export const AnalysisStartedNotification = { method: "privacyZones/analysisStarted" } as const;

/** Parameters of `privacyZones/analysisFinished`. */
export interface AnalysisFinishedParams {
  /** "done", or "failed" when the engine threw for at least one project (see the server log). */
  status: "done" | "failed";
  /** Number of source files in the analysed projects. */
  files: number;
  /** Findings in the open documents whose diagnostics were published. */
  counts: FindingCounts;
  /** Wall time of the pass in milliseconds, including the wait for the analysis thread. */
  durationMs: number;
  /** When the pass finished, as an ISO 8601 string. */
  finishedAt: string;
  /** Files whose analysis failed, as absolute paths; empty when status is "done". */
  failedFiles: string[];
}

/**
 * Sent by the server after an analysis pass published its diagnostics. A pass that was cancelled
 * because the text changed again sends nothing, since a newer pass follows.
 */
export const AnalysisFinishedNotification = { method: "privacyZones/analysisFinished" } as const;

/**
 * URI scheme of the read-only documents that show a built-in preset or the built-in purposes,
 * such as `privacy-zones-preset:/privacy-zones-recommended.json`. Go to definition on a zone or
 * purpose that a preset defines returns a location in one of them.
 */
export const PRESET_SCHEME = "privacy-zones-preset";

/** Parameters of `privacyZones/presetText`. */
export interface PresetTextParams {
  /** A URI with the `privacy-zones-preset` scheme, as returned by go to definition. */
  uri: string;
}

/** Result of `privacyZones/presetText`: the document's JSON text, or null for an unknown URI. */
export type PresetTextResult = string | null;

/**
 * Sent by the client to read a `privacy-zones-preset:` document, which it shows read-only
 * through a text document content provider. The text is the preset as the server applies it.
 */
export const PresetTextRequest = { method: "privacyZones/presetText" } as const;

/** A place where a zone enters the data: a `@zone` tag, or a source the analysis found. */
export interface ZoneSite {
  location: Location;
  /** The annotated declaration or the value read, as written in the code. */
  label: string;
  /** "declared" for a `@zone` tag or a configured source; "inferred" for a zone guessed from a name. */
  origin: "declared" | "inferred";
}

/** A sink that data of a zone reaches. */
export interface ZoneSinkReach {
  location: Location;
  /** The step's explanation, such as "reaches `logger.info` (logging)". */
  detail: string;
  purpose: string;
  /** "allowed" by the zone, a "violation" reported as a finding, or a violation "exempted" by a comment. */
  status: "allowed" | "violation" | "exempted";
}

/** A `@reclassify` tag that turns data of a zone into another zone, or removes the zone. */
export interface ZoneReclassification {
  location: Location;
  /** The zones it removes; "*" for every zone. */
  from: string[] | "*";
  /** The zone the result carries, or null when it carries none. */
  to: string | null;
  reason: string | null;
}

/** A `privacy-zones-disable-…` comment that suppresses a finding on a sink this zone reaches. */
export interface ZoneExemption {
  location: Location;
  /** The finding codes it names. */
  codes: string[];
  reason: string | null;
}

/** The inventory of one zone: where it enters the data, where it goes, what removes or exempts it. */
export interface ZoneInventoryEntry {
  /** The zone name, or "*" for the reclassifications that apply to every zone. */
  zone: string;
  sites: ZoneSite[];
  sinks: ZoneSinkReach[];
  reclassifications: ZoneReclassification[];
  exemptions: ZoneExemption[];
}

/** Result of `privacyZones/zones`, one entry per zone, sorted by zone name. */
export interface ZonesResult {
  zones: ZoneInventoryEntry[];
  /** Exemption comments that no zoned flow reaches, so no zone can list them. */
  unattributedExemptions: ZoneExemption[];
}

/**
 * Sent by the client, without parameters, to get the zone inventory of the projects that the
 * server has loaded for the open documents. It comes from their last analysis and lists where
 * each zone is declared or inferred, the sinks and purposes it reaches, its reclassifications
 * and its exemptions.
 */
export const ZonesRequest = { method: "privacyZones/zones" } as const;
