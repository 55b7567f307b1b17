import * as assert from "node:assert/strict";
import { describe, it } from "node:test";
import { runCli } from "../support/cli";
import { REPO_ROOT, writeTempProject } from "../support/paths";

const TARGET = "test/fixtures/lineage/a.ts:5:7";

describe("lineage command", () => {
  it("prints a tree", () => {
    const run = runCli(["lineage", TARGET], REPO_ROOT);
    assert.equal(run.status, 0, run.stderr);
    const lines = run.stdout.trimEnd().split("\n");
    assert.match(
      lines[0]!,
      /^greeting {2}assigned to `greeting` {2}\[PII\] {2}test\/fixtures\/lineage\/a\.ts:5:7$/,
    );
    assert.equal(lines[1], "  Upstream");
    assert.match(
      lines[2]!,
      /^ {4}<- PII from `email` {2}\[PII\] {2}test\/fixtures\/lineage\/a\.ts:4:7$/,
    );
    assert.equal(lines[3], "  Downstream");
    assert.match(
      lines.at(-1)!,
      /reaches `track` \(analytics\) {2}\[PII\] {2}\(VIOLATION\) {2}test\/fixtures\/lineage\/b\.ts:5:9$/,
    );
  });

  it("rejects positions outside the file", () => {
    const file = TARGET.replace(/:\d+:\d+$/, "");
    const pastEnd = runCli(["lineage", `${file}:1:500`], REPO_ROOT);
    assert.equal(pastEnd.status, 2);
    assert.match(pastEnd.stderr, /Line 1 of .* has \d+ columns, fewer than 500\./);
    const zero = runCli(["lineage", `${file}:1:0`], REPO_ROOT);
    assert.equal(zero.status, 2);
    assert.match(zero.stderr, /Line and column start at 1/);
  });

  it("prints JSON with the same graph", () => {
    const run = runCli(["lineage", TARGET, "--format", "json"], REPO_ROOT);
    const graph = JSON.parse(run.stdout);
    assert.equal(graph.root, "a.ts:5:7:variable");
    assert.equal(graph.nodes.length, 5);
    assert.equal(graph.edges.length, 4);
  });

  it("prints DOT and Mermaid", () => {
    const dot = runCli(["lineage", TARGET, "--format", "dot"], REPO_ROOT).stdout;
    assert.match(dot, /^digraph lineage \{/);
    assert.match(dot, /"a\.ts:5:7:variable" -> "a\.ts:6:6:parameter" \[label="argument"\];/);
    const mermaid = runCli(["lineage", TARGET, "--format", "mermaid"], REPO_ROOT).stdout;
    assert.match(mermaid, /^flowchart LR\n/);
    assert.equal((mermaid.match(/-->\|/g) ?? []).length, 4);
  });

  it("escapes labels from the analysed code", () => {
    const source =
      '/** @zone PII */ const email = "x";\nconsole.log("<img src=x onerror=alert(1)>" + email);\n';
    const dir = writeTempProject({ "a.ts": source });
    const mermaid = runCli(["lineage", "a.ts:1:24", "--format", "mermaid"], dir).stdout;
    assert.doesNotMatch(mermaid, /<img/);
    assert.match(mermaid, /&lt;img src=x onerror=alert\(1\)&gt;/);
    const dot = runCli(["lineage", "a.ts:1:24", "--format", "dot"], dir).stdout;
    assert.match(dot, /\\"<img src=x onerror=alert\(1\)>\\"/);
  });

  it("rejects a malformed location", () => {
    const run = runCli(["lineage", "a.ts"], REPO_ROOT);
    assert.equal(run.status, 2);
    assert.match(run.stderr, /lineage takes one FILE:LINE:COLUMN/);
  });
});
