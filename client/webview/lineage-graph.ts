/**
 * Draws a lineage graph as SVG, laid out left to right by dagre: sources on the left, sinks on
 * the right. Runs in any page; it needs only a container element and the graph.
 *
 * Labels, zones and file names come from analysed code, which is untrusted, so every piece of
 * text enters the document through `textContent` and never as markup.
 */
import * as dagre from "@dagrejs/dagre";
import type { LineageGraph, LineageNode } from "../../server/src/engine/types";
import { zoneColour } from "./zone-colours";

const SVG_NS = "http://www.w3.org/2000/svg";
const PADDING_X = 10;
const LINE_HEIGHT = 16;
const NODE_HEIGHT = 44;
const CHIP_SIZE = 8;
const MARGIN = 16;
/** Width of a character when the page cannot measure text, such as before layout in a hidden tab. */
const FALLBACK_CHAR_WIDTH = 7;

/** Callbacks of the drawing. */
export interface RenderOptions {
  onReveal: (nodeId: string) => void;
}

/** Replaces the content of `container` with the drawing of `graph` and a legend of its zones. */
export function renderLineageGraph(
  container: HTMLElement,
  graph: LineageGraph,
  options: RenderOptions,
): void {
  container.replaceChildren();
  if (graph.nodes.length === 0) {
    const empty = document.createElement("p");
    empty.className = "empty";
    empty.textContent = "No lineage: place the cursor on a variable, parameter or property.";
    container.append(empty);
    return;
  }
  container.append(legend(graph));
  const svg = svgElement("svg", { class: "lineage", role: "img" });
  svg.append(arrowMarker());
  container.append(svg);
  const drawn = graph.nodes.map((node) => drawNode(svg, node, node.id === graph.root, options));
  const layout = layoutGraph(graph, drawn);
  for (const edge of graph.edges) drawEdge(svg, layout, edge.from, edge.to, edge.kind);
  for (const { group, node } of drawn) {
    const position = layout.node(node.id);
    group.setAttribute(
      "transform",
      `translate(${position.x - position.width / 2}, ${position.y - NODE_HEIGHT / 2})`,
    );
    svg.append(group);
  }
  const { width = 0, height = 0 } = layout.graph();
  svg.setAttribute("width", String(width + 2 * MARGIN));
  svg.setAttribute("height", String(height + 2 * MARGIN));
  svg.setAttribute("viewBox", `${-MARGIN} ${-MARGIN} ${width + 2 * MARGIN} ${height + 2 * MARGIN}`);
}

interface DrawnNode {
  node: LineageNode;
  group: SVGGElement;
  width: number;
}

function layoutGraph(graph: LineageGraph, drawn: DrawnNode[]): dagre.graphlib.Graph {
  const layout = new dagre.graphlib.Graph();
  layout.setGraph({ rankdir: "LR", nodesep: 18, ranksep: 56, edgesep: 10 });
  layout.setDefaultEdgeLabel(() => ({}));
  for (const { node, width } of drawn) layout.setNode(node.id, { width, height: NODE_HEIGHT });
  for (const edge of graph.edges) {
    if (layout.hasNode(edge.from) && layout.hasNode(edge.to)) layout.setEdge(edge.from, edge.to);
  }
  dagre.layout(layout);
  return layout;
}

/** Builds the node's group, measuring its text in the page so that the box fits it. */
function drawNode(
  svg: SVGSVGElement,
  node: LineageNode,
  isRoot: boolean,
  options: RenderOptions,
): DrawnNode {
  const classes = ["node", `kind-${node.kind}`];
  if (isRoot) classes.push("root");
  if (node.violation) classes.push("violation");
  if (node.confidence === "inferred") classes.push("inferred");
  const group = svgElement("g", {
    class: classes.join(" "),
    "data-node-id": node.id,
    tabindex: "0",
    role: "button",
  });
  const title = svgElement("title", {});
  title.textContent = tooltip(node);
  const box = svgElement("rect", { rx: "4", ry: "4", height: String(NODE_HEIGHT) });
  const label = textElement(node.label, PADDING_X, LINE_HEIGHT, "label");
  const caption = textElement(
    captionOf(node),
    PADDING_X + chipsWidth(node),
    2 * LINE_HEIGHT + 2,
    "caption",
  );
  group.append(title, box, label, caption, ...zoneChips(node));
  colourBox(box, node);

  // Measured while attached, since text has no length outside the document.
  svg.append(group);
  const width = 2 * PADDING_X + Math.max(textWidth(label), chipsWidth(node) + textWidth(caption));
  group.remove();
  box.setAttribute("width", String(width));

  group.addEventListener("click", () => options.onReveal(node.id));
  group.addEventListener("keydown", (event) => {
    if (event.key === "Enter" || event.key === " ") options.onReveal(node.id);
  });
  return { node, group, width };
}

function colourBox(box: SVGRectElement, node: LineageNode): void {
  const first = node.zones[0];
  if (node.violation || first === undefined) return;
  box.setAttribute("stroke", zoneColour(first));
}

function zoneChips(node: LineageNode): SVGElement[] {
  return node.zones.map((zone, index) =>
    svgElement("rect", {
      class: "zone-chip",
      x: String(PADDING_X + index * (CHIP_SIZE + 3)),
      y: String(2 * LINE_HEIGHT - CHIP_SIZE + 1),
      width: String(CHIP_SIZE),
      height: String(CHIP_SIZE),
      fill: zoneColour(zone),
      "data-zone": zone,
    }),
  );
}

function chipsWidth(node: LineageNode): number {
  return node.zones.length === 0 ? 0 : node.zones.length * (CHIP_SIZE + 3) + 3;
}

function captionOf(node: LineageNode): string {
  const parts: string[] = [node.kind];
  if (node.purpose) parts.push(node.purpose);
  if (node.violation) parts.push("violation");
  if (node.confidence === "inferred") parts.push("inferred");
  return parts.join(" · ");
}

/** Returns the node's tooltip: its step, zones and place, one per line. */
export function tooltip(node: LineageNode): string {
  const place = `${node.location.file}:${node.location.range.start.line + 1}`;
  const zones = node.zones.length > 0 ? node.zones.join(", ") : "no zone";
  return [node.detail ?? node.label, zones, place].join("\n");
}

function drawEdge(
  svg: SVGSVGElement,
  layout: dagre.graphlib.Graph,
  from: string,
  to: string,
  kind: string,
): void {
  const points = layout.edge(from, to)?.points ?? [];
  if (points.length === 0) return;
  const path = points.map((point, index) => `${index === 0 ? "M" : "L"}${point.x},${point.y}`);
  const line = svgElement("path", {
    class: `edge kind-${kind}`,
    d: path.join(" "),
    "marker-end": "url(#arrow)",
  });
  const middle = points[Math.floor(points.length / 2)]!;
  const label = textElement(kind, middle.x, middle.y - 3, "edge-label");
  label.setAttribute("text-anchor", "middle");
  svg.append(line, label);
}

function arrowMarker(): SVGDefsElement {
  const defs = svgElement("defs", {});
  const marker = svgElement("marker", {
    id: "arrow",
    viewBox: "0 0 10 10",
    refX: "10",
    refY: "5",
    markerWidth: "7",
    markerHeight: "7",
    orient: "auto-start-reverse",
  });
  marker.append(svgElement("path", { d: "M0,0 L10,5 L0,10 z", class: "arrow-head" }));
  defs.append(marker);
  return defs;
}

/** Builds the list of the graph's zones with their colours, shown above the drawing. */
function legend(graph: LineageGraph): HTMLElement {
  const list = document.createElement("ul");
  list.className = "legend";
  const zones = [...new Set(graph.nodes.flatMap((node) => node.zones))].sort();
  for (const zone of zones) {
    const item = document.createElement("li");
    const swatch = document.createElement("span");
    swatch.className = "swatch";
    // A CSSOM property, not a style attribute, so that the page's CSP allows it.
    swatch.style.backgroundColor = zoneColour(zone);
    item.append(swatch, document.createTextNode(zone));
    list.append(item);
  }
  return list;
}

function textElement(text: string, x: number, y: number, className: string): SVGTextElement {
  const element = svgElement("text", { x: String(x), y: String(y), class: className });
  element.textContent = text;
  return element;
}

function textWidth(element: SVGTextElement): number {
  const measured = element.getComputedTextLength();
  return measured > 0 ? measured : (element.textContent ?? "").length * FALLBACK_CHAR_WIDTH;
}

function svgElement<K extends keyof SVGElementTagNameMap>(
  name: K,
  attributes: Record<string, string>,
): SVGElementTagNameMap[K] {
  const element = document.createElementNS(SVG_NS, name);
  for (const [key, value] of Object.entries(attributes)) element.setAttribute(key, value);
  return element;
}
