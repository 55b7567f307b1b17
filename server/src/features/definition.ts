import type { DefinitionParams, Location, TextDocuments } from "vscode-languageserver";
import type { TextDocument } from "vscode-languageserver-textdocument";
import type { Logger } from "../logger";
import { nameAt, type AnnotationScans } from "./annotation-scan";
import type { ConfigLookup } from "./config-lookup";
import { analysedPath } from "./diagnostics";

/**
 * Handles `textDocument/definition` on a zone or purpose name in a tag: the name's entry in the
 * `privacy-zones.json` that applies, or in the read-only document of the preset that defines it.
 */
export class DefinitionFeature {
  constructor(
    private readonly documents: TextDocuments<TextDocument>,
    private readonly lookup: ConfigLookup,
    private readonly scans: AnnotationScans,
    private readonly logger: Logger,
  ) {}

  async definition(params: DefinitionParams): Promise<Location | null> {
    const document = this.documents.get(params.textDocument.uri);
    const file = analysedPath(params.textDocument.uri);
    if (!document || !file) return null;
    try {
      const scan = await this.scans.scan(file, document.getText());
      const name = nameAt(scan, document.offsetAt(params.position));
      if (!name) return null;
      const config = await this.lookup.configForSource(document.uri, file);
      const location =
        name.kind === "zone"
          ? this.lookup.locateZone(config, name.name)
          : this.lookup.locatePurpose(config, name.name);
      return location ?? null;
    } catch (error) {
      this.logger.caught("Go to definition", file, error);
      return null;
    }
  }
}
