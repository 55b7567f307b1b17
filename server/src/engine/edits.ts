import { ts } from "ts-morph";
import { isFunctionNode } from "./flow";

const outlines = new WeakMap<ts.SourceFile, string>();

/**
 * Returns a file's text with the body of every outermost function cut out: its declarations,
 * signatures, annotations and top-level statements. Two versions of a file with the same outline
 * differ only inside function bodies, which other files see only through function summaries.
 */
export function outlineOf(file: ts.SourceFile): string {
  let outline = outlines.get(file);
  if (outline !== undefined) return outline;
  const parts: string[] = [];
  let position = 0;
  const visit = (node: ts.Node): void => {
    if (isFunctionNode(node)) {
      const body = node.body!;
      parts.push(file.text.slice(position, body.pos), "{}");
      position = body.end;
      return;
    }
    ts.forEachChild(node, visit);
  };
  ts.forEachChild(file, visit);
  parts.push(file.text.slice(position));
  outline = parts.join("");
  outlines.set(file, outline);
  return outline;
}

/**
 * Pairs the old and new versions of the files that changed between two programs, when every
 * change is inside function bodies. Returns undefined when files were added or removed, or an
 * edit reached a declaration, a signature, an annotation or a top-level statement.
 */
export function bodyEdits(
  before: readonly ts.SourceFile[],
  after: readonly ts.SourceFile[],
): [ts.SourceFile, ts.SourceFile][] | undefined {
  if (before.length !== after.length) return undefined;
  const byName = new Map(before.map((file) => [file.fileName, file]));
  const changed: [ts.SourceFile, ts.SourceFile][] = [];
  for (const file of after) {
    const old = byName.get(file.fileName);
    if (!old) return undefined;
    if (old === file) continue;
    if (outlineOf(old) !== outlineOf(file)) return undefined;
    changed.push([old, file]);
  }
  return changed;
}
