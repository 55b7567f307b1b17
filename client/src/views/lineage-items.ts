import * as path from "node:path";
import * as vscode from "vscode";
import type { LineageNode, LineageNodeKind } from "../../../server/src/protocol";
import { describeLocation, revealCommand } from "./locations";
import type { LineageDirection, LineageTree, LineageTreeNode } from "./lineage-tree";

/** An element of the Lineage view: the selected symbol, a direction, or a node under one. */
export type LineageElement =
  | { type: "root"; node: LineageNode }
  | { type: "group"; direction: LineageDirection }
  | { type: "node"; entry: LineageTreeNode };

const KIND_ICONS: Record<LineageNodeKind, string> = {
  source: "database",
  sink: "export",
  variable: "symbol-variable",
  parameter: "symbol-parameter",
  property: "symbol-property",
  return: "debug-step-out",
  call: "symbol-method",
  reclassification: "arrow-swap",
  exemption: "pass",
};

/** Builds the tree item of an element. `tree` decides whether a node can be expanded. */
export function lineageItem(
  element: LineageElement,
  tree: LineageTree | undefined,
): vscode.TreeItem {
  switch (element.type) {
    case "root":
      return nodeItem(element.node, "root", vscode.TreeItemCollapsibleState.Expanded);
    case "group":
      return groupItem(element.direction, tree);
    case "node": {
      const { entry } = element;
      const expandable = tree !== undefined && tree.children(entry).length > 0;
      const item = nodeItem(
        entry.node,
        `${entry.direction}:${entry.path.join(">")}`,
        expandable
          ? vscode.TreeItemCollapsibleState.Collapsed
          : vscode.TreeItemCollapsibleState.None,
      );
      item.tooltip = `${item.tooltip as string}\nStep: ${entry.edgeKind}`;
      return item;
    }
  }
}

function groupItem(direction: LineageDirection, tree: LineageTree | undefined): vscode.TreeItem {
  const upstream = direction === "upstream";
  const count = tree?.roots(direction).length ?? 0;
  const item = new vscode.TreeItem(
    upstream ? "Upstream" : "Downstream",
    count > 0 ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.None,
  );
  item.id = `group:${direction}`;
  item.accessibilityInformation = { label: upstream ? "Upstream" : "Downstream" };
  item.iconPath = new vscode.ThemeIcon(upstream ? "arrow-left" : "arrow-right");
  if (count === 0) item.description = upstream ? "no zoned data flows in" : "reaches no sink";
  item.tooltip = upstream
    ? "What feeds this symbol, back to its sources"
    : "What this symbol feeds, down to its sinks";
  return item;
}

function nodeItem(
  node: LineageNode,
  id: string,
  state: vscode.TreeItemCollapsibleState,
): vscode.TreeItem {
  const item = new vscode.TreeItem(node.label, state);
  item.id = id;
  item.description = describeNode(node);
  // Without it, screen readers read the multi-line tooltip in place of the row.
  item.accessibilityInformation = { label: `${node.label}, ${item.description}` };
  item.iconPath = iconOf(node);
  // Plain text, since labels and details come from the analysed code.
  item.tooltip = tooltipOf(node);
  item.command = revealCommand(node.location);
  item.contextValue = "lineageNode";
  return item;
}

function describeNode(node: LineageNode): string {
  const parts = [node.zones.join(", ")];
  if (node.purpose) parts.push(node.purpose);
  if (node.violation) parts.push("violation");
  if (node.confidence === "inferred") parts.push("inferred");
  return parts.filter((part) => part !== "").join(" · ");
}

function iconOf(node: LineageNode): vscode.ThemeIcon {
  const colour = node.violation
    ? new vscode.ThemeColor("problemsErrorIcon.foreground")
    : node.confidence === "inferred"
      ? new vscode.ThemeColor("disabledForeground")
      : undefined;
  return new vscode.ThemeIcon(KIND_ICONS[node.kind], colour);
}

function tooltipOf(node: LineageNode): string {
  const lines = [
    describeLocation(node.location),
    node.detail ?? node.label,
    `Zones: ${node.zones.length > 0 ? node.zones.join(", ") : "none"}`,
  ];
  if (node.purpose) lines.push(`Purpose: ${node.purpose}${node.violation ? " (not allowed)" : ""}`);
  if (node.confidence === "inferred") lines.push("Inferred: the analysis guessed this step.");
  return lines.join("\n");
}

/** Returns the file and folder of the node behind an element, for the hide commands. */
export function fileOf(element: LineageElement | undefined): string | undefined {
  if (!element || element.type === "group") return undefined;
  return element.type === "root" ? element.node.location.file : element.entry.node.location.file;
}

export function folderOf(element: LineageElement | undefined): string | undefined {
  const file = fileOf(element);
  return file === undefined ? undefined : path.dirname(file);
}
