import {
  MarkupKind,
  type InlayHint,
  type InlayHintLabelPart,
  type InlayHintParams,
  type TextDocuments,
} from "vscode-languageserver";
import type { TextDocument } from "vscode-languageserver-textdocument";
import type { ResolvedConfig } from "../engine/index";
import type { Logger } from "../logger";
import { zoneDocumentation } from "./annotation-completion";
import type { AnnotationScans, ZoneTag } from "./annotation-scan";
import type { ConfigLookup } from "./config-lookup";
import { analysedPath } from "./diagnostics";

/**
 * Handles `textDocument/inlayHint`: after the name of each declaration annotated with `@zone`,
 * a hint such as `PII, HEALTH`, so its zones show where the name is read rather than only in the
 * comment above it. Each zone in the hint links to its definition and explains its policy.
 *
 * Inlay hints rather than semantic tokens, because VS Code uses the semantic tokens of a single
 * provider per document: a second provider for TypeScript would either replace the TypeScript
 * extension's semantic highlighting or be ignored (microsoft/vscode#145530). Inlay hints of all
 * providers are shown together, themes colour them, and users switch them with the standard
 * `editor.inlayHints.enabled` setting, as they do TypeScript's own parameter and type hints.
 */
export class ZoneHintsFeature {
  constructor(
    private readonly documents: TextDocuments<TextDocument>,
    private readonly lookup: ConfigLookup,
    private readonly scans: AnnotationScans,
    private readonly logger: Logger,
  ) {}

  async inlayHints(params: InlayHintParams): Promise<InlayHint[] | null> {
    const document = this.documents.get(params.textDocument.uri);
    const file = analysedPath(params.textDocument.uri);
    if (!document || !file) return null;
    try {
      const tags = (await this.scans.scan(file, document.getText())).zoneTags;
      if (tags.length === 0) return [];
      const config = await this.lookup.configForSource(document.uri, file);
      const start = document.offsetAt(params.range.start);
      const end = document.offsetAt(params.range.end);
      return tags.flatMap((tag) => {
        const at = tag.declarationNameEnd;
        if (at === undefined || at < start || at > end || tag.zones.length === 0) return [];
        return [this.hint(document, tag, at, config)];
      });
    } catch (error) {
      this.logger.caught("Inlay hints", file, error);
      return null;
    }
  }

  private hint(document: TextDocument, tag: ZoneTag, at: number, config: ResolvedConfig) {
    const parts: InlayHintLabelPart[] = [];
    for (const [index, zone] of tag.zones.entries()) {
      if (index > 0) parts.push({ value: ", " });
      const policy = config.zones.get(zone.name);
      const part: InlayHintLabelPart = { value: zone.name };
      if (policy) {
        part.tooltip = { kind: MarkupKind.Markdown, value: zoneDocumentation(policy) };
        const location = this.lookup.locateZone(config, zone.name);
        if (location) part.location = location;
      }
      parts.push(part);
    }
    const hint: InlayHint = { position: document.positionAt(at), label: parts, paddingLeft: true };
    return hint;
  }
}
