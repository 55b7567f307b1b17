import * as path from "node:path";
import { ts } from "./typescript";
import { zoneAnnotations } from "./annotations";
import { unwrap, valueParameters } from "./calls";
import type { FlowAnalysis } from "./flow";
import { declarationName } from "./flow";
import { nodeRange, rangeOf } from "./findings";
import { flattenLabels, stepsToArray } from "./taint";
import type { Label } from "./taint";
import { calleeDeclarations, onlySignature } from "./written-types";
import type { Finding, FixSuggestion, TextEdit } from "./types";

/** Code fixes for a PZ001 or PZ002 finding, as edits the language server can apply. */
export function suggestFixes(
  flow: FlowAnalysis,
  finding: Finding,
  node: ts.Node,
  labels: Label[],
  target?: ts.Node,
): FixSuggestion[] {
  const fixes: FixSuggestion[] = [];
  const zones = finding.zones;
  if (finding.code === "PZ002" && target) {
    const edit = addZonesToAnnotation(target, zones);
    if (edit)
      fixes.push({
        kind: "annotate-downstream",
        title: `Add @zone ${zones.join(" ")} to \`${declarationName(target)}\``,
        edits: [edit],
      });
  }
  if (finding.code === "PZ001" && finding.sink) {
    for (const zone of zones) {
      fixes.push({
        kind: "allow-purpose",
        title: `Allow purpose \`${finding.sink.purpose}\` for zone ${zone}`,
        configEdit: { zone, purpose: finding.sink.purpose },
      });
    }
    fixes.push(...reclassifyFixes(flow, node, zones));
    const removal = removeFix(flow, node, zones);
    if (removal) fixes.push(removal);
  }
  for (const label of labels) {
    if (!label.inferred) continue;
    const mark = markZoneFix(label);
    if (mark && !fixes.some((fix) => fix.title === mark.title)) fixes.push(mark);
  }
  fixes.push(disableLineFix(node, finding.code));
  return fixes;
}

function disableLineFix(node: ts.Node, code: string): FixSuggestion {
  const file = node.getSourceFile();
  const line = file.getLineAndCharacterOfPosition(node.getStart(file)).line;
  const lineStart = file.getPositionOfLineAndCharacter(line, 0);
  const indent = /^[ \t]*/.exec(file.text.slice(lineStart))![0];
  return {
    kind: "disable-line",
    title: `Disable ${code} for this line`,
    edits: [
      {
        file: file.fileName,
        range: rangeOf(file, lineStart, lineStart),
        newText: `${indent}// privacy-zones-disable-next-line ${code} -- TODO: say why this flow is acceptable\n`,
      },
    ],
  };
}

/** Adds zones to the `@zone` tag of a declaration: `@zone PSEUDONYMOUS` becomes `@zone PSEUDONYMOUS PII`. */
function addZonesToAnnotation(target: ts.Node, zones: string[]): TextEdit | undefined {
  const annotation = zoneAnnotations(target)[0];
  const last = annotation?.zones[annotation.zones.length - 1];
  if (!annotation || !last) return undefined;
  const file = target.getSourceFile();
  return {
    file: file.fileName,
    range: rangeOf(file, last.end, last.end),
    newText: ` ${zones.join(" ")}`,
  };
}

/**
 * "Remove `user.email` from this call": deletes the argument or the object-literal field carrying
 * the zone. In nested object literals the innermost field that carries it goes.
 */
function removeFix(flow: FlowAnalysis, node: ts.Node, zones: string[]): FixSuggestion | undefined {
  const file = node.getSourceFile();
  if (ts.isObjectLiteralExpression(node)) {
    const property = zonedProperty(flow, node, zones);
    if (!property) return undefined;
    return {
      kind: "remove-argument",
      title: `Remove \`${property.getText(file).split(/[:\s]/)[0]}\` from this call`,
      edits: [
        deleteListElement(
          file,
          (property.parent as ts.ObjectLiteralExpression).properties,
          property,
        ),
      ],
    };
  }
  const call = node.parent;
  if (
    call &&
    (ts.isCallExpression(call) || ts.isNewExpression(call)) &&
    call.arguments?.includes(node as ts.Expression)
  ) {
    if (isRequiredArgument(flow, call, node as ts.Expression)) return undefined;
    const text = node.getText(file).replace(/\s+/g, " ");
    const label = text.length > 40 ? text.slice(0, 37) + "..." : text;
    // A template literal cannot sit between backticks in the title.
    const title = text.includes("`")
      ? `Remove argument ${call.arguments!.indexOf(node as ts.Expression) + 1} from this call`
      : `Remove \`${label}\` from this call`;
    return {
      kind: "remove-argument",
      title,
      edits: [deleteListElement(file, call.arguments, node)],
    };
  }
  return undefined;
}

/** Returns the first field of an object literal whose value carries one of `zones`, looking into nested literals. */
function zonedProperty(
  flow: FlowAnalysis,
  object: ts.ObjectLiteralExpression,
  zones: string[],
): ts.ObjectLiteralElementLike | undefined {
  for (const candidate of object.properties) {
    const valueNode = ts.isPropertyAssignment(candidate)
      ? candidate.initializer
      : ts.isShorthandPropertyAssignment(candidate)
        ? candidate.name
        : undefined;
    const taint = valueNode ? flow.expressionTaints.get(valueNode) : undefined;
    if (!taint) continue;
    const carries = flattenLabels(taint).some(
      (label) => label.zone !== undefined && zones.includes(label.zone),
    );
    if (!carries) continue;
    const inner = unwrap(valueNode!);
    if (ts.isObjectLiteralExpression(inner)) {
      const nested = zonedProperty(flow, inner, zones);
      if (nested) return nested;
    }
    return candidate;
  }
  return undefined;
}

/**
 * True when the parameter that takes `argument` must be given, as `fetch`'s URL must: removing
 * the argument would break the call.
 */
function isRequiredArgument(
  flow: FlowAnalysis,
  call: ts.CallExpression | ts.NewExpression,
  argument: ts.Expression,
): boolean {
  const index = call.arguments?.indexOf(argument) ?? -1;
  if (index < 0) return false;
  return flow.resolutions.typeFact(argument, "required argument", () =>
    requiredAt(flow, call, index),
  );
}

/** Returns true when the parameter that takes argument `index` of `call` is not optional, defaulted or rest. */
function requiredAt(
  flow: FlowAnalysis,
  call: ts.CallExpression | ts.NewExpression,
  index: number,
): boolean {
  let declaration: ts.Declaration | undefined;
  // A callee with one declaration needs no overload resolution, which types the whole call.
  const only = onlySignature(calleeDeclarations(call, (name) => flow.resolutions.resolve(name)));
  if (only) declaration = valueParameters(only)[index];
  else {
    let signature: ts.Signature | undefined;
    try {
      signature = flow.checker.getResolvedSignature(call);
    } catch {
      return false;
    }
    declaration = signature?.getParameters()[index]?.valueDeclaration;
  }
  if (!declaration || !ts.isParameter(declaration)) return false;
  return !declaration.questionToken && !declaration.initializer && !declaration.dotDotDotToken;
}

/** Deletes an element of a comma-separated list with its separator. */
function deleteListElement(
  file: ts.SourceFile,
  list: ts.NodeArray<ts.Node>,
  element: ts.Node,
): TextEdit {
  const index = list.indexOf(element);
  let start = element.getStart(file);
  let end = element.getEnd();
  const next = list[index + 1];
  const previous = list[index - 1];
  if (next) end = next.getStart(file);
  else if (previous) start = previous.getEnd();
  return { file: file.fileName, range: rangeOf(file, start, end), newText: "" };
}

/** "Mark `email` as @zone PII": turns an inferred zone into an annotation on the declaration it was inferred from. */
function markZoneFix(label: Label): FixSuggestion | undefined {
  const source = stepsToArray(label.steps)[0];
  if (!source || !source.inferred || source.kind !== "source") return undefined;
  const declaration = source.node.parent;
  if (!declaration) return undefined;
  const holder =
    ts.isVariableDeclaration(declaration) && ts.isVariableDeclarationList(declaration.parent)
      ? declaration.parent.parent
      : declaration;
  const file = holder.getSourceFile();
  const name = source.node.getText(file);
  const start = holder.getStart(file);
  const inline =
    ts.isParameter(holder) ||
    ts.isBindingElement(holder) ||
    ts.isShorthandPropertyAssignment(holder) ||
    ts.isPropertyAssignment(holder);
  const lineStart = file.getPositionOfLineAndCharacter(
    file.getLineAndCharacterOfPosition(start).line,
    0,
  );
  const indent = /^[ \t]*/.exec(file.text.slice(lineStart))![0];
  const newText = inline ? `/** @zone ${label.zone} */ ` : `/** @zone ${label.zone} */\n${indent}`;
  return {
    kind: "mark-zone",
    title: `Mark \`${name}\` as @zone ${label.zone}`,
    edits: [{ file: file.fileName, range: rangeOf(file, start, start), newText }],
  };
}

/** "Pass through `hashEmail()`" for each function whose `@reclassify` removes all the zones. */
function reclassifyFixes(flow: FlowAnalysis, node: ts.Node, zones: string[]): FixSuggestion[] {
  const file = node.getSourceFile();
  const fixes: FixSuggestion[] = [];
  for (const reclassifier of flow.reclassifiers()) {
    if (reclassifier.from !== "*" && !zones.every((zone) => reclassifier.from.includes(zone)))
      continue;
    const edits: TextEdit[] = [
      {
        file: file.fileName,
        range: nodeRange(node),
        newText: `${reclassifier.name}(${node.getText(file)})`,
      },
    ];
    if (reclassifier.file.fileName !== file.fileName && !isNameInScope(file, reclassifier.name)) {
      if (!reclassifier.exported) continue;
      edits.push(importEdit(file, reclassifier.name, reclassifier.file.fileName));
    }
    fixes.push({ kind: "reclassify", title: `Pass through \`${reclassifier.name}()\``, edits });
    if (fixes.length >= 3) break;
  }
  return fixes;
}

function isNameInScope(file: ts.SourceFile, name: string): boolean {
  return (
    new RegExp(`\\bimport\\b[^;]*\\b${name}\\b`).test(file.text) ||
    new RegExp(`\\bfunction\\s+${name}\\b`).test(file.text)
  );
}

function importEdit(file: ts.SourceFile, name: string, fromFile: string): TextEdit {
  let specifier = path
    .relative(path.dirname(file.fileName), fromFile)
    .replace(/\\/g, "/")
    .replace(/\.(d\.)?[cm]?[jt]sx?$/, "");
  if (!specifier.startsWith(".")) specifier = `./${specifier}`;
  const imports = file.statements.filter(ts.isImportDeclaration);
  const position = imports.length > 0 ? imports[imports.length - 1]!.getEnd() : 0;
  const prefix = imports.length > 0 ? "\n" : "";
  const suffix = imports.length > 0 ? "" : "\n";
  return {
    file: file.fileName,
    range: rangeOf(file, position, position),
    newText: `${prefix}import { ${name} } from "${specifier}";${suffix}`,
  };
}
