import type { Location } from "vscode-languageserver";
import { TextDocument } from "vscode-languageserver-textdocument";
import { BUILT_IN_PURPOSES, PRESETS } from "../engine/presets";
import { PRESET_SCHEME, type PresetTextParams, type PresetTextResult } from "../protocol";
import { parseConfig, purposeDefinitionSpan, zoneDefinitionSpan } from "./config-entries";

/** The read-only document that lists the built-in purposes, which every configuration contains. */
export const BUILT_IN_PURPOSES_URI = `${PRESET_SCHEME}:/built-in-purposes.json`;

/** Returns the URI of the read-only document that shows a preset. */
export function presetUri(preset: string): string {
  return `${PRESET_SCHEME}:/${preset.replace(/[^A-Za-z0-9._-]+/g, "-")}.json`;
}

/** Handles `privacyZones/presetText`: the JSON text of a preset or of the built-in purposes. */
export function presetText(params: PresetTextParams): PresetTextResult {
  if (params.uri === BUILT_IN_PURPOSES_URI) {
    return `${JSON.stringify({ purposes: BUILT_IN_PURPOSES }, null, 2)}\n`;
  }
  const preset = Object.keys(PRESETS).find((name) => presetUri(name) === params.uri);
  return preset ? `${JSON.stringify(PRESETS[preset], null, 2)}\n` : null;
}

/** Returns the location of a zone's entry in a preset's document. */
export function presetZoneLocation(preset: string, zone: string): Location | undefined {
  return locate(presetUri(preset), (tree) => zoneDefinitionSpan(tree, zone));
}

/** Returns the location of a purpose in a preset's document or in the built-in purposes. */
export function presetPurposeLocation(preset: string | undefined, purpose: string) {
  const uri = preset === undefined ? BUILT_IN_PURPOSES_URI : presetUri(preset);
  return locate(uri, (tree) => purposeDefinitionSpan(tree, purpose));
}

function locate(
  uri: string,
  find: (tree: ReturnType<typeof parseConfig>) => { start: number; end: number } | undefined,
): Location | undefined {
  const text = presetText({ uri });
  if (text === null) return undefined;
  const span = find(parseConfig(text));
  if (!span) return undefined;
  const document = TextDocument.create(uri, "json", 0, text);
  return {
    uri,
    range: { start: document.positionAt(span.start), end: document.positionAt(span.end) },
  };
}
