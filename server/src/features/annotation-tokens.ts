import * as path from "node:path";
import { ts } from "ts-morph";
import { sameLineTags } from "../engine/annotations";
import { mayHaveTags } from "../engine/tag-text";
import type { AnnotationName, AnnotationScan, TagName } from "./annotation-scan";

const NAME_PATTERN = /[^\s,]+/g;

/**
 * Parses a TypeScript or JavaScript text and returns the names in its `@zone`, `@sink` and
 * `@reclassify` tags, in the analysis thread, which loads TypeScript. Tags are split into names
 * the way the engine's annotation parser splits them, so navigation and rename find the same
 * names that the analysis reads.
 */
export function scanAnnotations(
  file: string,
  text: string,
  log: (message: string) => void = () => {},
): AnnotationScan {
  const scan: AnnotationScan = { names: [], zoneTags: [] };
  // Parsing is the expensive part, and most files have no tags at all.
  if (!mayHaveTags(text)) return scan;
  try {
    const sourceFile = ts.createSourceFile(
      file,
      text,
      ts.ScriptTarget.Latest,
      true,
      scriptKind(file),
    );
    const seen = new Set<number>();
    const visit = (node: ts.Node): void => {
      const docs = (node as { jsDoc?: ts.JSDoc[] }).jsDoc ?? [];
      // TypeScript attaches no JSDoc to `email` in `{ /** @zone PII *\/ email: string }`, but
      // the engine reads such a comment on the line of the token before, so the scan does too.
      const tags = docs.length > 0 ? docs.flatMap((doc) => doc.tags ?? []) : sameLineTags(node);
      for (const tag of tags) {
        if (seen.has(tag.pos)) continue;
        seen.add(tag.pos);
        addTag(scan, tag, text, node);
      }
      ts.forEachChild(node, visit);
    };
    visit(sourceFile);
  } catch (error) {
    // TypeScript's parser is recursive and overflows the stack on a file nested too deeply.
    // The analysis cannot read such a file either, and a search through other files must succeed.
    if (!(error instanceof RangeError)) throw error;
    log(`Reading the tags of ${file} failed, so it has no hints or renames. ${error.message}`);
    return { names: [], zoneTags: [] };
  }
  return scan;
}

function addTag(scan: AnnotationScan, tag: ts.JSDocTag, text: string, node: ts.Node): void {
  const tagName = tag.tagName.text;
  if (tagName !== "zone" && tagName !== "sink" && tagName !== "reclassify") return;
  const offset = tag.tagName.end;
  const body = text.slice(offset, tagTextEnd(text, offset));
  if (tagName === "zone") {
    const zones = splitNames(body, offset, "zone", "zone");
    scan.names.push(...zones);
    scan.zoneTags.push({ zones, declarationNameEnd: declarationNameEnd(node) });
  } else if (tagName === "sink") {
    const purpose = splitNames(body, offset, "purpose", "sink")[0];
    if (purpose) scan.names.push(purpose);
  } else {
    const reasonIndex = body.indexOf("--");
    const head = reasonIndex >= 0 ? body.slice(0, reasonIndex) : body;
    scan.names.push(...splitNames(head.replace("->", "  "), offset, "zone", "reclassify"));
  }
}

/** Returns where a tag's text ends: at the end of its first line or at the comment's `*\/`. */
function tagTextEnd(text: string, offset: number): number {
  let end = offset;
  while (end < text.length && text[end] !== "\n" && text[end] !== "\r") {
    if (text.startsWith("*/", end)) break;
    end++;
  }
  return end;
}

function splitNames(
  body: string,
  offset: number,
  kind: AnnotationName["kind"],
  tag: TagName,
): AnnotationName[] {
  const names: AnnotationName[] = [];
  for (const match of body.matchAll(NAME_PATTERN)) {
    // `*` stands for every zone and is no name of its own.
    if (match[0] === "*") continue;
    const start = offset + match.index;
    names.push({ kind, tag, name: match[0], start, end: start + match[0].length });
  }
  return names;
}

/** Returns the end of the name that a JSDoc comment on `node` documents. */
function declarationNameEnd(node: ts.Node): number | undefined {
  if (ts.isVariableStatement(node)) {
    const declarations = node.declarationList.declarations;
    return declarations.length === 1 ? declarations[0]!.name.end : undefined;
  }
  const name = (node as { name?: ts.Node }).name;
  return name ? name.end : undefined;
}

function scriptKind(file: string): ts.ScriptKind {
  switch (path.extname(file)) {
    case ".tsx":
      return ts.ScriptKind.TSX;
    case ".jsx":
      return ts.ScriptKind.JSX;
    case ".js":
    case ".mjs":
    case ".cjs":
      return ts.ScriptKind.JS;
    default:
      return ts.ScriptKind.TS;
  }
}
