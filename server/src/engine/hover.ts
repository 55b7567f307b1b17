import { ts } from "./typescript";
import { sinkAnnotation } from "./annotations";
import { describeCallee } from "./access-path";
import { resolveCallTarget } from "./calls";
import type { FlowAnalysis } from "./flow";
import { callSinks } from "./models";
import { declarationValue } from "./properties";
import { EMPTY, flattenLabels, isEmpty, join, stepsToArray } from "./taint";
import type { Taint } from "./taint";
import { nodeRange } from "./findings";
import type { HoverInfo, Position } from "./types";
import { walkDescendants } from "./walk";

/** Finds the deepest node whose span contains `offset`. */
export function nodeAtOffset(file: ts.SourceFile, offset: number): ts.Node | undefined {
  let found: ts.Node | undefined;
  walkDescendants(file, (node) => {
    if (offset < node.getStart(file) || offset > node.getEnd()) return false;
    found = node;
    return true;
  });
  return found;
}

export function offsetOf(file: ts.SourceFile, position: Position): number | undefined {
  const lines = file.getLineStarts();
  if (position.line < 0 || position.line >= lines.length) return undefined;
  // A position past the end of its line, as a client may send for a stale text, stays on the line.
  const end = lines[position.line + 1] ?? file.text.length;
  return Math.min(lines[position.line]! + Math.max(0, position.character), end);
}

/** Returns the zones of the value at `position`, where they come from, and the policy of a sink call there. */
export function hoverAt(
  flow: FlowAnalysis,
  file: ts.SourceFile,
  position: Position,
): HoverInfo | undefined {
  const offset = offsetOf(file, position);
  if (offset === undefined) return undefined;
  const node = nodeAtOffset(file, offset);
  if (!node || !ts.isIdentifier(node)) return undefined;
  const expression =
    ts.isPropertyAccessExpression(node.parent) && node.parent.name === node ? node.parent : node;
  const value = valueOf(flow, node, expression);
  const sink = sinkAt(flow, expression);
  if (isEmpty(value) && !sink) return undefined;
  const zones = [...flattenLabels(value).values()]
    .filter((label) => label.zone !== undefined)
    .map((label) => {
      const steps = stepsToArray(label.steps);
      const origin = steps[0]
        ? `${steps[0].message} (${describeLocation(steps[0].node)})`
        : "annotated here";
      return { zone: label.zone!, inferred: label.inferred, origin };
    });
  return { range: nodeRange(node), zones, sink };
}

function valueOf(flow: FlowAnalysis, name: ts.Identifier, expression: ts.Node): Taint {
  const parent = name.parent;
  const isDeclarationName = (parent as { name?: ts.Node }).name === name;
  if (
    isDeclarationName &&
    (ts.isVariableDeclaration(parent) ||
      ts.isParameter(parent) ||
      ts.isBindingElement(parent) ||
      ts.isPropertyDeclaration(parent) ||
      ts.isPropertySignature(parent))
  ) {
    const ctx = flow.queryContext(name.getSourceFile());
    const value = declarationValue(flow, parent, ctx);
    return ts.isParameter(parent)
      ? join(flow.store.get(parent) ?? EMPTY, {
          labels: value.labels.filter((label) => !label.param),
        })
      : value;
  }
  return flow.expressionValue(expression);
}

function sinkAt(flow: FlowAnalysis, expression: ts.Node): HoverInfo["sink"] {
  const call = expression.parent;
  if (
    !call ||
    !(ts.isCallExpression(call) || ts.isNewExpression(call)) ||
    call.expression !== expression
  )
    return undefined;
  const ctx = flow.queryContext(call.getSourceFile());
  const target = resolveCallTarget(flow, call);
  let purpose: string | undefined;
  for (const declaration of target.declarations)
    purpose ??= sinkAnnotation(declaration)?.purpose?.name;
  purpose ??= callSinks(flow, call.expression, ctx)[0]?.purpose;
  if (!purpose) return undefined;
  const allowedZones = [...ctx.config.zones.values()]
    .filter((zone) => zone.allow.has(purpose!))
    .map((zone) => zone.name);
  return { callee: describeCallee(call.expression), purpose, allowedZones };
}

function describeLocation(node: ts.Node): string {
  const file = node.getSourceFile();
  const { line } = file.getLineAndCharacterOfPosition(node.getStart(file));
  return `${file.fileName.split("/").pop()}:${line + 1}`;
}
