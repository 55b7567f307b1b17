import { ts } from "./typescript";
import { findExemptions } from "./annotations";
import type { Exemption } from "./annotations";
import { resolveDeclaration } from "./expressions";
import { nodeRange, rangeOf } from "./findings";
import type { FlowAnalysis } from "./flow";
import { declarationName, nameNodeOf } from "./flow";
import { nodeAtOffset, offsetOf } from "./hover";
import { stepsToArray } from "./taint";
import type { FlowStep, Label } from "./taint";
import type {
  LineageDirection,
  LineageEdge,
  LineageEdgeKind,
  LineageGraph,
  LineageNode,
  LineageNodeKind,
  PathStepKind,
  Position,
} from "./types";

/** The whole flow graph of an analysis: every recorded path, merged step by step. */
interface FlowGraph {
  nodes: Map<string, LineageNode>;
  /** The graph node of each syntax node that is a path step. */
  byNode: Map<ts.Node, string>;
  outgoing: Map<string, LineageEdge[]>;
  incoming: Map<string, LineageEdge[]>;
  /** The file that each base name in node ids stands for; other files of that name use paths. */
  shortNames: Map<string, string>;
}

/** Flow graphs by the findings of the run they were built from, which an update replaces. */
const graphs = new WeakMap<object, FlowGraph>();

/** Builds the lineage of the symbol at `position`: what feeds it back to its sources, and what it feeds down to its sinks. */
export function buildLineage(
  flow: FlowAnalysis,
  file: ts.SourceFile,
  position: Position,
  direction: LineageDirection,
  maxDepth: number,
): LineageGraph {
  const offset = offsetOf(file, position);
  const token = offset === undefined ? undefined : nodeAtOffset(file, offset);
  if (!token || !(ts.isIdentifier(token) || ts.isPrivateIdentifier(token)))
    return { root: null, nodes: [], edges: [] };
  let graph = graphs.get(flow.findings.byFile);
  if (!graph) {
    graph = buildFlowGraph(flow);
    graphs.set(flow.findings.byFile, graph);
  }
  const rootId = findRoot(flow, graph, token);
  if (!rootId) return { root: null, nodes: [], edges: [] };
  const nodes = new Map<string, LineageNode>([[rootId, graph.nodes.get(rootId)!]]);
  const edges = new Map<string, LineageEdge>();
  if (direction !== "downstream") walk(graph, rootId, "upstream", maxDepth, nodes, edges);
  if (direction !== "upstream") walk(graph, rootId, "downstream", maxDepth, nodes, edges);
  return { root: rootId, nodes: [...nodes.values()], edges: [...edges.values()] };
}

function walk(
  graph: FlowGraph,
  rootId: string,
  direction: "upstream" | "downstream",
  maxDepth: number,
  nodes: Map<string, LineageNode>,
  edges: Map<string, LineageEdge>,
): void {
  let frontier = [rootId];
  const seen = new Set(frontier);
  for (let depth = 0; depth < maxDepth && frontier.length > 0; depth++) {
    const next: string[] = [];
    for (const id of frontier) {
      const adjacent = (direction === "upstream" ? graph.incoming : graph.outgoing).get(id) ?? [];
      for (const edge of adjacent) {
        edges.set(`${edge.from}->${edge.to}`, edge);
        const other = direction === "upstream" ? edge.from : edge.to;
        if (seen.has(other)) continue;
        seen.add(other);
        nodes.set(other, graph.nodes.get(other)!);
        next.push(other);
      }
    }
    frontier = next;
  }
}

/** Finds the graph node for the token: the step at the token, else the step of the declaration it names. */
function findRoot(
  flow: FlowAnalysis,
  graph: FlowGraph,
  token: ts.Identifier | ts.PrivateIdentifier,
): string | undefined {
  const shorthand = token.parent !== undefined && ts.isShorthandPropertyAssignment(token.parent);
  for (
    let node: ts.Node | undefined = token;
    node && !shorthand && depthWithin(token, node, 2);
    node = node.parent
  ) {
    const id = graph.byNode.get(node);
    if (id) return id;
  }
  const parent = token.parent;
  const declaration =
    parent && ts.isShorthandPropertyAssignment(parent)
      ? flow.checker.getShorthandAssignmentValueSymbol(parent)?.valueDeclaration
      : isDeclarationName(token)
        ? parent
        : resolveDeclaration(flow, token);
  if (!declaration) return undefined;
  const id = graph.byNode.get(nameNodeOf(declaration));
  if (id) return id;
  // A symbol that no zoned data reaches: the lineage is the symbol alone.
  const node = lineageNode(
    graph,
    nameNodeOf(declaration),
    kindOfDeclaration(declaration),
    declarationName(declaration),
    false,
  );
  graph.nodes.set(node.id, node);
  return node.id;
}

function depthWithin(token: ts.Node, node: ts.Node, levels: number): boolean {
  let depth = 0;
  for (
    let current: ts.Node | undefined = token;
    current && current !== node;
    current = current.parent
  )
    depth++;
  return depth <= levels;
}

function isDeclarationName(token: ts.Node): boolean {
  return (token.parent as { name?: ts.Node } | undefined)?.name === token;
}

/** Merges the paths of every zoned value in the store and every value that reached a sink. */
function buildFlowGraph(flow: FlowAnalysis): FlowGraph {
  const graph: FlowGraph = {
    nodes: new Map(),
    byNode: new Map(),
    outgoing: new Map(),
    incoming: new Map(),
    shortNames: new Map(),
  };
  const addChain = (
    label: Label,
    tail?: {
      node: ts.Node;
      message: string;
      violation: boolean;
      purpose: string;
      exemption?: Exemption;
    },
  ) => {
    if (label.zone === undefined) return;
    const steps = stepsToArray(label.steps);
    let previous: { id: string; step: FlowStep } | undefined;
    for (const step of steps) {
      const id = addNode(graph, step.node, nodeKind(step), step.message, step.inferred, label.zone);
      if (previous && previous.id !== id)
        addEdge(graph, previous.id, id, edgeKind(step.kind), step.node);
      previous = { id, step };
      if (step.parameter) {
        // The value continues from the call site into the parameter's declaration.
        const name = nameNodeOf(step.parameter);
        const parameterId = addNode(
          graph,
          name,
          "parameter",
          `parameter \`${name.getText()}\``,
          step.inferred,
          label.zone,
        );
        if (parameterId !== id) addEdge(graph, id, parameterId, "argument", step.node);
        previous = { id: parameterId, step };
      }
    }
    if (tail?.exemption) {
      // An exempted sink: the exemption comment is placed between the value and the sink.
      const file = tail.node.getSourceFile();
      const comment = exemptionNode(file, tail.exemption);
      const id = addNode(
        graph,
        comment,
        "exemption",
        `exempted: ${tail.exemption.reason}`,
        false,
        label.zone,
      );
      if (previous && previous.id !== id) addEdge(graph, previous.id, id, "sink", tail.node);
      previous = { id, step: { node: comment, message: "", kind: "sink", inferred: false } };
    }
    if (tail) {
      const id = addNode(graph, tail.node, "sink", tail.message, false, label.zone);
      const node = graph.nodes.get(id)!;
      node.purpose = tail.purpose;
      node.violation = node.violation || tail.violation;
      if (previous && previous.id !== id) addEdge(graph, previous.id, id, "sink", tail.node);
    }
  };
  for (const value of flow.store.values()) for (const label of allLabels(value)) addChain(label);
  const exemptionsByFile = new Map<ts.SourceFile, Exemption[]>();
  for (const hit of flow.findings.sinkHits.values()) {
    const sinkName = hit.site.callee === "throw" ? "`throw`" : `\`${hit.site.callee}\``;
    const exemption = exemptionFor(hit.site.node, exemptionsByFile);
    for (const label of hit.labels.values()) {
      addChain(label, {
        node: hit.site.node,
        message: `reaches ${sinkName} (${hit.site.purpose})`,
        violation: hit.violating.has(label.zone!) && !exemption,
        purpose: hit.site.purpose,
        exemption,
      });
    }
  }
  return graph;
}

function allLabels(value: {
  labels: readonly Label[];
  fields?: ReadonlyMap<string, unknown>;
}): Label[] {
  const labels = [...value.labels];
  for (const field of (value.fields?.values() ?? []) as Iterable<typeof value>)
    labels.push(...allLabels(field));
  return labels;
}

function addNode(
  graph: FlowGraph,
  node: ts.Node,
  kind: LineageNodeKind,
  detail: string,
  inferred: boolean,
  zone: string,
): string {
  let id = graph.byNode.get(node);
  if (!id) {
    const created = lineageNode(graph, node, kind, labelOf(node), inferred);
    created.detail = detail;
    id = created.id;
    if (!graph.nodes.has(id)) graph.nodes.set(id, created);
    graph.byNode.set(node, id);
  }
  const existing = graph.nodes.get(id)!;
  if (!existing.zones.includes(zone)) existing.zones = [...existing.zones, zone].sort();
  if (!inferred) existing.confidence = "certain";
  return id;
}

function lineageNode(
  graph: FlowGraph,
  node: ts.Node,
  kind: LineageNodeKind,
  label: string,
  inferred: boolean,
): LineageNode {
  const file = node.getSourceFile();
  // An exemption's synthetic node spans its comment, which getStart() would skip as trivia.
  const range = isSynthetic(node) ? rangeOf(file, node.pos, node.end) : nodeRange(node);
  // Ids name files by their base name; a second file of the same name gets its path.
  const short = file.fileName.split("/").pop()!;
  const owner = graph.shortNames.get(short);
  if (owner === undefined) graph.shortNames.set(short, file.fileName);
  const name = owner === undefined || owner === file.fileName ? short : file.fileName;
  return {
    id: `${name}:${range.start.line + 1}:${range.start.character + 1}:${kind}`,
    label,
    kind,
    zones: [],
    location: { file: file.fileName, range },
    confidence: inferred ? "inferred" : "certain",
  };
}

function addEdge(
  graph: FlowGraph,
  from: string,
  to: string,
  kind: LineageEdgeKind,
  node: ts.Node,
): void {
  const outgoing = graph.outgoing.get(from) ?? [];
  if (outgoing.some((edge) => edge.to === to)) return;
  const edge: LineageEdge = {
    from,
    to,
    kind,
    location: { file: node.getSourceFile().fileName, range: nodeRange(node) },
  };
  outgoing.push(edge);
  graph.outgoing.set(from, outgoing);
  const incoming = graph.incoming.get(to) ?? [];
  incoming.push(edge);
  graph.incoming.set(to, incoming);
}

function isSynthetic(node: ts.Node): boolean {
  return (node.flags & ts.NodeFlags.Synthesized) !== 0;
}

function labelOf(node: ts.Node): string {
  if (isSynthetic(node)) return "exemption";
  const text = node.getText().replace(/\s+/g, " ");
  return text.length > 48 ? text.slice(0, 45) + "..." : text;
}

function nodeKind(step: FlowStep): LineageNodeKind {
  switch (step.kind) {
    case "source":
      return "source";
    case "assign":
      return kindOfDeclaration(step.node.parent ?? step.node);
    case "argument":
    case "callback":
      return "parameter";
    case "return":
      return "return";
    case "reclassify":
      return "reclassification";
    case "sink":
      return "sink";
    case "property":
      return "property";
    default:
      return "call";
  }
}

function kindOfDeclaration(declaration: ts.Node): LineageNodeKind {
  if (ts.isParameter(declaration)) return "parameter";
  if (
    ts.isPropertyDeclaration(declaration) ||
    ts.isPropertySignature(declaration) ||
    ts.isPropertyAssignment(declaration)
  )
    return "property";
  return "variable";
}

function edgeKind(kind: PathStepKind): LineageEdgeKind {
  switch (kind) {
    case "argument":
    case "return":
    case "property":
    case "await":
    case "callback":
    case "reclassify":
    case "call":
    case "sink":
      return kind;
    default:
      return "assign";
  }
}

/** Returns the reasoned exemption comment that suppresses PZ001 on the sink's line, if there is one. */
function exemptionFor(
  node: ts.Node,
  cache: Map<ts.SourceFile, Exemption[]>,
): Exemption | undefined {
  const file = node.getSourceFile();
  let exemptions = cache.get(file);
  if (!exemptions) cache.set(file, (exemptions = findExemptions(file)));
  const line = file.getLineAndCharacterOfPosition(node.getStart(file)).line;
  return exemptions.find(
    (exemption) =>
      exemption.targetLine === line &&
      exemption.reason !== undefined &&
      (exemption.codes.length === 0 || exemption.codes.includes("PZ001")),
  );
}

const exemptionNodes = new WeakMap<Exemption, ts.Node>();

/** Returns a synthetic syntax node for an exemption comment, so that it can be a lineage node. */
function exemptionNode(file: ts.SourceFile, exemption: Exemption): ts.Node {
  let node = exemptionNodes.get(exemption);
  if (!node) {
    // Comments are not syntax nodes; a synthetic node with the comment's span gives it a location.
    const comment = ts.factory.createIdentifier(file.text.slice(exemption.start, exemption.end));
    ts.setTextRange(comment, { pos: exemption.start, end: exemption.end });
    (comment as { parent?: ts.Node }).parent = file;
    node = comment;
    exemptionNodes.set(exemption, node);
  }
  return node;
}
