import { MarkupKind, type Hover, type HoverParams } from "vscode-languageserver";
import type { HoverInfo } from "../engine/index";
import type { Logger } from "../logger";
import type { AnalysisHost } from "../workspace/analysis-host";
import { analysedPath } from "./diagnostics";
import type { SettingsCache } from "./settings";

/**
 * Handles `textDocument/hover` with the zones of the expression under the cursor.
 * The analysis thread serves a hover from the last analysis of the document's project once that
 * analysis covers every change of the project, even while a pass runs a verification or another
 * project. After a change, or while the project loads, a hover waits for its analysis.
 */
export class HoverFeature {
  constructor(
    private readonly host: AnalysisHost,
    private readonly settings: SettingsCache,
    private readonly logger: Logger,
  ) {}

  async hover(params: HoverParams): Promise<Hover | null> {
    const file = analysedPath(params.textDocument.uri);
    if (!file) return null;
    try {
      // A document with analysis turned off shows no zones, as it shows no diagnostics.
      const settings = await this.settings.get(params.textDocument.uri);
      if (!settings.enable) return null;
      const options = this.settings.projectOptions(settings, file);
      const info = await this.host.call("hover", { file, options, position: params.position });
      if (!info || (info.zones.length === 0 && !info.sink)) return null;
      return {
        range: info.range,
        contents: { kind: MarkupKind.Markdown, value: formatHover(info) },
      };
    } catch (error) {
      this.logger.caught("Hover", file, error);
      return null;
    }
  }
}

/** Formats hover information as Markdown: one line per zone, then the sink's policy. */
export function formatHover(info: HoverInfo): string {
  const lines: string[] = [];
  if (info.zones.length > 0) {
    lines.push(`**Privacy zones:** ${info.zones.map((zone) => code(zone.zone)).join(", ")}`, "");
    for (const zone of info.zones) {
      const inferred = zone.inferred ? " (inferred)" : "";
      lines.push(`- ${code(zone.zone)}${inferred}: ${escapeMarkdown(zone.origin)}`);
    }
  }
  if (info.sink) {
    if (lines.length > 0) lines.push("");
    const { callee, purpose, allowedZones } = info.sink;
    lines.push(`**Sink** ${code(callee)} for purpose ${code(purpose)}.`, "");
    lines.push(
      allowedZones.length > 0
        ? `Zones that may reach it: ${allowedZones.map(code).join(", ")}.`
        : "No zone allows this purpose.",
    );
  }
  return lines.join("\n");
}

/** Wraps untrusted text from analysed code in a code span that it cannot break out of. */
function code(text: string): string {
  const longestRun = Math.max(0, ...(text.match(/`+/g) ?? []).map((run) => run.length));
  const fence = "`".repeat(longestRun + 1);
  const padding = text.startsWith("`") || text.endsWith("`") ? " " : "";
  return `${fence}${padding}${text}${padding}${fence}`;
}

/** Escapes Markdown in engine text outside its backtick code spans, which stay as written. */
function escapeMarkdown(text: string): string {
  return text
    .split(/(`[^`]*`)/)
    .map((part, index) =>
      index % 2 === 1 ? part : part.replace(/[\\*_[\]<>#|]/g, (character) => `\\${character}`),
    )
    .join("");
}
