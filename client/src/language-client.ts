import * as path from "node:path";
import type { ExtensionContext, LogOutputChannel } from "vscode";
import {
  LanguageClient,
  TransportKind,
  type LanguageClientOptions,
  type ServerOptions,
} from "vscode-languageclient/node";

/** Client id; it also names the `privacyZones.trace.server` setting that traces the protocol. */
export const CLIENT_ID = "privacyZones";

/** Languages whose documents the server analyses; `.mts` and `.cts` files are `typescript`. */
export const ANALYSED_LANGUAGES = [
  "typescript",
  "typescriptreact",
  "javascript",
  "javascriptreact",
];

/**
 * The documents the server reads: files on disk in the analysed languages, and the config files,
 * which it checks and whose zones it finds and renames.
 */
export const DOCUMENT_SELECTOR = [
  ...ANALYSED_LANGUAGES.map((language) => ({ scheme: "file", language })),
  { scheme: "file", pattern: "**/privacy-zones.json" },
];

/** Creates the language client that starts the bundled server over Node IPC. */
export function createLanguageClient(
  context: ExtensionContext,
  outputChannel: LogOutputChannel,
): LanguageClient {
  const module = context.asAbsolutePath(path.join("server", "out", "server.js"));
  const serverOptions: ServerOptions = {
    run: { module, transport: TransportKind.ipc },
    debug: {
      module,
      transport: TransportKind.ipc,
      options: { execArgv: ["--nolazy", "--inspect=127.0.0.1:6009"] },
    },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: DOCUMENT_SELECTOR,
    outputChannel,
    synchronize: { configurationSection: "privacyZones" },
  };
  return new LanguageClient(CLIENT_ID, "Privacy Zones", serverOptions, clientOptions);
}
