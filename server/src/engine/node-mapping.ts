import { ts } from "./typescript";
import { outermostFunctions, outlineOf, sameOutlineSyntax } from "./edits";

/** A stretch of an old file's text that is unchanged in the new file, `delta` characters later. */
interface Region {
  start: number;
  end: number;
  delta: number;
}

/**
 * Finds, for a node of an old version of a file, the node at the same place in the new version,
 * where the text around it is unchanged: outside function bodies, and inside bodies that did not
 * change. Built only when the outlines have the same syntax, so the stretches line up one to one.
 * A stretch of outline whose whitespace or comments changed maps what comes before and after the
 * change.
 */
export class NodeMapping {
  private constructor(
    readonly old: ts.SourceFile,
    readonly file: ts.SourceFile,
    private readonly regions: Region[],
    /** The spans of the old file's function bodies that changed, in order. */
    private readonly changed: Region[],
  ) {}

  /** Maps `old` to `file`, or returns undefined when the syntax of their outlines differs. */
  static between(old: ts.SourceFile, file: ts.SourceFile): NodeMapping | undefined {
    if (outlineOf(old) !== outlineOf(file) && !sameOutlineSyntax(old, file)) return undefined;
    const before = outermostFunctions(old);
    const after = outermostFunctions(file);
    if (before.length !== after.length) return undefined;
    const regions: Region[] = [];
    const changed: Region[] = [];
    let oldPosition = 0;
    let newPosition = 0;
    for (let i = 0; i < before.length; i++) {
      const oldBody = before[i]!.body!;
      const newBody = after[i]!.body!;
      addStretch(regions, old.text, oldPosition, oldBody.pos, file.text, newPosition, newBody.pos);
      const unchanged =
        old.text.slice(oldBody.pos, oldBody.end) === file.text.slice(newBody.pos, newBody.end);
      if (unchanged)
        regions.push({ start: oldBody.pos, end: oldBody.end, delta: newBody.pos - oldBody.pos });
      else changed.push({ start: oldBody.pos, end: oldBody.end, delta: 0 });
      oldPosition = oldBody.end;
      newPosition = newBody.end;
    }
    addStretch(regions, old.text, oldPosition, old.end, file.text, newPosition, file.end);
    return new NodeMapping(old, file, regions, changed);
  }

  /** Finds the node of the new file at the place of `node`, or undefined when that place changed. */
  map(node: ts.Node): ts.Node | undefined {
    // A node that spans exactly a changed body starts and ends where the outline around it
    // does, so its end points map, though its content is new.
    if (this.insideChanged(node)) return undefined;
    const start = this.point(node.pos);
    const end = this.point(node.end);
    if (start === undefined || end === undefined) return undefined;
    // Nested nodes can share a span, so the search goes down until the kind matches too.
    let current: ts.Node = this.file;
    for (;;) {
      if (current.pos === start && current.end === end && current.kind === node.kind)
        return current;
      const inside: ts.Node | undefined = ts.forEachChild(current, (child) =>
        child.pos <= start && end <= child.end ? child : undefined,
      );
      if (!inside) return undefined;
      current = inside;
    }
  }

  private insideChanged(node: ts.Node): boolean {
    let low = 0;
    let high = this.changed.length - 1;
    while (low <= high) {
      const middle = (low + high) >> 1;
      const body = this.changed[middle]!;
      if (node.end <= body.start) high = middle - 1;
      else if (node.pos >= body.end) low = middle + 1;
      else return body.start <= node.pos && node.end <= body.end;
    }
    return false;
  }

  /** Maps an old position into the new text, when it lies in an unchanged stretch. */
  private point(position: number): number | undefined {
    let low = 0;
    let high = this.regions.length - 1;
    while (low <= high) {
      const middle = (low + high) >> 1;
      const region = this.regions[middle]!;
      if (position < region.start) high = middle - 1;
      else if (position > region.end) low = middle + 1;
      else return position + region.delta;
    }
    return undefined;
  }
}

/**
 * Adds the regions of a stretch of outline: all of it when its text is the same, else the text
 * before and after the part that changed. The point where the two meet goes with what precedes
 * it, which is where a node after an inserted comment starts.
 */
function addStretch(
  regions: Region[],
  oldText: string,
  oldStart: number,
  oldEnd: number,
  newText: string,
  newStart: number,
  newEnd: number,
): void {
  const length = Math.min(oldEnd - oldStart, newEnd - newStart);
  let prefix = 0;
  while (prefix < length && oldText[oldStart + prefix] === newText[newStart + prefix]) prefix++;
  if (prefix === oldEnd - oldStart && prefix === newEnd - newStart) {
    regions.push({ start: oldStart, end: oldEnd, delta: newStart - oldStart });
    return;
  }
  let suffix = 0;
  while (suffix < length - prefix && oldText[oldEnd - 1 - suffix] === newText[newEnd - 1 - suffix])
    suffix++;
  regions.push({ start: oldStart, end: oldStart + prefix, delta: newStart - oldStart });
  const suffixStart = Math.max(oldEnd - suffix, oldStart + prefix + 1);
  if (suffixStart <= oldEnd)
    regions.push({ start: suffixStart, end: oldEnd, delta: newEnd - oldEnd });
}
