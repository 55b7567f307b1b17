import * as assert from "node:assert/strict";
import { describe, it } from "node:test";
import { ts } from "ts-morph";
import { NodeMapping } from "../../server/src/engine/node-mapping";

const parse = (text: string) =>
  ts.createSourceFile("a.ts", text, ts.ScriptTarget.Latest, /* setParentNodes */ true);

const OLD = [
  'import { log } from "./log";',
  "export function first(a: string): string {",
  "  return a;",
  "}",
  "export function second(b: string): void {",
  "  log(b);",
  "}",
  "export const third = first;",
  "",
].join("\n");

/** Lists the identifiers of a file, in order. */
function identifiers(file: ts.SourceFile): ts.Identifier[] {
  const found: ts.Identifier[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isIdentifier(node)) found.push(node);
    ts.forEachChild(node, visit);
  };
  visit(file);
  return found;
}

/** Maps each identifier of `old`, and returns the text of its counterpart or undefined. */
function mapped(oldText: string, newText: string): (string | undefined)[] {
  const old = parse(oldText);
  const mapping = NodeMapping.between(old, parse(newText));
  assert.ok(mapping);
  return identifiers(old).map((name) => {
    const target = mapping.map(name);
    if (!target) return undefined;
    assert.equal(target.kind, name.kind);
    return (target as ts.Identifier).text;
  });
}

describe("node mapping", () => {
  it("maps names across a trailing comment", () => {
    const texts = mapped(
      OLD,
      OLD.replace("}\nexport function second", "} // edited\nexport function second"),
    );
    assert.deepEqual(
      texts,
      identifiers(parse(OLD)).map((name) => name.text),
    );
  });

  it("maps names across a grown comment", () => {
    const before = OLD.replace("export const third", "/* a note */\nexport const third");
    const after = OLD.replace("export const third", "/* a longer note */\n\nexport const third");
    assert.deepEqual(
      mapped(before, after),
      identifiers(parse(before)).map((name) => name.text),
    );
  });

  it("leaves changed body names unmapped", () => {
    assert.deepEqual(mapped(OLD, OLD.replace("  log(b);", "  log(b + b);")), [
      "log",
      "first",
      "a",
      "a",
      "second",
      "b",
      undefined,
      undefined,
      "third",
      "first",
    ]);
  });

  it("leaves a changed expression body unmapped", () => {
    // The body `plain` starts and ends exactly where the outline around it does.
    const before = "export const f = (): string => plain;\n";
    const texts = mapped(before, before.replace("=> plain", "=> secret"));
    assert.deepEqual(texts, ["f", undefined]);
  });

  it("rejects a changed outline syntax", () => {
    const old = parse(OLD);
    assert.equal(NodeMapping.between(old, parse(OLD.replace("b: string", "b: number"))), undefined);
  });
});
