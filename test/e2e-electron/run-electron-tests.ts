/**
 * Runs the VS Code API suite in VS Code (Electron) through @vscode/test-electron.
 *
 * Usage: `node out/test/e2e-electron/run-electron-tests.js` after `npm run build` and
 * `tsc -p tsconfig.test.json`. It runs when VSCODE_EXECUTABLE points to a VS Code executable,
 * or when PRIVACY_ZONES_E2E_DOWNLOAD=1 allows @vscode/test-electron to download VS Code. Otherwise
 * it prints why it is skipped and exits 0, without any network request.
 */
import * as fs from "node:fs";
import * as fsp from "node:fs/promises";
import * as os from "node:os";
import * as path from "node:path";
import { runTests } from "@vscode/test-electron";
import { REPO_ROOT, exampleDir } from "../e2e/support/environment";
import { listFindings, pickTarget } from "../e2e/support/findings";
import { copyExample } from "../e2e/support/session";
import { TARGET_ENV } from "./extension.suite";

async function main(): Promise<number> {
  const executable = process.env.VSCODE_EXECUTABLE;
  const downloadAllowed = process.env.PRIVACY_ZONES_E2E_DOWNLOAD === "1";
  if (!executable && !downloadAllowed) {
    console.log(
      "VS Code (Electron) suite skipped: VSCODE_EXECUTABLE is not set and downloading VS Code " +
        "is off. Set VSCODE_EXECUTABLE to a VS Code executable, or PRIVACY_ZONES_E2E_DOWNLOAD=1 " +
        "on a machine that can reach update.code.visualstudio.com.",
    );
    return 0;
  }
  if (executable && !fs.existsSync(executable)) {
    console.error(`VSCODE_EXECUTABLE points to ${executable}, which does not exist`);
    return 1;
  }

  const root = await fsp.mkdtemp(path.join(os.tmpdir(), "privacy-zones-electron-"));
  try {
    const workspace = path.join(root, "workspace");
    await copyExample(exampleDir(), workspace);
    const target = pickTarget(await listFindings(workspace));
    await runTests({
      ...(executable ? { vscodeExecutablePath: executable } : { version: "stable" }),
      extensionDevelopmentPath: REPO_ROOT,
      extensionTestsPath: path.join(__dirname, "index.js"),
      extensionTestsEnv: { [TARGET_ENV]: JSON.stringify(target) },
      launchArgs: [
        workspace,
        "--disable-extensions",
        "--disable-workspace-trust",
        "--skip-welcome",
        "--skip-release-notes",
        `--user-data-dir=${path.join(root, "user-data")}`,
        `--extensions-dir=${path.join(root, "extensions")}`,
      ],
    });
    return 0;
  } catch (error) {
    console.error(`VS Code (Electron) suite failed: ${(error as Error).message}`);
    return 1;
  } finally {
    await fsp.rm(root, { recursive: true, force: true });
  }
}

// `node --test out/test/` loads every compiled file under test/ as a test file and sets
// NODE_TEST_CONTEXT in that child process, where the runner must do nothing.
if (require.main === module && !process.env.NODE_TEST_CONTEXT) {
  main().then(
    (code) => process.exit(code),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}
