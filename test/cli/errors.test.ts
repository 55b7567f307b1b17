import * as assert from "node:assert/strict";
import { spawn, spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { describe, it } from "node:test";
import { deepHookChain } from "../support/analyze";
import { runCli } from "../support/cli";
import { CLI, writeTempProject } from "../support/paths";

const LEAK = "/** @zone PII */\nexport const email = 'a';\nconsole.log(email);\n";

describe("check on bad input", () => {
  it("exits 2 for a missing path", () => {
    const dir = writeTempProject({});
    const run = runCli(["check", "missing"], dir);
    assert.equal(run.status, 2);
    assert.match(run.stderr, /Path not found: missing/);
  });

  it("exits 2 for an unknown format", () => {
    const dir = writeTempProject({ "a.ts": "" });
    const run = runCli(["check", ".", "--format", "xml"], dir);
    assert.equal(run.status, 2);
    assert.match(run.stderr, /Unknown format `xml`/);
  });

  it("reports invalid config JSON at its position", () => {
    const dir = writeTempProject({
      "a.ts": "console.log(1);\n",
      "privacy-zones.json": '{\n  "zones": {\n    "PII": { "allow": [logging] }\n  }\n}\n',
    });
    const run = runCli(["check", "."], dir);
    assert.equal(run.status, 2);
    assert.match(
      run.stdout,
      /^privacy-zones\.json:3:24 {2}error {2}Invalid JSON: invalid symbol\. {2}\[config\]$/m,
    );
    assert.doesNotMatch(run.stdout + run.stderr, /\n\s+at /);
  });

  it("exits 2 for invalid tsconfig JSON", () => {
    const dir = writeTempProject({
      "a.ts": "console.log(1);\n",
      "tsconfig.json": '{\n  "compilerOptions": { "lib": ["esnext",}\n}\n',
    });
    const run = runCli(["check", "."], dir);
    assert.equal(run.status, 2);
    assert.match(
      run.stderr,
      /^privacy-zones: Invalid tsconfig\.json at .*tsconfig\.json:2:\d+: Expression or comma expected\.$/m,
    );
    assert.doesNotMatch(run.stderr, /\n\s+at /);
  });

  it("warns about an unknown tsconfig lib", () => {
    const dir = writeTempProject({
      "a.ts": "/** @zone PII */\nexport const email = 'a';\nconsole.log(email);\n",
      "tsconfig.json": '{\n  "compilerOptions": { "lib": ["es2022", "esnext.full"] }\n}\n',
    });
    const run = runCli(["check", "."], dir);
    assert.equal(run.status, 1, run.stderr);
    assert.match(
      run.stdout,
      /^tsconfig\.json:2:42 {2}warning {2}tsconfig\.json: Unknown value "esnext\.full" for compiler option 'lib' \(TS6046\)\. .*\[config\]$/m,
    );
    assert.match(run.stdout, /^a\.ts:3:13 {2}error .*\[PZ001\]$/m);
  });

  // Nested parentheses overflow TypeScript's parser. A chain of calls passes the parser and
  // overflows the binder, which runs when the checker is built.
  const tooDeep = [
    { stage: "parser", text: `export const x = ${"(".repeat(10_000)}1${")".repeat(10_000)};\n` },
    { stage: "binder", text: `export const x = "a"${".trim()".repeat(5000)};\n` },
  ];
  for (const { stage, text } of tooDeep) {
    it(`skips a file too deep for the ${stage}`, () => {
      const dir = writeTempProject({
        "deep.ts": text,
        "a.ts": "/** @zone PII */\nexport const email = 'a';\nconsole.log(email);\n",
        "tsconfig.json": "{}",
      });
      const run = runCli(["check", "."], dir);
      assert.equal(run.status, 1, run.stderr);
      assert.match(
        run.stdout,
        new RegExp(`^deep\\.ts:1:1 {2}warning {2}Not analysed: TypeScript's ${stage} failed`, "m"),
      );
      assert.match(run.stdout, /^a\.ts:3:13 {2}error .*\[PZ001\]$/m);
    });
  }

  it("reports an expression too deep to follow as incomplete", () => {
    const dir = writeTempProject({
      "a.ts": `/** @zone PII */\nconst email = 'a';\nconsole.log(email${' + "a"'.repeat(500)});\n`,
      "tsconfig.json": "{}",
    });
    const run = runCli(["check", ".", "--fail-on-incomplete"], dir);
    assert.equal(run.status, 1, run.stderr);
    assert.match(run.stderr, /skipped an expression nested more than 400 levels deep \(a\.ts:3\)/);
    assert.match(run.stdout, /analysis incomplete/);
  });

  it("reports an unknown purpose with a suggestion", () => {
    const config = '{ "zones": { "PII": { "allow": ["loging"] } } }';
    const dir = writeTempProject({ "a.ts": "", "privacy-zones.json": config });
    const run = runCli(["check", "."], dir);
    assert.equal(run.status, 2);
    assert.match(
      run.stdout,
      /privacy-zones\.json:1:33 {2}error {2}Unknown purpose `loging` in zone PII\. Did you mean `logging`\?/,
    );
  });

  it("warns about an unmatched model", () => {
    const dir = writeTempProject({
      "tsconfig.json": '{ "include": ["src"] }',
      "privacy-zones.json":
        '{\n  "sinks": [\n    { "function": "audit.record", "purpose": "logging" }\n  ]\n}\n',
      "src/a.ts": "export const audit = { write(x: unknown) {} };\n",
    });
    const run = runCli(["check", "."], dir);
    assert.equal(run.status, 0, "a warning does not fail the check");
    assert.match(
      run.stdout,
      /^privacy-zones\.json:3:19 {2}warning {2}Sink model `audit\.record` matches no call in the project\./m,
    );
    const json = JSON.parse(runCli(["check", ".", "--format", "json"], dir).stdout);
    assert.equal(json.configProblems.length, 1);
    assert.equal(json.configProblems[0].severity, "warning");
  });

  it("analyses a file with syntax errors without crashing", () => {
    const dir = writeTempProject({
      "broken.ts": "/** @zone PII */ const email = 'x';\nconsole.log(email;\nfunction (\n",
    });
    const run = runCli(["check", "."], dir);
    assert.equal(run.status, 1, run.stderr);
    assert.match(run.stdout, /broken\.ts:2:13 {2}error {2}PII data reaches `console\.log`/);
  });

  it("warns about a file with syntax errors", () => {
    const dir = writeTempProject({
      "broken.ts": "export function f(a: string {\n  return a;\n}\n",
      "fine.ts": "export const id = 1;\n",
    });
    const text = runCli(["check", "."], dir);
    assert.equal(text.status, 0, text.stderr);
    assert.match(
      text.stdout,
      /broken\.ts:1:29 {2}warning {2}Syntax error: ',' expected \(and 3 more\)\. Flows through the code around it may be missed\. {2}\[syntax\]/,
    );
    assert.match(text.stdout, /2 files checked: .*, 1 with syntax errors/);

    const json = JSON.parse(runCli(["check", ".", "--format", "json"], dir).stdout);
    assert.deepEqual(json.syntaxErrors, [
      { file: "broken.ts", line: 1, column: 29, message: "',' expected.", count: 4 },
    ]);

    const sarif = JSON.parse(runCli(["check", ".", "--format", "sarif"], dir).stdout);
    const notes = sarif.runs[0].invocations[0].toolExecutionNotifications;
    assert.equal(notes.length, 1);
    assert.match(notes[0].message.text, /^Syntax error: ',' expected \(and 3 more\)/);

    const strict = runCli(["check", ".", "--fail-on-incomplete"], dir);
    assert.equal(strict.status, 1);
  });

  it("accepts type annotations in JavaScript files", () => {
    const dir = writeTempProject({
      "flow.js": "// @flow\nexport function f(a: string): string {\n  return a;\n}\n",
    });
    const json = JSON.parse(runCli(["check", "flow.js", "--format", "json"], dir).stdout);
    assert.deepEqual(json.syntaxErrors, []);
  });

  it("skips a file over the size limit with a warning", () => {
    const big =
      "/** @zone PII */ const email = 'x';\nconsole.log(email);\n" +
      "const filler = 1;\n".repeat(2000);
    const dir = writeTempProject({ "big.ts": big });
    const run = runCli(["check", ".", "--max-file-size", "10000"], dir);
    assert.equal(run.status, 0);
    assert.match(run.stdout, /big\.ts:1:1 {2}warning {2}Not analysed: larger than 10000 bytes/);
  });

  it("--fail-on-incomplete fails on a skipped file", () => {
    const dir = writeTempProject({
      "big.ts": "const filler = 1;\n".repeat(2000),
      "small.ts": "export const id = 1;\n",
    });
    const run = runCli(
      ["check", ".", "--max-file-size", "10000", "--fail-on-incomplete", "--format", "json"],
      dir,
    );
    assert.equal(run.status, 1);
    assert.equal(JSON.parse(run.stdout).findings.length, 0);
    assert.match(run.stderr, /the check is incomplete and --fail-on-incomplete is set/);
  });

  it("--fail-on-incomplete fails a stopped analysis", () => {
    const source = [
      ...deepHookChain(),
      "export function deep() { const { send } = useLevel1000(); send('a'); }",
    ].join("\n");
    const dir = writeTempProject({ "deep.ts": source });
    const plain = runCli(["check", "."], dir);
    assert.equal(plain.status, 0, plain.stderr);
    assert.match(plain.stderr, /the analysis of .* skipped `deep`/);
    const strict = runCli(["check", ".", "--fail-on-incomplete"], dir);
    assert.equal(strict.status, 1, strict.stderr);
    assert.match(strict.stdout, /analysis incomplete/);
  });

  it("survives a deeply nested expression", () => {
    const deep =
      "/** @zone PII */ const email = 'x';\nconsole.log(" + "email + ".repeat(5000) + "email);\n";
    const dir = writeTempProject({ "deep.ts": deep });
    const run = runCli(["check", "."], dir);
    assert.ok(run.status === 0 || run.status === 1, run.stderr);
  });

  it("rejects --output naming a folder", () => {
    const dir = writeTempProject({ "a.ts": LEAK, "reports/keep.txt": "kept" });
    const run = runCli(["check", ".", "--output", "reports"], dir);
    assert.equal(run.status, 2);
    assert.equal(
      run.stderr,
      "privacy-zones: Cannot write the report to reports: it is a folder.\n",
    );
    assert.deepEqual(fs.readdirSync(path.join(dir, "reports")), ["keep.txt"]);
  });

  it("rejects --output in a missing folder", () => {
    const dir = writeTempProject({ "a.ts": LEAK });
    const run = runCli(["check", ".", "--output", "missing/report.txt"], dir);
    assert.equal(run.status, 2);
    assert.equal(
      run.stderr,
      "privacy-zones: Cannot write the report to missing/report.txt: the folder missing does not exist.\n",
    );
    assert.deepEqual(fs.readdirSync(dir), ["a.ts"]);
  });

  it("rejects --output under a file", () => {
    const dir = writeTempProject({ "a.ts": LEAK });
    const run = runCli(["check", "a.ts", "--output", "a.ts/report.txt"], dir);
    assert.equal(run.status, 2);
    assert.match(
      run.stderr,
      /^privacy-zones: Cannot write the report to a\.ts\/report\.txt: a\.ts is not a folder\.\n$/,
    );
  });

  for (const command of ["check", "lineage"]) {
    it(`prints usage for ${command} --help`, () => {
      const dir = writeTempProject({});
      for (const flag of ["--help", "-h"]) {
        const run = runCli([command, flag], dir);
        assert.equal(run.status, 0, run.stderr);
        assert.match(run.stdout, /^Usage:\n/);
        assert.match(run.stdout, new RegExp(`privacy-zones ${command} `));
        assert.equal(run.stderr, "");
      }
    });
  }

  it("rejects --config naming a folder", () => {
    const dir = writeTempProject({ "a.ts": "", "policy/privacy-zones.json": "{}" });
    const run = runCli(["check", ".", "--config", "policy"], dir);
    assert.equal(run.status, 2);
    assert.equal(
      run.stderr,
      `privacy-zones: --config names a folder, not a file: policy. Did you mean ${path.join("policy", "privacy-zones.json")}?\n`,
    );
  });

  it("reads a config with a byte order mark", () => {
    const dir = writeTempProject({
      "a.ts": LEAK,
      "privacy-zones.json": '\ufeff{ "zones": { "PII": { "mode": "log" } } }\n',
    });
    const run = runCli(["check", "."], dir);
    assert.equal(run.status, 0, run.stdout);
    assert.doesNotMatch(run.stdout, /\[config\]/);
    assert.match(run.stdout, /^a\.ts:3:13 {2}warning {2}PII data reaches `console\.log`/m);
  });

  it("rejects a deeply nested config", () => {
    const depth = 3000;
    const dir = writeTempProject({
      "a.ts": LEAK,
      "privacy-zones.json": `{ "zones": { "PII": { "description": ${"[".repeat(depth)}${"]".repeat(depth)} } } }`,
    });
    const run = runCli(["check", "."], dir);
    assert.equal(run.status, 2, run.stderr);
    assert.equal(run.stderr, "");
    assert.match(
      run.stdout,
      /^privacy-zones\.json:1:\d+ {2}error {2}Invalid config: arrays and objects nest more than 64 levels deep, and a valid config needs at most 5\./m,
    );
    assert.match(run.stdout, /^a\.ts:3:13 {2}error .*\[PZ001\]$/m, "the preset still applies");
  });

  it("reports a duplicate key in the config", () => {
    const dir = writeTempProject({
      "a.ts": LEAK,
      "privacy-zones.json":
        '{\n  "zones": {\n    "PII": { "allow": [] },\n    "PII": { "allow": ["logging"] }\n  }\n}\n',
    });
    const run = runCli(["check", "."], dir);
    assert.equal(run.status, 2);
    assert.match(
      run.stdout,
      /^privacy-zones\.json:4:5 {2}error {2}Duplicate key `PII`, first at line 3\./m,
    );
  });

  it("reports an invalid sink argument position", () => {
    const dir = writeTempProject({
      "a.ts": LEAK,
      "privacy-zones.json":
        '{ "sinks": [{ "function": "track", "purpose": "analytics", "arguments": [-1] }] }',
    });
    const run = runCli(["check", "."], dir);
    assert.equal(run.status, 2);
    assert.match(
      run.stdout,
      /^privacy-zones\.json:1:74 {2}error {2}Argument position must be a whole number, 0 or more, not -1\./m,
    );
  });

  it("reports a misspelt zone in a source model", () => {
    const dir = writeTempProject({
      "a.ts": "declare function readChart(): string;\nconsole.log(readChart());\n",
      "privacy-zones.json": '{ "sources": [{ "function": "readChart", "zone": "HEALHT" }] }',
    });
    const run = runCli(["check", "."], dir);
    assert.equal(run.status, 2);
    assert.match(
      run.stdout,
      /^privacy-zones\.json:1:50 {2}error {2}Unknown zone `HEALHT`\. Did you mean `HEALTH`\? Declare it under `zones` to add it\./m,
    );
    assert.doesNotMatch(run.stdout, /HEALHT data/);
  });

  for (const [name, config] of [
    ["an unknown preset", '{ "extends": "privacy-zones:recomended" }'],
    ["a non-object root", "[]"],
    ["an empty config", ""],
    ["a comment-only config", "// no policy yet\n"],
  ]) {
    it(`reports ${name} alone`, () => {
      const dir = writeTempProject({ "a.ts": LEAK, "privacy-zones.json": config! });
      const run = runCli(["check", ".", "--format", "json"], dir);
      assert.equal(run.status, 2, run.stderr);
      const report = JSON.parse(run.stdout);
      assert.equal(report.configProblems.length, 1, run.stdout);
      assert.match(
        report.configProblems[0].message,
        /The analysis uses the preset `privacy-zones:recommended` in its place\.$/,
      );
      const codes = report.findings.map((finding: { code: string }) => finding.code);
      assert.deepEqual(codes, ["PZ001"], "annotations name known zones");
    });
  }

  it("places a missing tsconfig extends", () => {
    const dir = writeTempProject({
      "a.ts": LEAK,
      "tsconfig.json": '{\n  "extends": ["./missing.json"],\n  "compilerOptions": {}\n}\n',
    });
    const run = runCli(["check", "."], dir);
    assert.equal(run.status, 1, run.stderr);
    assert.match(
      run.stdout,
      /^tsconfig\.json:2:15 {2}warning {2}tsconfig\.json: Cannot read file '.*missing\.json' \(TS5083\)\./m,
    );
  });
});

describe("check into a closed pipe", () => {
  it("stops quietly when the reader closes early", async () => {
    // Enough findings that the report is larger than a pipe's buffer.
    const lines = Array.from({ length: 400 }, (_, index) => `console.log(email${index});`);
    const declarations = Array.from(
      { length: 400 },
      (_, index) => `/** @zone PII */\nexport const email${index} = "a";`,
    );
    const dir = writeTempProject({ "a.ts": [...declarations, ...lines].join("\n") + "\n" });
    const child = spawn(process.execPath, [CLI, "check", ".", "--format", "json"], { cwd: dir });
    let stderr = "";
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    // Reads the first chunk, then closes the pipe, as `| head -c 100` does.
    child.stdout.once("data", () => child.stdout.destroy());
    const status = await new Promise<number | null>((resolve) => child.on("close", resolve));
    assert.doesNotMatch(stderr, /EPIPE|Unhandled/);
    assert.equal(status, 1, "the exit code of a check with findings");
  });
});

describe("check into a full disk", () => {
  it("names the write error and exits 3", { skip: !fs.existsSync("/dev/full") }, () => {
    const dir = writeTempProject({ "a.ts": LEAK });
    const output = fs.openSync("/dev/full", "w");
    try {
      const child = spawnSync(process.execPath, [CLI, "check", "."], {
        cwd: dir,
        stdio: ["ignore", output, "pipe"],
        encoding: "utf8",
      });
      assert.equal(child.status, 3);
      assert.match(child.stderr, /^privacy-zones: cannot write to standard output: ENOSPC/);
      assert.doesNotMatch(child.stderr, /\n\s+at /);
    } finally {
      fs.closeSync(output);
    }
  });
});
