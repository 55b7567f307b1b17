import * as fs from "node:fs";
import * as path from "node:path";
import type { Location, TextDocuments } from "vscode-languageserver";
import { TextDocument } from "vscode-languageserver-textdocument";
import { ConfigResolver } from "../engine/config";
import type { ResolvedConfig } from "../engine/config-types";
import { BUILT_IN_PURPOSES, DEFAULT_PRESET, PRESETS } from "../engine/presets";
import { pathToUri, type WorkspaceFolders } from "../workspace/folders";
import { findProjectFile } from "../workspace/project-file";
import {
  extendsEntries,
  hasExtends,
  parseConfig,
  purposeDefinitionSpan,
  sinkPurposeSpan,
  zoneDefinitionSpan,
  type NameSpan,
} from "./config-entries";
import { presetPurposeLocation, presetZoneLocation } from "./preset-documents";
import type { SettingsCache } from "./settings";

/** One layer of a resolved config, in the order the engine applies them. */
export type ConfigLayer = { kind: "preset"; preset: string } | { kind: "file"; file: string };

/**
 * Resolves the config of a file on the main thread, for the editing features that need the
 * zones and purposes but no analysis. Config files open in the editor are read from their
 * unsaved text, the same way the engine reads the files on disk.
 */
export class ConfigLookup {
  constructor(
    private readonly documents: TextDocuments<TextDocument>,
    private readonly settings: SettingsCache,
    private readonly folders: WorkspaceFolders,
  ) {}

  /** Reads a file from its open document, or else from disk; undefined when it does not exist. */
  readonly readText = (file: string): string | undefined => {
    const open = this.documents.get(pathToUri(file));
    if (open) return open.getText();
    try {
      return fs.readFileSync(file, "utf8");
    } catch {
      return undefined;
    }
  };

  /** Creates a resolver that honours `privacyZones.configPath` for the resource `uri`. */
  async resolverFor(uri: string, file: string): Promise<ConfigResolver> {
    const settings = await this.settings.get(uri);
    const explicitFile = this.settings.projectOptions(settings, file).configFile;
    return new ConfigResolver(explicitFile, this.readText);
  }

  /** Returns the config that applies to a source file. */
  async configForSource(uri: string, file: string): Promise<ResolvedConfig> {
    const resolver = await this.resolverFor(uri, file);
    return resolver.forFile(file, this.rootDir(file));
  }

  /** Returns the folder where the config lookup stops: the project's, the same as the analysis. */
  rootDir(file: string): string {
    const projectFile = findProjectFile(file);
    if (projectFile) return path.dirname(projectFile);
    return this.folders.folderFor(file) ?? path.dirname(file);
  }

  /** Returns the layers of a config file, first applied first, following relative `extends`. */
  layers(configFile: string | undefined, seen = new Set<string>()): ConfigLayer[] {
    if (configFile === undefined) return [{ kind: "preset", preset: DEFAULT_PRESET }];
    const resolved = path.resolve(configFile);
    if (seen.has(resolved)) return [];
    seen.add(resolved);
    const tree = parseConfig(this.readText(resolved) ?? "");
    const layers: ConfigLayer[] = [];
    if (!hasExtends(tree)) layers.push({ kind: "preset", preset: DEFAULT_PRESET });
    for (const entry of extendsEntries(tree)) {
      if (PRESETS[entry]) layers.push({ kind: "preset", preset: entry });
      else if (entry.startsWith(".")) {
        layers.push(...this.layers(path.resolve(path.dirname(resolved), entry), seen));
      }
    }
    layers.push({ kind: "file", file: resolved });
    return layers;
  }

  /** Returns where a zone of `config` is defined: its config entry or its preset's entry. */
  locateZone(config: ResolvedConfig, zone: string): Location | undefined {
    const policy = config.zones.get(zone);
    if (!policy) return undefined;
    if (PRESETS[policy.definedIn]) return presetZoneLocation(policy.definedIn, zone);
    return this.locateInFile(policy.definedIn, (tree) => zoneDefinitionSpan(tree, zone));
  }

  /**
   * Returns where a purpose of `config` is declared: the last layer that lists it under
   * `purposes`, else the built-in purposes, else the first sink model that names it, since the
   * engine declares a sink model's purpose when nothing else does.
   */
  locatePurpose(config: ResolvedConfig, purpose: string): Location | undefined {
    if (!config.purposes.has(purpose)) return undefined;
    const layers = this.layers(config.file).reverse();
    for (const layer of layers) {
      if (layer.kind === "file") {
        const found = this.locateInFile(layer.file, (tree) => purposeDefinitionSpan(tree, purpose));
        if (found) return found;
      } else if (PRESETS[layer.preset]?.purposes?.[purpose] !== undefined) {
        return presetPurposeLocation(layer.preset, purpose);
      }
    }
    if (BUILT_IN_PURPOSES[purpose] !== undefined) return presetPurposeLocation(undefined, purpose);
    for (const layer of layers) {
      if (layer.kind !== "file") continue;
      const found = this.locateInFile(layer.file, (tree) => sinkPurposeSpan(tree, purpose));
      if (found) return found;
    }
    return undefined;
  }

  /** Returns the location of a span that `find` picks in a config file's parse tree. */
  locateInFile(
    file: string,
    find: (tree: ReturnType<typeof parseConfig>) => NameSpan | undefined,
  ): Location | undefined {
    const text = this.readText(file);
    if (text === undefined) return undefined;
    const span = find(parseConfig(text));
    if (!span) return undefined;
    const uri = pathToUri(file);
    const document = TextDocument.create(uri, "jsonc", 0, text);
    const range = { start: document.positionAt(span.start), end: document.positionAt(span.end) };
    return { uri, range };
  }
}
