import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { describe, it } from "node:test";
import { runCli } from "../support/cli";
import { expectedMarkers, REPO_ROOT } from "../support/paths";

const EXAMPLE = path.join(REPO_ROOT, "examples", "ai-glasses");

function sourceFiles(dir: string): string[] {
  return fs
    .readdirSync(dir, { recursive: true, encoding: "utf8" })
    .filter((name) => name.endsWith(".ts") && !name.endsWith(".d.ts"));
}

describe("check on the ai-glasses example", () => {
  const run = runCli(["check", "examples/ai-glasses", "--format", "json"], REPO_ROOT);
  const report = JSON.parse(run.stdout) as {
    findings: { file: string; line: number; code: string; severity: string }[];
  };

  it("exits 1 for enforced findings", () => {
    assert.equal(run.status, 1, run.stderr);
  });

  it("finds exactly the marked findings", () => {
    const expected = sourceFiles(EXAMPLE).flatMap((name) =>
      expectedMarkers(path.join(EXAMPLE, name)).map(
        (marker) => `examples/ai-glasses/${name}:${marker}`,
      ),
    );
    const found = report.findings.map(
      (finding) => `${finding.file}:${finding.line}:${finding.code}`,
    );
    assert.deepEqual(found.sort(), expected.sort());
  });

  it("keeps the log-mode zone a warning", () => {
    const warnings = report.findings.filter((finding) => finding.severity === "warning");
    assert.equal(warnings.length, 1);
    assert.match(warnings[0]!.file, /ads-features\.ts$/);
  });

  it("prints linkable text lines", () => {
    const text = runCli(["check", "examples/ai-glasses"], REPO_ROOT);
    const lines = text.stdout.trimEnd().split("\n");
    const findingLines = lines.filter((line) => !line.startsWith(" "));
    assert.match(lines[lines.length - 1]!, /^14 files checked: 6 errors, 1 warning \(\d+ ms\)$/);
    for (const line of findingLines.slice(0, -1)) {
      assert.match(
        line,
        /^examples\/ai-glasses\/src\/\S+\.ts:\d+:\d+ {2}(error|warning) {2}.+ {2}\[PZ00\d\]$/,
      );
    }
    assert.ok(
      lines.some((line) => /^ {4}1\. examples\/ai-glasses\/src\/\S+:\d+:\d+ {2}\S/.test(line)),
    );
  });
});
