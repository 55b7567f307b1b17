import assert from "node:assert/strict";
import { describe, test } from "node:test";
import type { Finding, PathStep } from "../../server/src/engine";
import { toDiagnostic } from "../../server/src/features/finding-diagnostics";

function step(line: number, message: string, kind: PathStep["kind"]): PathStep {
  const position = { line, character: 0 };
  return {
    location: { file: "/work/a.ts", range: { start: position, end: position } },
    message,
    kind,
    inferred: false,
  };
}

const sink = step(9, "reaches `console.log` (logging)", "sink");

const finding: Finding = {
  code: "PZ001",
  severity: "error",
  message: "HEALTH, PII data reaches `console.log`, a sink for logging.",
  file: "/work/a.ts",
  range: sink.location.range,
  zones: ["HEALTH", "PII"],
  inferred: false,
  sink: { callee: "console.log", purpose: "logging" },
  path: [step(3, "HEALTH from `diagnosis`", "source"), sink],
  otherPaths: [{ zones: ["PII"], path: [step(1, "PII from `email`", "source"), sink] }],
  fixes: [],
};

describe("finding diagnostics", () => {
  test("lists every path's steps", () => {
    const related = toDiagnostic(finding, "https://example.com/findings").relatedInformation!;
    assert.deepEqual(
      related.map((entry) => `${entry.location.range.start.line} ${entry.message}`),
      [
        "3 HEALTH from `diagnosis`",
        "9 reaches `console.log` (logging)",
        "1 PII: PII from `email`",
        "9 PII: reaches `console.log` (logging)",
      ],
    );
  });
});
