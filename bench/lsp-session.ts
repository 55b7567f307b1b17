/**
 * Drives the bundled language server over stdio the way an editor does, and times how long it
 * takes to publish diagnostics after a document is opened or changed.
 */
import { spawn, type ChildProcessWithoutNullStreams } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { pathToFileURL } from "node:url";
import {
  createProtocolConnection,
  StreamMessageReader,
  StreamMessageWriter,
  type ProtocolConnection,
  type PublishDiagnosticsParams,
} from "vscode-languageserver-protocol/node";
import type { PlannedEdit } from "./edits";

interface Waiter {
  uri: string;
  version: number;
  resolve: (params: PublishDiagnosticsParams) => void;
}

/** A running language server with one workspace folder. */
export class LspSession {
  private readonly versions = new Map<string, number>();
  private readonly latest = new Map<string, PublishDiagnosticsParams>();
  private readonly waiters = new Set<Waiter>();
  private readonly stderr: string[] = [];
  /** Called when the server reports that an analysis pass started or finished. */
  private passListener: ((event: "started" | "finished") => void) | undefined;

  private constructor(
    private readonly child: ChildProcessWithoutNullStreams,
    private readonly connection: ProtocolConnection,
  ) {}

  /** Starts the server bundle `serverBundle` and completes the initialize handshake for `rootDir`. */
  static async start(rootDir: string, serverBundle: string): Promise<LspSession> {
    const child = spawn(process.execPath, [serverBundle, "--stdio"], { stdio: "pipe" });
    const connection = createProtocolConnection(
      new StreamMessageReader(child.stdout),
      new StreamMessageWriter(child.stdin),
    );
    const session = new LspSession(child, connection);
    session.listen();
    const rootUri = pathToFileURL(rootDir).toString();
    await connection.sendRequest("initialize", {
      processId: process.pid,
      rootUri,
      workspaceFolders: [{ uri: rootUri, name: path.basename(rootDir) }],
      capabilities: {
        workspace: { configuration: true, workspaceFolders: true },
        textDocument: { publishDiagnostics: { relatedInformation: true, versionSupport: true } },
      },
    });
    await connection.sendNotification("initialized", {});
    return session;
  }

  /** The server's process id, for reading its memory use. */
  get pid(): number {
    if (this.child.pid === undefined) throw new Error("The language server did not start.");
    return this.child.pid;
  }

  private listen(): void {
    this.child.stderr.on("data", (chunk: Buffer) => this.stderr.push(chunk.toString()));
    this.connection.onNotification("textDocument/publishDiagnostics", (params) => {
      const published = params as PublishDiagnosticsParams;
      this.latest.set(published.uri, published);
      for (const waiter of this.waiters) {
        if (waiter.uri === published.uri && published.version === waiter.version) {
          this.waiters.delete(waiter);
          waiter.resolve(published);
        }
      }
    });
    this.connection.onNotification("privacyZones/analysisStarted", () =>
      this.passListener?.("started"),
    );
    this.connection.onNotification("privacyZones/analysisFinished", () =>
      this.passListener?.("finished"),
    );
    // Empty settings for every requested section, so the server uses its defaults.
    this.connection.onRequest("workspace/configuration", (params: { items: unknown[] }) =>
      params.items.map(() => ({})),
    );
    this.connection.onRequest("client/registerCapability", () => null);
    this.connection.listen();
  }

  /** True when the document is open in this session. */
  isOpen(file: string): boolean {
    return this.versions.has(uriOf(file));
  }

  /** Opens a document with its text on disk and returns the ms until its diagnostics arrive. */
  async open(file: string, timeoutMs: number): Promise<number> {
    const uri = uriOf(file);
    const text = fs.readFileSync(file, "utf8");
    this.versions.set(uri, 1);
    const started = performance.now();
    const published = this.waitFor(uri, 1, timeoutMs);
    await this.connection.sendNotification("textDocument/didOpen", {
      textDocument: { uri, languageId: "typescript", version: 1, text },
    });
    await published;
    return performance.now() - started;
  }

  /** Replaces an open document's text and returns the ms until diagnostics for it arrive. */
  async change(edit: PlannedEdit, timeoutMs: number): Promise<number> {
    const uri = uriOf(edit.file);
    const version = (this.versions.get(uri) ?? 0) + 1;
    this.versions.set(uri, version);
    const started = performance.now();
    const published = this.waitFor(uri, version, timeoutMs);
    await this.connection.sendNotification("textDocument/didChange", {
      textDocument: { uri, version },
      contentChanges: [{ text: edit.text }],
    });
    await published;
    return performance.now() - started;
  }

  /**
   * Waits for the next analysis pass to start, such as the verification that follows edits once
   * the editor is idle, and sends a hover at `position` of `file` during it. Returns the ms until
   * the hover's reply and the ms from the start of the pass to its end.
   */
  async hoverDuringNextPass(
    file: string,
    position: { line: number; character: number },
    timeoutMs: number,
  ): Promise<{ hoverMs: number; passMs: number }> {
    let startedAt = 0;
    let markStarted: () => void = () => {};
    let markFinished: () => void = () => {};
    const started = new Promise<void>((resolve) => (markStarted = resolve));
    const finished = new Promise<void>((resolve) => (markFinished = resolve));
    this.passListener = (event) => {
      if (event === "started" && startedAt === 0) {
        startedAt = performance.now();
        markStarted();
      } else if (event === "finished" && startedAt !== 0) {
        markFinished();
      }
    };
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_resolve, reject) => {
      timer = setTimeout(
        () => reject(new Error(`Timed out after ${timeoutMs} ms waiting for an analysis pass.`)),
        timeoutMs,
      );
    });
    try {
      await Promise.race([started, timeout]);
      const sent = performance.now();
      await this.connection.sendRequest("textDocument/hover", {
        textDocument: { uri: uriOf(file) },
        position,
      });
      const hoverMs = performance.now() - sent;
      await Promise.race([finished, timeout]);
      return { hoverMs, passMs: performance.now() - startedAt };
    } finally {
      clearTimeout(timer);
      this.passListener = undefined;
    }
  }

  /** Returns the server's peak resident set size in MiB (`VmHWM`), threads included. */
  peakRssMb(): number {
    const status = fs.readFileSync(`/proc/${this.pid}/status`, "utf8");
    const match = /^VmHWM:\s+(\d+) kB/m.exec(status);
    if (!match) throw new Error(`VmHWM missing from /proc/${this.pid}/status.`);
    return Number(match[1]) / 1024;
  }

  /** Shuts the server down, and kills it if it does not exit within a few seconds. */
  async stop(): Promise<void> {
    const exited = new Promise<void>((resolve) => this.child.once("exit", () => resolve()));
    const killTimer = setTimeout(() => this.child.kill("SIGKILL"), 5000);
    try {
      await Promise.race([this.connection.sendRequest("shutdown"), exited]);
      await this.connection.sendNotification("exit");
    } catch {
      this.child.kill("SIGKILL");
    }
    await exited;
    clearTimeout(killTimer);
    this.connection.dispose();
  }

  private waitFor(uri: string, version: number, timeoutMs: number): Promise<void> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters.delete(waiter);
        const log = this.stderr.join("").slice(-2000);
        reject(
          new Error(
            `Timed out after ${timeoutMs} ms waiting for diagnostics of ${uri} v${version}.\n${log}`,
          ),
        );
      }, timeoutMs);
      const waiter: Waiter = {
        uri,
        version,
        resolve: () => {
          clearTimeout(timer);
          resolve();
        },
      };
      this.waiters.add(waiter);
    });
  }
}

function uriOf(file: string): string {
  return pathToFileURL(file).toString();
}
