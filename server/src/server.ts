/**
 * The Privacy Zones language server. The main thread speaks LSP and handles requests. A worker
 * thread started from this same bundle owns the analysis, so that a long pass leaves the
 * connection free to receive edits and cancel that pass.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { isMainThread } from "node:worker_threads";
import {
  CodeActionKind,
  createConnection,
  ProposedFeatures,
  TextDocuments,
  TextDocumentSyncKind,
  type InitializeParams,
  type InitializeResult,
} from "vscode-languageserver/node";
import { TextDocument } from "vscode-languageserver-textdocument";
import { CodeActionsFeature } from "./features/code-actions";
import { DiagnosticsFeature } from "./features/diagnostics";
import { HoverFeature } from "./features/hover";
import { LineageFeature } from "./features/lineage";
import { ProjectsFeature } from "./features/projects";
import { SettingsCache } from "./features/settings";
import { Logger } from "./logger";
import { LineageRequest, ReanalyzeRequest, type LineageParams } from "./protocol";
import { AnalysisHost } from "./workspace/analysis-host";
import { runAnalysisWorker } from "./workspace/analysis-worker";
import { pathToUri, WorkspaceFolders } from "./workspace/folders";

/** The extension root, two levels above the bundle in server/out/. */
const ROOT = path.resolve(__dirname, "..", "..");

function startServer(): void {
  const connection = createConnection(ProposedFeatures.all);
  const logger = new Logger(connection.console);
  const documents = new TextDocuments(TextDocument);
  const folders = new WorkspaceFolders();
  let pullSettings = false;

  connection.onInitialize((params: InitializeParams): InitializeResult => {
    folders.set(params.workspaceFolders);
    pullSettings = params.capabilities?.workspace?.configuration === true;
    return {
      capabilities: {
        textDocumentSync: TextDocumentSyncKind.Incremental,
        hoverProvider: true,
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix] },
        workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
      },
      serverInfo: { name: "privacy-zones", version: readVersion() },
    };
  });

  connection.onInitialized(() => {
    logger.info(
      `Privacy Zones language server ${readVersion()} started on Node ${process.version}.`,
    );
    const settings = new SettingsCache(connection, logger, folders, pullSettings);
    const host = new AnalysisHost(__filename, logger, () => diagnostics.replayOpenDocuments());
    const docsUri = pathToUri(path.join(ROOT, "docs", "findings.md"));
    const diagnostics = new DiagnosticsFeature(
      connection,
      documents,
      host,
      settings,
      logger,
      docsUri,
    );
    const hover = new HoverFeature(host, logger);
    const codeActions = new CodeActionsFeature(documents, diagnostics, settings, folders, logger);
    const lineage = new LineageFeature(host, logger);
    const projects = new ProjectsFeature(connection, host, diagnostics, settings, logger);

    documents.onDidChangeContent((event) => diagnostics.documentChanged(event.document));
    documents.onDidClose((event) => diagnostics.documentClosed(event.document));
    connection.onHover((params) => hover.hover(params));
    connection.onCodeAction((params) => codeActions.codeActions(params));
    connection.onRequest(LineageRequest.method, (params: LineageParams) => lineage.lineage(params));
    connection.onRequest(ReanalyzeRequest.method, () => projects.reanalyze());
    connection.onDidChangeWatchedFiles((params) => projects.filesChanged(params));
    connection.onDidChangeConfiguration((params) => projects.settingsChanged(params.settings));
    connection.workspace.onDidChangeWorkspaceFolders((event) => {
      folders.update(event);
      projects.foldersChanged();
    });
    connection.onShutdown(() => host.dispose());
    void projects.registerWatchers();
    // Documents opened before `initialized` are analysed now.
    for (const document of documents.all()) diagnostics.documentChanged(document);
  });

  process.on("uncaughtException", (error) =>
    logger.caught("The language server", undefined, error),
  );
  process.on("unhandledRejection", (reason) => logger.caught("An async task", undefined, reason));
  documents.listen(connection);
  connection.listen();
}

/** Returns the extension version from the shipped package.json. */
function readVersion(): string {
  try {
    const manifest = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8")) as {
      version?: unknown;
    };
    return typeof manifest.version === "string" ? manifest.version : "unknown";
  } catch {
    return "unknown";
  }
}

if (isMainThread) startServer();
else runAnalysisWorker();
