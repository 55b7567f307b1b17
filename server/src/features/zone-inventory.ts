/**
 * Builds the zone inventory of one analysed project from its last analysis. Runs on the analysis
 * thread, which owns the Analyzer and its syntax trees.
 */
import { ts } from "ts-morph";
import type { Analyzer, Finding, LineageNode, Location } from "../engine/index";
import { forEachAnnotated } from "../engine/annotation-checks";
import {
  findExemptions,
  reclassifyAnnotations,
  zoneAnnotations,
  type Exemption,
} from "../engine/annotations";
import { walkDescendants } from "../engine/walk";
import type {
  ZoneExemption,
  ZoneInventoryEntry,
  ZoneReclassification,
  ZoneSinkReach,
  ZoneSite,
  ZonesResult,
} from "../protocol";

/** Steps followed from each declaration; paths in real code are far shorter. */
const MAX_DEPTH = 50;

interface FileExemption extends ZoneExemption {
  targetLine: number;
}

/** The zone inventory of one project, before the entries of all projects are merged. */
export interface ProjectInventory {
  entries: Map<string, ZoneInventoryEntry>;
  unattributedExemptions: ZoneExemption[];
}

/**
 * Collects the zone inventory of a project. The flow graph comes from lineage queries on every
 * declaration and every finding source, since the engine offers no whole-graph query.
 * NOTE: a flow that goes from a source straight into a sink, with no declaration in between and
 * no finding, is not seen. The walks also repeat work that one pass over the engine's merged
 * flow graph would do once, so large projects take seconds here.
 */
export function projectInventory(
  analyzer: Analyzer,
  findings: ReadonlyMap<string, Finding[]>,
): ProjectInventory {
  const program = analyzer.project.getProgram().compilerObject;
  const files = [...findings.keys()]
    .map((file) => program.getSourceFile(file))
    .filter((file): file is ts.SourceFile => file !== undefined);
  const inventory: ProjectInventory = { entries: new Map(), unattributedExemptions: [] };
  const nodes = collectNodes(analyzer, files, findings);
  const exemptions = files.flatMap(fileExemptions);
  const attributed = new Set<FileExemption>();
  for (const file of files) addAnnotations(inventory, file);
  for (const node of nodes.values()) {
    if (node.kind === "source") addSourceSite(inventory, node);
    if (node.kind !== "sink") continue;
    const exemption = exemptions.find((candidate) => exempts(candidate, node));
    if (exemption) attributed.add(exemption);
    addSink(inventory, analyzer, node, findings, exemption);
  }
  for (const exemption of exemptions) {
    if (!attributed.has(exemption)) inventory.unattributedExemptions.push(plain(exemption));
  }
  return inventory;
}

/** Returns the inventory entry of a zone, creating it on first use. */
function entryOf(inventory: ProjectInventory, zone: string): ZoneInventoryEntry {
  let entry = inventory.entries.get(zone);
  if (!entry) {
    entry = { zone, sites: [], sinks: [], reclassifications: [], exemptions: [] };
    inventory.entries.set(zone, entry);
  }
  return entry;
}

function collectNodes(
  analyzer: Analyzer,
  files: ts.SourceFile[],
  findings: ReadonlyMap<string, Finding[]>,
): Map<string, LineageNode> {
  const nodes = new Map<string, LineageNode>();
  const visit = (file: string, position: ts.LineAndCharacter): void => {
    const graph = analyzer.lineage(file, position, "both", MAX_DEPTH);
    for (const node of graph.nodes) if (node.zones.length > 0) nodes.set(node.id, node);
  };
  for (const file of files) {
    for (const name of declarationNames(file)) {
      visit(file.fileName, file.getLineAndCharacterOfPosition(name.getStart(file)));
    }
  }
  for (const list of findings.values()) {
    const steps = list.flatMap((finding) => [
      ...finding.path,
      ...finding.otherPaths.flatMap((other) => other.path),
    ]);
    for (const step of steps) {
      if (step.kind === "source") visit(step.location.file, step.location.range.start);
    }
  }
  return nodes;
}

/** Returns the identifiers that name a variable or a parameter. */
function declarationNames(file: ts.SourceFile): ts.Identifier[] {
  const names: ts.Identifier[] = [];
  walkDescendants(file, (node) => {
    if ((ts.isVariableDeclaration(node) || ts.isParameter(node)) && ts.isIdentifier(node.name))
      names.push(node.name);
  });
  return names;
}

function addAnnotations(inventory: ProjectInventory, file: ts.SourceFile): void {
  forEachAnnotated(file, (node) => {
    const name = annotatedName(node);
    for (const annotation of zoneAnnotations(node)) {
      const site: ZoneSite = {
        location: locationOf(file, name.getStart(file), name.getEnd()),
        label: name.getText(file),
        origin: "declared",
      };
      for (const token of annotation.zones) addSite(entryOf(inventory, token.name), site);
    }
    for (const annotation of reclassifyAnnotations(node)) {
      const reclassification: ZoneReclassification = {
        location: locationOf(file, annotation.tag.getStart(file), annotation.tag.getEnd()),
        from: annotation.from === "*" ? "*" : annotation.from.map((token) => token.name),
        to: annotation.to?.name ?? null,
        reason: annotation.reason ?? null,
      };
      const zones = reclassification.from === "*" ? ["*"] : reclassification.from;
      for (const zone of zones) entryOf(inventory, zone).reclassifications.push(reclassification);
    }
  });
}

/** Returns the name of an annotated declaration. A tag on `const x = ...` sits on the statement. */
function annotatedName(node: ts.Node): ts.Node {
  const declarations = ts.isVariableStatement(node) ? node.declarationList.declarations : [];
  const target = declarations.length === 1 ? declarations[0]! : node;
  return (target as { name?: ts.Node }).name ?? target;
}

function addSourceSite(inventory: ProjectInventory, node: LineageNode): void {
  const site: ZoneSite = {
    location: node.location,
    label: node.detail ?? node.label,
    origin: node.confidence === "inferred" ? "inferred" : "declared",
  };
  for (const zone of node.zones) addSite(entryOf(inventory, zone), site);
}

function addSite(entry: ZoneInventoryEntry, site: ZoneSite): void {
  if (!entry.sites.some((known) => sameLocation(known.location, site.location)))
    entry.sites.push(site);
}

function addSink(
  inventory: ProjectInventory,
  analyzer: Analyzer,
  node: LineageNode,
  findings: ReadonlyMap<string, Finding[]>,
  exemption: FileExemption | undefined,
): void {
  const purpose = node.purpose ?? "";
  const policies = analyzer.configFor(node.location.file).zones;
  const reported = (findings.get(node.location.file) ?? []).filter(
    (finding) => finding.code === "PZ001" && sameLocation(sinkLocation(finding), node.location),
  );
  for (const zone of node.zones) {
    const allowed = policies.get(zone)?.allow.has(purpose) ?? false;
    const isReported = reported.some((finding) => finding.zones.includes(zone));
    const status = sinkStatus(allowed, isReported, exemption !== undefined);
    const entry = entryOf(inventory, zone);
    entry.sinks.push({
      location: node.location,
      detail: node.detail ?? node.label,
      purpose,
      status,
    });
    if (status === "exempted" && exemption) addExemption(entry, plain(exemption));
  }
}

/** Classifies one zone's flow into a sink: a finding wins, then the policy, then an exemption. */
function sinkStatus(
  allowed: boolean,
  reported: boolean,
  exempted: boolean,
): ZoneSinkReach["status"] {
  if (reported) return "violation";
  if (allowed) return "allowed";
  return exempted ? "exempted" : "violation";
}

function addExemption(entry: ZoneInventoryEntry, exemption: ZoneExemption): void {
  if (!entry.exemptions.some((known) => sameLocation(known.location, exemption.location)))
    entry.exemptions.push(exemption);
}

function sinkLocation(finding: Finding): Location | undefined {
  return finding.path.at(-1)?.location;
}

function exempts(exemption: FileExemption, node: LineageNode): boolean {
  const { file, range } = node.location;
  // The engine no longer marks an exempted sink as a violation, so the line alone decides.
  return (
    exemption.location.file === file &&
    range.start.line <= exemption.targetLine &&
    exemption.targetLine <= range.end.line
  );
}

function fileExemptions(file: ts.SourceFile): FileExemption[] {
  return findExemptions(file).map((exemption: Exemption) => ({
    location: locationOf(file, exemption.start, exemption.end),
    codes: exemption.codes,
    reason: exemption.reason ?? null,
    targetLine: exemption.targetLine,
  }));
}

function plain({ location, codes, reason }: FileExemption): ZoneExemption {
  return { location, codes, reason };
}

function locationOf(file: ts.SourceFile, start: number, end: number): Location {
  return {
    file: file.fileName,
    range: {
      start: file.getLineAndCharacterOfPosition(start),
      end: file.getLineAndCharacterOfPosition(end),
    },
  };
}

function sameLocation(a: Location | undefined, b: Location | undefined): boolean {
  return (
    a !== undefined &&
    b !== undefined &&
    a.file === b.file &&
    a.range.start.line === b.range.start.line &&
    a.range.start.character === b.range.start.character
  );
}

/** Merges the inventories of several projects into the sorted `privacyZones/zones` result. */
export function mergeInventories(inventories: ProjectInventory[]): ZonesResult {
  const merged = new Map<string, ZoneInventoryEntry>();
  for (const inventory of inventories) {
    for (const [zone, entry] of inventory.entries) {
      // Entries are copied because the analysis thread caches each project's inventory.
      const target = merged.get(zone) ?? {
        zone,
        sites: [],
        sinks: [],
        reclassifications: [],
        exemptions: [],
      };
      target.sites.push(...entry.sites);
      target.sinks.push(...entry.sinks);
      target.reclassifications.push(...entry.reclassifications);
      target.exemptions.push(...entry.exemptions);
      merged.set(zone, target);
    }
  }
  const zones = [...merged.values()].sort((a, b) => a.zone.localeCompare(b.zone));
  for (const entry of zones) sortEntry(entry);
  return { zones, unattributedExemptions: inventories.flatMap((i) => i.unattributedExemptions) };
}

function sortEntry(entry: ZoneInventoryEntry): void {
  const byPlace = (a: { location: Location }, b: { location: Location }): number =>
    a.location.file.localeCompare(b.location.file) ||
    a.location.range.start.line - b.location.range.start.line ||
    a.location.range.start.character - b.location.range.start.character;
  entry.sites.sort(byPlace);
  entry.sinks.sort(byPlace);
  entry.reclassifications.sort(byPlace);
  entry.exemptions.sort(byPlace);
}
