import { ts } from "./typescript";
import { outermostFunctions, outlineOf } from "./edits";

/** A stretch of an old file's text that is unchanged in the new file, `delta` characters later. */
interface Region {
  start: number;
  end: number;
  delta: number;
}

/**
 * Finds, for a node of an old version of a file, the node at the same place in the new version,
 * where the text around it is unchanged: outside function bodies, and inside bodies that did not
 * change. Built only when the outlines are equal, so the stretches line up one to one.
 */
export class NodeMapping {
  private constructor(
    readonly old: ts.SourceFile,
    readonly file: ts.SourceFile,
    private readonly regions: Region[],
  ) {}

  /** Maps `old` to `file`, or returns undefined when their outlines differ. */
  static between(old: ts.SourceFile, file: ts.SourceFile): NodeMapping | undefined {
    if (outlineOf(old) !== outlineOf(file)) return undefined;
    const before = outermostFunctions(old);
    const after = outermostFunctions(file);
    if (before.length !== after.length) return undefined;
    const regions: Region[] = [];
    let oldPosition = 0;
    let newPosition = 0;
    for (let i = 0; i < before.length; i++) {
      const oldBody = before[i]!.body!;
      const newBody = after[i]!.body!;
      regions.push({ start: oldPosition, end: oldBody.pos, delta: newPosition - oldPosition });
      const unchanged =
        old.text.slice(oldBody.pos, oldBody.end) === file.text.slice(newBody.pos, newBody.end);
      if (unchanged)
        regions.push({ start: oldBody.pos, end: oldBody.end, delta: newBody.pos - oldBody.pos });
      oldPosition = oldBody.end;
      newPosition = newBody.end;
    }
    regions.push({ start: oldPosition, end: old.end, delta: newPosition - oldPosition });
    return new NodeMapping(old, file, regions);
  }

  /** Finds the node of the new file at the place of `node`, or undefined when that place changed. */
  map(node: ts.Node): ts.Node | undefined {
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
