import * as path from "node:path";
import * as vscode from "vscode";

const CONFIG_FILE_NAME = "privacy-zones.json";

/** The config file that `privacyZones.openConfig` creates in a folder that has none. */
const NEW_CONFIG = `{
  // Zones, purposes and models added here are merged over the recommended preset.
  "extends": "privacy-zones:recommended",
  "zones": {}
}
`;

/**
 * Opens the config file of a workspace folder: the file that `privacyZones.configPath` names,
 * or `privacy-zones.json` at the folder root, created from the recommended preset when missing.
 */
export async function openConfigFile(): Promise<void> {
  const folder = await pickFolder();
  if (!folder) return;
  const uri = configUri(folder);
  if (!(await exists(uri))) {
    await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(NEW_CONFIG));
  }
  await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
}

/** Picks the folder of the active editor, the only folder, or asks in a multi-root workspace. */
async function pickFolder(): Promise<vscode.WorkspaceFolder | undefined> {
  const active = vscode.window.activeTextEditor?.document.uri;
  const activeFolder = active && vscode.workspace.getWorkspaceFolder(active);
  if (activeFolder) return activeFolder;
  const folders = vscode.workspace.workspaceFolders ?? [];
  if (folders.length === 0) {
    void vscode.window.showWarningMessage(
      "Opening the Privacy Zones config failed. Open a folder first, since the file lives in one.",
    );
    return undefined;
  }
  if (folders.length === 1) return folders[0];
  return vscode.window.showWorkspaceFolderPick({ placeHolder: "Folder of the privacy-zones.json" });
}

function configUri(folder: vscode.WorkspaceFolder): vscode.Uri {
  const configured = vscode.workspace
    .getConfiguration("privacyZones", folder.uri)
    .get<string>("configPath", "")
    .trim();
  if (!configured) return vscode.Uri.joinPath(folder.uri, CONFIG_FILE_NAME);
  if (path.isAbsolute(configured)) return vscode.Uri.file(configured);
  return vscode.Uri.joinPath(folder.uri, configured);
}

async function exists(uri: vscode.Uri): Promise<boolean> {
  try {
    await vscode.workspace.fs.stat(uri);
    return true;
  } catch {
    return false;
  }
}
