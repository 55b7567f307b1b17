import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { before, describe, it } from "node:test";
import { Analyzer } from "../../server/src/engine";
import type { AnalysisResult } from "../../server/src/engine";
import { expectedMarkers, FIXTURES } from "../support/paths";

const PROJECT = path.join(FIXTURES, "propagation");

/**
 * Each fixture marks the lines where a flow must be found with `// expect: PZ001` and has
 * near-identical lines without the mark where no flow may be found.
 */
describe("propagation fixtures", () => {
  let result: AnalysisResult;

  before(() => {
    result = Analyzer.forConfigFile(path.join(PROJECT, "tsconfig.json")).analyze();
  });

  const fixtures = fs
    .readdirSync(PROJECT)
    .filter((name) => /\.(ts|tsx|js)$/.test(name) && name !== "sources.ts");
  for (const name of fixtures) {
    it(name.replace(/\.\w+$/, ""), () => {
      const file = path.join(PROJECT, name);
      const found = (result.findings.get(file) ?? [])
        .map((finding) => `${finding.range.start.line + 1}:${finding.code}`)
        .sort();
      assert.deepEqual(found, expectedMarkers(file));
    });
  }

  it("reports no config problems", () => {
    assert.deepEqual(result.configProblems, []);
  });
});
