/// <reference types="mocha" />
/**
 * The key scenarios against the `vscode` API, run inside VS Code's extension host: diagnostics for
 * the example's violating file, a quick fix for it, the `privacyZones/lineage` request and the
 * contributed commands. The target finding comes from the CLI, through TARGET_ENV.
 */
import assert from "node:assert/strict";
import * as path from "node:path";
import type * as vscodeApi from "vscode";
import { REPO_ROOT } from "../e2e/support/environment";
import { readManifest } from "../e2e/support/extension-package";
import type { CliFinding } from "../e2e/support/findings";

/** Environment variable that carries the target finding into the extension host, as JSON. */
export const TARGET_ENV = "PRIVACY_ZONES_E2E_TARGET";

const DIAGNOSTICS_TIMEOUT_MS = 90_000;

/** Subset of the lineage result that the suite checks. */
interface LineageResult {
  root: unknown;
  nodes: unknown[];
  edges: unknown[];
}

/** The extension's exports that can reach the language server, when it exports them. */
interface ExtensionExports {
  client?: { sendRequest(method: string, params: unknown): Promise<unknown> };
}

// `vscode` exists only inside the extension host, so it is loaded when the suite runs.
function loadVscode(): typeof vscodeApi {
  return require("vscode") as typeof vscodeApi;
}

/** Registers the suite with mocha's tdd interface, for `run` in index.ts. */
export function defineExtensionSuite(): void {
  suite("Privacy Zones in VS Code", () => {
    let vscode: typeof vscodeApi;
    let extension: vscodeApi.Extension<ExtensionExports | undefined>;
    let target: CliFinding;
    let uri: vscodeApi.Uri;

    suiteSetup(async () => {
      vscode = loadVscode();
      const manifest = readManifest(path.join(REPO_ROOT, "package.json"));
      const id = `${manifest.publisher}.${manifest.name}`;
      const found = vscode.extensions.getExtension<ExtensionExports | undefined>(id);
      assert.ok(found, `the extension ${id} is not loaded`);
      extension = found;
      const json = process.env[TARGET_ENV];
      assert.ok(json, `${TARGET_ENV} is not set; run the suite through run-electron-tests.js`);
      target = JSON.parse(json) as CliFinding;
      const folder = vscode.workspace.workspaceFolders?.[0];
      assert.ok(folder, "VS Code opened no workspace folder");
      uri = vscode.Uri.joinPath(folder.uri, target.file);
      await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
      await extension.activate();
    });

    async function targetDiagnostic(): Promise<vscodeApi.Diagnostic> {
      const matches = (): vscodeApi.Diagnostic | undefined =>
        vscode.languages
          .getDiagnostics(uri)
          .find(
            (diagnostic) =>
              diagnostic.source === "privacy-zones" &&
              diagnostic.range.start.line === target.line - 1 &&
              diagnostic.message === target.message,
          );
      const present = matches();
      if (present) return present;
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          listener.dispose();
          const seen = vscode.languages.getDiagnostics(uri).map((d) => d.message);
          reject(
            new Error(
              `no diagnostic "${target.message}" on line ${target.line} within ` +
                `${DIAGNOSTICS_TIMEOUT_MS} ms; diagnostics: ${JSON.stringify(seen)}`,
            ),
          );
        }, DIAGNOSTICS_TIMEOUT_MS);
        const listener = vscode.languages.onDidChangeDiagnostics(() => {
          const diagnostic = matches();
          if (!diagnostic) return;
          clearTimeout(timer);
          listener.dispose();
          resolve(diagnostic);
        });
      });
    }

    test("commands are registered", async () => {
      const contributed =
        (extension.packageJSON as { contributes?: { commands?: { command: string }[] } })
          .contributes?.commands ?? [];
      assert.ok(contributed.length > 0, "the manifest contributes no commands");
      const registered = new Set(await vscode.commands.getCommands(true));
      for (const { command } of contributed) {
        assert.ok(registered.has(command), `the command ${command} is not registered`);
      }
    });

    test("diagnostic reports the finding", async () => {
      const diagnostic = await targetDiagnostic();
      assert.equal(diagnostic.severity, vscode.DiagnosticSeverity.Error);
      const code = typeof diagnostic.code === "object" ? diagnostic.code.value : diagnostic.code;
      assert.equal(code, target.code);
      assert.equal(diagnostic.range.start.character, target.column - 1);
      assert.equal(diagnostic.relatedInformation?.length, target.path.length);
      target.path.forEach((step, i) => {
        assert.equal(diagnostic.relatedInformation?.[i]?.message, step.message);
      });
    });

    test("quick fix is offered", async () => {
      const diagnostic = await targetDiagnostic();
      const actions = await vscode.commands.executeCommand<vscodeApi.CodeAction[]>(
        "vscode.executeCodeActionProvider",
        uri,
        diagnostic.range,
        vscode.CodeActionKind.QuickFix.value,
      );
      // LSP code actions may leave out the diagnostics they fix, so the kind identifies them.
      const fixes = actions.filter((action) =>
        vscode.CodeActionKind.QuickFix.contains(action.kind ?? vscode.CodeActionKind.Empty),
      );
      assert.ok(fixes.length > 0, `no quick fix among ${actions.length} code actions`);
      for (const fix of fixes) {
        assert.ok(fix.edit ?? fix.command, `the quick fix "${fix.title}" has no edit or command`);
      }
    });

    test("lineage request returns graph", async function () {
      const client = extension.exports?.client;
      if (!client) {
        console.log("skipped: the extension does not export its language client as `client`");
        this.skip();
      }
      const result = (await client.sendRequest("privacyZones/lineage", {
        textDocument: { uri: uri.toString() },
        position: { line: target.line - 1, character: target.column - 1 },
        direction: "both",
      })) as LineageResult;
      assert.ok(result.root, "the lineage result has no root");
      assert.ok(result.nodes.length >= 2, `the lineage has ${result.nodes.length} nodes`);
      assert.ok(result.edges.length >= 1, "the lineage has no edges");
    });
  });
}
