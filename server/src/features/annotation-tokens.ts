import * as path from "node:path";
import jsTokens from "js-tokens";

/** The Privacy Zones JSDoc tags. */
export type TagName = "zone" | "sink" | "reclassify";

/** A zone or purpose name written in a Privacy Zones tag, with its offsets in the file. */
export interface AnnotationName {
  kind: "zone" | "purpose";
  tag: TagName;
  name: string;
  start: number;
  end: number;
}

/** A `@zone` tag and the end offset of the declaration name it annotates, when it has one. */
export interface ZoneTag {
  zones: AnnotationName[];
  declarationNameEnd: number | undefined;
}

/** The names in the Privacy Zones tags of one file. */
export interface AnnotationScan {
  names: AnnotationName[];
  zoneTags: ZoneTag[];
}

const TAG_PATTERN = /@(zone|sink|reclassify)\b/;
const TAG_IN_COMMENT = /@(zone|sink|reclassify)(?![\w$])/g;
const NAME_PATTERN = /[^\s,]+/g;

/**
 * Returns the names in the `@zone`, `@sink` and `@reclassify` tags of a TypeScript or JavaScript
 * text. Tags are split into names the way the engine's annotation parser splits them, so
 * navigation and rename find the same names that the analysis reads.
 *
 * The main thread of the language server runs this for every hint, definition and rename. It
 * reads tokens (js-tokens) rather than a syntax tree, because a second copy of the TypeScript
 * compiler next to the analysis thread's costs about 45 MiB. A tag counts where TypeScript's JSDoc
 * parser finds one: in a `/**` comment, first on its line.
 */
export function scanAnnotations(file: string, text: string): AnnotationScan {
  const scan: AnnotationScan = { names: [], zoneTags: [] };
  // Most files have no tags at all.
  if (!TAG_PATTERN.test(text)) return scan;
  const tokens = significantTokens(text, allowsJsx(file));
  for (const [index, token] of tokens.entries()) {
    if (token.type !== "MultiLineComment" || !isJsDoc(token.value)) continue;
    const tags = [...token.value.matchAll(TAG_IN_COMMENT)].filter((match) =>
      isTagStart(token.value, match.index),
    );
    if (tags.length === 0 || !documents(tokens, index)) continue;
    const nameEnd = declarationNameEnd(tokens, index);
    // TypeScript attaches no JSDoc to the node after this comment.
    if (nameEnd === null) continue;
    for (const match of tags) {
      addTag(scan, match[1] as TagName, text, token.start + match.index + match[0].length, nameEnd);
    }
  }
  return scan;
}

/** Returns the name under `offset`, including an offset just after its last character. */
export function nameAt(scan: AnnotationScan, offset: number): AnnotationName | undefined {
  return scan.names.find((name) => name.start <= offset && offset <= name.end);
}

function addTag(
  scan: AnnotationScan,
  tagName: TagName,
  text: string,
  offset: number,
  nameEnd: number | undefined,
): void {
  const body = text.slice(offset, tagTextEnd(text, offset));
  if (tagName === "zone") {
    const zones = splitNames(body, offset, "zone", "zone");
    scan.names.push(...zones);
    scan.zoneTags.push({ zones, declarationNameEnd: nameEnd });
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

/** `/**` opens a JSDoc comment, as long as it is not the empty comment `/**\/`. */
function isJsDoc(comment: string): boolean {
  return comment.startsWith("/**") && !comment.startsWith("/**/");
}

/**
 * Returns true when TypeScript's JSDoc parser starts a tag at the `@` at `at`. That is the case
 * first in the comment, after nothing but spaces and one `*` on its line, or after a space that is
 * not inside backticks of an earlier tag's text on the same line.
 */
function isTagStart(comment: string, at: number): boolean {
  if (/\s/.test(comment[at + 1] ?? " ")) return false;
  const lineStart = Math.max(3, comment.lastIndexOf("\n", at - 1) + 1);
  const before = comment.slice(lineStart, at);
  if (/^[ \t]*\*?$/.test(before)) return true;
  if (!/[ \t\v\f\u00a0\ufeff]/.test(comment[at - 1] ?? "")) return false;
  // Backticks count only in the text of a tag, which starts after the first tag of the line.
  const firstTag = /(?:^|[ \t])@[^\s]/.exec(before);
  if (!firstTag) return true;
  const ticks = before.slice(firstTag.index).split("`").length - 1;
  return ticks % 2 === 0;
}

/**
 * Returns true when TypeScript attaches the comment at `index` to the node after it. A comment on the line
 * of the token before it belongs to that token, except before a parameter.
 */
function documents(tokens: PlacedToken[], index: number): boolean {
  for (let at = index - 1; at >= 0; at--) {
    const token = tokens[at]!;
    if (token.type === "LineTerminatorSequence") return true;
    if (isComment(token)) continue;
    // Parameters, and parenthesized and function expressions, also take a comment on that line.
    const following = tokens[next(tokens, index)];
    return (
      tokens[index]!.context === "parameters" ||
      following?.value === "(" ||
      following?.value === "function"
    );
  }
  return true;
}

function allowsJsx(file: string): boolean {
  const extension = path.extname(file);
  return extension !== ".ts" && extension !== ".mts" && extension !== ".cts";
}

interface PlacedToken {
  type: string;
  value: string;
  start: number;
  end: number;
  /** The kind of the innermost bracket around the token, since names declare only in some. */
  context: Context;
  /** The index of the bracket that opens that context, or -1 at the top level. */
  opener: number;
}

/**
 * The kinds of bracket. `members` is a class, interface or enum body, and `object` an object
 * literal or a type literal. `elements` is square brackets and the binding patterns of variables,
 * where TypeScript attaches no JSDoc to names. `parameters` is parentheses, and `block` is
 * statements, the top level of the file included.
 */
type Context = "members" | "object" | "elements" | "parameters" | "block";

/** Tokens without white space, with their offsets and the bracket each is in. */
function significantTokens(text: string, jsx: boolean): PlacedToken[] {
  const tokens: PlacedToken[] = [];
  const stack: Context[] = [];
  const openers: number[] = [];
  let offset = 0;
  // The depth at which a `class` or `interface` keyword waits for its body.
  let membersAt: number | undefined;
  let previous: PlacedToken | undefined;
  for (const token of jsTokens(text, { jsx })) {
    const start = offset;
    offset += token.value.length;
    if (token.type === "WhiteSpace") continue;
    const context = stack.at(-1) ?? "block";
    const opener = openers.at(-1) ?? -1;
    const placed: PlacedToken = {
      type: token.type,
      value: token.value,
      start,
      end: offset,
      context,
      opener,
    };
    tokens.push(placed);
    if (token.type === "LineTerminatorSequence" || isComment(placed)) continue;
    // With `jsx`, the braces around JSX expressions are `JSXPunctuator` tokens.
    const punctuator = placed.type === "Punctuator" || placed.type === "JSXPunctuator";
    if (
      token.type === "IdentifierName" &&
      (token.value === "class" || token.value === "interface" || token.value === "enum") &&
      previous?.value !== "."
    ) {
      membersAt = stack.length;
    } else if (punctuator && token.value === "{") {
      if (membersAt === stack.length && !TYPE_ARGUMENT_BEFORE.has(previous?.value ?? "")) {
        stack.push("members");
        membersAt = undefined;
      } else if (VARIABLE_KEYWORDS.has(previous?.value ?? "")) stack.push("elements");
      else stack.push(OBJECT_BEFORE.has(previous?.value ?? "") ? "object" : "block");
    } else if (punctuator && token.value === "(") stack.push("parameters");
    else if (punctuator && token.value === "[") stack.push("elements");
    else if (punctuator && (token.value === "}" || token.value === ")" || token.value === "]")) {
      stack.pop();
      openers.pop();
    }
    if (stack.length > openers.length) openers.push(tokens.length - 1);
    previous = placed;
  }
  return tokens;
}

/** Tokens after which `{` opens an object literal or a type literal rather than a block. */
const OBJECT_BEFORE = new Set([
  "(",
  "[",
  ",",
  "=",
  ":",
  "?",
  "<",
  "|",
  "&",
  "||",
  "&&",
  "??",
  "return",
  "yield",
  "await",
  "typeof",
  "...",
  "export",
  "import",
]);

/** Tokens after which `{` is a type argument in a class heading, not the class body. */
const TYPE_ARGUMENT_BEFORE = new Set(["<", ",", ":", "|", "&", "=", "extends", "implements"]);

const MODIFIERS = new Set([
  "export",
  "default",
  "declare",
  "async",
  "public",
  "private",
  "protected",
  "readonly",
  "static",
  "abstract",
  "override",
  "accessor",
]);
const VARIABLE_KEYWORDS = new Set(["var", "let", "const", "using"]);
const NAMED_KEYWORDS = new Set([
  "function",
  "class",
  "interface",
  "type",
  "enum",
  "namespace",
  "module",
]);

/** The tokens that may follow a declared name, by the bracket the declaration is in. */
const NAME_FOLLOWERS: Record<Context, Set<string>> = {
  members: new Set([":", "?", "!", "(", "<", ";", "=", ",", "}", "\n"]),
  object: new Set([":", "?", "!", "(", "<", ",", "}", "]", "="]),
  parameters: new Set([":", "?", "=", ",", ")"]),
  elements: new Set(),
  block: new Set(),
};

function isComment(token: PlacedToken): boolean {
  return token.type === "MultiLineComment" || token.type === "SingleLineComment";
}

function isName(token: PlacedToken | undefined): boolean {
  return (
    token !== undefined &&
    (token.type === "IdentifierName" ||
      token.type === "PrivateIdentifier" ||
      token.type === "StringLiteral" ||
      token.type === "NumericLiteral")
  );
}

/** Returns the index of the next token after `index` that is no comment and, unless `lines`, no line break. */
function next(tokens: PlacedToken[], index: number, lines = false): number {
  let at = index + 1;
  while (
    at < tokens.length &&
    (isComment(tokens[at]!) || (!lines && tokens[at]!.type === "LineTerminatorSequence"))
  )
    at++;
  return at;
}

/** Returns the index of the token that closes the bracket at `index`. */
function closing(tokens: PlacedToken[], index: number): number {
  let depth = 0;
  for (let at = index; at < tokens.length; at++) {
    const value = tokens[at]!.value;
    if (value === "{" || value === "(" || value === "[") depth++;
    else if (value === "}" || value === ")" || value === "]") {
      depth--;
      if (depth === 0) return at;
    }
  }
  return tokens.length - 1;
}

/**
 * Returns the end of the name that the JSDoc comment at `index` documents: a variable, function,
 * class, member, property or parameter. A comment before a statement with several variables,
 * before an expression statement or before a constructor documents no name: undefined. Null when
 * TypeScript attaches the comment to nothing, as before an element of an array or a tuple.
 */
function declarationNameEnd(tokens: PlacedToken[], index: number): number | undefined | null {
  const context = tokens[index]!.context;
  let at = next(tokens, index);
  if (tokens[at]?.value === "(") return undefined;
  if (context === "elements") return null;
  const unnamed = context === "block" ? undefined : null;
  if (context === "block" && previousValue(tokens, index) === ",") {
    // A variable after the first in a list: `let first,\n  /** @zone PII */ second;`.
    const follower = tokens[next(tokens, at, true)];
    const declares =
      tokens[at]?.type === "IdentifierName" &&
      (follower?.type === "LineTerminatorSequence" ||
        ["=", ",", ";", ":", "!"].includes(follower?.value ?? ""));
    return declares ? tokens[at]!.end : undefined;
  }
  // Decorators: `@Column() email`.
  while (tokens[at]?.value === "@") {
    at = next(tokens, at);
    while (isName(tokens[at]) || tokens[at]?.value === ".") at = next(tokens, at);
    if (tokens[at]?.value === "(") at = next(tokens, closing(tokens, at));
  }
  for (;;) {
    const token = tokens[at];
    const following = tokens[next(tokens, at)];
    if (!token || !following) return unnamed;
    const isModifier =
      MODIFIERS.has(token.value) ||
      (token.value === "const" && following.value === "enum") ||
      ((token.value === "get" || token.value === "set") && context !== "block");
    if (
      token.type === "IdentifierName" &&
      isModifier &&
      (isName(following) || following.value === "[" || following.value === "*")
    ) {
      at = next(tokens, at);
      continue;
    }
    if (token.value === "*" || token.value === "...") {
      at = next(tokens, at);
      continue;
    }
    if (
      token.type === "IdentifierName" &&
      VARIABLE_KEYWORDS.has(token.value) &&
      (isName(following) || following.value === "{" || following.value === "[")
    ) {
      return variableNameEnd(tokens, next(tokens, at));
    }
    if (token.type === "IdentifierName" && NAMED_KEYWORDS.has(token.value)) {
      if (token.value === "function" && following.value === "*") {
        const name = tokens[next(tokens, next(tokens, at))];
        return isName(name) ? name!.end : undefined;
      }
      if (isName(following) && following.type !== "NumericLiteral") return following.end;
      if (token.value === "function") return undefined;
      // A keyword that names a member, such as `type: string`, falls through.
      if (context === "block") return undefined;
    }
    if (context === "block") return undefined;
    // Constructors, call, construct and index signatures, and parenthesized expressions.
    const signature = following.value === "(" || following.value === "<";
    if (
      (context === "members" && token.value === "constructor" && signature) ||
      (token.value === "new" && signature) ||
      token.value === "(" ||
      token.value === "<" ||
      (token.value === "[" && tokens[next(tokens, next(tokens, at))]?.value === ":")
    )
      return undefined;
    if (isName(token) || token.value === "[") {
      const nameEnd = token.value === "[" ? tokens[closing(tokens, at)]!.end : token.end;
      const after =
        token.value === "[" ? next(tokens, closing(tokens, at), true) : next(tokens, at, true);
      // Only in a class body does a line break end a member.
      const follower = tokens[context === "members" ? after : next(tokens, after - 1)];
      const key = follower?.type === "LineTerminatorSequence" ? "\n" : (follower?.value ?? "}");
      if (!NAME_FOLLOWERS[context].has(key)) return null;
      return context !== "parameters" || isParameterList(tokens, tokens[index]!.opener)
        ? nameEnd
        : null;
    }
    return null;
  }
}

/**
 * Returns true when the parenthesis at `opener` opens parameters rather than arguments or a
 * parenthesized expression, because a body, a return type or an arrow follows the list, or a
 * function or method name comes before it.
 */
function isParameterList(tokens: PlacedToken[], opener: number): boolean {
  const after = tokens[next(tokens, closing(tokens, opener))]?.value;
  if (after === "=>" || after === "{" || after === ":") return true;
  let before = opener - 1;
  while (
    before >= 0 &&
    (isComment(tokens[before]!) || tokens[before]!.type === "LineTerminatorSequence")
  )
    before--;
  const name = tokens[before];
  if (!name || name.type !== "IdentifierName") return false;
  return (
    name.value === "function" ||
    name.context === "members" ||
    name.context === "object" ||
    previousValue(tokens, before) === "function"
  );
}

/** Returns the value of the last token before `index` that is no comment and no line break. */
function previousValue(tokens: PlacedToken[], index: number): string | undefined {
  for (let at = index - 1; at >= 0; at--) {
    const token = tokens[at]!;
    if (!isComment(token) && token.type !== "LineTerminatorSequence") return token.value;
  }
  return undefined;
}

/** Returns the end of a variable statement's one name or binding pattern, or undefined for several. */
function variableNameEnd(tokens: PlacedToken[], at: number): number | undefined {
  const name = tokens[at];
  if (!name) return undefined;
  const nameIndex = name.value === "{" || name.value === "[" ? closing(tokens, at) : at;
  if (!isName(name) && nameIndex === at) return undefined;
  let depth = 0;
  let previous = tokens[nameIndex]!;
  for (let index = nameIndex + 1; index < tokens.length; index++) {
    const token = tokens[index]!;
    if (isComment(token)) continue;
    const value = token.value;
    if (token.type === "LineTerminatorSequence") {
      // A line that ends a complete expression and a next line that starts a statement.
      const upcoming = tokens[next(tokens, index)];
      if (depth === 0 && endsExpression(previous) && upcoming?.type === "IdentifierName") break;
      continue;
    }
    if (value === "{" || value === "(" || value === "[") depth++;
    else if (value === "}" || value === ")" || value === "]") {
      if (depth === 0) break;
      depth--;
    } else if (depth === 0 && value === ";") break;
    else if (depth === 0 && value === "," && declaresAfter(tokens, index)) return undefined;
    previous = token;
  }
  return tokens[nameIndex]!.end;
}

/**
 * Returns true when the comma at `index` separates two variables: a name or a binding pattern
 * follows, and after a name an initializer, a type or the statement's end. A type follows the
 * commas between type arguments, as in `Map<string, User>`.
 */
function declaresAfter(tokens: PlacedToken[], index: number): boolean {
  const name = next(tokens, index);
  const value = tokens[name]?.value;
  if (value === "{" || value === "[") return true;
  if (tokens[name]?.type !== "IdentifierName") return false;
  const after = tokens[next(tokens, name, true)];
  return (
    !after ||
    after.type === "LineTerminatorSequence" ||
    ["=", ":", ",", ";", "!"].includes(after.value)
  );
}

function endsExpression(token: PlacedToken): boolean {
  return (
    token.type !== "Punctuator" || token.value === ")" || token.value === "]" || token.value === "}"
  );
}
