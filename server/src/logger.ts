import type { RemoteConsole } from "vscode-languageserver";

export type LogLevel = "error" | "warn" | "info" | "debug";

/**
 * Log lines sent to the client through `window/logMessage`, which the VS Code client writes to
 * its output channel at the matching level. The server never writes to stdout, which may be
 * the LSP transport.
 */
export class Logger {
  constructor(private readonly console: RemoteConsole) {}

  error(message: string): void {
    this.console.error(message);
  }

  warn(message: string): void {
    this.console.warn(message);
  }

  info(message: string): void {
    this.console.info(message);
  }

  debug(message: string): void {
    this.console.debug(message);
  }

  log(level: LogLevel, message: string): void {
    this[level](message);
  }

  /** Logs a caught error with the file involved, including its stack. */
  caught(what: string, file: string | undefined, error: unknown): void {
    const detail = error instanceof Error ? (error.stack ?? error.message) : String(error);
    this.error(`${what} failed${file ? ` for ${file}` : ""}. ${detail}`);
  }
}
