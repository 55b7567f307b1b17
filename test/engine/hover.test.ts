import assert from "node:assert/strict";
import * as path from "node:path";
import { describe, it } from "node:test";
import { ts } from "ts-morph";
import { Analyzer } from "../../server/src/engine";
import type { FlowAnalysis } from "../../server/src/engine/flow";
import { writeTempProject } from "../support/paths";

const CODE = `/** @zone PII */
const email = "a@b.c";

export function send(user: { id: number }) {
  const copy = email;
  const record = { contact: copy };
  console.log(copy, record.contact);
  return [user.id].map((id) => ({ id, contact: copy }));
}

export function build() {
  class Message {
    body = email;
  }
  return new Message().body;
}

export const notify = (text: string) => console.log(text.trim(), email.length);
`;

/** Returns the zones that a hover shows on the `occurrence`-th `name` in the code. */
function zonesAt(analyzer: Analyzer, file: string, name: string, occurrence = 0): string[] {
  let offset = -1;
  for (let index = 0; index <= occurrence; index++) offset = CODE.indexOf(name, offset + 1);
  assert.ok(offset >= 0, `${name} #${occurrence} not in the code`);
  const before = CODE.slice(0, offset).split("\n");
  const position = { line: before.length - 1, character: before.at(-1)!.length };
  return (analyzer.hover(file, position)?.zones ?? []).map((zone) => zone.zone);
}

function zonesOf(info: ReturnType<Analyzer["hover"]>): string[] {
  return (info?.zones ?? []).map((zone) => zone.zone);
}

describe("hover values", () => {
  const dir = writeTempProject({ "a.ts": CODE });
  const file = path.join(dir, "a.ts");

  it("shows the zones of names and property reads", () => {
    const analyzer = Analyzer.forLooseFiles([file]);
    analyzer.analyze();
    assert.deepEqual(zonesAt(analyzer, file, "email", 1), ["PII"]);
    assert.deepEqual(zonesAt(analyzer, file, "copy", 1), ["PII"]);
    assert.deepEqual(zonesAt(analyzer, file, "copy", 2), ["PII"]);
    assert.deepEqual(zonesAt(analyzer, file, "contact", 1), ["PII"]);
    assert.deepEqual(zonesAt(analyzer, file, "id", 1), []);
  });

  it("shows values inside class fields of a function", () => {
    const analyzer = Analyzer.forLooseFiles([file]);
    analyzer.analyze();
    assert.deepEqual(zonesAt(analyzer, file, "email", 2), ["PII"]);
    assert.deepEqual(zonesAt(analyzer, file, "body", 1), ["PII"]);
  });

  it("accepts a position past the line's end", () => {
    const analyzer = Analyzer.forLooseFiles([file]);
    analyzer.analyze();
    assert.doesNotThrow(() => analyzer.hover(file, { line: 1, character: 500 }));
    assert.equal(analyzer.hover(file, { line: 500, character: 0 }), undefined);
  });

  it("evaluates only the enclosing function", () => {
    const code = [
      "/** @zone PII */",
      'const email = "a@b.c";',
      "console.log(email);",
      "export function count() {",
      "  const total = Math.max(1, 2);",
      "  return total;",
      "}",
    ].join("\n");
    const countFile = path.join(writeTempProject({ "count.ts": code }), "count.ts");
    const analyzer = Analyzer.forLooseFiles([countFile]);
    analyzer.analyze();
    const flow = (analyzer as unknown as { flow: FlowAnalysis }).flow;
    const spied = flow as unknown as { evaluateUnit(unit: ts.Node): void };
    const evaluateUnit = spied.evaluateUnit.bind(flow);
    const evaluated: string[] = [];
    spied.evaluateUnit = (unit) => {
      evaluated.push(ts.SyntaxKind[unit.kind]);
      evaluateUnit(unit);
    };
    assert.equal(analyzer.hover(countFile, { line: 5, character: 9 }), undefined);
    assert.deepEqual(evaluated, ["FunctionDeclaration"]);
    // The top level's values are stored, so a name there without zones evaluates nothing.
    evaluated.length = 0;
    assert.equal(analyzer.hover(countFile, { line: 2, character: 0 }), undefined);
    assert.deepEqual(zonesOf(analyzer.hover(countFile, { line: 2, character: 12 })), ["PII"]);
    assert.deepEqual(evaluated, []);
  });

  it("leaves findings unchanged", () => {
    const analyzer = Analyzer.forLooseFiles([file]);
    const before = JSON.stringify([...analyzer.analyze().findings.values()]);
    for (let line = 0; line < CODE.split("\n").length; line++) {
      for (let character = 0; character < 60; character += 3)
        analyzer.hover(file, { line, character });
    }
    analyzer.setFileText(file, CODE + "\n");
    const after = JSON.stringify([...analyzer.analyze().findings.values()]);
    assert.equal(after, before);
  });
});
