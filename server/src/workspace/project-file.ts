import * as fs from "node:fs";
import * as path from "node:path";

const PROJECT_FILES = ["tsconfig.json", "jsconfig.json"];

/**
 * Returns the nearest tsconfig.json or jsconfig.json above `file`, the same lookup the engine
 * does, so that files of one project share one Analyzer before any of them is loaded.
 */
export function findProjectFile(file: string): string | undefined {
  let dir = path.dirname(file);
  for (;;) {
    for (const name of PROJECT_FILES) {
      const candidate = path.join(dir, name);
      if (fs.existsSync(candidate)) return candidate;
    }
    const parent = path.dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}
