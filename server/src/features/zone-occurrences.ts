import * as path from "node:path";
import type { Location, Position, Range, TextDocuments } from "vscode-languageserver";
import { TextDocument } from "vscode-languageserver-textdocument";
import type { ConfigResolver, ResolvedConfig } from "../engine/index";
import { CONFIG_FILE_NAME } from "../engine/config";
import { pathToUri, uriToPath, type WorkspaceFolders } from "../workspace/folders";
import { mayHaveTags } from "../engine/tag-text";
import { nameAt, type AnnotationScans } from "./annotation-scan";
import { parseConfig, zoneSpans, type NameSpan } from "./config-entries";
import type { ConfigLookup } from "./config-lookup";
import { analysedPath } from "./diagnostics";
import { listWorkspaceFiles } from "./workspace-files";

/** A zone name under the cursor, with the config that defines what it means there. */
export interface ZoneAtPosition {
  name: string;
  range: Range;
  config: ResolvedConfig;
}

/**
 * Finds zone names in annotations and config files: the one under the cursor, and every use of
 * a zone across the workspace folders and the open documents.
 */
export class ZoneOccurrences {
  constructor(
    private readonly documents: TextDocuments<TextDocument>,
    private readonly lookup: ConfigLookup,
    private readonly folders: WorkspaceFolders,
    private readonly scans: AnnotationScans,
  ) {}

  /** Returns the zone name at a position in a tag or in a config file, if there is one. */
  async zoneAt(uri: string, position: Position): Promise<ZoneAtPosition | undefined> {
    const document = this.documents.get(uri);
    const file = uriToPath(uri);
    if (!document || !file) return undefined;
    const offset = document.offsetAt(position);
    const source = analysedPath(uri);
    if (source) {
      const name = nameAt(await this.scans.scan(source, document.getText()), offset);
      if (name?.kind !== "zone") return undefined;
      const config = await this.lookup.configForSource(uri, source);
      return { name: name.name, range: spanRange(document, name), config };
    }
    if (path.extname(file) !== ".json") return undefined;
    const tree = parseConfig(document.getText());
    const span = zoneSpans(tree).find((entry) => entry.start <= offset && offset <= entry.end);
    if (!span) return undefined;
    const resolver = await this.lookup.resolverFor(uri, file);
    return { name: span.name, range: spanRange(document, span), config: resolver.load(file) };
  }

  /**
   * Returns every annotation and config entry that names `zone`. An annotation counts when the
   * config of its file defines the zone.
   * NOTE: zones are matched by name, so two folders whose separate configs both define a zone
   * of that name share its references. Each call reads the workspace's files that mention the
   * zone, on the main thread, and the analysis thread parses them.
   */
  async find(zone: string): Promise<Location[]> {
    const { sources, configs } = this.collectFiles();
    const locations: Location[] = [];
    const resolvers = new Map<string, Promise<ConfigResolver>>();
    const tagged: { file: string; text: string }[] = [];
    for (const file of sources) {
      const text = this.lookup.readText(file);
      if (text !== undefined && text.includes(zone) && mayHaveTags(text))
        tagged.push({ file, text });
    }
    const scans = await this.scans.scanAll(tagged, false);
    for (const [index, { file: source, text }] of tagged.entries()) {
      const spans = scans[index]!.names.filter(
        (name) => name.kind === "zone" && name.name === zone,
      );
      if (spans.length === 0) continue;
      const resolver = await this.resolverFor(source, resolvers);
      if (!resolver.forFile(source, this.lookup.rootDir(source)).zones.has(zone)) continue;
      locations.push(...toLocations(source, text, spans));
    }
    for (const configFile of this.configChain(configs)) {
      const text = this.lookup.readText(configFile);
      if (text === undefined) continue;
      locations.push(...toLocations(configFile, text, zoneSpans(parseConfig(text), zone)));
    }
    return locations;
  }

  /** Lists the sources and config files of the workspace folders and the open documents. */
  private collectFiles(): { sources: Set<string>; configs: Set<string> } {
    const sources = new Set<string>();
    const configs = new Set<string>();
    for (const folder of this.folders.all()) {
      const files = listWorkspaceFiles(folder);
      files.sources.forEach((file) => sources.add(file));
      files.configs.forEach((file) => configs.add(file));
    }
    for (const document of this.documents.all()) {
      const file = uriToPath(document.uri);
      if (!file) continue;
      if (analysedPath(document.uri)) sources.add(file);
      else if (path.basename(file) === CONFIG_FILE_NAME) configs.add(file);
    }
    return { sources, configs };
  }

  /** Adds the files that the configs extend through relative paths, whatever their names. */
  private configChain(configs: Set<string>): Set<string> {
    const files = new Set<string>();
    for (const config of configs) {
      for (const layer of this.lookup.layers(config)) {
        if (layer.kind === "file") files.add(layer.file);
      }
    }
    return files;
  }

  /** Returns one resolver per workspace folder, read with that folder's settings. */
  private resolverFor(
    file: string,
    cache: Map<string, Promise<ConfigResolver>>,
  ): Promise<ConfigResolver> {
    const folder = this.folders.folderFor(file) ?? path.dirname(file);
    let resolver = cache.get(folder);
    if (!resolver) {
      resolver = this.lookup.resolverFor(pathToUri(folder), file);
      cache.set(folder, resolver);
    }
    return resolver;
  }
}

function spanRange(document: TextDocument, span: { start: number; end: number }): Range {
  return { start: document.positionAt(span.start), end: document.positionAt(span.end) };
}

function toLocations(file: string, text: string, spans: NameSpan[]): Location[] {
  if (spans.length === 0) return [];
  const uri = pathToUri(file);
  const document = TextDocument.create(uri, "plaintext", 0, text);
  return spans.map((span) => ({ uri, range: spanRange(document, span) }));
}
