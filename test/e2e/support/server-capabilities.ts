/**
 * Reads the capabilities of the language server bundled in the installed extension, by starting
 * it over stdio and sending `initialize`. Scenarios whose feature the server does not advertise
 * skip with that reason, instead of failing on a feature that has not been built.
 */
import { spawn } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { pathToFileURL } from "node:url";

/** The capability fields that the scenarios depend on. */
export interface ServerCapabilities {
  hoverProvider?: unknown;
  codeActionProvider?: unknown;
  completionProvider?: { triggerCharacters?: string[] };
}

/** Capabilities, or the reason they could not be read. */
export type CapabilityProbe =
  { ok: true; capabilities: ServerCapabilities } | { ok: false; reason: string };

const PROBE_TIMEOUT_MS = 30_000;

/**
 * Starts `server/out/server.js` from the extension folder with `--stdio` in an empty folder,
 * initializes it, then shuts it down.
 */
export async function probeServerCapabilities(
  extensionDir: string,
  emptyDir: string,
): Promise<CapabilityProbe> {
  const serverFile = path.join(extensionDir, "server", "out", "server.js");
  if (!fs.existsSync(serverFile)) {
    return { ok: false, reason: `the extension has no ${path.relative(extensionDir, serverFile)}` };
  }
  const child = spawn(process.execPath, [serverFile, "--stdio"], {
    cwd: emptyDir,
    stdio: ["pipe", "pipe", "ignore"],
  });
  try {
    const response = await exchange(child.stdin, child.stdout, {
      jsonrpc: "2.0",
      id: 1,
      method: "initialize",
      params: {
        processId: process.pid,
        rootUri: pathToFileURL(emptyDir).href,
        workspaceFolders: [{ uri: pathToFileURL(emptyDir).href, name: "probe" }],
        capabilities: {},
      },
    });
    const result = response.result as { capabilities?: ServerCapabilities } | undefined;
    if (!result?.capabilities) {
      return {
        ok: false,
        reason: `initialize returned no capabilities: ${JSON.stringify(response)}`,
      };
    }
    return { ok: true, capabilities: result.capabilities };
  } catch (error) {
    return { ok: false, reason: (error as Error).message };
  } finally {
    child.kill();
  }
}

function exchange(
  input: NodeJS.WritableStream,
  output: NodeJS.ReadableStream,
  message: { id: number; method: string; params: unknown; jsonrpc: string },
): Promise<{ id?: number; result?: unknown; error?: unknown }> {
  return new Promise((resolve, reject) => {
    let buffer: Buffer = Buffer.alloc(0);
    const timer = setTimeout(
      () =>
        reject(
          new Error(
            `the server did not respond to ${message.method} within ${PROBE_TIMEOUT_MS} ms`,
          ),
        ),
      PROBE_TIMEOUT_MS,
    );
    output.on("data", (chunk: Buffer) => {
      buffer = Buffer.concat([buffer, chunk]);
      for (;;) {
        const frame = readFrame(buffer);
        if (!frame) return;
        buffer = frame.rest;
        const parsed = JSON.parse(frame.body) as { id?: number };
        // Skip the server's own requests and notifications, such as log messages.
        if (parsed.id === message.id && !("method" in parsed)) {
          clearTimeout(timer);
          resolve(parsed);
          return;
        }
      }
    });
    output.on("end", () => {
      clearTimeout(timer);
      reject(new Error(`the server exited before it responded to ${message.method}`));
    });
    const body = JSON.stringify(message);
    input.write(`Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`);
  });
}

/** Splits one LSP base-protocol frame off the front of a buffer. */
function readFrame(buffer: Buffer): { body: string; rest: Buffer } | undefined {
  const headerEnd = buffer.indexOf("\r\n\r\n");
  if (headerEnd < 0) return undefined;
  const header = buffer.subarray(0, headerEnd).toString("ascii");
  const length = Number(/Content-Length: (\d+)/i.exec(header)?.[1]);
  const start = headerEnd + 4;
  if (!Number.isFinite(length) || buffer.length < start + length) return undefined;
  return {
    body: buffer.subarray(start, start + length).toString("utf8"),
    rest: buffer.subarray(start + length),
  };
}
