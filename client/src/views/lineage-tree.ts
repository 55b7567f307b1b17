/**
 * The lineage graph as a tree: the selected symbol at the top, what feeds it under Upstream and
 * what it feeds under Downstream. Free of VS Code imports, so tests can run it directly.
 */
import * as path from "node:path";
import type { LineageEdgeKind, LineageGraph, LineageNode } from "../../../server/src/protocol";

export type LineageDirection = "upstream" | "downstream";

/** A graph node at one place in the tree, with the path of node ids that leads to it. */
export interface LineageTreeNode {
  node: LineageNode;
  direction: LineageDirection;
  /** Ids from the root to this node, both included; a node never repeats in its own path. */
  path: string[];
  /** Kind of the edge between this node and its parent in the tree. */
  edgeKind: LineageEdgeKind;
}

/** Files and folders whose nodes the tree leaves out, with everything reached only through them. */
export class HiddenPaths {
  private readonly paths = new Set<string>();

  get size(): number {
    return this.paths.size;
  }

  add(fileOrFolder: string): void {
    this.paths.add(path.resolve(fileOrFolder));
  }

  clear(): void {
    this.paths.clear();
  }

  /** True when the file is hidden or lies in a hidden folder. */
  hides(file: string): boolean {
    const resolved = path.resolve(file);
    for (const hidden of this.paths) {
      if (resolved === hidden || resolved.startsWith(hidden + path.sep)) return true;
    }
    return false;
  }
}

/** A lineage graph with lookups by node for the tree view. */
export class LineageTree {
  private readonly nodes = new Map<string, LineageNode>();

  constructor(
    readonly graph: LineageGraph,
    private readonly hidden: HiddenPaths,
  ) {
    for (const node of graph.nodes) this.nodes.set(node.id, node);
  }

  /** The selected symbol's node, or undefined when the graph is empty. */
  get root(): LineageNode | undefined {
    return this.graph.root === null ? undefined : this.nodes.get(this.graph.root);
  }

  node(id: string): LineageNode | undefined {
    return this.nodes.get(id);
  }

  /** Returns the first level of one direction under the root. */
  roots(direction: LineageDirection): LineageTreeNode[] {
    const root = this.root;
    return root
      ? this.children({ node: root, direction, path: [root.id], edgeKind: "assign" })
      : [];
  }

  /** Returns the visible neighbours of a tree node in its direction, leaving out cycles. */
  children(parent: LineageTreeNode): LineageTreeNode[] {
    const upstream = parent.direction === "upstream";
    const children: LineageTreeNode[] = [];
    for (const edge of this.graph.edges) {
      if ((upstream ? edge.to : edge.from) !== parent.node.id) continue;
      const node = this.nodes.get(upstream ? edge.from : edge.to);
      if (!node || parent.path.includes(node.id) || this.hidden.hides(node.location.file)) continue;
      children.push({
        node,
        direction: parent.direction,
        path: [...parent.path, node.id],
        edgeKind: edge.kind,
      });
    }
    return children;
  }

  /** Returns the part of the graph that the tree shows: what the root reaches through visible nodes. */
  visibleGraph(): LineageGraph {
    const root = this.root;
    if (!root) return this.graph;
    const visible = new Set([root.id]);
    for (const direction of ["upstream", "downstream"] as const) {
      const pending = this.roots(direction);
      for (let entry = pending.pop(); entry; entry = pending.pop()) {
        if (visible.has(entry.node.id)) continue;
        visible.add(entry.node.id);
        pending.push(...this.children(entry));
      }
    }
    return {
      root: root.id,
      nodes: this.graph.nodes.filter((node) => visible.has(node.id)),
      edges: this.graph.edges.filter((edge) => visible.has(edge.from) && visible.has(edge.to)),
    };
  }

  /** Counts the nodes of the graph in hidden files or folders. */
  hiddenCount(): number {
    return this.graph.nodes.filter((node) => this.hidden.hides(node.location.file)).length;
  }
}
