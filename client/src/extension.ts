/**
 * Activation of the Privacy Zones extension: starts the language server and connects the
 * status item and the commands to it.
 */
import * as vscode from "vscode";
import type { LanguageClient } from "vscode-languageclient/node";
import { registerCommands } from "./commands";
import { createLanguageClient } from "./language-client";
import { registerPresetDocuments } from "./preset-documents";
import { AnalysisStatus } from "./status";
import { registerViews } from "./views/register-views";

let client: LanguageClient | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const outputChannel = vscode.window.createOutputChannel("Privacy Zones", { log: true });
  const status = new AnalysisStatus();
  client = createLanguageClient(context, outputChannel);
  status.track(client);
  context.subscriptions.push(outputChannel, status, ...registerCommands(client, outputChannel));
  context.subscriptions.push(registerPresetDocuments(client));
  context.subscriptions.push(...registerViews(context, client, status, outputChannel));
  outputChannel.info(`Activating Privacy Zones ${String(context.extension.packageJSON.version)}.`);
  try {
    await client.start();
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    outputChannel.error(`Starting the language server failed. ${reason}`);
    const choice = await vscode.window.showErrorMessage(
      `Privacy Zones failed to start its language server. ${reason}`,
      "Open Output",
    );
    if (choice) outputChannel.show(true);
  }
}

export async function deactivate(): Promise<void> {
  await client?.stop();
  client = undefined;
}
