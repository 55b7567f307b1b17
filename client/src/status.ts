import * as vscode from "vscode";
import type { LanguageClient } from "vscode-languageclient/node";
import { State } from "vscode-languageclient/node";
import {
  AnalysisFinishedNotification,
  AnalysisStartedNotification,
  type AnalysisFinishedParams,
  type AnalysisStartedParams,
  type FindingCounts,
} from "../../server/src/protocol";
import { DOCUMENT_SELECTOR } from "./language-client";

/**
 * The language status item of TypeScript and JavaScript editors: server state, the time of the
 * last analysis and its finding counts. Clicking it opens the output.
 */
export class AnalysisStatus implements vscode.Disposable {
  private readonly item = vscode.languages.createLanguageStatusItem(
    "privacyZones.status",
    DOCUMENT_SELECTOR,
  );
  private readonly subscriptions: vscode.Disposable[] = [];
  private readonly finished = new vscode.EventEmitter<AnalysisFinishedParams>();

  /**
   * Fires after each analysis pass that published its results. Views subscribe here because the
   * language client keeps one handler per notification method, and this item has it.
   */
  readonly onDidFinishAnalysis = this.finished.event;

  constructor() {
    this.item.name = "Privacy Zones";
    this.item.command = { title: "Show Output", command: "privacyZones.showOutput" };
    this.showStopped();
  }

  /** Follows the state and the analysis notifications of `client`, which may be restarted. */
  track(client: LanguageClient): void {
    this.subscriptions.push(
      client.onDidChangeState(({ newState }) => {
        if (newState === State.Starting) this.showStarting();
        else if (newState === State.Stopped) this.showStopped();
        else this.showReady();
      }),
      client.onNotification(AnalysisStartedNotification.method, (params: AnalysisStartedParams) =>
        this.showAnalysing(params),
      ),
      client.onNotification(
        AnalysisFinishedNotification.method,
        (params: AnalysisFinishedParams) => {
          this.showFinished(params);
          this.finished.fire(params);
        },
      ),
    );
  }

  dispose(): void {
    for (const subscription of this.subscriptions) subscription.dispose();
    this.finished.dispose();
    this.item.dispose();
  }

  private showStarting(): void {
    this.set("$(loading~spin) Privacy Zones", "Starting the language server", true);
  }

  private showReady(): void {
    this.set("$(shield) Privacy Zones", "Ready; no analysis has finished yet", false);
  }

  private showStopped(): void {
    this.set("$(circle-slash) Privacy Zones", "The language server is not running", false);
    this.item.severity = vscode.LanguageStatusSeverity.Warning;
  }

  private showAnalysing(params: AnalysisStartedParams): void {
    this.item.busy = true;
    this.item.detail = `Analysing ${plural(params.documents, "open document")}`;
  }

  private showFinished(params: AnalysisFinishedParams): void {
    const time = new Date(params.finishedAt).toLocaleTimeString();
    const summary = `${plural(params.files, "file")} in ${params.durationMs} ms at ${time}`;
    if (params.status === "failed") {
      const failed = plural(params.failedFiles.length, "file");
      this.set("$(error) Privacy Zones", `Analysis failed for ${failed}; see the output`, false);
      this.item.severity = vscode.LanguageStatusSeverity.Error;
      return;
    }
    this.set(`$(shield) ${formatCounts(params.counts)}`, `Last analysis: ${summary}`, false);
  }

  private set(text: string, detail: string, busy: boolean): void {
    this.item.text = text;
    this.item.detail = detail;
    this.item.busy = busy;
    this.item.severity = vscode.LanguageStatusSeverity.Information;
  }
}

/** Formats counts as "2 errors, 1 warning", or "No findings". */
export function formatCounts(counts: FindingCounts): string {
  const parts = [
    counts.errors > 0 ? plural(counts.errors, "error") : "",
    counts.warnings > 0 ? plural(counts.warnings, "warning") : "",
    counts.infos > 0 ? plural(counts.infos, "note") : "",
  ].filter((part) => part !== "");
  return parts.length > 0 ? parts.join(", ") : "No findings";
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? "" : "s"}`;
}
