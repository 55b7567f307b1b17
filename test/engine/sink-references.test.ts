import * as assert from "node:assert/strict";
import { describe, it } from "node:test";
import { analyzeFiles, summarize } from "../support/analyze";

const PRELUDE = `interface User {
  /** @zone PII */
  email: string;
  id: string;
}
/** @sink training */
declare function submitExample(example: unknown): void;
/** @sink training */
function record(example: unknown): void {
  void example;
}
function each(items: string[], visit: (item: string) => void): void {
  for (const item of items) visit(item);
}
`;

/** Each case: a statement that passes a sink as a function value, and whether it is reported. */
const CASES: [string, boolean][] = [
  ["users.map((user) => user.email).forEach(console.log);", true],
  ["Promise.resolve(users[0]!.email).then(console.log);", true],
  ["Promise.reject(users[0]!.email).catch(console.error);", true],
  ["users.map((user) => user.email).forEach(submitExample);", true],
  ["each(users.map((user) => user.email), console.info);", true],
  ["const log = console.log.bind(console);\n  log(users[0]!.email);", true],
  ["users.map((user) => user.email).forEach(record);", true],
  ["Promise.resolve(users[0]!.email).then(record);", true],
  ["const save = record;\n  save(users[0]!.email);", true],
  ["const handlers = { save: record };\n  handlers.save(users[0]!.email);", true],
  ["users.forEach(record);", true],
  ["Promise.resolve(users[0]!).then(record);", true],
  ["const save = record;\n  users.map((user) => user.email).forEach(save);", true],
  [
    "const handlers = { save: record };\n  users.map((user) => user.email).forEach(handlers.save);",
    true,
  ],
  ["const save = record;\n  users.map((user) => user.id).forEach(save);", false],
  ["record.call(null, users[0]!.email);", true],
  ["submitExample.call(null, users[0]!.email);", true],
  ["record.apply(null, [users[0]!.email]);", true],
  ["const save = record.bind(null);\n  save(users[0]!.email);", true],
  ["const save = record.bind(null, users[0]!.email);\n  save();", true],
  ["const log = console.info.bind(console, users[0]!.email);\n  log();", true],
  ["record.call(null, users[0]!.id);", false],
  ["const save = record.bind(null, users[0]!.id);\n  save();", false],
  ["users.map((user) => user.id).forEach(console.log);", false],
  ["users.map((user) => user.id).forEach(record);", false],
  ["const save = record;\n  save(users[0]!.id);", false],
  ["console.log(users.map((user) => user.email).map(String).filter(Boolean).length);", false],
];

describe("sinks passed as function values", () => {
  for (const [statement, reported] of CASES) {
    it(`${reported ? "reports" : "ignores"} ${statement.split("\n").at(-1)}`, () => {
      const code = `${PRELUDE}export function f(users: User[]) {\n  ${statement}\n}\n`;
      const { findings } = analyzeFiles({ "a.ts": code }, { detection: false });
      const lines = summarize(findings);
      if (reported) assert.ok(lines.length > 0, "no finding");
      else assert.deepEqual(lines, []);
    });
  }
});

describe("sinks called through bind", () => {
  it("reports a bound model sink once", () => {
    const statement = "const log = console.log.bind(console);\n  log(users[0]!.email);";
    const code = `${PRELUDE}export function f(users: User[]) {\n  ${statement}\n}\n`;
    const { findings } = analyzeFiles({ "a.ts": code }, { detection: false });
    assert.equal(findings.length, 1);
  });
});
