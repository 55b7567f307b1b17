import * as vscode from "vscode";
import type { LanguageClient } from "vscode-languageclient/node";
import { ReanalyzeRequest } from "../../server/src/protocol";
import { openConfigFile } from "./config-file";

/** Registers the commands of the extension; each reports its failure once and logs it. */
export function registerCommands(
  client: LanguageClient,
  outputChannel: vscode.LogOutputChannel,
): vscode.Disposable[] {
  const run = (name: string, action: () => Promise<void> | void) => async (): Promise<void> => {
    try {
      await action();
    } catch (error) {
      reportFailure(name, error, outputChannel);
    }
  };
  return [
    vscode.commands.registerCommand(
      "privacyZones.restartServer",
      run("Restarting the language server", () => client.restart()),
    ),
    vscode.commands.registerCommand("privacyZones.showOutput", () => outputChannel.show(true)),
    vscode.commands.registerCommand(
      "privacyZones.reanalyzeWorkspace",
      run("Re-analysing the workspace", () => client.sendRequest(ReanalyzeRequest.method, {})),
    ),
    vscode.commands.registerCommand(
      "privacyZones.openConfig",
      run("Opening the config file", openConfigFile),
    ),
  ];
}

/** Logs the full error and shows its first line, with a button that opens the output. */
function reportFailure(name: string, error: unknown, outputChannel: vscode.LogOutputChannel): void {
  const detail = error instanceof Error ? (error.stack ?? error.message) : String(error);
  outputChannel.error(`${name} failed. ${detail}`);
  const reason = detail.split("\n")[0] ?? "";
  void vscode.window.showErrorMessage(`${name} failed. ${reason}`, "Open Output").then((choice) => {
    if (choice) outputChannel.show(true);
  });
}
