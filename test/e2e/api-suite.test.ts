/**
 * Runs the VS Code API suite (test/e2e-electron/extension.suite.ts) in code-server's extension
 * host, with the repository as the extension under development. This runs the same mocha suite
 * that @vscode/test-electron runs, on machines that cannot download VS Code.
 */
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as fsp from "node:fs/promises";
import * as os from "node:os";
import * as path from "node:path";
import { after, before, describe, test } from "node:test";
import type { Browser } from "playwright-core";
import { RESULT_FILE_ENV, type SuiteResult } from "../e2e-electron/index";
import { TARGET_ENV } from "../e2e-electron/extension.suite";
import { Artifacts } from "./support/artifacts";
import { launchBrowser } from "./support/browser";
import { CodeServer, codeServerExecutable } from "./support/code-server";
import { REPO_ROOT, exampleDir } from "./support/environment";
import { listFindings, pickTarget } from "./support/findings";
import { copyExample } from "./support/session";
import { poll } from "./support/wait";

const SUITE_TIMEOUT_MS = 5 * 60_000;

describe("VS Code API suite in code-server", () => {
  const artifacts = new Artifacts(path.join(REPO_ROOT, ".test-artifacts", "e2e-api"));
  let rootDir = "";
  let server: CodeServer | undefined;
  let browser: Browser | undefined;
  let failed = true;

  before(async () => {
    await artifacts.reset();
    const bundle = path.join(REPO_ROOT, "client", "out", "extension.js");
    assert.ok(fs.existsSync(bundle), `${bundle} does not exist; run "npm run build" first`);
    rootDir = await fsp.mkdtemp(path.join(os.tmpdir(), "privacy-zones-api-"));
  });

  after(async () => {
    await browser?.close().catch(() => undefined);
    await server?.stop();
    if (failed && server) {
      await artifacts.keep(server.logFile, "code-server.log");
      await artifacts.keep(path.join(server.userDataDir, "logs"), "vscode-logs");
    }
    if (rootDir) await fsp.rm(rootDir, { recursive: true, force: true });
  });

  test(
    "mocha suite passes in the extension host",
    { timeout: SUITE_TIMEOUT_MS + 60_000 },
    async (t) => {
      const workspace = path.join(rootDir, "workspace");
      await copyExample(exampleDir(), workspace);
      const target = pickTarget(await listFindings(workspace));
      const resultFile = path.join(rootDir, "result.json");
      server = new CodeServer(codeServerExecutable(), rootDir, {
        [TARGET_ENV]: JSON.stringify(target),
        [RESULT_FILE_ENV]: resultFile,
      });
      await server.prepareProfile();
      await server.start();
      browser = await launchBrowser();
      const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
      const testsEntry = path.join(REPO_ROOT, "out", "test", "e2e-electron", "index.js");
      await page.goto(
        server.workbenchUrl(workspace, [
          ["extensionDevelopmentPath", server.remoteUri(REPO_ROOT)],
          ["extensionTestsPath", server.remoteUri(testsEntry)],
        ]),
      );
      const result = await poll(
        "the VS Code API suite to write its results",
        () =>
          fs.existsSync(resultFile)
            ? (JSON.parse(fs.readFileSync(resultFile, "utf8")) as SuiteResult)
            : undefined,
        SUITE_TIMEOUT_MS,
      );
      await artifacts.screenshot(page, "api suite finished");
      for (const title of result.pending) t.diagnostic(`pending: ${title}`);
      const failures = result.failed.map((failure) => `${failure.title}\n${failure.error}`);
      assert.equal(failures.length, 0, `failed:\n${failures.join("\n\n")}`);
      assert.ok(result.passed.length > 0, "no test of the VS Code API suite ran");
      failed = false;
    },
  );
});
