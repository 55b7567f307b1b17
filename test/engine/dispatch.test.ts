import * as assert from "node:assert/strict";
import { describe, it } from "node:test";
import { analyzeFiles, summarize } from "../support/analyze";

const PRELUDE = `export interface User {
  /** @zone PII */
  ssn: string;
  plain: string;
}
`;

/** Analyses `code` after the prelude and returns `line:code` of each finding, lines of `code`. */
function findingLines(code: string): string[] {
  const offset = PRELUDE.split("\n").length - 1;
  const { findings } = analyzeFiles({ "a.ts": PRELUDE + code }, { detection: false });
  return summarize(findings)
    .map((line) => {
      const [number, code] = line.split(":");
      return `${Number(number) - offset}:${code}`;
    })
    .sort((a, b) => parseInt(a) - parseInt(b));
}

describe("calls through interfaces and base classes", () => {
  it("runs an implementation injected as its interface", () => {
    const code = [
      "interface Formatter { format(user: User): string }",
      "class SsnFormatter implements Formatter { format(user: User) { return user.ssn; } }",
      "class Printer {",
      "  constructor(private readonly formatter: Formatter) {}",
      "  print(user: User) { console.log(this.formatter.format(user)); }",
      "}",
      "export function main(user: User) { new Printer(new SsnFormatter()).print(user); }",
    ].join("\n");
    assert.deepEqual(findingLines(code), ["5:PZ001"]);
  });

  it("runs an override through a base-class variable", () => {
    const code = [
      "class Base { describe(user: User) { return user.plain; } }",
      "class Leaky extends Base { describe(user: User) { return user.ssn; } }",
      "export function f(user: User) {",
      "  const base: Base = new Leaky();",
      "  console.log(base.describe(user));",
      "}",
    ].join("\n");
    assert.deepEqual(findingLines(code), ["5:PZ001"]);
  });

  it("follows interfaces that extend interfaces", () => {
    const code = [
      "interface Named { label(user: User): string }",
      "interface Described extends Named { detail(): string }",
      "class Card implements Described {",
      "  label(user: User) { return user.ssn; }",
      "  detail() { return ''; }",
      "}",
      "export function f(named: Named, user: User) { console.log(named.label(user)); }",
    ].join("\n");
    assert.deepEqual(findingLines(code), ["7:PZ001"]);
  });

  it("runs implementations of every kind", () => {
    const code = [
      "interface Formatter { format(value: string): string }",
      "type Shaper = { shape(value: string): string };",
      "class Alias implements Shaper { shape(value: string) { console.log(value); return ''; } }",
      "const Expression = class implements Formatter {",
      "  format(value: string) { console.log(value); return ''; }",
      "};",
      "function make() {",
      "  return class Nested implements Formatter {",
      "    format(value: string) { console.log(value); return ''; }",
      "  };",
      "}",
      "class Base { label(value: string) { return value; } }",
      "class Arrow extends Base { label = (value: string) => { console.log(value); return ''; }; }",
      "export function f(formatter: Formatter, shaper: Shaper, base: Base, user: User) {",
      "  formatter.format(user.ssn);",
      "  shaper.shape(user.ssn);",
      "  base.label(user.ssn);",
      "}",
    ].join("\n");
    assert.deepEqual(findingLines(code), ["3:PZ001", "5:PZ001", "9:PZ001", "13:PZ001"]);
  });

  it("runs a JavaScript class marked @implements", () => {
    const { findings } = analyzeFiles(
      {
        "tsconfig.json": JSON.stringify({
          compilerOptions: { allowJs: true, checkJs: true },
          include: ["*.js"],
        }),
        "a.js": [
          "class User {\n  /** @zone PII */\n  ssn = '';\n}",
          "class Formatter {\n  /** @param {string} value */\n  format(value) {}\n}",
          "/** @implements {Formatter} */",
          "class Loud {\n  /** @param {string} value */\n  format(value) { console.log(value); }\n}",
          "/** @param {Formatter} formatter @param {User} user */",
          "export function f(formatter, user) { formatter.format(user.ssn); }",
        ].join("\n"),
      },
      { detection: false },
    );
    assert.deepEqual(summarize(findings), ["12:PZ001"]);
  });

  it("keeps a concrete class's own method", () => {
    const code = [
      "interface Formatter { format(user: User): string }",
      "class SsnFormatter implements Formatter { format(user: User) { return user.ssn; } }",
      "class PlainFormatter implements Formatter { format(user: User) { return user.plain; } }",
      "export function f(user: User) { console.log(new PlainFormatter().format(user)); }",
    ].join("\n");
    assert.deepEqual(findingLines(code), []);
  });

  it("keeps the class of a new object", () => {
    const code = [
      "class Base { describe(user: User) { return user.plain; } }",
      "class Leaky extends Base { describe(user: User) { return user.ssn; } }",
      "export function f(user: User) {",
      "  console.log(new Base().describe(user));",
      "  const base = new Base();",
      "  console.log(base.describe(user));",
      "}",
    ].join("\n");
    assert.deepEqual(findingLines(code), []);
  });

  it("runs only the base method for super calls", () => {
    const code = [
      "class Base { describe(user: User) { return user.plain; } }",
      "class Leaky extends Base { describe(user: User) { return user.ssn; } }",
      "class Polite extends Base { describe(user: User) { return super.describe(user) + '!'; } }",
      "export function f(user: User) { console.log(new Polite().describe(user)); }",
    ].join("\n");
    assert.deepEqual(findingLines(code), []);
  });
});
