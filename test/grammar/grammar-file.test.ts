import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { test } from "node:test";
import * as oniguruma from "vscode-oniguruma";
import {
  INJECTION_GRAMMAR_PATH,
  INJECTION_SCOPE,
  LANGUAGES,
  loadOnigLib,
} from "./textmate-harness";

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

const REGEX_KEYS = new Set(["match", "begin", "end", "while"]);

function readJson(file: string): Json {
  return JSON.parse(fs.readFileSync(file, "utf8")) as Json;
}

/** Collects every value under `keys` anywhere in a JSON tree, with its path for messages. */
function collectStrings(node: Json, keys: Set<string>, at = "$"): [string, string][] {
  if (Array.isArray(node)) {
    return node.flatMap((child, index) => collectStrings(child, keys, `${at}[${index}]`));
  }
  if (node === null || typeof node !== "object") {
    return [];
  }
  return Object.entries(node).flatMap(([key, child]): [string, string][] =>
    keys.has(key) && typeof child === "string"
      ? [[`${at}.${key}`, child]]
      : collectStrings(child, keys, `${at}.${key}`),
  );
}

test("grammar regexes compile in Oniguruma", async () => {
  await loadOnigLib();
  const regexes = collectStrings(readJson(INJECTION_GRAMMAR_PATH), REGEX_KEYS);
  assert.ok(regexes.length > 0);
  for (const [at, source] of regexes) {
    assert.doesNotThrow(() => new oniguruma.OnigScanner([source]).dispose(), `${at}: ${source}`);
  }
});

test("grammar includes resolve", () => {
  const grammar = readJson(INJECTION_GRAMMAR_PATH) as { repository?: Record<string, Json> };
  const includes = collectStrings(readJson(INJECTION_GRAMMAR_PATH), new Set(["include"]));
  assert.ok(includes.length > 0);
  for (const [at, include] of includes) {
    assert.match(include, /^#/, `${at} should point into this grammar's repository`);
    assert.ok(grammar.repository?.[include.slice(1)] !== undefined, `${at}: ${include} not found`);
  }
});

test("manifest contributes the grammar", (t) => {
  const manifestPath = path.resolve(__dirname, "../../../package.json");
  const manifest = readJson(manifestPath) as {
    contributes?: { grammars?: { path?: string; scopeName?: string; injectTo?: string[] }[] };
  };
  const relativePath = `./${path.relative(path.dirname(manifestPath), INJECTION_GRAMMAR_PATH)}`;
  const entry = manifest.contributes?.grammars?.find(
    (candidate) => path.normalize(candidate.path ?? "") === path.normalize(relativePath),
  );
  if (entry === undefined) {
    t.skip(`package.json has no contributes.grammars entry for ${relativePath} yet`);
    return;
  }
  assert.equal(entry.scopeName, INJECTION_SCOPE);
  assert.deepEqual(
    [...(entry.injectTo ?? [])].sort(),
    LANGUAGES.map((language) => language.scopeName).sort(),
  );
});
