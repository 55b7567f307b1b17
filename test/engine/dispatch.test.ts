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
  return summarize(findings).map((line) => {
    const [number, code] = line.split(":");
    return `${Number(number) - offset}:${code}`;
  });
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
