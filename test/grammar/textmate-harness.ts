import * as fs from "node:fs";
import * as path from "node:path";
import * as oniguruma from "vscode-oniguruma";
import * as vsctm from "vscode-textmate";

/** Scope name of the Privacy Zones injection grammar. */
export const INJECTION_SCOPE = "privacy-zones.injection";

/** Path of the injection grammar in the repository. */
export const INJECTION_GRAMMAR_PATH = path.resolve(
  __dirname,
  "../../../syntaxes/privacy-zones.injection.tmLanguage.json",
);

/** Folder of the annotated sample files that the grammar tests tokenize. */
export const FIXTURES_DIR = path.resolve(__dirname, "../../../test/grammar/fixtures");

/** A base language that the grammar is injected into, with its fixture. */
export interface Language {
  scopeName: string;
  /** File name of the base grammar in the tm-grammars package. */
  grammarFile: string;
  fixture: string;
}

/** The languages that the manifest injects the grammar into (its `injectTo` list). */
export const LANGUAGES: readonly Language[] = [
  {
    scopeName: "source.ts",
    grammarFile: "typescript.json",
    fixture: "annotated.ts",
  },
  {
    scopeName: "source.tsx",
    grammarFile: "tsx.json",
    fixture: "annotated.tsx",
  },
  {
    scopeName: "source.js",
    grammarFile: "javascript.json",
    fixture: "annotated.js",
  },
  {
    scopeName: "source.js.jsx",
    grammarFile: "jsx.json",
    fixture: "annotated.jsx",
  },
];

/** One token of a line, with its text and its scopes from the root scope inwards. */
export interface ScopedToken {
  text: string;
  startIndex: number;
  endIndex: number;
  scopes: string[];
}

/** A tokenized file: its lines and the tokens of each line. */
export interface TokenizedFile {
  lines: string[];
  tokens: ScopedToken[][];
}

let onigLibPromise: Promise<vsctm.IOnigLib> | undefined;

/** Loads the Oniguruma WebAssembly module on first use and wraps it for vscode-textmate. */
export function loadOnigLib(): Promise<vsctm.IOnigLib> {
  onigLibPromise ??= (async () => {
    const wasmPath = require.resolve("vscode-oniguruma/release/onig.wasm");
    const wasm = fs.readFileSync(wasmPath);
    await oniguruma.loadWASM(wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength));
    return {
      createOnigScanner: (patterns: string[]) => new oniguruma.OnigScanner(patterns),
      createOnigString: (text: string) => new oniguruma.OnigString(text),
    };
  })();
  return onigLibPromise;
}

function grammarPathFor(scopeName: string): string | undefined {
  if (scopeName === INJECTION_SCOPE) {
    return INJECTION_GRAMMAR_PATH;
  }
  const language = LANGUAGES.find((candidate) => candidate.scopeName === scopeName);
  return language && require.resolve(`tm-grammars/grammars/${language.grammarFile}`);
}

/**
 * Loads the base grammar of a language from tm-grammars, with the injection grammar injected the
 * way VS Code does for a contribution with `injectTo`, or without it to get the base scopes.
 */
export async function loadGrammar(
  language: Language,
  options: { withInjection: boolean },
): Promise<vsctm.IGrammar> {
  const registry = new vsctm.Registry({
    onigLib: loadOnigLib(),
    loadGrammar: async (scopeName) => {
      const grammarPath = grammarPathFor(scopeName);
      if (grammarPath === undefined) {
        return null;
      }
      return vsctm.parseRawGrammar(fs.readFileSync(grammarPath, "utf8"), grammarPath);
    },
    getInjections: (scopeName) =>
      options.withInjection && LANGUAGES.some((candidate) => candidate.scopeName === scopeName)
        ? [INJECTION_SCOPE]
        : undefined,
  });
  const grammar = await registry.loadGrammar(language.scopeName);
  if (grammar === null) {
    throw new Error(`Grammar ${language.scopeName} not found in tm-grammars`);
  }
  return grammar;
}

/** Tokenizes text line by line, carrying the rule stack across lines as an editor does. */
export function tokenizeText(grammar: vsctm.IGrammar, text: string): TokenizedFile {
  const lines = text.split(/\r?\n/);
  const tokens: ScopedToken[][] = [];
  let ruleStack = vsctm.INITIAL;
  for (const line of lines) {
    const result = grammar.tokenizeLine(line, ruleStack);
    if (result.stoppedEarly) {
      throw new Error(`Tokenization stopped early on line: ${line}`);
    }
    ruleStack = result.ruleStack;
    tokens.push(
      result.tokens.map((token) => ({
        text: line.slice(token.startIndex, token.endIndex),
        startIndex: token.startIndex,
        endIndex: Math.min(token.endIndex, line.length),
        scopes: token.scopes,
      })),
    );
  }
  return { lines, tokens };
}

/** Reads and tokenizes the fixture of a language. */
export function tokenizeFixture(grammar: vsctm.IGrammar, language: Language): TokenizedFile {
  return tokenizeText(grammar, fs.readFileSync(path.join(FIXTURES_DIR, language.fixture), "utf8"));
}

/**
 * Returns the tokens that cover `part` on the one line whose trimmed text equals `line`.
 * Throws when the line is missing or repeated, or when `part` is not unique on it, so a case
 * never checks a different spot than it names.
 */
export function tokensCovering(file: TokenizedFile, line: string, part: string): ScopedToken[] {
  const lineIndexes = file.lines.flatMap((text, index) => (text.trim() === line ? [index] : []));
  const lineIndex = lineIndexes[0];
  if (lineIndexes.length !== 1 || lineIndex === undefined) {
    throw new Error(`Expected exactly one fixture line "${line}", found ${lineIndexes.length}`);
  }
  const text = file.lines[lineIndex] ?? "";
  const start = text.indexOf(part);
  if (start < 0 || text.lastIndexOf(part) !== start) {
    throw new Error(`Expected "${part}" exactly once on fixture line "${line}"`);
  }
  const end = start + part.length;
  const lineTokens = file.tokens[lineIndex] ?? [];
  return lineTokens.filter((token) => token.startIndex < end && token.endIndex > start);
}

/** Checks whether `scope` equals `selector` or extends it by dotted segments, as TextMate does. */
export function scopeMatches(scope: string, selector: string): boolean {
  return scope === selector || scope.startsWith(`${selector}.`);
}

/**
 * Returns each line's tokens without the scopes that end in `suffix`, merging neighbours that end
 * up with the same scopes, as strings that compare with `deepEqual`.
 */
export function withoutScopesEndingIn(file: TokenizedFile, suffix: string): string[][] {
  return file.tokens.map((lineTokens) => {
    const merged: { text: string; scopes: string }[] = [];
    for (const token of lineTokens) {
      const scopes = token.scopes.filter((scope) => !scope.endsWith(suffix)).join(" ");
      const previous = merged[merged.length - 1];
      if (previous !== undefined && previous.scopes === scopes) {
        previous.text += token.text;
      } else {
        merged.push({ text: token.text, scopes });
      }
    }
    return merged.map((token) => `${JSON.stringify(token.text)} ${token.scopes}`);
  });
}
