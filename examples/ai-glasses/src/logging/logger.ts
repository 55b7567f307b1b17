import pino from "pino";
import type { AssistRequest } from "../model";

/** Service-wide logger: JSON lines on stdout, which the log shipper forwards to the log store. */
export const logger = pino({
  level: process.env.LOG_LEVEL ?? "info",
  base: { service: "glasses-assistant" },
});

/** Writes the access-log lines of an answered assist request. */
export function logAnswered(
  requestId: string,
  request: AssistRequest,
  model: string,
  latencyMs: number,
): void {
  const log = logger.child({ requestId });
  log.info({ model, latencyMs }, "assist request answered");
  log.info({ frame: request.frameJpegBase64.slice(0, 64) }, "camera frame"); // expect: PZ001
}
