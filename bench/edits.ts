/**
 * The sequence of one-line edits that the language-server and tsserver measurements apply, so
 * that both see exactly the same texts in the same order.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import type { EditTarget } from "./generate-project";

/** One edit: the whole new text of a file. */
export interface PlannedEdit {
  file: string;
  text: string;
}

/**
 * Plans `count` edits over `targets`, one file after another. When there are fewer files than
 * edits, a file's next edit reverts its previous one, so every edit changes the text.
 */
export function planEdits(targets: EditTarget[], count: number): PlannedEdit[] {
  if (targets.length === 0) throw new Error("No files to edit.");
  const current = new Map<string, string>();
  const edits: PlannedEdit[] = [];
  for (let i = 0; i < count; i++) {
    const target = targets[i % targets.length] as EditTarget;
    const text = current.get(target.file) ?? fs.readFileSync(target.file, "utf8");
    // The replacement may contain the line (a trailing comment does), so it is looked for first.
    const next = text.includes(target.replacement)
      ? replaceLast(text, target.replacement, target.line)
      : replaceLast(text, target.line, target.replacement);
    if (next === text) throw new Error(`${target.file} contains neither edit line.`);
    current.set(target.file, next);
    edits.push({ file: target.file, text: next });
  }
  return edits;
}

/**
 * Returns an edit target for each source file of a project that the generator did not write:
 * its last non-empty line gains a trailing comment.
 */
export function commentEdits(dir: string): EditTarget[] {
  const targets: EditTarget[] = [];
  const walk = (folder: string): void => {
    for (const entry of fs.readdirSync(folder, { withFileTypes: true })) {
      const full = path.join(folder, entry.name);
      if (entry.isDirectory() && entry.name !== "node_modules") walk(full);
      else if (/\.tsx?$/.test(entry.name) && !entry.name.endsWith(".d.ts")) {
        const line = lastLine(full);
        if (line !== undefined)
          targets.push({ file: full, line, replacement: `${line} // edited` });
      }
    }
  };
  walk(dir);
  return targets.sort((a, b) => a.file.localeCompare(b.file));
}

function lastLine(file: string): string | undefined {
  const lines = fs.readFileSync(file, "utf8").split("\n");
  return lines.reverse().find((line) => line.trim() !== "");
}

function replaceLast(text: string, search: string, replacement: string): string {
  const index = text.lastIndexOf(search);
  if (index < 0) return text;
  return text.slice(0, index) + replacement + text.slice(index + search.length);
}
