import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { describe, it } from "node:test";
import Ajv from "ajv-draft-04";
import { runCli } from "../support/cli";
import { writeTempProject } from "../support/paths";

const LEAK = `/** @zone PII */
const email = "a@example.com";
function logIt(message: string) {
  console.log(message);
}
logIt(email);
`;

describe("check output formats", () => {
  it("json matches the documented shape", () => {
    const dir = writeTempProject({ "leak.ts": LEAK });
    const run = runCli(["check", ".", "--format", "json"], dir);
    assert.equal(run.status, 1);
    const report = JSON.parse(run.stdout);
    assert.equal(report.version, 1);
    assert.deepEqual(Object.keys(report.summary).sort(), [
      "durationMs",
      "errors",
      "files",
      "warnings",
    ]);
    const [finding] = report.findings;
    assert.deepEqual(
      {
        code: finding.code,
        file: finding.file,
        line: finding.line,
        column: finding.column,
        endColumn: finding.endColumn,
      },
      { code: "PZ001", file: "leak.ts", line: 4, column: 15, endColumn: 22 },
    );
    assert.deepEqual(finding.zones, ["PII"]);
    assert.equal(finding.inferred, false);
    assert.deepEqual(finding.sink, { callee: "console.log", purpose: "logging" });
    assert.deepEqual(
      finding.path.map((step: { line: number; message: string }) => `${step.line} ${step.message}`),
      [
        "2 PII from `email`",
        "6 passed as `message` to `logIt`",
        "4 reaches `console.log` (logging)",
      ],
    );
  });

  it("sarif validates against the SARIF 2.1.0 schema", () => {
    const dir = writeTempProject({ "leak.ts": LEAK });
    const run = runCli(["check", ".", "--format", "sarif"], dir);
    const log = JSON.parse(run.stdout) as { runs: any[] };
    const schemaFile = require.resolve("@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json");
    // The schema has a language-tag pattern that is invalid under the u flag.
    const ajv = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false });
    const validate = ajv.compile(JSON.parse(fs.readFileSync(schemaFile, "utf8")));
    assert.ok(validate(log), JSON.stringify(validate.errors, null, 2));
    const result = log.runs[0].results[0];
    assert.equal(result.ruleId, "PZ001");
    assert.equal(result.codeFlows.length, 1);
    assert.equal(result.codeFlows[0].threadFlows[0].locations.length, 3);
    assert.equal(result.locations[0].physicalLocation.artifactLocation.uri, "leak.ts");
  });

  it("shows each zone's own path", () => {
    const dir = writeTempProject({
      "leak.ts": `/** @zone PII */
const email = "a@example.com";
/** @zone HEALTH */
const diagnosis = "flu";
const note = { text: diagnosis };
/** @zone PII HEALTH */
const record = "r";
console.log(email + note.text);
console.log(record);
`,
    });
    const text = runCli(["check", "."], dir).stdout;
    assert.match(text, /^ {4}PII took another path:\n {4}1\. leak\.ts:2:7 {2}PII from `email`$/m);
    assert.equal(text.match(/took another path/g)?.length, 1);

    const json = JSON.parse(runCli(["check", ".", "--format", "json"], dir).stdout);
    const [mixed, single] = json.findings;
    assert.deepEqual(mixed.zones, ["HEALTH", "PII"]);
    assert.equal(mixed.path[0].message, "HEALTH from `diagnosis`");
    assert.equal(mixed.otherPaths.length, 1);
    assert.deepEqual(mixed.otherPaths[0].zones, ["PII"]);
    assert.deepEqual(
      mixed.otherPaths[0].path.map((step: { line: number }) => step.line),
      [2, 8],
    );
    assert.deepEqual(single.zones, ["HEALTH", "PII"]);
    assert.deepEqual(single.otherPaths, []);

    const sarif = JSON.parse(runCli(["check", ".", "--format", "sarif"], dir).stdout);
    const flows = sarif.runs[0].results[0].codeFlows;
    assert.deepEqual(
      flows.map((flow: { message: { text: string } }) => flow.message.text),
      ["Path of HEALTH data", "Path of PII data"],
    );
    assert.equal(sarif.runs[0].results[1].codeFlows.length, 1);
  });

  it("lists skipped files in every format", () => {
    const dir = writeTempProject({
      "leak.ts": LEAK,
      "big.ts": `export const text = "${"x".repeat(2000)}";\n`,
    });
    const options = ["--max-file-size", "1000"];
    const text = runCli(["check", ".", ...options], dir);
    assert.match(text.stdout, /^big\.ts:1:1 {2}warning {2}Not analysed: larger than 1000 bytes/m);
    assert.match(text.stdout, /1 error, 0 warnings, 1 not analysed \(\d+ ms\)$/m);
    const json = JSON.parse(runCli(["check", ".", "--format", "json", ...options], dir).stdout);
    assert.equal(json.skipped.length, 1);
    assert.equal(json.skipped[0].file, "big.ts");
    assert.deepEqual(json.incomplete, []);
    const sarif = JSON.parse(runCli(["check", ".", "--format", "sarif", ...options], dir).stdout);
    const invocation = sarif.runs[0].invocations[0];
    assert.equal(invocation.executionSuccessful, true);
    assert.equal(invocation.toolExecutionNotifications.length, 1);
    assert.match(invocation.toolExecutionNotifications[0].message.text, /^Not analysed: /);
  });

  it("--output writes the report to a file", () => {
    const dir = writeTempProject({ "leak.ts": LEAK });
    const run = runCli(["check", ".", "--format", "json", "--output", "report.json"], dir);
    assert.equal(run.stdout, "");
    assert.equal(
      JSON.parse(fs.readFileSync(path.join(dir, "report.json"), "utf8")).findings.length,
      1,
    );
  });
});
