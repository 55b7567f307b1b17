import {
  DidChangeWatchedFilesNotification,
  FileChangeType,
  type Connection,
  type DidChangeWatchedFilesParams,
} from "vscode-languageserver";
import type { Logger } from "../logger";
import type { AnalysisHost } from "../workspace/analysis-host";
import { uriToPath } from "../workspace/folders";
import type { FileChange } from "../workspace/worker-protocol";
import type { DiagnosticsFeature } from "./diagnostics";
import type { SettingsCache } from "./settings";

/** Files whose changes on disk affect the analysis of open documents. */
const WATCHED_PATTERNS = [
  "**/*.{ts,tsx,js,jsx,mts,cts}",
  "**/privacy-zones.json",
  "**/{tsconfig,jsconfig}*.json",
  "**/package.json",
];

const CHANGE_TYPES: Record<FileChangeType, FileChange["type"]> = {
  [FileChangeType.Created]: "created",
  [FileChangeType.Changed]: "changed",
  [FileChangeType.Deleted]: "deleted",
};

/**
 * Keeps the analysis thread's projects in step with the workspace: file changes on disk,
 * settings, workspace folders, and the request to analyse everything again.
 */
export class ProjectsFeature {
  constructor(
    private readonly connection: Connection,
    private readonly host: AnalysisHost,
    private readonly diagnostics: DiagnosticsFeature,
    private readonly settings: SettingsCache,
    private readonly logger: Logger,
  ) {}

  /** Asks the client to report changes of the watched files, when it supports registration. */
  async registerWatchers(): Promise<void> {
    try {
      await this.connection.client.register(DidChangeWatchedFilesNotification.type, {
        watchers: WATCHED_PATTERNS.map((globPattern) => ({ globPattern })),
      });
    } catch (error) {
      this.logger.caught("Registering file watchers", undefined, error);
    }
  }

  filesChanged(params: DidChangeWatchedFilesParams): void {
    const changes = params.changes.flatMap((change) => {
      const file = uriToPath(change.uri);
      return file ? [{ file, type: CHANGE_TYPES[change.type] }] : [];
    });
    if (changes.length === 0) return;
    this.logger.debug(
      `Files changed on disk: ${changes.map((c) => `${c.file} (${c.type})`).join(", ")}`,
    );
    this.host.notify("filesChanged", { changes });
    this.diagnostics.schedule();
  }

  /** Drops cached settings and every project, since options such as `configPath` may differ. */
  settingsChanged(pushed: unknown): void {
    this.settings.clear(pushed);
    this.reset("Settings changed");
  }

  foldersChanged(): void {
    this.reset("Workspace folders changed");
  }

  /** Loads every project again from disk and analyses the open documents. */
  async reanalyze(): Promise<void> {
    await this.host.call("reset", {});
    this.logger.info("Re-analysing the workspace on request.");
    this.diagnostics.schedule(0);
  }

  private reset(reason: string): void {
    this.logger.info(`${reason}; projects will be loaded again.`);
    this.host.notify("reset", {});
    this.diagnostics.schedule(0);
  }
}
