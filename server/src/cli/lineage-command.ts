import * as fs from "node:fs";
import * as path from "node:path";
import { Analyzer } from "../engine";
import type { AnalyzerOptions, LineageDirection, LineageGraph, LineageNode } from "../engine";
import { UsageError } from "./targets";

export interface LineageOptions extends AnalyzerOptions {
  format: string;
  direction: string;
  maxDepth: string | undefined;
}

const FORMATS = ["tree", "json", "dot", "mermaid"];
const DIRECTIONS = ["both", "upstream", "downstream"];

/** Runs `privacy-zones lineage FILE:LINE:COLUMN` and returns the exit code. */
export function runLineage(positionals: string[], options: LineageOptions): number {
  const [location] = positionals;
  const match = location === undefined ? null : /^(.*):(\d+):(\d+)$/.exec(location);
  if (!match || positionals.length !== 1)
    throw new UsageError("lineage takes one FILE:LINE:COLUMN, as in src/app.ts:12:7 (1-based).");
  if (!FORMATS.includes(options.format))
    throw new UsageError(`Unknown format \`${options.format}\`. Formats: ${FORMATS.join(", ")}.`);
  if (!DIRECTIONS.includes(options.direction))
    throw new UsageError(
      `Unknown direction \`${options.direction}\`. Directions: ${DIRECTIONS.join(", ")}.`,
    );
  const maxDepth = options.maxDepth === undefined ? 20 : Number(options.maxDepth);
  if (!Number.isInteger(maxDepth) || maxDepth < 1)
    throw new UsageError(`--max-depth must be a positive whole number, not ${options.maxDepth}.`);
  const file = path.resolve(match[1]!);
  if (!fs.existsSync(file)) throw new UsageError(`File not found: ${match[1]}`);
  const analyzer = Analyzer.forFile(file, { ...options, incremental: false });
  analyzer.analyze();
  const position = { line: Number(match[2]) - 1, character: Number(match[3]) - 1 };
  const lines = fs.readFileSync(file, "utf8").split("\n");
  if (position.line < 0 || position.character < 0)
    throw new UsageError(`Line and column start at 1, as in ${match[1]}:1:1.`);
  if (position.line >= lines.length)
    throw new UsageError(`${match[1]} has ${lines.length} lines, fewer than ${match[2]}.`);
  const length = lines[position.line]!.replace(/\r$/, "").length;
  if (position.character > length)
    throw new UsageError(
      `Line ${match[2]} of ${match[1]} has ${length} columns, fewer than ${match[3]}.`,
    );
  const graph = analyzer.lineage(file, position, options.direction as LineageDirection, maxDepth);
  process.stdout.write(formatLineage(graph, options.format));
  return 0;
}

/** Formats a lineage graph as an indented tree, JSON, Graphviz DOT or a Mermaid flowchart. */
export function formatLineage(graph: LineageGraph, format: string): string {
  switch (format) {
    case "json":
      return JSON.stringify(graph, null, 2) + "\n";
    case "dot":
      return formatDot(graph);
    case "mermaid":
      return formatMermaid(graph);
    default:
      return formatTree(graph);
  }
}

const relative = (file: string) => path.relative(process.cwd(), file) || file;

function describe(node: LineageNode): string {
  const zones = node.zones.length > 0 ? `  [${node.zones.join(", ")}]` : "";
  const where = `${relative(node.location.file)}:${node.location.range.start.line + 1}:${node.location.range.start.character + 1}`;
  const flags = [
    node.violation ? "VIOLATION" : "",
    node.confidence === "inferred" ? "inferred" : "",
  ]
    .filter(Boolean)
    .join(", ");
  return `${node.detail ?? node.label}${zones}${flags ? `  (${flags})` : ""}  ${where}`;
}

function formatTree(graph: LineageGraph): string {
  if (!graph.root) return "No symbol at that position.\n";
  const nodes = new Map(graph.nodes.map((node) => [node.id, node]));
  const root = nodes.get(graph.root)!;
  const lines = [`${root.label}  ${describe(root)}`];
  const branch = (title: string, next: (id: string) => string[], arrow: string) => {
    const children = next(root.id);
    if (children.length === 0) return;
    lines.push(`  ${title}`);
    const seen = new Set([root.id]);
    const visit = (id: string, depth: number) => {
      if (seen.has(id)) return;
      seen.add(id);
      lines.push(`${"  ".repeat(depth + 2)}${arrow} ${describe(nodes.get(id)!)}`);
      for (const child of next(id)) visit(child, depth + 1);
    };
    for (const child of children) visit(child, 0);
  };
  branch(
    "Upstream",
    (id) => graph.edges.filter((edge) => edge.to === id).map((edge) => edge.from),
    "<-",
  );
  branch(
    "Downstream",
    (id) => graph.edges.filter((edge) => edge.from === id).map((edge) => edge.to),
    "->",
  );
  return lines.join("\n") + "\n";
}

function quoteDot(text: string): string {
  return `"${text.replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/\n/g, "\\n")}"`;
}

function formatDot(graph: LineageGraph): string {
  const lines = ["digraph lineage {", "  rankdir=LR;", "  node [shape=box, fontname=Helvetica];"];
  for (const node of graph.nodes) {
    const label = `${node.label}${node.zones.length ? `\n[${node.zones.join(", ")}]` : ""}`;
    const style = node.violation
      ? ", color=red, penwidth=2"
      : node.id === graph.root
        ? ", style=bold"
        : "";
    lines.push(`  ${quoteDot(node.id)} [label=${quoteDot(label)}${style}];`);
  }
  for (const edge of graph.edges)
    lines.push(`  ${quoteDot(edge.from)} -> ${quoteDot(edge.to)} [label=${quoteDot(edge.kind)}];`);
  lines.push("}");
  return lines.join("\n") + "\n";
}

function formatMermaid(graph: LineageGraph): string {
  const ids = new Map(graph.nodes.map((node, index) => [node.id, `n${index}`]));
  // Mermaid labels are HTML: entities keep quotes and angle brackets from the analysed code inert.
  const escape = (text: string) =>
    text.replace(/&/g, "&amp;").replace(/"/g, "&quot;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
  const lines = ["flowchart LR"];
  for (const node of graph.nodes) {
    const zones = node.zones.length ? `<br/>[${node.zones.join(", ")}]` : "";
    lines.push(`  ${ids.get(node.id)}["${escape(node.label)}${zones}"]`);
    if (node.violation) lines.push(`  style ${ids.get(node.id)} stroke:#d00,stroke-width:2px`);
  }
  for (const edge of graph.edges)
    lines.push(`  ${ids.get(edge.from)} -->|${edge.kind}| ${ids.get(edge.to)}`);
  return lines.join("\n") + "\n";
}
