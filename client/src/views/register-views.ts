import * as vscode from "vscode";
import type { LanguageClient } from "vscode-languageclient/node";
import type { Location } from "../../../server/src/protocol";
import type { AnalysisStatus } from "../status";
import { fileOf, folderOf, type LineageElement } from "./lineage-items";
import { LineagePanel } from "./lineage-panel";
import { LineageView } from "./lineage-view";
import { revealLocation } from "./locations";
import { ZonesView } from "./zones-view";

/**
 * Creates the Lineage and Zones views, the lineage graph panel and their commands. Both views
 * load again after each analysis pass, so they follow edits.
 */
export function registerViews(
  context: vscode.ExtensionContext,
  client: LanguageClient,
  status: AnalysisStatus,
  log: vscode.LogOutputChannel,
): vscode.Disposable[] {
  const lineage = new LineageView(client, log);
  const zones = new ZonesView(client, log);
  const panel = new LineagePanel(context.extensionUri, log);
  const run = commandRunner(log);
  return [
    lineage,
    zones,
    panel,
    lineage.onDidChangeGraph((graph) => panel.update(graph)),
    status.onDidFinishAnalysis(() => {
      void lineage.refresh();
      zones.refresh();
    }),
    vscode.commands.registerCommand(
      "privacyZones.revealLocation",
      run("Revealing the location", (location: Location) => revealLocation(location)),
    ),
    vscode.commands.registerCommand(
      "privacyZones.pinLineage",
      run("Pinning the lineage", () => lineage.setPinned(true)),
    ),
    vscode.commands.registerCommand(
      "privacyZones.unpinLineage",
      run("Unpinning the lineage", () => lineage.setPinned(false)),
    ),
    vscode.commands.registerCommand(
      "privacyZones.refreshLineage",
      run("Refreshing the lineage", () => refreshLineage(lineage)),
    ),
    vscode.commands.registerCommand(
      "privacyZones.openLineageGraph",
      run("Opening the lineage graph", () => openGraph(lineage, panel)),
    ),
    vscode.commands.registerCommand(
      "privacyZones.hideLineageFile",
      run("Hiding the file", (element?: LineageElement) => hide(lineage, fileOf(element))),
    ),
    vscode.commands.registerCommand(
      "privacyZones.hideLineageFolder",
      run("Hiding the folder", (element?: LineageElement) => hide(lineage, folderOf(element))),
    ),
    vscode.commands.registerCommand(
      "privacyZones.clearHiddenLineage",
      run("Showing hidden nodes", () => lineage.clearHidden()),
    ),
    vscode.commands.registerCommand("privacyZones.refreshZones", () => zones.refresh()),
  ];
}

/** Asks again at the cursor when there is an editor, else for the symbol on show. */
async function refreshLineage(lineage: LineageView): Promise<void> {
  const editor = vscode.window.activeTextEditor;
  if (editor) await lineage.showAt(editor);
  else await lineage.refresh();
}

async function openGraph(lineage: LineageView, panel: LineagePanel): Promise<void> {
  const editor = vscode.window.activeTextEditor;
  if (!lineage.graph?.root && editor) await lineage.showAt(editor);
  const graph = lineage.graph;
  if (!graph?.root) {
    void vscode.window.showInformationMessage(
      "No lineage to draw. Place the cursor on a variable, parameter or property of an analysed file.",
    );
    return;
  }
  panel.show(graph);
}

async function hide(lineage: LineageView, fileOrFolder: string | undefined): Promise<void> {
  if (fileOrFolder !== undefined) await lineage.hide(fileOrFolder);
}

type Action<A extends unknown[]> = (...args: A) => Promise<void> | void;

/** Wraps a command so that a failure is logged in full and shown once, with its first line. */
function commandRunner(log: vscode.LogOutputChannel) {
  return <A extends unknown[]>(name: string, action: Action<A>) =>
    async (...args: A): Promise<void> => {
      try {
        await action(...args);
      } catch (error) {
        const detail = error instanceof Error ? (error.stack ?? error.message) : String(error);
        log.error(`${name} failed. ${detail}`);
        const reason = detail.split("\n")[0] ?? "";
        const choice = await vscode.window.showErrorMessage(
          `${name} failed. ${reason}`,
          "Open Output",
        );
        if (choice) log.show(true);
      }
    };
}
