import * as assert from "node:assert/strict";
import { describe, it } from "node:test";
import { ts } from "ts-morph";
import { sameOutlineSyntax } from "../../server/src/engine/edits";

const BASE = `/// <reference types="node" />
import { log } from "./log";

/** @zone PII */
export interface Profile {
  email: string;
  age?: number;
}

export const limit = -1;
let counter = 0;

export function send(profile: Profile): void {
  log(profile.email);
}

export class Store {
  /** @zone HEALTH */
  notes = "";
  save(value: string) {
    counter++;
    return value;
  }
}
`;

function same(before: string, after: string, fileName = "/project/file.ts"): boolean {
  const parse = (text: string) => ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, true);
  return sameOutlineSyntax(parse(before), parse(after));
}

function replaced(search: string, replacement: string): string {
  assert.ok(BASE.includes(search), `the base text contains ${search}`);
  return BASE.replace(search, replacement);
}

describe("outline comparison", () => {
  const alike: [string, string][] = [
    ["a trailing line comment", BASE.trimEnd() + " // edited\n"],
    ["a comment line at the top", "// header\n" + BASE],
    ["blank lines and indentation", BASE.replaceAll("\n\n", "\n\n\n").replaceAll("  ", "    ")],
    [
      "a block comment that is not JSDoc",
      replaced("export const limit", "/* x */ export const limit"),
    ],
    ["a change inside a function body", replaced("log(profile.email);", "log(profile.age);")],
    ["a change inside a method body", replaced("counter++;", "counter += 2;")],
    ["the quote style of a string", replaced('"./log"', "'./log'")],
  ];
  for (const [name, after] of alike) {
    it(`ignores ${name}`, () => assert.equal(same(BASE, after), true));
  }

  const different: [string, string][] = [
    ["a sign", replaced("= -1", "= +1")],
    ["let to const", replaced("let counter", "var counter")],
    ["a JSDoc annotation", replaced("/** @zone PII */", "/** @zone HEALTH */")],
    ["a new JSDoc comment", replaced("  email: string;", "  /** @zone PII */\n  email: string;")],
    ["an optional marker", replaced("age?: number", "age: number")],
    ["a parameter type", replaced("profile: Profile", "profile: unknown")],
    ["a return type", replaced("): void {", "): number {")],
    ["an export", replaced("let counter", "export let counter")],
    ["a field initializer", replaced('notes = "";', 'notes = "x";')],
    ["a module name", replaced('"./log"', '"./logger"')],
    ["a triple-slash reference", replaced('types="node"', 'types="express"')],
  ];
  for (const [name, after] of different) {
    it(`notices ${name}`, () => assert.equal(same(BASE, after), false));
  }

  it("compares function bodies of JavaScript, where bodies declare fields", () => {
    const js = "class A {\n  constructor() {\n    this.email = 1;\n  }\n}\n";
    const edited = js.replace("this.email = 1", "this.phone = 1");
    assert.equal(same(js, edited, "/project/file.js"), false);
    assert.equal(same(js, js.replace("}\n}", "} // done\n}"), "/project/file.js"), true);
  });
});
