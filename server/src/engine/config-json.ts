import { createScanner, parseTree, printParseErrorCode, SyntaxKind } from "jsonc-parser";
import type { Node as JsonNode, ParseError } from "jsonc-parser";
import type { ConfigProblem } from "./config-types";

/**
 * The maximum nesting of arrays and objects in a config file. A valid config nests at most 5
 * levels (`detection.rules[].names[]` in the root object). jsonc-parser parses and
 * converts values recursively, so a deeper text is rejected before it is parsed.
 */
export const MAX_CONFIG_DEPTH = 64;

/** A config file's parse tree, kept to place problems at the right line and column. */
export interface ParsedFile {
  file: string;
  /** The text without its byte order mark, which editors do not count as a column. */
  text: string;
  tree: JsonNode | undefined;
  /** Offsets where each line starts, computed on first use. */
  lineStarts?: number[];
}

/**
 * Parses a config file as JSON with comments and trailing commas. Returns the tree with the
 * problems of the text: syntax errors, keys that appear twice in one object, and nesting deeper
 * than `MAX_CONFIG_DEPTH`, for which the tree is undefined. `empty` is true for a text with no
 * value, only white space or comments.
 */
export function parseConfigFile(
  file: string,
  text: string,
): { parsed: ParsedFile; problems: ConfigProblem[]; empty: boolean } {
  const withoutMark = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const parsed: ParsedFile = { file, text: withoutMark, tree: undefined };
  const { tooDeepAt, empty } = scanNesting(withoutMark);
  if (tooDeepAt !== undefined) {
    const message = `Invalid config: arrays and objects nest more than ${MAX_CONFIG_DEPTH} levels deep, and a valid config needs at most 5.`;
    return { parsed, problems: [problemAtOffset(parsed, tooDeepAt, 1, message)], empty };
  }
  if (empty) return { parsed, problems: [], empty };
  const errors: ParseError[] = [];
  parsed.tree = parseTree(withoutMark, errors, {
    allowTrailingComma: true,
    disallowComments: false,
  });
  const problems = errors.map((error) =>
    problemAtOffset(
      parsed,
      error.offset,
      error.length,
      `Invalid JSON: ${describeParseError(error)}.`,
    ),
  );
  problems.push(...duplicateKeyProblems(parsed));
  return { parsed, problems, empty };
}

/**
 * Finds the offset of the first bracket or brace that opens more than `MAX_CONFIG_DEPTH` levels,
 * as jsonc-parser nests them, so a closing token of the other kind closes nothing.
 */
function scanNesting(text: string): { tooDeepAt: number | undefined; empty: boolean } {
  const scanner = createScanner(text, true);
  const open: SyntaxKind[] = [];
  let empty = true;
  for (let token = scanner.scan(); token !== SyntaxKind.EOF; token = scanner.scan()) {
    empty = false;
    if (token === SyntaxKind.OpenBraceToken || token === SyntaxKind.OpenBracketToken) {
      open.push(token);
      if (open.length > MAX_CONFIG_DEPTH) return { tooDeepAt: scanner.getTokenOffset(), empty };
    } else if (
      (token === SyntaxKind.CloseBraceToken && open.at(-1) === SyntaxKind.OpenBraceToken) ||
      (token === SyntaxKind.CloseBracketToken && open.at(-1) === SyntaxKind.OpenBracketToken)
    ) {
      open.pop();
    }
  }
  return { tooDeepAt: undefined, empty };
}

/** Reports each key that an object already has, at the later key, where the value replaces the first. */
function duplicateKeyProblems(parsed: ParsedFile): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  const pending = parsed.tree ? [parsed.tree] : [];
  for (let node = pending.pop(); node; node = pending.pop()) {
    const keys = new Map<string, JsonNode>();
    for (const child of node.children ?? []) {
      pending.push(child);
      const key = node.type === "object" ? child.children?.[0] : undefined;
      if (key?.type !== "string") continue;
      const first = keys.get(key.value);
      if (!first) {
        keys.set(key.value, key);
        continue;
      }
      const line = positionAt(parsed, first.offset).line + 1;
      problems.push(
        problemAt(
          parsed,
          key,
          `Duplicate key \`${key.value}\`, first at line ${line}. Only the last value counts, so merge the two.`,
        ),
      );
    }
  }
  return problems.sort((a, b) => a.line - b.line || a.character - b.character);
}

function describeParseError(error: ParseError): string {
  return printParseErrorCode(error.error)
    .replace(/([a-z])([A-Z])/g, "$1 $2")
    .toLowerCase();
}

export function problemAt(
  parsed: ParsedFile,
  node: JsonNode | undefined,
  message: string,
  severity: "error" | "warning" = "error",
): ConfigProblem {
  return problemAtOffset(parsed, node?.offset ?? 0, node?.length ?? 0, message, severity);
}

export function problemAtOffset(
  parsed: ParsedFile,
  offset: number,
  length: number,
  message: string,
  severity: "error" | "warning" = "error",
): ConfigProblem {
  const start = positionAt(parsed, offset);
  const end = positionAt(parsed, offset + length);
  return {
    file: parsed.file,
    line: start.line,
    character: start.character,
    endLine: end.line,
    endCharacter: end.character,
    message,
    severity,
  };
}

function positionAt(parsed: ParsedFile, offset: number): { line: number; character: number } {
  const starts = (parsed.lineStarts ??= lineStartsOf(parsed.text));
  const clamped = Math.min(Math.max(offset, 0), parsed.text.length);
  // The last line start at or before the offset.
  let low = 0;
  let high = starts.length - 1;
  while (low < high) {
    const middle = (low + high + 1) >> 1;
    if (starts[middle]! <= clamped) low = middle;
    else high = middle - 1;
  }
  return { line: low, character: clamped - starts[low]! };
}

function lineStartsOf(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) starts.push(i + 1);
  return starts;
}
