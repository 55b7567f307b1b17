import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { after, before, describe, test } from "node:test";
import type { LineageNode, LineageParams, LineageResult } from "../../server/src/protocol";
import { REPO_ROOT } from "../support/paths";
import { LOOKED_AT, PROMPT, SUBJECT, type ExpectedLineage } from "./lineage-expected";
import { TestClient } from "./lsp-client";

/** Formats a node as lineage-expected.ts writes it. */
function describeNode(node: LineageNode): string {
  const parts = [node.id, node.zones.join(",")];
  if (node.confidence === "inferred") parts.push("inferred");
  if (node.purpose !== undefined) parts.push(node.purpose);
  if (node.violation) parts.push("violation");
  return parts.join(" ");
}

function assertGraph(graph: LineageResult, expected: ExpectedLineage): void {
  for (const node of graph.nodes) assert.ok(node.id.endsWith(`:${node.kind}`), node.id);
  assert.deepEqual(graph.nodes.map(describeNode).sort(), [...expected.nodes].sort());
  const edges = graph.edges.map((edge) => `${edge.from} -${edge.kind}-> ${edge.to}`);
  assert.deepEqual(edges.sort(), [...expected.edges].sort());
}

describe("privacyZones/lineage over stdio on the AI-glasses example", () => {
  let root: string;
  let client: TestClient;
  const opened = new Map<string, string>();

  before(async () => {
    root = fs.mkdtempSync(path.join(fs.realpathSync(os.tmpdir()), "pz-lineage-"));
    fs.cpSync(path.join(REPO_ROOT, "examples", "ai-glasses"), root, { recursive: true });
    client = (await TestClient.start(root)).client;
  });

  after(async () => {
    await client.stop();
    fs.rmSync(root, { recursive: true, force: true });
  });

  /** Opens a file of the copy once and waits for its first analysis. */
  async function openAnalysed(file: string): Promise<string> {
    const known = opened.get(file);
    if (known) return known;
    const uri = await client.open(path.join(root, file));
    opened.set(file, uri);
    await client.waitForDiagnostics(uri, () => true, `the analysis of ${file}`);
    return uri;
  }

  /** Asks for the lineage at a one-based line and column, as the CLI writes positions. */
  async function lineageAt(
    file: string,
    line: number,
    column: number,
    direction?: LineageParams["direction"],
  ): Promise<LineageResult> {
    const uri = await openAnalysed(file);
    const params: LineageParams = {
      textDocument: { uri },
      position: { line: line - 1, character: column - 1 },
      direction,
    };
    return client.connection.sendRequest("privacyZones/lineage", params);
  }

  test("prompt: request fields to model sinks", async () => {
    const graph = await lineageAt("src/api/assist-handler.ts", 35, 11);
    assert.equal(graph.root, "assist-handler.ts:35:11:variable");
    const rootNode = graph.nodes.find((node) => node.id === graph.root);
    assert.equal(rootNode?.label, "prompt");
    assert.equal(rootNode?.location.file, path.join(root, "src", "api", "assist-handler.ts"));
    assert.deepEqual(rootNode?.location.range, {
      start: { line: 34, character: 10 },
      end: { line: 34, character: 16 },
    });
    assertGraph(graph, PROMPT);
  });

  test("lookedAt: upstream crosses files", async () => {
    const graph = await lineageAt("src/ads/ads-features.ts", 32, 56);
    assert.equal(graph.root, "ads-features.ts:32:56:parameter");
    const caller = graph.nodes.find((node) => node.id === "assist-handler.ts:51:31:parameter");
    assert.equal(caller?.location.file, path.join(root, "src", "api", "assist-handler.ts"));
    assertGraph(graph, LOOKED_AT);
  });

  test("subject: email into JWT and response", async () => {
    const graph = await lineageAt("src/accounts/user-store.ts", 45, 11);
    assert.equal(graph.root, "user-store.ts:45:11:variable");
    assertGraph(graph, SUBJECT);
  });

  test("upstream direction omits sinks", async () => {
    const graph = await lineageAt("src/accounts/user-store.ts", 45, 11, "upstream");
    assert.deepEqual(graph.nodes.map((node) => node.id).sort(), [
      "user-store.ts:45:11:variable",
      "user-store.ts:45:29:source",
    ]);
  });

  test("non-symbol position returns empty lineage", async () => {
    // Line 42 of user-store.ts is a comment.
    const graph = await lineageAt("src/accounts/user-store.ts", 42, 12);
    assert.deepEqual(graph, { root: null, nodes: [], edges: [] });
  });
});
