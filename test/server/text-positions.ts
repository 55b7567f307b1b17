/** Position helpers for server tests that locate words in a document's text. */
import assert from "node:assert/strict";
import * as fs from "node:fs";
import { fileURLToPath } from "node:url";
import type { Position, Range } from "vscode-languageserver-protocol";

/** Returns the position `delta` characters into the `nth` occurrence (zero-based) of `word`. */
export function positionOf(text: string, word: string, nth = 0, delta = 0): Position {
  let offset = -1;
  for (let i = 0; i <= nth; i++) offset = text.indexOf(word, offset + 1);
  assert.notEqual(offset, -1, `${word} (occurrence ${nth}) not found`);
  return positionAtOffset(text, offset + delta);
}

/** Returns the range of the `nth` occurrence (zero-based) of `word` in `text`. */
export function rangeOf(text: string, word: string, nth = 0): Range {
  const start = positionOf(text, word, nth);
  return { start, end: { line: start.line, character: start.character + word.length } };
}

/** Returns the position at the end of `text`. */
export function endOf(text: string): Position {
  return positionAtOffset(text, text.length);
}

/** Returns the text that a range covers in `text`. */
export function textAt(text: string, range: Range): string {
  const lines = text.split("\n");
  assert.equal(range.start.line, range.end.line, "expected a single-line range");
  return lines[range.start.line]!.slice(range.start.character, range.end.character);
}

/** Returns the text on disk of a `file:` URI. */
export function readUri(uri: string): string {
  return fs.readFileSync(fileURLToPath(uri), "utf8");
}

function positionAtOffset(text: string, offset: number): Position {
  const before = text.slice(0, offset).split("\n");
  return { line: before.length - 1, character: before.at(-1)!.length };
}
