import { ts } from "./typescript";
import { findExemptions, zoneAnnotations } from "./annotations";
import type { Exemption } from "./annotations";
import type { ResolvedConfig } from "./config-types";
import { checkAnnotations } from "./annotation-checks";
import { CONTAINERS, dataFieldDeclaration } from "./erased-types";
import { overwrittenFields, withoutOverwritten } from "./overwrites";
import { constInitializer, literalFieldNames } from "./bindings";
import { isOwnField, unwrap } from "./calls";
import { suggestFixes } from "./fixes";
import type { FlowAnalysis, Unit, UnitContext } from "./flow";
import { declarationName } from "./flow";
import { propertyValue } from "./properties";
import type { SinkSite } from "./summary";
import { flattenLabels, mapLabels, pathLength, stepsToArray, isEmpty } from "./taint";
import type { FlowStep, Label, Taint } from "./taint";
import type { Finding, PathStep, Range, Severity, ZonePath } from "./types";

/** The labels by zone that each unit brought to a hit. */
type Contributions = Map<Unit, Map<string, Label>>;

/** Labels that reached one sink site, allowed or not, for findings, lineage and the zone inventory. */
export interface SinkHit {
  site: SinkSite;
  /** The best label of each zone over all contributions, as of the last `finish`. */
  labels: Map<string, Label>;
  violating: Set<string>;
  config: ResolvedConfig;
  contributions: Contributions;
  /** The finding built at the last `finish`, while no contribution changed. */
  finding?: Finding;
}

interface TargetHit {
  target: ts.Node;
  valueNode: ts.Node;
  labels: Map<string, Label>;
  config: ResolvedConfig;
  contributions: Contributions;
  finding?: Finding;
}

/** Collects what reaches sinks and annotated declarations during a pass, and turns it into findings. */
export class FindingCollector {
  readonly sinkHits = new Map<ts.Node, SinkHit>();
  readonly targetHits = new Map<ts.Node, TargetHit>();
  /** Findings by file, a new map after each `finish`. */
  byFile = new Map<string, Finding[]>();
  /** Hits whose contributions changed since the last `finish`. */
  private readonly changed = new Set<SinkHit | TargetHit>();
  /** The hits of each file, by the file of the sink or of the value. */
  private readonly hitsByFile = new Map<string, Set<SinkHit | TargetHit>>();
  /** Files that lost a hit since the last `finish`. */
  private readonly emptied = new Set<string>();
  /** The file versions of the last `finish`, whose findings stay unless something changed. */
  private finished = new Map<string, ts.SourceFile>();

  constructor(private readonly flow: FlowAnalysis) {}

  /** Records a value entering a sink; symbolic parameter labels go to the unit's summary instead. */
  checkSink(value: Taint, site: SinkSite, ctx: UnitContext): void {
    const labels = flattenLabels(value);
    const symbolic = mapLabels({ labels }, (label) => (label.param ? label : undefined));
    if (!isEmpty(symbolic) && !ts.isSourceFile(ctx.unit)) ctx.summary.addSinkFlow(site, symbolic);
    // Queries such as hovers evaluate without a unit; findings come from the analysis only.
    if (!this.flow.currentUnit) return;
    const config = this.flow.configFor(site.node.getSourceFile());
    let hit = this.sinkHits.get(site.node);
    // The zones of the fields of the value's type count where the value does not carry them
    // already, so that a path that leads back to where the data came from is kept.
    let typed = typeFieldLabels(this.flow, site.node, ctx);
    if (typed.length > 0) {
      const carried = new Set(labels.map((label) => label.zone));
      typed = typed.filter((label) => !carried.has(label.zone));
    }
    for (const label of [...labels.values(), ...typed]) {
      if (label.zone === undefined || !config.zones.has(label.zone)) continue;
      if (!hit) {
        hit = {
          site,
          labels: new Map(),
          violating: new Set(),
          config,
          contributions: new Map(),
        };
        this.sinkHits.set(site.node, hit);
        this.indexHit(site.node, hit);
      }
      this.contribute(hit, label, ctx);
      this.flow.noteHit(site.node);
    }
  }

  /** Adds a label to what the evaluated unit brings to a hit, keeping the better of two per zone. */
  private contribute(hit: SinkHit | TargetHit, label: Label, ctx: UnitContext): void {
    const unit = this.flow.currentUnit!;
    let labels = hit.contributions.get(unit);
    if (!labels) hit.contributions.set(unit, (labels = new Map()));
    if (isBetter(label, labels.get(label.zone!))) {
      labels.set(label.zone!, label);
      this.changed.add(hit);
    }
    void ctx;
  }

  /** Builds every finding again at the next `finish`, for a change that touches all of them. */
  rebuildAll(): void {
    for (const hit of this.sinkHits.values()) delete hit.finding;
    for (const hit of this.targetHits.values()) delete hit.finding;
    this.finished = new Map();
  }

  private indexHit(key: ts.Node, hit: SinkHit | TargetHit): void {
    const file = key.getSourceFile().fileName;
    let hits = this.hitsByFile.get(file);
    if (!hits) this.hitsByFile.set(file, (hits = new Set()));
    hits.add(hit);
  }

  /** Removes what `unit` brought to the hits at `key`, before the unit is evaluated again. */
  forget(key: ts.Node, unit: Unit): void {
    for (const hits of [this.sinkHits, this.targetHits] as Map<ts.Node, SinkHit | TargetHit>[]) {
      const hit = hits.get(key);
      if (!hit?.contributions.delete(unit)) continue;
      if (hit.contributions.size > 0) {
        this.changed.add(hit);
        continue;
      }
      hits.delete(key);
      const file = key.getSourceFile().fileName;
      this.hitsByFile.get(file)?.delete(hit);
      this.changed.delete(hit);
      this.emptied.add(file);
    }
  }

  /**
   * Records a value flowing into a declaration annotated with `@zone`, for PZ002. Symbolic
   * parameter labels go to the unit's summary, so that each call checks what its arguments bring.
   */
  checkAnnotatedTarget(target: ts.Node, value: Taint, valueNode: ts.Node, ctx: UnitContext): void {
    const annotations = zoneAnnotations(target);
    if (annotations.length === 0) return;
    const labels = flattenLabels(value);
    const symbolic = mapLabels({ labels }, (label) => (label.param ? label : undefined));
    if (!isEmpty(symbolic) && !ts.isSourceFile(ctx.unit)) {
      const name = declarationName(target);
      ctx.summary.addSinkFlow(
        { node: valueNode, call: target, callee: name, purpose: "", target },
        symbolic,
      );
    }
    if (!this.flow.currentUnit) return;
    const declared = new Set(
      annotations.flatMap((annotation) => annotation.zones.map((zone) => zone.name)),
    );
    const config = this.flow.configFor(target.getSourceFile());
    for (const label of labels) {
      if (label.zone === undefined || declared.has(label.zone) || !config.zones.has(label.zone))
        continue;
      let hit = this.targetHits.get(valueNode);
      if (!hit) {
        hit = { target, valueNode, labels: new Map(), config, contributions: new Map() };
        this.targetHits.set(valueNode, hit);
        this.indexHit(valueNode, hit);
      }
      this.flow.noteHit(valueNode);
      const unit = this.flow.currentUnit!;
      let labels = hit.contributions.get(unit);
      if (!labels) hit.contributions.set(unit, (labels = new Map()));
      if (!labels.has(label.zone)) {
        labels.set(label.zone, label);
        this.changed.add(hit);
      }
    }
    void ctx;
  }

  /**
   * Builds the findings of the files, applies exemptions and adds annotation problems. Only the
   * files with changed hits or a new version are built again.
   */
  finish(files: readonly ts.SourceFile[]): void {
    const dirty = new Set(this.emptied);
    this.emptied.clear();
    for (const hit of this.changed) {
      hit.labels = mergeContributions(hit.contributions);
      delete hit.finding;
      if ("site" in hit) {
        const { zones } = hit.config;
        hit.violating = new Set(
          [...hit.labels.keys()].filter((zone) => !zones.get(zone)!.allow.has(hit.site.purpose)),
        );
      }
      const key = "site" in hit ? hit.site.node : hit.valueNode;
      dirty.add(key.getSourceFile().fileName);
    }
    this.changed.clear();
    const previous = this.byFile;
    // After an edit the files are mostly the same and in the same order. Copying the maps whole
    // is then much faster than setting thousands of entries one by one. `byFile` keeps the
    // program's order of files and is a new map on every run.
    const sameFiles =
      files.length === this.finished.size &&
      files.length === previous.size &&
      sameOrder(files, this.finished);
    const finished = sameFiles ? new Map(this.finished) : new Map<string, ts.SourceFile>();
    this.byFile = sameFiles ? new Map(previous) : new Map();
    for (const file of files) {
      const unchanged = previous.get(file.fileName);
      if (unchanged && this.finished.get(file.fileName) === file && !dirty.has(file.fileName)) {
        if (!sameFiles) {
          finished.set(file.fileName, file);
          this.byFile.set(file.fileName, unchanged);
        }
        continue;
      }
      finished.set(file.fileName, file);
      this.byFile.set(file.fileName, []);
      const hits = [...(this.hitsByFile.get(file.fileName) ?? [])];
      for (const hit of hits) {
        if ("site" in hit && hit.violating.size > 0)
          this.add((hit.finding ??= sinkFinding(this.flow, hit)));
      }
      for (const hit of hits) {
        if (!("site" in hit)) this.add((hit.finding ??= targetFinding(this.flow, hit)));
      }
      for (const finding of annotationProblems(file, this.flow.configFor(file))) this.add(finding);
      this.applyExemptions(file);
    }
    this.finished = finished;
  }

  private add(finding: Finding): void {
    const list = this.byFile.get(finding.file);
    if (!list) return;
    list.push(finding);
  }

  private applyExemptions(file: ts.SourceFile): void {
    const exemptions = findExemptions(file);
    const findings = this.byFile.get(file.fileName) ?? [];
    if (exemptions.length === 0 && findings.length === 0) return;
    // The list is kept per file version, so each run starts with every exemption unused.
    for (const exemption of exemptions) exemption.used = false;
    const kept = findings.filter(
      (finding) => !exemptions.some((exemption) => suppresses(exemption, finding)),
    );
    for (const exemption of exemptions) kept.push(...exemptionProblems(file, exemption));
    kept.sort(
      (a, b) =>
        a.range.start.line - b.range.start.line ||
        a.range.start.character - b.range.start.character,
    );
    this.byFile.set(file.fileName, kept);
  }
}

function suppresses(exemption: Exemption, finding: Finding): boolean {
  if (finding.code === "PZ004" || finding.range.start.line !== exemption.targetLine) return false;
  if (exemption.codes.length > 0 && !exemption.codes.includes(finding.code)) return false;
  if (!exemption.reason) return false;
  exemption.used = true;
  return true;
}

function exemptionProblems(file: ts.SourceFile, exemption: Exemption): Finding[] {
  const range = rangeOf(file, exemption.start, exemption.end);
  const base = {
    file: file.fileName,
    range,
    zones: [],
    inferred: false,
    sink: null,
    path: [],
    otherPaths: [],
    fixes: [],
  };
  if (!exemption.reason) {
    return [
      {
        ...base,
        code: "PZ004",
        severity: "error",
        message:
          "An exemption needs a written reason after `--`, as in `privacy-zones-disable-next-line PZ001 -- reviewed: consented export`.",
      },
    ];
  }
  if (!exemption.used) {
    const codes = exemption.codes.length > 0 ? exemption.codes.join(", ") : "any finding";
    return [
      {
        ...base,
        code: "PZ004",
        severity: "warning",
        message: `This exemption suppresses nothing: no ${codes} on line ${exemption.targetLine + 1}. Remove it.`,
      },
    ];
  }
  return [];
}

const zoneList = (zones: string[]) => zones.join(", ");

/**
 * Prefers a label from an annotation over an inferred one, then the shorter path, then the path
 * that sorts first, so that the reported path does not depend on the order of evaluation.
 */
function isBetter(label: Label, existing: Label | undefined): boolean {
  if (!existing) return true;
  if (existing.inferred !== label.inferred) return existing.inferred;
  if (Boolean(existing.fromType) !== Boolean(label.fromType)) return Boolean(existing.fromType);
  const length = pathLength(label.steps);
  const existingLength = pathLength(existing.steps);
  if (length !== existingLength) return length < existingLength;
  return label.steps !== existing.steps && comparePaths(label, existing) < 0;
}

function comparePaths(a: Label, b: Label): number {
  const left = stepsToArray(a.steps);
  const right = stepsToArray(b.steps);
  for (let i = 0; i < left.length && i < right.length; i++) {
    const x = left[i]!;
    const y = right[i]!;
    const order =
      x.node.getSourceFile().fileName.localeCompare(y.node.getSourceFile().fileName) ||
      x.node.pos - y.node.pos ||
      x.node.end - y.node.end ||
      x.message.localeCompare(y.message);
    if (order !== 0) return order;
  }
  return 0;
}

/** True when `files` has the names of the keys of `finished`, in the same order. */
function sameOrder(files: readonly ts.SourceFile[], finished: Map<string, ts.SourceFile>): boolean {
  let index = 0;
  for (const name of finished.keys()) {
    if (files[index++]?.fileName !== name) return false;
  }
  return true;
}

function mergeContributions(contributions: Contributions): Map<string, Label> {
  const merged = new Map<string, Label>();
  for (const labels of contributions.values()) {
    for (const [zone, label] of labels) {
      if (isBetter(label, merged.get(zone))) merged.set(zone, label);
    }
  }
  return merged;
}

const annotationCache = new WeakMap<
  ts.SourceFile,
  { config: ResolvedConfig; findings: Finding[] }
>();

/** Returns the annotation problems of a file, kept while the file and its config stay the same. */
function annotationProblems(file: ts.SourceFile, config: ResolvedConfig): Finding[] {
  const cached = annotationCache.get(file);
  if (cached?.config === config) return cached.findings;
  const findings = checkAnnotations(file, config);
  annotationCache.set(file, { config, findings });
  return findings;
}

function sinkFinding(flow: FlowAnalysis, hit: SinkHit): Finding {
  const zones = [...hit.violating].sort();
  const labels = zones.map((zone) => hit.labels.get(zone)!);
  const enforced = labels.filter((label) => isEnforced(label, hit.config));
  const primary = enforced[0] ?? labels[0]!;
  const inferred = labels.every((label) => label.inferred);
  const severity: Severity = enforced.length > 0 ? "error" : "warning";
  const described = zones.map((zone) =>
    hit.labels.get(zone)!.inferred ? `${zone} (inferred)` : zone,
  );
  const sinkName = hit.site.callee === "throw" ? "`throw`" : `\`${hit.site.callee}\``;
  const message =
    `${zoneList(described)} data reaches ${sinkName}, a sink for ${hit.site.purpose}. ` +
    `${zones.length > 1 ? "Zones" : "Zone"} ${zoneList(zones)} ${zones.length > 1 ? "do" : "does"} not allow ${hit.site.purpose}.`;
  const file = hit.site.node.getSourceFile();
  const step = sinkStep(hit);
  const path = [...stepsToArray(primary.steps).map((step) => toPathStep(step)), step];
  const finding: Finding = {
    code: "PZ001",
    severity,
    message,
    file: file.fileName,
    range: nodeRange(hit.site.node),
    zones,
    inferred,
    sink: { callee: hit.site.callee, purpose: hit.site.purpose },
    path,
    otherPaths: otherPaths(zones, labels, primary, step),
    fixes: [],
  };
  if (flow.options.fixes !== false)
    finding.fixes = suggestFixes(flow, finding, hit.site.node, labels);
  return finding;
}

/**
 * Groups the zones whose labels took another path than `primary`, one group per distinct path,
 * each path ending at `last`.
 */
function otherPaths(zones: string[], labels: Label[], primary: Label, last: PathStep): ZonePath[] {
  const primarySteps = stepsToArray(primary.steps);
  const groups: { steps: FlowStep[]; group: ZonePath }[] = [];
  labels.forEach((label, index) => {
    const steps = stepsToArray(label.steps);
    if (label === primary || sameSteps(steps, primarySteps)) return;
    const existing = groups.find((entry) => sameSteps(entry.steps, steps));
    if (existing) {
      existing.group.zones.push(zones[index]!);
      return;
    }
    const path = [...steps.map((step) => toPathStep(step)), last];
    groups.push({ steps, group: { zones: [zones[index]!], path } });
  });
  return groups.map((entry) => entry.group);
}

/** True when two paths go through the same nodes. Their messages may name different zones. */
function sameSteps(a: readonly FlowStep[], b: readonly FlowStep[]): boolean {
  return a.length === b.length && a.every((step, index) => step.node === b[index]!.node);
}

function isEnforced(label: Label, config: ResolvedConfig): boolean {
  if (label.inferred) return config.detection.mode === "enforce";
  return config.zones.get(label.zone!)?.mode !== "log";
}

function sinkStep(hit: SinkHit): PathStep {
  const name = hit.site.callee === "throw" ? "`throw`" : `\`${hit.site.callee}\``;
  return {
    location: { file: hit.site.node.getSourceFile().fileName, range: nodeRange(hit.site.node) },
    message: `reaches ${name} (${hit.site.purpose})`,
    kind: "sink",
    inferred: false,
  };
}

function targetFinding(flow: FlowAnalysis, hit: TargetHit): Finding {
  const zones = [...hit.labels.keys()].sort();
  const labels = zones.map((zone) => hit.labels.get(zone)!);
  const declared = zoneAnnotations(hit.target).flatMap((annotation) =>
    annotation.zones.map((zone) => zone.name),
  );
  const enforced = labels.filter((label) => isEnforced(label, hit.config));
  const name = declarationName(hit.target);
  const primary = enforced[0] ?? labels[0]!;
  const last: PathStep = {
    location: {
      file: hit.target.getSourceFile().fileName,
      range: nodeRange((hit.target as { name?: ts.Node }).name ?? hit.target),
    },
    message: `flows into \`${name}\` (@zone ${declared.join(" ")})`,
    kind: "assign",
    inferred: false,
  };
  const finding: Finding = {
    code: "PZ002",
    severity: enforced.length > 0 ? "error" : "warning",
    message: `${zoneList(zones)} data flows into \`${name}\`, which is annotated @zone ${declared.join(" ")}. Annotate it with the zones it receives, or reclassify the value first.`,
    file: hit.valueNode.getSourceFile().fileName,
    range: nodeRange(hit.valueNode),
    zones,
    inferred: labels.every((label) => label.inferred),
    sink: null,
    path: [...stepsToArray(primary.steps).map((step) => toPathStep(step)), last],
    otherPaths: otherPaths(zones, labels, primary, last),
    fixes: [],
  };
  if (flow.options.fixes !== false)
    finding.fixes = suggestFixes(flow, finding, hit.valueNode, labels, hit.target);
  return finding;
}

/** Labels of the fields of a value's declared type, for objects whose fields were not tracked one by one. */
export function typeFieldLabels(flow: FlowAnalysis, node: ts.Node, ctx: UnitContext): Label[] {
  if (!ts.isExpression(node) || ts.isStringLiteralLike(node) || ts.isTemplateExpression(node))
    return [];
  const labels: Label[] = [];
  for (const declaration of flow.resolutions.declarationsOf("fields", node, () =>
    withoutOverwritten(flow, node, dataFields(flow, node)),
  ))
    for (const label of flattenLabels(
      propertyValue(flow, declaration, node, ctx, isOwnField(flow, node, declaration)),
    ))
      labels.push({ ...label, fromType: true });
  return labels;
}

/** The depth to which `dataFields` looks into the types of fields, elements and union members. */
const MAX_TYPE_DEPTH = 3;
/** Most fields `dataFields` lists for one value. */
const MAX_DATA_FIELDS = 64;

/**
 * Lists the data fields declared outside libraries that a value of `node`'s type contains. These
 * are its own fields and those of union members, array and tuple elements, index signatures and
 * containers such as `Map`. The types of those fields are searched too, a few levels deep.
 */
function dataFields(flow: FlowAnalysis, node: ts.Node, depth = 0): readonly ts.Declaration[] {
  const inner = unwrap(node);
  // The type of a literal costs the checker a pass over all of its parts, while the fields of
  // a literal come from the values in it, so only those values are typed.
  if (ts.isObjectLiteralExpression(inner) || ts.isArrayLiteralExpression(inner)) {
    if (depth >= MAX_TYPE_DEPTH) return [];
    const parts: ts.Node[] = [];
    const elements = ts.isObjectLiteralExpression(inner) ? inner.properties : inner.elements;
    const fields = new Set<ts.Declaration>();
    elements.forEach((element, index) => {
      if (ts.isPropertyAssignment(element)) parts.push(element.initializer);
      else if (ts.isShorthandPropertyAssignment(element)) parts.push(element.name);
      else if (ts.isSpreadAssignment(element)) {
        // `{ ...user, email: "***" }` replaces the spread value's `email`.
        const replaced = laterKeys(inner as ts.ObjectLiteralExpression, index);
        for (const field of dataFields(flow, element.expression, depth + 1)) {
          const name = ts.getNameOfDeclaration(field);
          const key =
            name && (ts.isIdentifier(name) || ts.isStringLiteralLike(name)) ? name.text : "";
          if (!replaced.has(key)) fields.add(field);
        }
      } else if (ts.isSpreadElement(element)) parts.push(element.expression);
      else if (ts.isExpression(element)) parts.push(element);
    });
    for (const part of parts)
      for (const field of dataFields(flow, part, depth + 1)) fields.add(field);
    return [...fields];
  }
  if (ts.isLiteralExpression(inner) || ts.isTemplateExpression(inner) || ts.isFunctionLike(inner))
    return [];
  // `Object.assign({}, user, { email: "***" })` has the fields of its sources, where no later
  // literal source replaces them.
  const assigned = depth < MAX_TYPE_DEPTH ? objectAssignSources(inner) : undefined;
  if (assigned) {
    const fields = new Set<ts.Declaration>();
    assigned.forEach((source, index) => {
      const replaced = new Set(assigned.slice(index + 1).flatMap(literalFieldNames));
      for (const field of dataFields(flow, source, depth + 1))
        if (!replaced.has(declarationKey(field))) fields.add(field);
    });
    return [...fields];
  }
  // A `const` without a written type has the fields of its initializer, which is read that way
  // when it is a literal or such a call.
  if (ts.isIdentifier(inner) && depth < MAX_TYPE_DEPTH) {
    const declaration = flow.resolutions.resolve(inner).main;
    const initializer =
      declaration && ts.isVariableDeclaration(declaration) && !declaration.type
        ? constInitializer(declaration)
        : undefined;
    const value = initializer && unwrap(initializer);
    if (value && (ts.isObjectLiteralExpression(value) || objectAssignSources(value)))
      return dataFields(flow, value, depth + 1);
  }
  // A call of a function of the project that returns a `const` after deleting or replacing some
  // of its fields has only the others.
  // NOTE: the fields are kept with the resolved names, so after an edit of only that function's
  // body the call keeps the old list until the editor's next fresh analysis.
  if (ts.isCallExpression(inner) && depth < MAX_TYPE_DEPTH) {
    const removed = removedBeforeReturn(flow, inner);
    if (removed.size > 0)
      return dataFields(flow, inner, MAX_TYPE_DEPTH).filter(
        (field) => !removed.has(declarationKey(field)),
      );
  }
  // A name declared with a primitive type (`id: string`) needs no type from the checker.
  if (ts.isIdentifier(inner) || ts.isPropertyAccessExpression(inner)) {
    const name = ts.isPropertyAccessExpression(inner) ? inner.name : inner;
    const declaration = flow.resolutions.resolve(name).main;
    if (declaration && !mayHoldFields(declaration)) return [];
  }
  let type: ts.Type;
  try {
    type = flow.checker.getTypeAtLocation(inner);
  } catch {
    return [];
  }
  // Many sinks take values of the same few types, and each checker has its own type objects.
  let byType = fieldsByType.get(flow.checker);
  if (!byType) fieldsByType.set(flow.checker, (byType = new WeakMap()));
  let fields = byType.get(type);
  if (!fields) byType.set(type, (fields = fieldsOfType(flow, type)));
  return fields;
}

/** Returns the sources of `Object.assign(target, ...sources)`, or undefined for other nodes. */
function objectAssignSources(node: ts.Node): readonly ts.Expression[] | undefined {
  if (!ts.isCallExpression(node) || node.arguments.length < 2) return undefined;
  const callee = node.expression;
  if (
    !ts.isPropertyAccessExpression(callee) ||
    !ts.isIdentifier(callee.expression) ||
    callee.expression.text !== "Object" ||
    callee.name.text !== "assign"
  )
    return undefined;
  const [target, ...sources] = node.arguments;
  // Only a new object: an existing target keeps the fields it had.
  const fresh = unwrap(target!);
  return ts.isObjectLiteralExpression(fresh) && fresh.properties.length === 0 ? sources : undefined;
}

/** Returns the name of a field's declaration, or "" where it has no plain name. */
function declarationKey(field: ts.Declaration): string {
  const name = ts.getNameOfDeclaration(field);
  return name && (ts.isIdentifier(name) || ts.isStringLiteralLike(name)) ? name.text : "";
}

/**
 * Lists the fields that a function of the project deletes or replaces in the `const` that each
 * of its `return` statements returns, before that return: those that every return leaves out.
 */
function removedBeforeReturn(flow: FlowAnalysis, call: ts.CallExpression): Set<string> {
  const callee = unwrap(call.expression);
  const name = ts.isPropertyAccessExpression(callee) ? callee.name : callee;
  if (!ts.isIdentifier(name)) return new Set();
  const fn = flow.resolutions.resolve(name).main;
  if (
    !fn ||
    !(ts.isFunctionDeclaration(fn) || ts.isMethodDeclaration(fn)) ||
    !fn.body ||
    fn.getSourceFile().isDeclarationFile
  )
    return new Set();
  let removed: Set<string> | undefined;
  let complete = true;
  const visit = (node: ts.Node): void => {
    if (!complete || (ts.isFunctionLike(node) && node !== fn)) return;
    if (ts.isReturnStatement(node)) {
      const returned = node.expression && unwrap(node.expression);
      const names =
        returned && ts.isIdentifier(returned)
          ? overwrittenFields(flow, returned)
          : new Set<string>();
      removed = removed ? new Set([...removed].filter((key) => names.has(key))) : names;
      if (removed.size === 0) complete = false;
      return;
    }
    ts.forEachChild(node, visit);
  };
  ts.forEachChild(fn.body, visit);
  return complete && removed ? removed : new Set();
}

/** Returns the keys that the properties after element `index` of `literal` write. */
function laterKeys(literal: ts.ObjectLiteralExpression, index: number): Set<string> {
  const keys = new Set<string>();
  for (const property of literal.properties.slice(index + 1)) {
    if (ts.isSpreadAssignment(property)) continue;
    const name = property.name;
    if (name && (ts.isIdentifier(name) || ts.isStringLiteralLike(name))) keys.add(name.text);
  }
  return keys;
}

/** The results of `fieldsOfType`, by checker and type. */
const fieldsByType = new WeakMap<ts.TypeChecker, WeakMap<ts.Type, readonly ts.Declaration[]>>();

function fieldsOfType(flow: FlowAnalysis, type: ts.Type): readonly ts.Declaration[] {
  const checker = flow.checker;
  const program = flow.options.program;
  const fields: ts.Declaration[] = [];
  const seen = new Set<ts.Type>();
  const visit = (current: ts.Type, depth: number): void => {
    if (depth > MAX_TYPE_DEPTH || fields.length >= MAX_DATA_FIELDS || seen.has(current)) return;
    seen.add(current);
    if (current.isUnionOrIntersection()) {
      for (const member of current.types) visit(member, depth);
      return;
    }
    if (!(current.flags & ts.TypeFlags.Object)) return;
    if (checker.isArrayType(current) || checker.isTupleType(current)) {
      for (const element of checker.getTypeArguments(current as ts.TypeReference))
        visit(element, depth + 1);
      return;
    }
    const symbolName = current.getSymbol()?.getName();
    if (symbolName && CONTAINERS.has(symbolName) && isLibraryType(program, current)) {
      for (const argument of checker.getTypeArguments(current as ts.TypeReference))
        visit(argument, depth + 1);
      return;
    }
    for (const info of checker.getIndexInfosOfType(current)) visit(info.type, depth + 1);
    for (const property of current.getProperties()) {
      if (fields.length >= MAX_DATA_FIELDS) return;
      const declaration = dataFieldDeclaration(program, property);
      if (!declaration) continue;
      // The analysis tracks the value of each field of an object literal itself.
      if (!ts.isObjectLiteralExpression(declaration.parent)) fields.push(declaration);
      if (depth < MAX_TYPE_DEPTH && mayHoldFields(declaration))
        visit(checker.getTypeOfSymbol(property), depth + 1);
    }
  };
  visit(type, 0);
  return fields;
}

/** False for a field declared with a primitive type (`email: string`), which has no fields. */
function mayHoldFields(declaration: ts.Declaration): boolean {
  let type = (declaration as { type?: ts.TypeNode }).type;
  if (!type) return true;
  while (ts.isArrayTypeNode(type)) type = type.elementType;
  return !(
    ts.isLiteralTypeNode(type) ||
    (type.kind >= ts.SyntaxKind.FirstKeyword && type.kind <= ts.SyntaxKind.LastKeyword)
  );
}

/** True when a type is declared only in TypeScript's library files. */
function isLibraryType(program: ts.Program, type: ts.Type): boolean {
  const declarations = type.getSymbol()?.declarations ?? [];
  return (
    declarations.length > 0 &&
    declarations.every((declaration) =>
      program.isSourceFileDefaultLibrary(declaration.getSourceFile()),
    )
  );
}

export function toPathStep(step: FlowStep): PathStep {
  return {
    location: { file: step.node.getSourceFile().fileName, range: nodeRange(step.node) },
    message: step.message,
    kind: step.kind,
    inferred: step.inferred,
  };
}

export function nodeRange(node: ts.Node): Range {
  const file = node.getSourceFile();
  return rangeOf(file, node.getStart(file), node.getEnd());
}

export function rangeOf(file: ts.SourceFile, start: number, end: number): Range {
  const from = file.getLineAndCharacterOfPosition(start);
  const to = file.getLineAndCharacterOfPosition(end);
  return {
    start: { line: from.line, character: from.character },
    end: { line: to.line, character: to.character },
  };
}
