import * as path from "node:path";
import { DiagnosticSeverity } from "vscode-languageserver";
import type { Connection, Diagnostic, TextDocuments } from "vscode-languageserver";
import type { TextDocument } from "vscode-languageserver-textdocument";
import type { Finding, UnmatchedModel } from "../engine/index";
import type { Logger } from "../logger";
import {
  AnalysisFinishedNotification,
  AnalysisStartedNotification,
  type AnalysisFinishedParams,
  type AnalysisStartedParams,
  type FindingCounts,
} from "../protocol";
import type { AnalysisHost } from "../workspace/analysis-host";
import { uriToPath } from "../workspace/folders";
import type { AnalyzeFile, AnalyzeOutcome, PartialOutcome } from "../workspace/worker-protocol";
import { DIAGNOSTIC_SOURCE, toDiagnostic } from "./finding-diagnostics";
import type { SettingsCache } from "./settings";

/** Extensions of the documents that the server analyses. */
export const ANALYSED_EXTENSIONS = new Set([".ts", ".tsx", ".js", ".jsx", ".mts", ".cts"]);

/**
 * Wait before a pass after an edit that arrives while another pass is waiting or running. Kept
 * short because a running pass is cancelled by the next edit, and the next pass resumes its work.
 */
const DEBOUNCE_MS = 20;

/**
 * Quiet time after a pass that updated an analysis before a fresh analysis verifies it. The
 * update follows recorded reads and imports; the fresh run also catches effects that travel
 * only through inferred types. An edit cancels it.
 */
const VERIFY_DELAY_MS = 1500;

/** A finding as published, with the diagnostic made from it. */
export interface PublishedFinding {
  finding: Finding;
  diagnostic: Diagnostic;
}

/** The findings published for one version of a document. */
export interface AnalysedDocument {
  version: number;
  findings: PublishedFinding[];
  /** The diagnostics as sent, serialized, to skip sending the same ones again. */
  sent: string;
  /** The analysis thread's revision of the findings, or 0 for none. */
  revision: number;
}

interface Target extends AnalyzeFile {
  uri: string;
  version: number;
}

/**
 * Runs analysis passes over the open documents and publishes their diagnostics. Each change
 * starts a new pass id, and the analysis thread stops any pass whose id is no longer current.
 * Results are published only for the document versions they were computed from.
 */
export class DiagnosticsFeature {
  /** Findings of the last published diagnostics, by document URI, for code actions. */
  readonly analysed = new Map<string, AnalysedDocument>();
  private passId = 0;
  /** The last pass that ended: published, failed or found stale. */
  private settledPass = 0;
  /** When each open document last changed, so that the edited ones are published first. */
  private readonly changedAt = new Map<string, number>();
  /** Cancels the pass that is scheduled and not yet started. */
  private cancelScheduled: () => void = () => {};
  private verifyTimer: NodeJS.Timeout | undefined;
  private modelsListener: ((models: UnmatchedModel[]) => void) | undefined;
  /** The documents of the pass that the analysis thread runs, by file. */
  private running: { passId: number; byFile: Map<string, Target> } | undefined;

  constructor(
    private readonly connection: Connection,
    private readonly documents: TextDocuments<TextDocument>,
    private readonly host: AnalysisHost,
    private readonly settings: SettingsCache,
    private readonly logger: Logger,
    private readonly docsUri: string,
  ) {
    host.onPartial((partial) => this.publishPartial(partial));
  }

  /** Registers the receiver of the config models that matched nothing, after each pass. */
  onUnmatchedModels(listener: (models: UnmatchedModel[]) => void): void {
    this.modelsListener = listener;
  }

  /** Sends a document's new text to the analysis thread and schedules a pass. */
  documentChanged(document: TextDocument): void {
    const file = analysedPath(document.uri);
    if (!file) return;
    this.changedAt.set(document.uri, performance.now());
    this.host.notify("setText", { file, text: document.getText() });
    // An edit while a pass is waiting or running is part of a burst, which waits so that it
    // costs one pass. An edit while the server is idle starts a pass at once.
    this.schedule(this.settledPass === this.passId ? 0 : DEBOUNCE_MS);
  }

  documentClosed(document: TextDocument): void {
    const file = analysedPath(document.uri);
    if (!file) return;
    this.host.notify("closeFile", { file });
    this.analysed.delete(document.uri);
    this.changedAt.delete(document.uri);
    void this.connection.sendDiagnostics({ uri: document.uri, diagnostics: [] });
    // The file's text on disk may differ from the closed editor's, which other files may import.
    this.schedule();
  }

  /** Sends the text of every open document again, after the analysis thread restarted. */
  replayOpenDocuments(): void {
    // A new analysis thread numbers its revisions afresh.
    for (const entry of this.analysed.values()) entry.revision = 0;
    for (const document of this.documents.all()) {
      const file = analysedPath(document.uri);
      if (file) this.host.notify("setText", { file, text: document.getText() });
    }
  }

  /** Cancels the running pass and starts a new one after `delayMs`. */
  schedule(delayMs = DEBOUNCE_MS): void {
    const passId = ++this.passId;
    this.host.setCurrentPass(passId);
    this.cancelScheduled();
    clearTimeout(this.verifyTimer);
    // A timer waits at least 1 ms, so a pass without delay starts on the next turn instead.
    if (delayMs === 0) {
      const immediate = setImmediate(() => void this.runPass(passId));
      this.cancelScheduled = () => clearImmediate(immediate);
    } else {
      const timer = setTimeout(() => void this.runPass(passId), delayMs);
      this.cancelScheduled = () => clearTimeout(timer);
    }
  }

  /** Starts a pass that analyses the updated projects afresh, unless a change comes first. */
  private scheduleVerification(): void {
    clearTimeout(this.verifyTimer);
    this.verifyTimer = setTimeout(() => {
      const passId = ++this.passId;
      this.host.setCurrentPass(passId);
      void this.runPass(passId, true);
    }, VERIFY_DELAY_MS);
  }

  private async runPass(passId: number, verify = false): Promise<void> {
    try {
      await this.analyzeAndPublish(passId, verify);
    } finally {
      if (passId === this.passId) this.settledPass = passId;
    }
  }

  private async analyzeAndPublish(passId: number, verify: boolean): Promise<void> {
    const started = performance.now();
    const targets = await this.collectTargets();
    if (passId !== this.passId) return;
    if (targets.length === 0) {
      // Without an open source file no analysis runs, so earlier results would go stale.
      this.modelsListener?.([]);
      return;
    }
    const startedParams: AnalysisStartedParams = { documents: targets.length };
    void this.connection.sendNotification(AnalysisStartedNotification.method, startedParams);
    // The analysis thread runs the projects in this order, the edited documents' first.
    const recency = (target: Target) => this.changedAt.get(target.uri) ?? 0;
    targets.sort((a, b) => recency(b) - recency(a));
    this.running = { passId, byFile: new Map(targets.map((target) => [target.file, target])) };
    let outcome: AnalyzeOutcome;
    try {
      const files = targets.map(({ file, options, uri }) => ({
        file,
        options,
        known: this.analysed.get(uri)?.revision,
      }));
      outcome = await this.host.call("analyze", { passId, files, verify });
    } catch (error) {
      this.logger.caught("Analysis pass", targets.map((target) => target.file).join(", "), error);
      this.finish(
        started,
        0,
        zeroCounts(),
        targets.map((target) => target.file),
      );
      return;
    }
    if (outcome.cancelled || passId !== this.passId) {
      this.logger.debug(`Analysis pass ${passId} cancelled by a newer change.`);
      return;
    }
    this.publish(passId, targets, outcome, started);
    if (outcome.needsVerification && !verify) this.scheduleVerification();
  }

  /**
   * Publishes the findings of one project's documents while the pass goes on to other projects.
   * The pass's own outcome then lists them as unchanged and counts them.
   */
  private publishPartial(partial: PartialOutcome): void {
    const running = this.running;
    if (!running || running.passId !== partial.passId || partial.passId !== this.passId) return;
    for (const result of partial.files) {
      const target = running.byFile.get(result.file);
      const document = target && this.documents.get(target.uri);
      if (!target || document?.version !== target.version || !("findings" in result)) continue;
      this.publishDocument(target, result.findings, zeroCounts(), result.revision);
    }
  }

  /** Returns the open documents to analyse, clearing diagnostics where analysis is disabled. */
  private async collectTargets(): Promise<Target[]> {
    const targets: Target[] = [];
    for (const document of this.documents.all()) {
      const file = analysedPath(document.uri);
      if (!file) continue;
      const settings = await this.settings.get(document.uri);
      if (!settings.enable) {
        if (this.analysed.delete(document.uri)) {
          void this.connection.sendDiagnostics({ uri: document.uri, diagnostics: [] });
        }
        continue;
      }
      const options = this.settings.projectOptions(settings, file);
      targets.push({ file, options, uri: document.uri, version: document.version });
    }
    return targets;
  }

  private publish(passId: number, targets: Target[], outcome: AnalyzeOutcome, started: number) {
    const byFile = new Map(targets.map((target) => [target.file, target]));
    const counts = zeroCounts();
    const failed: string[] = [];
    // The documents edited last are the ones being looked at.
    const recency = (file: string) => this.changedAt.get(byFile.get(file)?.uri ?? "") ?? 0;
    const results = [...outcome.files].sort((a, b) => recency(b.file) - recency(a.file));
    for (const result of results) {
      const target = byFile.get(result.file);
      const document = target && this.documents.get(target.uri);
      if (!target || document?.version !== target.version) continue;
      if ("error" in result) {
        failed.push(result.file);
        this.publishDocument(target, [], counts, 0);
      } else if ("skipped" in result) {
        this.publishNotice(target, `Not analysed: ${result.skipped}.`);
      } else if ("unchanged" in result) {
        this.republishDocument(target, counts);
      } else {
        this.publishDocument(target, result.findings, counts, result.revision);
      }
    }
    this.modelsListener?.(outcome.unmatchedModels);
    for (const project of outcome.projects) {
      this.logger.debug(
        `Analysed ${project.project}: ${project.fileCount} files in ${project.durationMs} ms.`,
      );
    }
    const durationMs = this.finish(started, outcome.fileCount, counts, failed);
    const failures = failed.length > 0 ? `, failed for ${failed.length} documents` : "";
    this.logger.info(
      `Analysis pass ${passId}: ${targets.length} open documents, ${outcome.fileCount} files, ` +
        `${counts.errors} errors, ${counts.warnings} warnings, ${durationMs} ms${failures}.`,
    );
  }

  private publishDocument(
    target: Target,
    findings: Finding[],
    counts: FindingCounts,
    revision: number,
  ): void {
    const published = findings.map((finding) => ({
      finding,
      diagnostic: toDiagnostic(finding, this.docsUri),
    }));
    this.send(target, published, counts, revision);
  }

  /** Publishes one information diagnostic at the top of a document, in place of its findings. */
  private publishNotice(target: Target, message: string): void {
    const diagnostic: Diagnostic = {
      range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
      severity: DiagnosticSeverity.Information,
      source: DIAGNOSTIC_SOURCE,
      code: "skipped",
      message,
    };
    const sent = JSON.stringify([diagnostic]);
    const previous = this.analysed.get(target.uri);
    this.analysed.set(target.uri, { version: target.version, findings: [], sent, revision: 0 });
    if (previous?.version === target.version && previous.sent === sent) return;
    void this.connection.sendDiagnostics({
      uri: target.uri,
      version: target.version,
      diagnostics: [diagnostic],
    });
  }

  /** Publishes the findings held for a document again, which the analysis did not change. */
  private republishDocument(target: Target, counts: FindingCounts): void {
    const previous = this.analysed.get(target.uri);
    // The document was closed while the pass ran.
    if (!previous) return;
    this.send(target, previous.findings, counts, previous.revision);
  }

  private send(
    target: Target,
    published: PublishedFinding[],
    counts: FindingCounts,
    revision: number,
  ): void {
    for (const { finding } of published) {
      if (finding.severity === "error") counts.errors++;
      else if (finding.severity === "warning") counts.warnings++;
      else counts.infos++;
    }
    const previous = this.analysed.get(target.uri);
    // The same findings for the same version were sent already, and clients keep them.
    if (previous?.version === target.version && previous.revision === revision && revision !== 0)
      return;
    const diagnostics = published.map((entry) => entry.diagnostic);
    const sent = JSON.stringify(diagnostics);
    this.analysed.set(target.uri, {
      version: target.version,
      findings: published,
      sent,
      revision,
    });
    // Clients keep a document's diagnostics until new ones arrive, so the same ones for the
    // same version need not be sent again.
    if (previous?.version === target.version && previous.sent === sent) return;
    void this.connection.sendDiagnostics({ uri: target.uri, version: target.version, diagnostics });
  }

  /** Sends the pass summary to the client and returns the pass duration. */
  private finish(started: number, files: number, counts: FindingCounts, failed: string[]): number {
    const durationMs = Math.round(performance.now() - started);
    const params: AnalysisFinishedParams = {
      status: failed.length > 0 ? "failed" : "done",
      files,
      counts,
      durationMs,
      finishedAt: new Date().toISOString(),
      failedFiles: failed,
    };
    void this.connection.sendNotification(AnalysisFinishedNotification.method, params);
    return durationMs;
  }
}

/** Returns the file path of a document that the server analyses, or undefined. */
export function analysedPath(uri: string): string | undefined {
  const file = uriToPath(uri);
  if (!file || !ANALYSED_EXTENSIONS.has(path.extname(file))) return undefined;
  return file;
}

function zeroCounts(): FindingCounts {
  return { errors: 0, warnings: 0, infos: 0 };
}
