import * as assert from "node:assert/strict";
import * as path from "node:path";
import { before, describe, it } from "node:test";
import { Analyzer } from "../../server/src/engine";
import type { LineageGraph } from "../../server/src/engine";
import { FIXTURES, writeTempProject } from "../support/paths";

const PROJECT = path.join(FIXTURES, "lineage");
const A = path.join(PROJECT, "a.ts");
const B = path.join(PROJECT, "b.ts");

/** `id zones` per node and `from -> to (kind)` per edge, sorted, for exact comparison. */
function shape(graph: LineageGraph): { root: string | null; nodes: string[]; edges: string[] } {
  return {
    root: graph.root,
    nodes: graph.nodes
      .map((node) => `${node.id} ${node.zones.join(",")}${node.violation ? " violation" : ""}`)
      .sort(),
    edges: graph.edges.map((edge) => `${edge.from} -> ${edge.to} (${edge.kind})`).sort(),
  };
}

const FULL_NODES = [
  "a.ts:4:7:source PII",
  "a.ts:5:7:variable PII",
  "a.ts:6:6:parameter PII",
  "b.ts:4:22:parameter PII",
  "b.ts:5:9:sink PII violation",
];
const FULL_EDGES = [
  "a.ts:4:7:source -> a.ts:5:7:variable (assign)",
  "a.ts:5:7:variable -> a.ts:6:6:parameter (argument)",
  "a.ts:6:6:parameter -> b.ts:4:22:parameter (argument)",
  "b.ts:4:22:parameter -> b.ts:5:9:sink (sink)",
];

describe("lineage", () => {
  let analyzer: Analyzer;

  before(() => {
    analyzer = Analyzer.forConfigFile(path.join(PROJECT, "tsconfig.json"));
    analyzer.analyze();
  });

  it("variable: sources upstream and sinks downstream", () => {
    const graph = analyzer.lineage(A, { line: 4, character: 6 });
    assert.deepEqual(shape(graph), {
      root: "a.ts:5:7:variable",
      nodes: FULL_NODES,
      edges: FULL_EDGES,
    });
  });

  it("source: everything it reaches", () => {
    const graph = analyzer.lineage(A, { line: 3, character: 6 }, "downstream");
    assert.deepEqual(shape(graph), {
      root: "a.ts:4:7:source",
      nodes: FULL_NODES,
      edges: FULL_EDGES,
    });
  });

  it("sink in another file: upstream across files", () => {
    const graph = analyzer.lineage(B, { line: 4, character: 9 }, "upstream");
    assert.deepEqual(shape(graph), { root: "b.ts:5:9:sink", nodes: FULL_NODES, edges: FULL_EDGES });
    const sink = graph.nodes.find((node) => node.kind === "sink")!;
    assert.equal(sink.purpose, "analytics");
  });

  it("upstream stops at the root", () => {
    const graph = analyzer.lineage(A, { line: 4, character: 6 }, "upstream");
    assert.deepEqual(shape(graph).edges, ["a.ts:4:7:source -> a.ts:5:7:variable (assign)"]);
  });

  it("symbol without zones: the symbol alone", () => {
    const graph = analyzer.lineage(A, { line: 6, character: 6 });
    assert.deepEqual(shape(graph), {
      root: "a.ts:7:7:variable",
      nodes: ["a.ts:7:7:variable "],
      edges: [],
    });
  });

  it("position off any symbol: empty", () => {
    assert.deepEqual(analyzer.lineage(A, { line: 1, character: 0 }), {
      root: null,
      nodes: [],
      edges: [],
    });
    assert.deepEqual(analyzer.lineage(A, { line: 99, character: 0 }), {
      root: null,
      nodes: [],
      edges: [],
    });
  });

  it("limits depth", () => {
    const graph = analyzer.lineage(A, { line: 4, character: 6 }, "downstream", 1);
    assert.deepEqual(shape(graph).edges, ["a.ts:5:7:variable -> a.ts:6:6:parameter (argument)"]);
  });
});

describe("lineage through an exemption", () => {
  it("puts the exemption between the value and the sink", () => {
    const source = [
      "/** @zone PII */ const email = 'x';",
      "// privacy-zones-disable-next-line PZ001 -- reviewed: support export",
      "console.log(email);",
    ].join("\n");
    const dir = writeTempProject({ "a.ts": source });
    const file = path.join(dir, "a.ts");
    const analyzer = Analyzer.forLooseFiles([file]);
    analyzer.analyze();
    const graph = analyzer.lineage(file, { line: 2, character: 13 });
    assert.deepEqual(shape(graph), {
      root: "a.ts:3:13:sink",
      nodes: ["a.ts:1:24:source PII", "a.ts:2:1:exemption PII", "a.ts:3:13:sink PII"],
      edges: [
        "a.ts:1:24:source -> a.ts:2:1:exemption (sink)",
        "a.ts:2:1:exemption -> a.ts:3:13:sink (sink)",
      ],
    });
    const exemption = graph.nodes.find((node) => node.kind === "exemption")!;
    assert.equal(exemption.detail, "exempted: reviewed: support export");
  });
});

describe("lineage over edits and file names", () => {
  it("follows an edit of the analysed code", () => {
    const dir = writeTempProject({
      "tsconfig.json": JSON.stringify({ include: ["*.ts"] }),
      "main.ts": "/** @zone PII */\nconst email = 'a';\nconsole.log(email);\n",
    });
    const file = path.join(dir, "main.ts");
    const analyzer = Analyzer.forConfigFile(path.join(dir, "tsconfig.json"));
    analyzer.analyze();
    const position = { line: 1, character: 6 };
    const sinks = () =>
      analyzer
        .lineage(file, position, "downstream")
        .nodes.filter((node) => node.kind === "sink")
        .map((node) => node.detail);
    assert.deepEqual(sinks(), ["reaches `console.log` (logging)"]);
    analyzer.setFileText(file, "/** @zone PII */\nconst email = 'a';\nconsole.warn(email);\n");
    analyzer.analyze();
    assert.deepEqual(sinks(), ["reaches `console.warn` (logging)"]);
  });

  it("keeps two files of the same name apart", () => {
    const code = "/** @zone PII */\nexport const v = 'a';\nconsole.log(v);\n";
    const dir = writeTempProject({
      "tsconfig.json": JSON.stringify({ include: ["**/*.ts"] }),
      "a/util.ts": code,
      "b/util.ts": code,
    });
    const analyzer = Analyzer.forConfigFile(path.join(dir, "tsconfig.json"));
    analyzer.analyze();
    const position = { line: 1, character: 13 };
    const first = analyzer.lineage(path.join(dir, "a", "util.ts"), position);
    const second = analyzer.lineage(path.join(dir, "b", "util.ts"), position);
    assert.notEqual(first.root, second.root);
    const rootOf = (graph: LineageGraph) => graph.nodes.find((node) => node.id === graph.root);
    assert.equal(rootOf(first)!.location.file, path.join(dir, "a", "util.ts"));
    assert.equal(rootOf(second)!.location.file, path.join(dir, "b", "util.ts"));
  });
});
