import * as path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import type { WorkspaceFolder, WorkspaceFoldersChangeEvent } from "vscode-languageserver";

/** Returns the absolute path of a `file:` URI, or undefined for other schemes such as untitled. */
export function uriToPath(uri: string): string | undefined {
  if (!uri.startsWith("file:")) return undefined;
  return path.resolve(fileURLToPath(uri));
}

export function pathToUri(file: string): string {
  return pathToFileURL(file).toString();
}

/** The workspace folders of a multi-root workspace, as absolute paths. */
export class WorkspaceFolders {
  private folders: string[] = [];

  set(folders: WorkspaceFolder[] | null | undefined): void {
    this.folders = (folders ?? []).flatMap((folder) => uriToPath(folder.uri) ?? []);
  }

  update(event: WorkspaceFoldersChangeEvent): void {
    const removed = new Set(event.removed.flatMap((folder) => uriToPath(folder.uri) ?? []));
    const added = event.added.flatMap((folder) => uriToPath(folder.uri) ?? []);
    this.folders = [...this.folders.filter((folder) => !removed.has(folder)), ...added];
  }

  /** Returns the workspace folders as absolute paths. */
  all(): readonly string[] {
    return this.folders;
  }

  /** Returns the innermost workspace folder that contains `file`. */
  folderFor(file: string): string | undefined {
    let best: string | undefined;
    for (const folder of this.folders) {
      const relative = path.relative(folder, file);
      if (relative.startsWith("..") || path.isAbsolute(relative)) continue;
      if (!best || folder.length > best.length) best = folder;
    }
    return best;
  }
}
