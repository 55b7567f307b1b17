/**
 * Starts code-server on a free loopback port with a fresh user-data folder and extensions folder,
 * and installs the extension's .vsix into it the way a user does.
 */
import { execFile, spawn, type ChildProcess } from "node:child_process";
import * as fs from "node:fs";
import * as fsp from "node:fs/promises";
import * as http from "node:http";
import * as net from "node:net";
import * as path from "node:path";
import { promisify } from "node:util";
import { CODE_SERVER_VERSION, TIMEOUTS, codeServerInstallDir } from "./environment";
import { readManifest, type ExtensionManifest } from "./extension-package";
import { FatalPollError, poll } from "./wait";

const execFileAsync = promisify(execFile);

/**
 * User settings of the test profile. Workspace Trust is off so no prompt covers the workbench,
 * and the settings that would make VS Code or its built-in extensions reach the network are off.
 */
const USER_SETTINGS = {
  "security.workspace.trust.enabled": false,
  "workbench.startupEditor": "none",
  "workbench.tips.enabled": false,
  "workbench.enableExperiments": false,
  "telemetry.telemetryLevel": "off",
  "update.mode": "none",
  "extensions.autoCheckUpdates": false,
  "extensions.autoUpdate": false,
  "extensions.ignoreRecommendations": true,
  "typescript.disableAutomaticTypeAcquisition": true,
  "typescript.surveys.enabled": false,
  "npm.fetchOnlinePackageInfo": false,
  "git.enabled": false,
  "files.autoSave": "off",
  "editor.minimap.enabled": false,
  // Sticky scroll would cover the first lines in screenshots after the editor scrolls.
  "editor.stickyScroll.enabled": false,
  "window.restoreWindows": "none",
};

/** Returns the code-server executable, or throws with the command that installs it. */
export function codeServerExecutable(): string {
  const dir = codeServerInstallDir();
  const bin = path.join(dir, "node_modules", ".bin", "code-server");
  if (!fs.existsSync(path.join(dir, ".install-complete")) || !fs.existsSync(bin)) {
    throw new Error(
      `code-server ${CODE_SERVER_VERSION} is not installed in ${dir}; ` +
        `run "bash .ci/install-code-server.sh" first`,
    );
  }
  return bin;
}

/** Returns a TCP port that was free on 127.0.0.1 a moment ago. */
export async function freeLoopbackPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address() as net.AddressInfo;
      server.close(() => resolve(address.port));
    });
  });
}

/** A running code-server with its own profile folders. */
export class CodeServer {
  readonly userDataDir: string;
  readonly extensionsDir: string;
  readonly logFile: string;
  private process: ChildProcess | undefined;
  private exit: { code: number | null; signal: string | null } | undefined;
  port = 0;

  /**
   * @param extraEnv variables for code-server and so for its extension host, such as the
   *   target finding of the VS Code API suite.
   */
  constructor(
    private readonly bin: string,
    private readonly rootDir: string,
    private readonly extraEnv: Record<string, string> = {},
  ) {
    this.userDataDir = path.join(rootDir, "user-data");
    this.extensionsDir = path.join(rootDir, "extensions");
    this.logFile = path.join(rootDir, "code-server.log");
  }

  /**
   * URL of the workbench with a folder open. The payload carries workbench options as name and
   * value pairs, such as `extensionDevelopmentPath`, whose values are URIs.
   */
  workbenchUrl(folder: string, payload?: [string, string][]): string {
    const url = `http://127.0.0.1:${this.port}/?folder=${encodeURIComponent(folder)}`;
    return payload ? `${url}&payload=${encodeURIComponent(JSON.stringify(payload))}` : url;
  }

  /** URI of a server-side path as the workbench addresses it, for payload values. */
  remoteUri(file: string): string {
    return `vscode-remote://127.0.0.1:${this.port}${file}`;
  }

  /** Creates the profile folders and writes the user settings. */
  async prepareProfile(): Promise<void> {
    const userDir = path.join(this.userDataDir, "User");
    await fsp.mkdir(userDir, { recursive: true });
    await fsp.mkdir(this.extensionsDir, { recursive: true });
    await fsp.writeFile(
      path.join(userDir, "settings.json"),
      JSON.stringify(USER_SETTINGS, null, 2),
    );
  }

  /**
   * Installs a .vsix with `--install-extension`, as a user does, and returns the installed manifest.
   * Copying a folder into the extensions folder is not enough, because code-server then treats
   * the extension as removed.
   */
  async installExtension(vsix: string): Promise<InstalledExtension> {
    const args = [...this.commonArgs(), "--install-extension", vsix];
    const { stdout, stderr } = await execFileAsync(this.bin, args, {
      env: this.env(),
      timeout: TIMEOUTS.command,
    }).catch((error: { stdout?: string; stderr?: string; message: string }) => {
      throw new Error(
        `code-server --install-extension ${vsix} failed: ${error.message}\n${error.stdout ?? ""}` +
          `\n${error.stderr ?? ""}`,
      );
    });
    await fsp.appendFile(this.logFile, `$ code-server --install-extension\n${stdout}${stderr}\n`);
    // The extensions folder is fresh, so the only extension folder in it is the one installed.
    const folders = fs
      .readdirSync(this.extensionsDir, { withFileTypes: true })
      .filter((entry) => entry.isDirectory() && !entry.name.startsWith("."));
    const folder = folders[0]?.name;
    if (folders.length !== 1 || !folder) {
      throw new Error(
        `code-server reported "${stdout.trim()}" but ${this.extensionsDir} contains ` +
          `${folders.length} extension folders instead of one`,
      );
    }
    const dir = path.join(this.extensionsDir, folder);
    return { dir, manifest: readManifest(path.join(dir, "package.json")) };
  }

  /** Starts code-server and waits until its health endpoint responds. */
  async start(): Promise<void> {
    this.port = await freeLoopbackPort();
    const args = [
      ...this.commonArgs(),
      "--bind-addr",
      `127.0.0.1:${this.port}`,
      "--auth",
      "none",
      "--disable-telemetry",
      "--disable-update-check",
      "--disable-getting-started-override",
    ];
    const log = fs.openSync(this.logFile, "a");
    fs.writeSync(log, `$ code-server ${args.join(" ")}\n`);
    this.process = spawn(this.bin, args, { env: this.env(), stdio: ["ignore", log, log] });
    fs.closeSync(log);
    // Stops code-server when the test process exits without running its after hooks.
    const child = this.process;
    const killOnExit = (): void => {
      child.kill("SIGTERM");
    };
    process.once("exit", killOnExit);
    this.process.once("exit", (code, signal) => {
      this.exit = { code, signal };
      process.off("exit", killOnExit);
    });
    await poll(
      `code-server to respond on 127.0.0.1:${this.port}`,
      async () => {
        if (this.exit) {
          throw new FatalPollError(
            `code-server exited (code ${this.exit.code}, signal ${this.exit.signal}) before ` +
              `it responded; see ${this.logFile}`,
          );
        }
        return (await healthy(this.port)) || undefined;
      },
      TIMEOUTS.serverStart,
    );
  }

  /** Stops code-server and waits for it to exit. */
  async stop(): Promise<void> {
    const child = this.process;
    if (!child || this.exit) return;
    const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
    child.kill("SIGTERM");
    const timer = setTimeout(() => child.kill("SIGKILL"), 10_000);
    await exited;
    clearTimeout(timer);
  }

  /** Paths of the extension host logs, which record extension activation. */
  extensionHostLogs(): string[] {
    const logsDir = path.join(this.userDataDir, "logs");
    if (!fs.existsSync(logsDir)) return [];
    return fs
      .readdirSync(logsDir, { recursive: true, encoding: "utf8" })
      .filter((file) => /exthost\.log$/.test(path.basename(file)))
      .map((file) => path.join(logsDir, file));
  }

  private commonArgs(): string[] {
    return [
      "--config",
      path.join(this.rootDir, "config.yaml"),
      "--user-data-dir",
      this.userDataDir,
      "--extensions-dir",
      this.extensionsDir,
    ];
  }

  /** Keeps code-server's own files inside the test folder and points its gallery nowhere. */
  private env(): NodeJS.ProcessEnv {
    return {
      ...process.env,
      ...this.extraEnv,
      XDG_CONFIG_HOME: path.join(this.rootDir, "xdg-config"),
      XDG_DATA_HOME: path.join(this.rootDir, "xdg-data"),
      XDG_CACHE_HOME: path.join(this.rootDir, "xdg-cache"),
      // An empty gallery has no service URL, so code-server does not query open-vsx.org.
      EXTENSIONS_GALLERY: "{}",
    };
  }
}

/** An extension as code-server installed it. */
export interface InstalledExtension {
  dir: string;
  manifest: ExtensionManifest;
}

function healthy(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const request = http.get(
      { host: "127.0.0.1", port, path: "/healthz", timeout: 2000 },
      (res) => {
        res.resume();
        resolve(res.statusCode === 200);
      },
    );
    request.on("error", () => resolve(false));
    request.on("timeout", () => {
      request.destroy();
      resolve(false);
    });
  });
}
