/**
 * Paths, versions and environment switches of the browser end-to-end suite. Reading this module
 * has no side effects, because `node --test out/test/` loads every compiled file under test/.
 */
import * as os from "node:os";
import * as path from "node:path";

/** The code-server release that `.ci/install-code-server.sh` installs. */
export const CODE_SERVER_VERSION = "4.100.3";

/** Root of the repository (this file compiles to out/test/e2e/support/). */
export const REPO_ROOT = path.resolve(__dirname, "..", "..", "..", "..");

/** Screenshots of each step and, after a failure, the code-server and extension host logs. */
export const ARTIFACTS_DIR = path.join(REPO_ROOT, ".test-artifacts", "e2e");

/** Debian's Chromium, driven through playwright-core. */
export const CHROMIUM_PATH = process.env.PRIVACY_ZONES_E2E_CHROMIUM ?? "/usr/bin/chromium";

/** Returns the folder of the installed tools, shared with `.ci/install-code-server.sh`. */
export function cacheRoot(): string {
  return (
    process.env.PRIVACY_ZONES_E2E_CACHE ?? path.join(os.homedir(), ".cache", "privacy-zones-e2e")
  );
}

/** Returns the install folder of code-server, where the install script writes a marker last. */
export function codeServerInstallDir(): string {
  return path.join(cacheRoot(), `code-server-${CODE_SERVER_VERSION}`);
}

/** Returns the example workspace that the scenarios open after copying it to a temporary folder. */
export function exampleDir(): string {
  return process.env.PRIVACY_ZONES_E2E_EXAMPLE ?? path.join(REPO_ROOT, "examples", "ai-glasses");
}

/** Returns the CLI that lists the example's findings, which tell the scenarios where to look. */
export function cliPath(): string {
  return process.env.PRIVACY_ZONES_E2E_CLI ?? path.join(REPO_ROOT, "server", "out", "cli.js");
}

/** Timeouts in milliseconds; generous because CI machines may have two slow cores. */
export const TIMEOUTS = {
  /** Starting code-server until /healthz responds. */
  serverStart: 60_000,
  /** Loading the workbench page until the editor area exists. */
  workbench: 90_000,
  /** Waiting for the extension host to activate the extension. */
  activation: 60_000,
  /** Waiting for diagnostics, which include the first analysis of the project. */
  diagnostics: 90_000,
  /** Waiting for a UI element after a keyboard or mouse action. */
  ui: 20_000,
  /** Installing the .vsix or building it with `npm run package`. */
  command: 300_000,
};
