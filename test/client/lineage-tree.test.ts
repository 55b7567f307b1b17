import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { describe, test } from "node:test";
import {
  HiddenPaths,
  LineageTree,
  type LineageTreeNode,
} from "../../client/src/views/lineage-tree";
import type { LineageGraph } from "../../server/src/protocol";
import { REPO_ROOT } from "../support/paths";

// The saved graph of `prompt` in examples/ai-glasses, with one extra source in untrusted.ts.
const GRAPH = JSON.parse(
  fs.readFileSync(
    path.join(REPO_ROOT, "test", "webview", "fixtures", "lineage-graph.json"),
    "utf8",
  ),
) as LineageGraph;
const SRC = "/workspace/ai-glasses/src";

/** Returns every node id under the root in one direction, depth first. */
function reachable(tree: LineageTree, direction: "upstream" | "downstream"): Set<string> {
  const ids = new Set<string>();
  const pending: LineageTreeNode[] = tree.roots(direction);
  for (let entry = pending.pop(); entry; entry = pending.pop()) {
    ids.add(entry.node.id);
    pending.push(...tree.children(entry));
  }
  return ids;
}

describe("lineage tree", () => {
  test("upstream ends at sources, downstream at sinks", () => {
    const tree = new LineageTree(GRAPH, new HiddenPaths());
    assert.equal(tree.root?.label, "prompt");
    const upstream = reachable(tree, "upstream");
    const downstream = reachable(tree, "downstream");
    assert.ok(upstream.has("assist-handler.ts:34:18:source"));
    assert.ok(upstream.has("untrusted.ts:3:15:source"));
    assert.ok(downstream.has("llm-client.ts:55:20:sink"));
    assert.ok(!upstream.has("llm-client.ts:55:20:sink"));
    assert.equal(upstream.size + downstream.size + 1, GRAPH.nodes.length);
  });

  test("hidden file cuts its nodes", () => {
    const hidden = new HiddenPaths();
    hidden.add(`${SRC}/assistant/prompt-builder.ts`);
    const tree = new LineageTree(GRAPH, hidden);
    const upstream = reachable(tree, "upstream");
    assert.deepEqual([...upstream], []);
    assert.equal(tree.hiddenCount(), 6);
    const visible = tree.visibleGraph();
    assert.ok(visible.nodes.every((node) => !node.location.file.endsWith("prompt-builder.ts")));
    assert.ok(visible.edges.every((edge) => !edge.from.startsWith("prompt-builder.ts")));
  });

  test("hidden folder covers its files", () => {
    const hidden = new HiddenPaths();
    hidden.add(`${SRC}/assistant`);
    assert.equal(hidden.hides(`${SRC}/assistant/llm-client.ts`), true);
    assert.equal(hidden.hides(`${SRC}/assistant-extra/llm-client.ts`), false);
    const downstream = reachable(new LineageTree(GRAPH, hidden), "downstream");
    assert.deepEqual([...downstream], ["assist-handler.ts:36:44:parameter"]);
    hidden.clear();
    assert.equal(hidden.size, 0);
  });

  test("cycle stops at a repeated node", () => {
    const cyclic: LineageGraph = {
      ...GRAPH,
      edges: [
        ...GRAPH.edges,
        { ...GRAPH.edges[0]!, from: "assist-handler.ts:52:14:sink", to: GRAPH.root! },
      ],
    };
    const downstream = reachable(new LineageTree(cyclic, new HiddenPaths()), "downstream");
    assert.ok(!downstream.has(GRAPH.root!));
  });
});
