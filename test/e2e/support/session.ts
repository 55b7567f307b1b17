/**
 * One workbench session shared by the scenarios: a copy of the example workspace, code-server
 * with the extension installed from its .vsix, and headless Chromium showing the workbench.
 */
import * as fs from "node:fs";
import * as fsp from "node:fs/promises";
import * as os from "node:os";
import * as path from "node:path";
import type { Browser, Page } from "playwright-core";
import { Artifacts } from "./artifacts";
import { launchBrowser } from "./browser";
import { CodeServer, codeServerExecutable, type InstalledExtension } from "./code-server";
import { TIMEOUTS, exampleDir } from "./environment";
import { resolveVsix } from "./extension-package";
import { listFindings, pickTarget, type CliFinding } from "./findings";
import { probeServerCapabilities, type CapabilityProbe } from "./server-capabilities";
import { poll } from "./wait";
import { Workbench } from "./workbench";

/** Everything the scenarios share, created by `start` and released by `stop`. */
export class E2eSession {
  readonly artifacts = new Artifacts();
  readonly browserLog: string[] = [];
  rootDir = "";
  workspace = "";
  target!: CliFinding;
  findings: CliFinding[] = [];
  extension!: InstalledExtension;
  capabilities!: CapabilityProbe;
  server: CodeServer | undefined;
  workbench!: Workbench;
  /** Label of the Lineage tree's root, which the graph scenario looks for. */
  lineageRootLabel: string | undefined;
  private browser: Browser | undefined;
  private failed = false;

  /** Prepares the workspace and the extension, starts code-server and loads the workbench. */
  async start(): Promise<void> {
    try {
      await this.artifacts.reset();
      this.rootDir = await fsp.mkdtemp(path.join(os.tmpdir(), "privacy-zones-e2e-"));
      this.workspace = path.join(this.rootDir, "workspace");
      await copyExample(exampleDir(), this.workspace);

      this.findings = await listFindings(this.workspace);
      this.target = pickTarget(this.findings);
      this.log(`target finding: ${this.target.file}:${this.target.line} ${this.target.message}`);

      const vsix = await resolveVsix((line) => this.log(line));
      this.server = new CodeServer(codeServerExecutable(), this.rootDir);
      await this.server.prepareProfile();
      this.extension = await this.server.installExtension(vsix);
      this.log(`installed ${path.basename(vsix)} into ${this.extension.dir}`);

      const probeDir = await fsp.mkdtemp(path.join(this.rootDir, "probe-"));
      this.capabilities = await probeServerCapabilities(this.extension.dir, probeDir);

      await this.server.start();
      this.browser = await launchBrowser();
      const page = await this.browser.newPage({ viewport: { width: 1440, height: 900 } });
      this.recordBrowserLog(page);
      this.workbench = new Workbench(page);
      await this.workbench.load(this.server.workbenchUrl(this.workspace));
    } catch (error) {
      this.failed = true;
      throw error;
    }
  }

  /**
   * Runs one scenario step and saves a screenshot at its end, unless the step saved its own. On
   * failure saves a screenshot and marks the session failed, so `stop` keeps the logs.
   */
  async step(name: string, body: () => Promise<void>): Promise<void> {
    const screenshotsBefore = this.artifacts.counter;
    try {
      await body();
      if (this.artifacts.counter === screenshotsBefore) await this.screenshot(name);
    } catch (error) {
      this.failed = true;
      await this.screenshot(`${name} failed`).catch(() => undefined);
      throw error;
    }
  }

  /** Saves a screenshot of the current window into the artifacts folder. */
  async screenshot(name: string): Promise<void> {
    if (this.workbench) await this.artifacts.screenshot(this.workbench.page, name);
  }

  /** Extension id as VS Code spells it, `publisher.name`. */
  get extensionId(): string {
    return `${this.extension.manifest.publisher}.${this.extension.manifest.name}`;
  }

  /** Waits until the extension host log records the extension's activation. */
  async waitForActivation(): Promise<string> {
    const id = this.extensionId.toLowerCase();
    const server = this.server;
    if (!server) throw new Error("code-server has not started");
    return poll(
      `the extension host to activate ${this.extensionId}`,
      () => {
        for (const file of server.extensionHostLogs()) {
          const lines = fs.readFileSync(file, "utf8").split("\n");
          const failure = lines.find(
            (line) => line.toLowerCase().includes(id) && /activating extension.*failed/i.test(line),
          );
          if (failure) throw new Error(`the extension failed to activate: ${failure}`);
          const activation = lines.find(
            (line) => line.includes("_doActivateExtension") && line.toLowerCase().includes(id),
          );
          if (activation) return activation;
        }
        return undefined;
      },
      TIMEOUTS.activation,
    );
  }

  /** Closes the browser and code-server; after a failure keeps their logs as artifacts. */
  async stop(): Promise<void> {
    await this.browser?.close().catch(() => undefined);
    await this.server?.stop();
    if (this.failed && this.server) {
      await this.artifacts.keep(this.server.logFile, "code-server.log");
      await this.artifacts.keep(path.join(this.server.userDataDir, "logs"), "vscode-logs");
      await this.artifacts.write("browser-console.log", this.browserLog.join("\n"));
      this.log(`logs kept in ${this.artifacts.dir}`);
    }
    if (this.rootDir) await fsp.rm(this.rootDir, { recursive: true, force: true });
  }

  log(line: string): void {
    process.stderr.write(`[e2e] ${line}\n`);
  }

  private recordBrowserLog(page: Page): void {
    page.on("console", (message) => {
      if (message.type() === "error" || message.type() === "warning") {
        this.browserLog.push(`[${message.type()}] ${message.text()}`);
      }
    });
    page.on("pageerror", (error) => this.browserLog.push(`[pageerror] ${error.message}`));
    page.on("requestfailed", (request) =>
      this.browserLog.push(`[requestfailed] ${request.url()} ${request.failure()?.errorText}`),
    );
  }
}

/** Copies the example without dependencies or build output, which the analysis does not need. */
export async function copyExample(source: string, destination: string): Promise<void> {
  if (!fs.existsSync(source)) throw new Error(`the example workspace ${source} does not exist`);
  await fsp.cp(source, destination, {
    recursive: true,
    filter: (file) => !/[\\/](node_modules|out|dist)$/.test(file),
  });
}
