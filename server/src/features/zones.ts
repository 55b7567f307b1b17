import { LSPErrorCodes, ResponseError } from "vscode-languageserver";
import type { Logger } from "../logger";
import type { ZonesResult } from "../protocol";
import type { AnalysisHost } from "../workspace/analysis-host";

/**
 * Handles `privacyZones/zones` from the analysis thread's last analysis of each loaded project.
 * An engine failure is logged and returned as a `RequestFailed` error.
 */
export class ZonesFeature {
  constructor(
    private readonly host: AnalysisHost,
    private readonly logger: Logger,
  ) {}

  async zones(): Promise<ZonesResult> {
    try {
      return await this.host.call("zones", {});
    } catch (error) {
      this.logger.caught("Zone inventory", undefined, error);
      const reason = error instanceof Error ? error.message.split("\n")[0] : String(error);
      throw new ResponseError(LSPErrorCodes.RequestFailed, `Zone inventory failed. ${reason}`);
    }
  }
}
