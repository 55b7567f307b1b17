import { LSPErrorCodes, ResponseError } from "vscode-languageserver";
import type { Logger } from "../logger";
import type { LineageParams, LineageResult } from "../protocol";
import type { AnalysisHost } from "../workspace/analysis-host";
import { analysedPath } from "./diagnostics";
import type { SettingsCache } from "./settings";

const EMPTY_LINEAGE: LineageResult = { root: null, nodes: [], edges: [] };
const DEFAULT_MAX_DEPTH = 20;

/**
 * Handles `privacyZones/lineage` from the analysis thread's last analysis of the document. An
 * engine failure is logged and returned as a `RequestFailed` error.
 */
export class LineageFeature {
  constructor(
    private readonly host: AnalysisHost,
    private readonly settings: SettingsCache,
    private readonly logger: Logger,
  ) {}

  async lineage(params: LineageParams): Promise<LineageResult> {
    const file = analysedPath(params.textDocument.uri);
    if (!file) return EMPTY_LINEAGE;
    try {
      const settings = await this.settings.get(params.textDocument.uri);
      if (!settings.enable) return EMPTY_LINEAGE;
      return await this.host.call("lineage", {
        file,
        options: this.settings.projectOptions(settings, file),
        position: params.position,
        direction: params.direction ?? "both",
        maxDepth: params.maxDepth ?? DEFAULT_MAX_DEPTH,
      });
    } catch (error) {
      this.logger.caught("Lineage", file, error);
      const reason = error instanceof Error ? error.message.split("\n")[0] : String(error);
      throw new ResponseError(LSPErrorCodes.RequestFailed, `Lineage failed. ${reason}`);
    }
  }
}
