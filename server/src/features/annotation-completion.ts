import {
  CompletionItemKind,
  MarkupKind,
  type CompletionItem,
  type CompletionParams,
  type Range,
  type TextDocuments,
} from "vscode-languageserver";
import type { TextDocument } from "vscode-languageserver-textdocument";
import { RULES } from "../cli/rules";
import type { ResolvedConfig, ZonePolicy } from "../engine/index";
import type { Logger } from "../logger";
import type { ConfigLookup } from "./config-lookup";
import { analysedPath } from "./diagnostics";

/** Characters that make the editor request completions as the user types. */
export const COMPLETION_TRIGGER_CHARACTERS = [" ", "@"];

const TAG_DOCS: Record<string, string> = {
  zone: "Marks the data of this declaration with zones, as in `@zone PII HEALTH`.",
  sink: "Marks this function as a sink for a purpose, as in `@sink logging message`.",
  reclassify:
    "Marks this function as removing zones from its result, as in `@reclassify PII -> PSEUDONYMOUS -- salted hash`.",
};

/** The kind of completion that the text before the cursor calls for. */
type Context =
  | { kind: "tag" }
  | { kind: "zones"; used: string[]; separators: ("->" | "--")[] }
  | { kind: "purposes" }
  | { kind: "reclassifyForms" }
  | { kind: "codes"; used: string[] };

/**
 * Handles `textDocument/completion` inside annotations: tag names after `@`, zones after
 * `@zone` and `@reclassify`, purposes after `@sink`, and finding codes in disable comments.
 */
export class AnnotationCompletionFeature {
  constructor(
    private readonly documents: TextDocuments<TextDocument>,
    private readonly lookup: ConfigLookup,
    private readonly logger: Logger,
  ) {}

  async completion(params: CompletionParams): Promise<CompletionItem[] | null> {
    const document = this.documents.get(params.textDocument.uri);
    const file = analysedPath(params.textDocument.uri);
    if (!document || !file) return null;
    const offset = document.offsetAt(params.position);
    const text = document.getText();
    const prefix = text.slice(text.lastIndexOf("\n", offset - 1) + 1, offset);
    const context = completionContext(text, offset, prefix);
    if (!context) return null;
    const partial = /[^\s,]*$/.exec(prefix)![0];
    const range = {
      start: { line: params.position.line, character: params.position.character - partial.length },
      end: params.position,
    };
    try {
      const config = await this.lookup.configForSource(document.uri, file);
      return buildItems(context, config, range);
    } catch (error) {
      this.logger.caught("Annotation completion", file, error);
      return null;
    }
  }
}

function completionContext(text: string, offset: number, prefix: string): Context | undefined {
  const disable = /privacy-zones-disable-(?:next-line|line)\s+([^]*)$/.exec(prefix);
  if (disable && /\/[/*]/.test(prefix) && !disable[1]!.includes("--")) {
    return { kind: "codes", used: names(disable[1]!) };
  }
  if (text.lastIndexOf("/**", offset - 3) <= text.lastIndexOf("*/", offset - 2)) return undefined;
  if (/(^|[\s*])@[a-z]*$/.test(prefix)) return { kind: "tag" };
  const tag = /@(zone|sink|reclassify)\s+([^@]*)$/.exec(prefix);
  if (!tag) return undefined;
  const body = tag[2]!;
  if (tag[1] === "zone") return { kind: "zones", used: names(body), separators: [] };
  if (tag[1] === "sink") return names(body).length === 0 ? { kind: "purposes" } : undefined;
  if (body.includes("--")) return undefined;
  const arrow = body.indexOf("->");
  if (arrow >= 0) {
    const target = names(body.slice(arrow + 2));
    return target.length === 0 ? { kind: "zones", used: [], separators: [] } : undefined;
  }
  const from = names(body);
  if (from.length === 0) return { kind: "reclassifyForms" };
  return { kind: "zones", used: from, separators: ["->", "--"] };
}

/** Returns the complete names of a tag body, leaving out the one the cursor is still in. */
function names(body: string): string[] {
  const tokens = body.split(/[\s,]+/);
  tokens.pop();
  return tokens.filter(Boolean);
}

function buildItems(context: Context, config: ResolvedConfig, range: Range): CompletionItem[] {
  switch (context.kind) {
    case "tag":
      return Object.entries(TAG_DOCS).map(([tag, doc]) => ({
        label: `@${tag}`,
        kind: CompletionItemKind.Keyword,
        filterText: tag,
        textEdit: { range, newText: `${tag} ` },
        documentation: doc,
      }));
    case "codes":
      return Object.entries(RULES)
        .filter(([code]) => !context.used.includes(code))
        .map(([code, rule]) => ({
          label: code,
          kind: CompletionItemKind.Value,
          detail: rule.name,
          documentation: rule.summary,
          textEdit: { range, newText: code },
        }));
    case "purposes":
      return purposeItems(config, range);
    case "reclassifyForms":
      return [...reclassifyFormItems(config, range), ...zoneItems(config, range, [])];
    case "zones":
      return [
        ...separatorItems(context.separators, range),
        ...zoneItems(config, range, context.used),
      ];
  }
}

function zoneItems(config: ResolvedConfig, range: Range, used: string[]): CompletionItem[] {
  return [...config.zones.values()]
    .filter((zone) => !used.includes(zone.name))
    .map((zone) => ({
      label: zone.name,
      kind: CompletionItemKind.EnumMember,
      detail: `zone, ${zone.mode === "log" ? "logged" : "enforced"}`,
      documentation: { kind: MarkupKind.Markdown, value: zoneDocumentation(zone) },
      textEdit: { range, newText: zone.name },
    }));
}

/** Describes a zone: its description, the purposes it allows and where it is defined. */
export function zoneDocumentation(zone: ZonePolicy): string {
  const allowed = [...zone.allow].sort().map((purpose) => `\`${purpose}\``);
  return [
    zone.description || "No description.",
    "",
    `Allowed purposes: ${allowed.length > 0 ? allowed.join(", ") : "none"}.`,
    "",
    `Mode: \`${zone.mode}\`. Defined in \`${zone.definedIn}\`.`,
  ].join("\n");
}

function purposeItems(config: ResolvedConfig, range: Range): CompletionItem[] {
  return [...config.purposes].map(([purpose, description]) => {
    const zones = [...config.zones.values()].filter((zone) => zone.allow.has(purpose));
    const allowedBy = zones.map((zone) => `\`${zone.name}\``).join(", ") || "none";
    return {
      label: purpose,
      kind: CompletionItemKind.Value,
      detail: "purpose",
      documentation: {
        kind: MarkupKind.Markdown,
        value: `${description || "No description."}\n\nZones that allow it: ${allowedBy}.`,
      },
      textEdit: { range, newText: purpose },
    };
  });
}

/** Offers the whole `FROM -> TO -- ` form, with zones of the config as the example. */
function reclassifyFormItems(config: ResolvedConfig, range: Range): CompletionItem[] {
  const from = config.zones.has("PII") ? "PII" : config.zones.keys().next().value;
  const to = config.zones.has("PSEUDONYMOUS") ? "PSEUDONYMOUS" : undefined;
  if (!from || !to || from === to) return [];
  const newText = `${from} -> ${to} -- `;
  return [
    {
      label: `${newText}reason`,
      kind: CompletionItemKind.Snippet,
      sortText: "0",
      documentation:
        "Removes the zones on the left and adds the one on the right; write why after `--`.",
      textEdit: { range, newText },
    },
  ];
}

function separatorItems(separators: ("->" | "--")[], range: Range): CompletionItem[] {
  const docs = {
    "->": "Names the zone that replaces the removed ones.",
    "--": "Starts the reason, which every reclassification needs.",
  };
  return separators.map((separator, index) => ({
    label: separator,
    kind: CompletionItemKind.Operator,
    sortText: `0${index}`,
    documentation: docs[separator],
    textEdit: { range, newText: `${separator} ` },
  }));
}
