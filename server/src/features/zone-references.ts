import {
  ErrorCodes,
  ResponseError,
  type Location,
  type PrepareRenameParams,
  type Range,
  type ReferenceParams,
  type RenameParams,
  type TextDocumentEdit,
  type TextDocuments,
  type WorkspaceEdit,
} from "vscode-languageserver";
import type { TextDocument } from "vscode-languageserver-textdocument";
import { PRESETS } from "../engine/presets";
import type { Logger } from "../logger";
import type { ConfigLookup } from "./config-lookup";
import type { ZoneAtPosition, ZoneOccurrences } from "./zone-occurrences";

/** The form the engine requires of zone names. */
const ZONE_NAME = /^[A-Z][A-Z0-9_]*$/;

/**
 * Handles find references and rename of zone names, in tags and in config files. A rename
 * edits every annotation in the workspace and every entry of the config files that uses the zone.
 */
export class ZoneReferencesFeature {
  constructor(
    private readonly documents: TextDocuments<TextDocument>,
    private readonly occurrences: ZoneOccurrences,
    private readonly lookup: ConfigLookup,
    private readonly logger: Logger,
  ) {}

  async references(params: ReferenceParams): Promise<Location[] | null> {
    try {
      const zone = await this.occurrences.zoneAt(params.textDocument.uri, params.position);
      if (!zone) return null;
      const locations = await this.occurrences.find(zone.name);
      if (params.context.includeDeclaration) return locations;
      const definition = this.lookup.locateZone(zone.config, zone.name);
      return locations.filter((location) => !definition || !sameLocation(location, definition));
    } catch (error) {
      this.logger.caught("Find references", params.textDocument.uri, error);
      return null;
    }
  }

  /** Returns the zone name's range, null off a zone name, or an error for a preset's zone. */
  async prepareRename(
    params: PrepareRenameParams,
  ): Promise<{ range: Range; placeholder: string } | null> {
    const zone = await this.occurrences.zoneAt(params.textDocument.uri, params.position);
    if (!zone) return null;
    this.rejectPresetZone(zone);
    return { range: zone.range, placeholder: zone.name };
  }

  async rename(params: RenameParams): Promise<WorkspaceEdit | null> {
    const zone = await this.occurrences.zoneAt(params.textDocument.uri, params.position);
    if (!zone) return null;
    this.rejectPresetZone(zone);
    const newName = params.newName.trim();
    if (!ZONE_NAME.test(newName)) {
      throw new ResponseError(
        ErrorCodes.InvalidParams,
        `Invalid zone name \`${newName}\`. Zone names are UPPER_SNAKE_CASE, such as \`MEDICAL_RECORD\`.`,
      );
    }
    if (zone.config.zones.has(newName)) {
      throw new ResponseError(
        ErrorCodes.InvalidParams,
        `Zone \`${newName}\` already exists. Choose a name that the config does not define.`,
      );
    }
    const locations = await this.occurrences.find(zone.name);
    this.logger.info(`Renaming zone ${zone.name} to ${newName} in ${locations.length} places.`);
    return { documentChanges: this.toDocumentEdits(locations, newName) };
  }

  /**
   * Rejects a zone that a preset defines: renaming its uses would leave the preset's zone in
   * place and give the new name no policy.
   */
  private rejectPresetZone(zone: ZoneAtPosition): void {
    for (const layer of this.lookup.layers(zone.config.file)) {
      if (layer.kind !== "preset" || !PRESETS[layer.preset]?.zones?.[zone.name]) continue;
      throw new ResponseError(
        ErrorCodes.InvalidRequest,
        `Zone \`${zone.name}\` is defined by the preset \`${layer.preset}\` and cannot be renamed. Define a new zone in privacy-zones.json and use that name instead.`,
      );
    }
  }

  private toDocumentEdits(locations: Location[], newName: string): TextDocumentEdit[] {
    const byUri = new Map<string, Range[]>();
    for (const location of locations) {
      byUri.set(location.uri, [...(byUri.get(location.uri) ?? []), location.range]);
    }
    return [...byUri].map(([uri, ranges]) => ({
      textDocument: { uri, version: this.documents.get(uri)?.version ?? null },
      edits: ranges.map((range) => ({ range, newText: newName })),
    }));
  }
}

function sameLocation(a: Location, b: Location): boolean {
  return (
    a.uri === b.uri &&
    a.range.start.line === b.range.start.line &&
    a.range.start.character === b.range.start.character
  );
}
