import * as assert from "node:assert/strict";
import { describe, it } from "node:test";
import { analyzeFiles, summarize } from "../support/analyze";

const PRELUDE = `interface User {
  /** @zone PII */
  contact: string;
}
/** @reclassify PII -> PSEUDONYMOUS -- salted hash */
declare function hash(text: string): string;
`;

/** Analyses `body` after the prelude; returns the finding lines relative to the body. */
function check(body: string): { lines: string[]; incomplete: string | undefined } {
  const offset = PRELUDE.split("\n").length - 1;
  const { findings, result } = analyzeFiles({ "a.ts": PRELUDE + body }, { detection: false });
  const lines = summarize(findings).map((entry) => {
    const [line, code] = entry.split(":");
    return `${Number(line) - offset}:${code}`;
  });
  return { lines, incomplete: result.incomplete };
}

/** Each case: a name, a module body, and the finding lines expected in it. */
const CASES: [string, string, string[]][] = [
  [
    "drops zones on overwrite",
    'export function f(u: User) {\n  let v = u.contact;\n  v = "***";\n  console.log(v);\n}\n',
    [],
  ],
  [
    "drops zones on self-reclassification",
    "export function f(u: User) {\n  let v = u.contact;\n  v = hash(v);\n  console.log(v);\n}\n",
    [],
  ],
  [
    "keeps zones read before the overwrite",
    'export function f(u: User) {\n  let v = u.contact;\n  console.log(v);\n  v = "***";\n  console.log(v);\n}\n',
    ["3:PZ001"],
  ],
  [
    "adds zones from a later write only after it",
    'export function f(u: User) {\n  let v = "start";\n  console.log(v);\n  v = u.contact;\n  console.log(v);\n}\n',
    ["5:PZ001"],
  ],
  [
    "reads the previous value in a compound assignment",
    'export function f(u: User) {\n  let v = u.contact;\n  v += "!";\n  console.log(v);\n}\n',
    ["4:PZ001"],
  ],
  [
    "joins writes in a branch",
    "export function f(u: User, c: boolean) {\n  let v = u.contact;\n  if (c) v = hash(v);\n  console.log(v);\n}\n",
    ["4:PZ001"],
  ],
  [
    "takes the writes of both branches after an if",
    'export function f(u: User, c: boolean) {\n  let v = u.contact;\n  if (c) v = hash(v);\n  else v = "***";\n  console.log(v);\n}\n',
    [],
  ],
  [
    "keeps the zones of a branch that does not overwrite",
    'export function f(u: User, c: boolean) {\n  let v = "***";\n  if (c) {\n    v = u.contact;\n  } else {\n    v = "-";\n  }\n  console.log(v);\n}\n',
    ["8:PZ001"],
  ],
  [
    "reads the branch's own write inside the branch",
    'export function f(u: User, c: boolean) {\n  let v = u.contact;\n  if (c) {\n    v = "***";\n    console.log(v);\n  } else {\n    console.log(v);\n  }\n}\n',
    ["7:PZ001"],
  ],
  [
    "leaves out a branch that returns",
    'export function f(u: User, c: boolean) {\n  let v = "***";\n  if (c) {\n    v = u.contact;\n    return v.length;\n  }\n  console.log(v);\n  return 0;\n}\n',
    [],
  ],
  [
    "follows nested branches",
    'export function f(u: User, a: boolean, b: boolean) {\n  let v = u.contact;\n  if (a) {\n    if (b) v = "x";\n    else v = "y";\n  } else v = hash(v);\n  console.log(v);\n  if (b) v = u.contact;\n  console.log(v);\n}\n',
    ["9:PZ001"],
  ],
  [
    "joins writes past the limit of kept writes",
    "export function f(u: User, c: number[]) {\n  let v = u.contact;\n" +
      Array.from({ length: 40 }, (_, i) => `  if (c[${i}]) v = "a";\n  else v = "b";\n`).join("") +
      "  console.log(v);\n}\n",
    ["83:PZ001"],
  ],
  [
    "joins writes in a switch",
    'export function f(u: User, c: number) {\n  let v = u.contact;\n  switch (c) {\n    case 1:\n      v = "***";\n  }\n  console.log(v);\n}\n',
    ["7:PZ001"],
  ],
  [
    "joins writes seen by a closure",
    'export function f(u: User) {\n  let v = u.contact;\n  const show = () => console.log(v);\n  v = "***";\n  show();\n}\n',
    ["3:PZ001"],
  ],
  [
    "joins writes through a destructuring assignment",
    'export function f(u: User) {\n  let v = "start";\n  [v] = [u.contact];\n  console.log(v);\n}\n',
    ["4:PZ001"],
  ],
  [
    "settles a reclassification in a loop",
    "export function f(u: User) {\n  let v = u.contact;\n  for (let i = 0; i < 3; i++) v = hash(v);\n  return v;\n}\nexport function g(u: User) {\n  console.log(f(u));\n}\n",
    ["7:PZ001"],
  ],
];

describe("reassigned local variables", () => {
  for (const [name, body, expected] of CASES) {
    it(name, () => {
      const { lines, incomplete } = check(body);
      assert.deepEqual(lines, expected);
      assert.equal(incomplete, undefined);
    });
  }
});

describe("steps of reassigned variables", () => {
  it("point at the assignment", () => {
    const body = `export function f(u: User) {\n  let v = "start";\n  v = u.contact;\n  console.log(v);\n}\n`;
    const offset = PRELUDE.split("\n").length - 1;
    const { findings } = analyzeFiles({ "a.ts": PRELUDE + body }, { detection: false });
    const steps = findings[0]?.path.map((step) => ({
      line: step.location.range.start.line - offset + 1,
      message: step.message,
    }));
    assert.deepEqual(steps?.[1], { line: 3, message: "assigned to `v`" });
  });
});
