import { findNodeAtLocation, parseTree, type Node as JsonNode } from "jsonc-parser";

/** The offsets of a name in a config file, without the quotes around it. */
export interface NameSpan {
  name: string;
  start: number;
  end: number;
}

/** Parses config text the way the engine does: JSONC with trailing commas. */
export function parseConfig(text: string): JsonNode | undefined {
  return parseTree(text, [], { allowTrailingComma: true });
}

/**
 * Returns every place in a config file that names a zone: the keys of `zones`, the `zone` of
 * sources and detection rules, and the `from` and `to` of reclassifiers. Pass `zone` to keep only
 * that zone's entries.
 */
export function zoneSpans(tree: JsonNode | undefined, zone?: string): NameSpan[] {
  if (!tree) return [];
  const spans: JsonNode[] = [];
  for (const property of findNodeAtLocation(tree, ["zones"])?.children ?? []) {
    const key = property.children?.[0];
    if (property.type === "property" && key) spans.push(key);
  }
  for (const model of arrayItems(tree, ["sources"])) spans.push(...stringAt(model, ["zone"]));
  for (const rule of arrayItems(tree, ["detection", "rules"])) {
    spans.push(...stringAt(rule, ["zone"]));
  }
  for (const model of arrayItems(tree, ["reclassifiers"])) {
    const from = findNodeAtLocation(model, ["from"]);
    if (from?.type === "array") spans.push(...(from.children ?? []));
    else if (from) spans.push(from);
    spans.push(...stringAt(model, ["to"]));
  }
  return spans.flatMap(toNameSpan).filter((span) => zone === undefined || span.name === zone);
}

/** Returns the key of `zones[zone]`, or else the first entry that names the zone. */
export function zoneDefinitionSpan(tree: JsonNode | undefined, zone: string): NameSpan | undefined {
  const spans = zoneSpans(tree, zone);
  const key = tree && propertyKey(tree, ["zones", zone]);
  return (key && toNameSpan(key)[0]) ?? spans[0];
}

/** Returns the key of `purposes[purpose]`. */
export function purposeDefinitionSpan(
  tree: JsonNode | undefined,
  purpose: string,
): NameSpan | undefined {
  const key = tree && propertyKey(tree, ["purposes", purpose]);
  return key ? toNameSpan(key)[0] : undefined;
}

/** Returns the `purpose` of the first sink model for that purpose. */
export function sinkPurposeSpan(tree: JsonNode | undefined, purpose: string): NameSpan | undefined {
  if (!tree) return undefined;
  const sinks = arrayItems(tree, ["sinks"]).flatMap((model) => stringAt(model, ["purpose"]));
  return sinks.flatMap(toNameSpan).find((span) => span.name === purpose);
}

/** Returns the entries of `extends`, as written. */
export function extendsEntries(tree: JsonNode | undefined): string[] {
  const node = tree && findNodeAtLocation(tree, ["extends"]);
  if (!node) return [];
  const entries = node.type === "array" ? (node.children ?? []) : [node];
  return entries.flatMap((entry) => (typeof entry.value === "string" ? [entry.value] : []));
}

/** True when the config has an `extends` key, which replaces the default preset. */
export function hasExtends(tree: JsonNode | undefined): boolean {
  return tree !== undefined && findNodeAtLocation(tree, ["extends"]) !== undefined;
}

function propertyKey(tree: JsonNode, location: string[]): JsonNode | undefined {
  const value = findNodeAtLocation(tree, location);
  return value?.parent?.type === "property" ? value.parent.children?.[0] : undefined;
}

function arrayItems(tree: JsonNode, location: string[]): JsonNode[] {
  const node = findNodeAtLocation(tree, location);
  return node?.type === "array" ? (node.children ?? []) : [];
}

function stringAt(node: JsonNode, location: string[]): JsonNode[] {
  const value = findNodeAtLocation(node, location);
  return value ? [value] : [];
}

/** Converts a string node to the span of its content; other nodes yield nothing. */
function toNameSpan(node: JsonNode): NameSpan[] {
  if (node.type !== "string" || typeof node.value !== "string") return [];
  // NOTE: the span assumes the name is written without escapes, as zone and purpose names are
  // letters, digits and underscores.
  return [{ name: node.value, start: node.offset + 1, end: node.offset + node.length - 1 }];
}
