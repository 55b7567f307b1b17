/**
 * The Privacy Zones language server. The main thread speaks LSP and handles requests. A worker
 * thread started from this same bundle owns the analysis, so that a long pass leaves the
 * connection free to receive edits and cancel that pass.
 */
import * as fs from "node:fs";
import * as path from "node:path";
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
import {
  AnnotationCompletionFeature,
  COMPLETION_TRIGGER_CHARACTERS,
} from "./features/annotation-completion";
import { CodeActionsFeature } from "./features/code-actions";
import { ConfigDiagnosticsFeature } from "./features/config-diagnostics";
import { ConfigLookup } from "./features/config-lookup";
import { AnnotationScans } from "./features/annotation-scan";
import { DefinitionFeature } from "./features/definition";
import { analysedPath, DiagnosticsFeature } from "./features/diagnostics";
import { HoverFeature } from "./features/hover";
import { LineageFeature } from "./features/lineage";
import { presetText } from "./features/preset-documents";
import { ProjectsFeature } from "./features/projects";
import { SettingsCache } from "./features/settings";
import { ZoneHintsFeature } from "./features/zone-hints";
import { ZoneOccurrences } from "./features/zone-occurrences";
import { ZoneReferencesFeature } from "./features/zone-references";
import { ZonesFeature } from "./features/zones";
import { Logger } from "./logger";
import {
  LineageRequest,
  PresetTextRequest,
  ReanalyzeRequest,
  ZonesRequest,
  type LineageParams,
  type PresetTextParams,
} from "./protocol";
import { AnalysisHost } from "./workspace/analysis-host";
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
        completionProvider: { triggerCharacters: COMPLETION_TRIGGER_CHARACTERS },
        definitionProvider: true,
        referencesProvider: true,
        renameProvider: { prepareProvider: true },
        inlayHintProvider: true,
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
    const host = new AnalysisHost(path.join(__dirname, "analysis-thread.js"), logger, () =>
      diagnostics.replayOpenDocuments(),
    );
    const docsUri = pathToUri(path.join(ROOT, "docs", "findings.md"));
    const diagnostics = new DiagnosticsFeature(
      connection,
      documents,
      host,
      settings,
      logger,
      docsUri,
    );
    const hover = new HoverFeature(host, settings, logger);
    const codeActions = new CodeActionsFeature(documents, diagnostics, settings, folders, logger);
    const lineage = new LineageFeature(host, settings, logger);
    const zones = new ZonesFeature(host, logger);
    const projects = new ProjectsFeature(connection, host, diagnostics, settings, logger);
    const lookup = new ConfigLookup(documents, settings, folders);
    const completion = new AnnotationCompletionFeature(documents, lookup, logger);
    const scans = new AnnotationScans(host);
    const definition = new DefinitionFeature(documents, lookup, scans, logger);
    const occurrences = new ZoneOccurrences(documents, lookup, folders, scans);
    const references = new ZoneReferencesFeature(documents, occurrences, lookup, logger);
    const hints = new ZoneHintsFeature(documents, lookup, scans, logger);
    const configDiagnostics = new ConfigDiagnosticsFeature(connection, lookup, logger, docsUri);
    diagnostics.onUnmatchedModels((models) => configDiagnostics.setUnmatchedModels(models));

    documents.onDidChangeContent((event) => diagnostics.documentChanged(event.document));
    documents.onDidClose((event) => {
      diagnostics.documentClosed(event.document);
      const file = analysedPath(event.document.uri);
      if (file) scans.forget(file);
    });
    documents.onDidChangeContent((event) => void configDiagnostics.documentChanged(event.document));
    documents.onDidClose((event) => configDiagnostics.documentClosed(event.document));
    connection.onHover((params) => hover.hover(params));
    connection.onCodeAction((params) => codeActions.codeActions(params));
    connection.onCompletion((params) => completion.completion(params));
    connection.onDefinition((params) => definition.definition(params));
    connection.onReferences((params) => references.references(params));
    connection.onPrepareRename((params) => references.prepareRename(params));
    connection.onRenameRequest((params) => references.rename(params));
    connection.languages.inlayHint.on((params) => hints.inlayHints(params));
    connection.onRequest(PresetTextRequest.method, (params: PresetTextParams) =>
      presetText(params),
    );
    connection.onRequest(LineageRequest.method, (params: LineageParams) => lineage.lineage(params));
    connection.onRequest(ZonesRequest.method, () => zones.zones());
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
    for (const document of documents.all()) {
      diagnostics.documentChanged(document);
      void configDiagnostics.documentChanged(document);
    }
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

startServer();
