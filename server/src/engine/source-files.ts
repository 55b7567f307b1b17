/**
 * File names of the projects the engine reads. This module loads no TypeScript, so that the
 * language server's main thread can use it.
 */
import * as fs from "node:fs";
import * as path from "node:path";

export const SOURCE_EXTENSIONS = [".ts", ".tsx", ".js", ".jsx", ".mts", ".cts", ".mjs", ".cjs"];

/** True for a TypeScript or JavaScript source file; declaration files are not sources. */
export function isSourceFileName(file: string): boolean {
  return (
    SOURCE_EXTENSIONS.some((extension) => file.endsWith(extension)) && !/\.d\.[cm]?ts$/.test(file)
  );
}

/** Returns the nearest tsconfig.json or jsconfig.json in `dir` or above it, up to a repository root. */
export function findProjectConfig(dir: string): string | undefined {
  for (let current = path.resolve(dir); ; current = path.dirname(current)) {
    for (const name of ["tsconfig.json", "jsconfig.json"]) {
      const candidate = path.join(current, name);
      if (fs.existsSync(candidate)) return candidate;
    }
    if (fs.existsSync(path.join(current, ".git")) || path.dirname(current) === current)
      return undefined;
  }
}
