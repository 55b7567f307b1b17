import * as path from "node:path";
import * as vscode from "vscode";
import type { Location } from "../../../server/src/protocol";

/** Converts a location of the analysis (absolute path, zero-based range) to a VS Code one. */
export function toVsLocation(location: Location): vscode.Location {
  const { start, end } = location.range;
  return new vscode.Location(
    vscode.Uri.file(location.file),
    new vscode.Range(start.line, start.character, end.line, end.character),
  );
}

/**
 * Opens the file of a location and selects its range, in the editor group that already shows the
 * file, else in the first group, so that a click in the graph panel does not open it over the panel.
 */
export async function revealLocation(location: Location): Promise<void> {
  const target = toVsLocation(location);
  const visible = vscode.window.visibleTextEditors.find(
    (editor) => editor.document.uri.toString() === target.uri.toString(),
  );
  await vscode.window.showTextDocument(target.uri, {
    selection: target.range,
    preserveFocus: false,
    viewColumn: visible?.viewColumn ?? vscode.ViewColumn.One,
  });
}

/** Formats a location as "folder/file.ts:line", relative to its workspace folder, one-based. */
export function describeLocation(location: Location): string {
  const file = vscode.workspace.asRelativePath(location.file, false);
  return `${file.split(path.sep).join("/")}:${location.range.start.line + 1}`;
}

/** Returns the command that a tree item runs on click to reveal a location. */
export function revealCommand(location: Location): vscode.Command {
  return { title: "Reveal", command: "privacyZones.revealLocation", arguments: [location] };
}
