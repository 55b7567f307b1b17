/**
 * A minimal LSP client for server tests: starts the bundled language server as a child process,
 * speaks LSP over its stdio, replies to the server's requests and records what it publishes.
 */
import { spawn, type ChildProcessWithoutNullStreams } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { pathToFileURL, fileURLToPath } from "node:url";
import {
  createProtocolConnection,
  StreamMessageReader,
  StreamMessageWriter,
  type CodeAction,
  type CodeActionParams,
  type Diagnostic,
  type Hover,
  type InitializeResult,
  type Position,
  type ProtocolConnection,
  type PublishDiagnosticsParams,
  type Range,
  type TextDocumentEdit,
  type TextEdit,
  type WorkspaceEdit,
} from "vscode-languageserver-protocol/node";
import { TextDocument } from "vscode-languageserver-textdocument";

const SERVER = path.resolve(__dirname, "..", "..", "..", "server", "out", "server.js");

/** Default wait for a server notification; the first pass loads the TypeScript program. */
export const TIMEOUT_MS = 30_000;

interface Waiter {
  uri: string;
  accept: (params: PublishDiagnosticsParams) => boolean;
  resolve: (params: PublishDiagnosticsParams) => void;
  reject: (error: Error) => void;
}

/** Fields of `privacyZones/analysisFinished` that the tests read. */
interface AnalysisFinished {
  status: "done" | "failed";
  failedFiles: string[];
}

export class TestClient {
  /** Every publishDiagnostics notification, in arrival order. */
  readonly published: PublishDiagnosticsParams[] = [];
  /** Log lines of the server, printed by tests when they fail. */
  readonly logs: string[] = [];
  /** `diagnostics URI version` and `log MESSAGE` entries, in arrival order. */
  readonly events: string[] = [];
  /** Settings returned for `workspace/configuration`, by section. */
  settings: Record<string, unknown> = {};
  private readonly documents = new Map<string, TextDocument>();
  private readonly waiters = new Set<Waiter>();

  private constructor(
    private readonly child: ChildProcessWithoutNullStreams,
    readonly connection: ProtocolConnection,
  ) {}

  /** Starts the server and completes the initialize handshake for a workspace folder. */
  static async start(rootDir: string): Promise<{ client: TestClient; result: InitializeResult }> {
    const child = spawn(process.execPath, [SERVER, "--stdio"], { stdio: "pipe" });
    const connection = createProtocolConnection(
      new StreamMessageReader(child.stdout),
      new StreamMessageWriter(child.stdin),
    );
    const client = new TestClient(child, connection);
    client.listen();
    child.stderr.on("data", (chunk: Buffer) => client.logs.push(`stderr: ${chunk.toString()}`));
    const rootUri = toUri(rootDir);
    const result = await connection.sendRequest("initialize", {
      processId: process.pid,
      rootUri,
      workspaceFolders: [{ uri: rootUri, name: path.basename(rootDir) }],
      capabilities: {
        workspace: {
          configuration: true,
          workspaceFolders: true,
          workspaceEdit: { documentChanges: true, resourceOperations: ["create"] },
          didChangeWatchedFiles: { dynamicRegistration: true },
        },
        textDocument: {
          publishDiagnostics: { relatedInformation: true, versionSupport: true },
          hover: { contentFormat: ["markdown", "plaintext"] },
          codeAction: {
            codeActionLiteralSupport: { codeActionKind: { valueSet: ["quickfix"] } },
          },
        },
      },
    });
    await connection.sendNotification("initialized", {});
    return { client, result: result as InitializeResult };
  }

  private listen(): void {
    this.connection.onNotification("textDocument/publishDiagnostics", (params) => {
      const published = params as PublishDiagnosticsParams;
      this.events.push(`diagnostics ${published.uri} ${published.version}`);
      this.published.push(published);
      for (const waiter of this.waiters) {
        if (waiter.uri === published.uri && waiter.accept(published)) {
          this.waiters.delete(waiter);
          waiter.resolve(published);
        }
      }
    });
    // A failed pass publishes no findings, so waiting for them would only run into the timeout.
    this.connection.onNotification("privacyZones/analysisFinished", (params: AnalysisFinished) => {
      if (params.status !== "failed") return;
      for (const waiter of this.waiters) {
        if (!params.failedFiles.some((file) => toUri(file) === waiter.uri)) continue;
        this.waiters.delete(waiter);
        waiter.reject(new Error(`Analysis of ${waiter.uri} failed.\n${this.report(waiter.uri)}`));
      }
    });
    this.connection.onNotification("window/logMessage", (params: { message: string }) => {
      this.logs.push(params.message);
      this.events.push(`log ${params.message}`);
    });
    this.connection.onRequest(
      "workspace/configuration",
      (params: { items: { section?: string }[] }) =>
        params.items.map((item) => this.settings[item.section ?? ""] ?? {}),
    );
    this.connection.onRequest("client/registerCapability", () => null);
    this.connection.listen();
  }

  /** Opens a document with its text on disk, or with `text` as unsaved content. */
  async open(file: string, text = fs.readFileSync(file, "utf8")): Promise<string> {
    const uri = toUri(file);
    const document = TextDocument.create(uri, "typescript", 1, text);
    this.documents.set(uri, document);
    await this.connection.sendNotification("textDocument/didOpen", {
      textDocument: { uri, languageId: "typescript", version: 1, text },
    });
    return uri;
  }

  /** Replaces the whole text of an open document, as an editor does after an edit. */
  async change(uri: string, text: string): Promise<number> {
    const previous = this.document(uri);
    const document = TextDocument.create(uri, "typescript", previous.version + 1, text);
    this.documents.set(uri, document);
    await this.connection.sendNotification("textDocument/didChange", {
      textDocument: { uri, version: document.version },
      contentChanges: [{ text }],
    });
    return document.version;
  }

  text(uri: string): string {
    return this.document(uri).getText();
  }

  /** Resolves with the first diagnostics for `uri`, published already or later, that `accept` takes. */
  waitForDiagnostics(
    uri: string,
    accept: (params: PublishDiagnosticsParams) => boolean,
    description: string,
    timeoutMs = TIMEOUT_MS,
  ): Promise<PublishDiagnosticsParams> {
    const latest = this.published.filter((params) => params.uri === uri).at(-1);
    if (latest && accept(latest)) return Promise.resolve(latest);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters.delete(waiter);
        const report = this.report(uri);
        reject(new Error(`Timed out after ${timeoutMs} ms waiting for ${description}.\n${report}`));
      }, timeoutMs);
      const waiter: Waiter = {
        uri,
        accept,
        resolve: (params) => {
          clearTimeout(timer);
          resolve(params);
        },
        reject: (error) => {
          clearTimeout(timer);
          reject(error);
        },
      };
      this.waiters.add(waiter);
    });
  }

  /** Resolves with the first log line, logged already or later, that starts with `prefix`. */
  async waitForLog(prefix: string, timeoutMs = TIMEOUT_MS): Promise<string> {
    const deadline = performance.now() + timeoutMs;
    for (;;) {
      const line = this.logs.find((entry) => entry.startsWith(prefix));
      if (line !== undefined) return line;
      if (performance.now() > deadline)
        throw new Error(`Timed out after ${timeoutMs} ms waiting for the log line "${prefix}".`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  hover(uri: string, position: Position): Promise<Hover | null> {
    return this.connection.sendRequest("textDocument/hover", { textDocument: { uri }, position });
  }

  codeActions(uri: string, range: Range, diagnostics: Diagnostic[]): Promise<CodeAction[]> {
    const params: CodeActionParams = {
      textDocument: { uri },
      range,
      context: { diagnostics, only: ["quickfix"] },
    };
    return this.connection.sendRequest("textDocument/codeAction", params);
  }

  /** Applies a workspace edit as an editor does: open documents change in memory, others on disk. */
  async applyEdit(edit: WorkspaceEdit): Promise<string[]> {
    const touched: string[] = [];
    for (const change of edit.documentChanges ?? []) {
      if ("kind" in change) {
        if (change.kind !== "create")
          throw new Error(`Unexpected resource operation ${change.kind}`);
        const file = fileURLToPath(change.uri);
        fs.mkdirSync(path.dirname(file), { recursive: true });
        fs.writeFileSync(file, "", { flag: "wx" });
        touched.push(change.uri);
        continue;
      }
      await this.applyTextDocumentEdit(change);
      touched.push(change.textDocument.uri);
    }
    if (edit.changes)
      throw new Error("The server sent `changes`, but documentChanges are supported.");
    return touched;
  }

  private async applyTextDocumentEdit(change: TextDocumentEdit): Promise<void> {
    const { uri, version } = change.textDocument;
    const open = this.documents.get(uri);
    if (open) {
      if (version !== null && version !== open.version) {
        throw new Error(
          `Edit for version ${version} of ${uri}, but version ${open.version} is open.`,
        );
      }
      await this.change(uri, TextDocument.applyEdits(open, plainEdits(change.edits)));
      return;
    }
    const file = fileURLToPath(uri);
    const onDisk = TextDocument.create(uri, "json", 0, fs.readFileSync(file, "utf8"));
    fs.writeFileSync(file, TextDocument.applyEdits(onDisk, plainEdits(change.edits)));
  }

  /** Reports file changes on disk, as an editor's file watcher does. */
  async filesChanged(changes: { uri: string; type: 1 | 2 | 3 }[]): Promise<void> {
    await this.connection.sendNotification("workspace/didChangeWatchedFiles", { changes });
  }

  /** Describes what the server published and logged, for failure messages. */
  report(uri?: string): string {
    const published = this.published
      .filter((params) => uri === undefined || params.uri === uri)
      .map(
        (params) =>
          `v${params.version}: ${params.diagnostics.map((d) => `${d.code} ${d.message}`).join("; ")}`,
      );
    return `Published:\n${published.join("\n")}\nServer log:\n${this.logs.join("\n")}`;
  }

  async stop(): Promise<void> {
    try {
      await this.connection.sendRequest("shutdown");
      await this.connection.sendNotification("exit");
    } finally {
      this.connection.dispose();
      this.child.kill();
    }
  }

  private document(uri: string): TextDocument {
    const document = this.documents.get(uri);
    if (!document) throw new Error(`${uri} is not open.`);
    return document;
  }
}

/** Returns edits that replace text; a snippet edit from the server fails the test. */
function plainEdits(edits: TextDocumentEdit["edits"]): TextEdit[] {
  return edits.map((edit) => {
    if (!("newText" in edit))
      throw new Error("The server sent a snippet edit to a client without snippet support.");
    return edit;
  });
}

export function toUri(file: string): string {
  return pathToFileURL(file).toString();
}

/** Copies a fixture workspace to a new temporary folder, since tests write to it. */
export function copyFixture(name: string): string {
  const source = path.resolve(__dirname, "..", "..", "..", "test", "server", "fixtures", name);
  const target = fs.mkdtempSync(path.join(fs.realpathSync(os.tmpdir()), `pz-${name}-`));
  fs.cpSync(source, target, { recursive: true });
  return target;
}
