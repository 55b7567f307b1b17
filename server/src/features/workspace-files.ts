import * as fs from "node:fs";
import * as path from "node:path";
import { CONFIG_FILE_NAME } from "../engine/config";
import { isSourceFileName } from "../engine/source-files";

/** Folders that hold dependencies or build output, never annotated sources. */
const SKIPPED_FOLDERS = new Set(["node_modules", "dist", "build", "out", "coverage"]);

/**
 * Upper bound on the directory entries visited per workspace folder, which bounds the time of one
 * references or rename request. NOTE: files past the bound are left out without a warning.
 */
const MAX_ENTRIES = 50_000;

/** The source files and config files under a folder. */
export interface WorkspaceFiles {
  sources: string[];
  configs: string[];
}

/**
 * Lists the TypeScript and JavaScript sources and the `privacy-zones.json` files under a folder,
 * skipping hidden, dependency and build folders the way the engine's file listing does.
 */
export function listWorkspaceFiles(folder: string): WorkspaceFiles {
  const files: WorkspaceFiles = { sources: [], configs: [] };
  let count = 0;
  const walk = (dir: string): void => {
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of entries) {
      if (++count > MAX_ENTRIES) return;
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) {
        if (!SKIPPED_FOLDERS.has(entry.name) && !entry.name.startsWith(".")) walk(full);
      } else if (entry.name === CONFIG_FILE_NAME) {
        files.configs.push(full);
      } else if (entry.isFile() && isSourceFileName(entry.name)) {
        files.sources.push(full);
      }
    }
  };
  walk(folder);
  return files;
}
