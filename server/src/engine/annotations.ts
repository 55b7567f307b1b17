import { ts } from "./typescript";
import { mayHaveTags, TAG_NAMES } from "./tag-text";
import { walkDescendants } from "./walk";

/** A parsed `@zone`, `@sink` or `@reclassify` tag. */
export type Annotation = ZoneAnnotation | SinkAnnotation | ReclassifyAnnotation;

interface AnnotationBase {
  tag: ts.JSDocTag;
  /** Problems found while parsing, each with the offset range of the text at fault. */
  problems: AnnotationProblem[];
}

export interface AnnotationProblem {
  start: number;
  end: number;
  message: string;
  /** The misspelt name, for a fix that replaces it. */
  name?: string;
  kind: "zone" | "purpose" | "syntax" | "reason";
}

/** A name in a tag, with its offsets in the file. */
export interface NameToken {
  name: string;
  start: number;
  end: number;
}

export interface ZoneAnnotation extends AnnotationBase {
  kind: "zone";
  zones: NameToken[];
}

export interface SinkAnnotation extends AnnotationBase {
  kind: "sink";
  purpose: NameToken | undefined;
  /** Parameter names that reach the sink; all parameters when empty. */
  parameters: string[];
}

export interface ReclassifyAnnotation extends AnnotationBase {
  kind: "reclassify";
  from: NameToken[] | "*";
  to: NameToken | undefined;
  reason: string | undefined;
}

const cache = new WeakMap<ts.Node, readonly Annotation[]>();
/** The one list for every node without tags, which is most of them. */
const NO_ANNOTATIONS: readonly Annotation[] = Object.freeze([]);

/** Whether each file's text contains a Privacy Zones tag at all; most files contain none. */
const filesWithTags = new WeakMap<ts.SourceFile, boolean>();

/** The Privacy Zones tags on a declaration (JSDoc on the node or on its variable statement). */
export function getAnnotations(node: ts.Node): readonly Annotation[] {
  let annotations = cache.get(node);
  if (!annotations) {
    // Reading a node's JSDoc allocates, and the analysis reads the tags of every declaration.
    const file = node.getSourceFile();
    let tagged = filesWithTags.get(file);
    if (tagged === undefined) filesWithTags.set(file, (tagged = mayHaveTags(file.text)));
    if (!tagged) return NO_ANNOTATIONS;
    const found: Annotation[] = [];
    for (const tag of ownTags(node)) {
      if (TAG_NAMES.has(tag.tagName.text)) found.push(parseTag(tag));
    }
    annotations = found.length > 0 ? found : NO_ANNOTATIONS;
    cache.set(node, annotations);
  }
  return annotations;
}

/** Tags written on the node itself; for parameters, not the `@param` tags of the function. */
function ownTags(node: ts.Node): readonly ts.JSDocTag[] {
  if (ts.isParameter(node)) {
    const docs = (node as { jsDoc?: ts.JSDoc[] }).jsDoc ?? [];
    return docs.flatMap((doc) => doc.tags ?? []);
  }
  if (
    ts.isVariableDeclaration(node) &&
    ts.isVariableDeclarationList(node.parent) &&
    node.parent.declarations.length > 1
  ) {
    // A tag on `const a = 1, b = 2` would apply to both; the statement's JSDoc is read only for single declarations.
    return [];
  }
  const tags = ts.getJSDocTags(node).filter((tag) => tag.parent && ts.isJSDoc(tag.parent));
  return tags.length > 0 ? tags : sameLineTags(node);
}

/** TypeScript's parser for one JSDoc comment, which its public API leaves out. */
const parseJSDoc = (
  ts as unknown as {
    parseIsolatedJSDocComment?: (
      text: string,
      start: number,
      length: number,
    ) => { jsDoc: ts.JSDoc } | undefined;
  }
).parseIsolatedJSDocComment;

/**
 * Returns the tags of a JSDoc comment that TypeScript leaves off the declaration after it,
 * because it shares its line with the token before, as in `{ /** @zone PII *\/ email: string }`.
 * The declaration has to start on the comment's line.
 */
export function sameLineTags(node: ts.Node): readonly ts.JSDocTag[] {
  // Of the nodes that start at one place, such as a property and its name, the outermost gets the tags.
  if (!parseJSDoc || node.pos < 0 || ts.isSourceFile(node) || node.parent.pos === node.pos) {
    return [];
  }
  const file = node.getSourceFile();
  const text = file.text;
  const comments = ts.getTrailingCommentRanges(text, node.pos);
  if (!comments) return [];
  const start = node.getStart(file);
  const tags: ts.JSDocTag[] = [];
  for (const comment of comments) {
    if (!text.startsWith("/**", comment.pos) || comment.end > start) continue;
    if (/[\r\n]/.test(text.slice(comment.end, start))) continue;
    const parsed = parseJSDoc(text, comment.pos, comment.end - comment.pos);
    if (!parsed) continue;
    // Tags find their source file, whose text `tagText` reads, through their parents.
    (parsed.jsDoc as { parent: ts.Node }).parent = node;
    tags.push(...(parsed.jsDoc.tags ?? []));
  }
  return tags;
}

/** Shared by the many nodes without tags, so that asking costs no allocation. */
const NO_ZONE_ANNOTATIONS: readonly ZoneAnnotation[] = Object.freeze([]);
const NO_RECLASSIFY_ANNOTATIONS: readonly ReclassifyAnnotation[] = Object.freeze([]);

export function zoneAnnotations(node: ts.Node): readonly ZoneAnnotation[] {
  const annotations = getAnnotations(node);
  if (annotations.length === 0) return NO_ZONE_ANNOTATIONS;
  return annotations.filter(
    (annotation): annotation is ZoneAnnotation => annotation.kind === "zone",
  );
}

export function sinkAnnotation(node: ts.Node): SinkAnnotation | undefined {
  return getAnnotations(node).find(
    (annotation): annotation is SinkAnnotation => annotation.kind === "sink",
  );
}

export function reclassifyAnnotations(node: ts.Node): readonly ReclassifyAnnotation[] {
  const annotations = getAnnotations(node);
  if (annotations.length === 0) return NO_RECLASSIFY_ANNOTATIONS;
  return annotations.filter(
    (annotation): annotation is ReclassifyAnnotation => annotation.kind === "reclassify",
  );
}

/** The tag's text after its name, up to the end of its first line, with its offset in the file. */
function tagText(tag: ts.JSDocTag): { text: string; offset: number } {
  const source = tag.getSourceFile().text;
  const offset = tag.tagName.end;
  let end = offset;
  while (
    end < source.length &&
    source[end] !== "\n" &&
    source[end] !== "\r" &&
    !source.startsWith("*/", end)
  )
    end++;
  return { text: source.slice(offset, end), offset };
}

function tokens(text: string, offset: number): NameToken[] {
  const result: NameToken[] = [];
  const pattern = /[^\s,]+/g;
  for (let match = pattern.exec(text); match; match = pattern.exec(text)) {
    result.push({
      name: match[0],
      start: offset + match.index,
      end: offset + match.index + match[0].length,
    });
  }
  return result;
}

function parseTag(tag: ts.JSDocTag): Annotation {
  const { text, offset } = tagText(tag);
  const problems: AnnotationProblem[] = [];
  const start = tag.getStart();
  const tagEnd = tag.tagName.end;
  switch (tag.tagName.text) {
    case "zone": {
      const zones = tokens(text, offset).filter((token) => token.name !== "*");
      if (zones.length === 0) {
        problems.push({
          start,
          end: tagEnd,
          message: "`@zone` needs at least one zone name, as in `@zone PII`.",
          kind: "syntax",
        });
      }
      return { kind: "zone", tag, zones, problems };
    }
    case "sink": {
      const [purpose, ...parameters] = tokens(text, offset);
      if (!purpose) {
        problems.push({
          start,
          end: tagEnd,
          message: "`@sink` needs a purpose, as in `@sink logging`.",
          kind: "syntax",
        });
      }
      return {
        kind: "sink",
        tag,
        purpose,
        parameters: parameters.map((token) => token.name),
        problems,
      };
    }
    default:
      return parseReclassify(tag, text, offset, problems);
  }
}

function parseReclassify(
  tag: ts.JSDocTag,
  text: string,
  offset: number,
  problems: AnnotationProblem[],
): ReclassifyAnnotation {
  const reasonIndex = text.indexOf("--");
  const head = reasonIndex >= 0 ? text.slice(0, reasonIndex) : text;
  const reason = reasonIndex >= 0 ? text.slice(reasonIndex + 2).trim() : undefined;
  const arrowIndex = head.indexOf("->");
  const fromTokens = tokens(arrowIndex >= 0 ? head.slice(0, arrowIndex) : head, offset);
  const toTokens =
    arrowIndex >= 0 ? tokens(head.slice(arrowIndex + 2), offset + arrowIndex + 2) : [];
  if (fromTokens.length === 0) {
    problems.push({
      start: tag.getStart(),
      end: tag.tagName.end,
      message:
        "`@reclassify` needs the zones it removes, as in `@reclassify PII -> PSEUDONYMOUS -- salted hash`.",
      kind: "syntax",
    });
  }
  if (arrowIndex >= 0 && toTokens.length !== 1) {
    problems.push({
      start: offset + arrowIndex,
      end: offset + head.length,
      message: "`->` must be followed by exactly one zone.",
      kind: "syntax",
    });
  }
  if (!reason) {
    problems.push({
      start: tag.getStart(),
      end: offset + text.length,
      message:
        "A reclassification needs a written reason after `--`, as in `@reclassify PII -- aggregated count`.",
      kind: "reason",
    });
  }
  const from = fromTokens.length === 1 && fromTokens[0]!.name === "*" ? "*" : fromTokens;
  return { kind: "reclassify", tag, from, to: toTokens[0], reason, problems };
}

/** An exemption comment: `// privacy-zones-disable-next-line PZ001 -- reason`. */
export interface Exemption {
  /** Zero-based line whose findings it suppresses. */
  targetLine: number;
  codes: string[];
  reason: string | undefined;
  start: number;
  end: number;
  used: boolean;
}

const EXEMPTION_PATTERN = /privacy-zones-disable-(next-line|line)\b([^\n\r]*)/g;

const exemptionCache = new WeakMap<ts.SourceFile, Exemption[]>();

/** Finds the exemption comments of a file, reading the comment ranges that the parser attached to its nodes. */
export function findExemptions(sourceFile: ts.SourceFile): Exemption[] {
  let exemptions = exemptionCache.get(sourceFile);
  if (!exemptions) {
    exemptions = readExemptions(sourceFile);
    exemptionCache.set(sourceFile, exemptions);
  }
  return exemptions;
}

function readExemptions(sourceFile: ts.SourceFile): Exemption[] {
  const text = sourceFile.text;
  if (!text.includes("privacy-zones-disable")) return [];
  const exemptions: Exemption[] = [];
  for (const range of commentRanges(sourceFile)) {
    let comment = text.slice(range.pos, range.end);
    if (range.kind === ts.SyntaxKind.MultiLineCommentTrivia) comment = comment.replace(/\*\/$/, "");
    EXEMPTION_PATTERN.lastIndex = 0;
    const match = EXEMPTION_PATTERN.exec(comment);
    if (!match) continue;
    const line = sourceFile.getLineAndCharacterOfPosition(range.pos).line;
    const rest = match[2] ?? "";
    const separator = rest.indexOf("--");
    const codes = (separator >= 0 ? rest.slice(0, separator) : rest)
      .split(/[\s,]+/)
      .filter(Boolean);
    const reason = separator >= 0 ? rest.slice(separator + 2).trim() || undefined : undefined;
    exemptions.push({
      targetLine: match[1] === "next-line" ? line + 1 : line,
      codes,
      reason,
      start: range.pos,
      end: range.end,
      used: false,
    });
  }
  return exemptions;
}

/** Every comment of a file, once each, in order. */
function commentRanges(sourceFile: ts.SourceFile): ts.CommentRange[] {
  const text = sourceFile.text;
  const byStart = new Map<number, ts.CommentRange>();
  const add = (ranges: ts.CommentRange[] | undefined) => {
    for (const range of ranges ?? []) byStart.set(range.pos, range);
  };
  walkDescendants(sourceFile, (node) => {
    add(ts.getLeadingCommentRanges(text, node.pos));
    add(ts.getTrailingCommentRanges(text, node.end));
  });
  add(ts.getLeadingCommentRanges(text, sourceFile.endOfFileToken.pos));
  return [...byStart.values()].sort((a, b) => a.pos - b.pos);
}
