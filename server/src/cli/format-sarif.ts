import * as path from "node:path";
import { pathToFileURL } from "node:url";
import type * as Sarif from "sarif";
import type { Finding, FindingCode, Location, PathStep } from "../engine";
import { syntaxErrorMessage, type Report } from "./format-text";
import { RULES } from "./rules";

const SARIF_LEVELS = { error: "error", warning: "warning", info: "note" } as const;

/** Formats a SARIF 2.1.0 log with one run; each path of a finding becomes a code flow. */
export function formatSarif(report: Report, version: string): string {
  const root = process.cwd();
  const log: Sarif.Log = {
    version: "2.1.0",
    $schema: "https://json.schemastore.org/sarif-2.1.0.json",
    runs: [
      {
        tool: {
          driver: {
            name: "privacy-zones",
            version,
            informationUri: "https://github.com/privacy-zones/privacy-zones",
            rules: Object.entries(RULES).map(([id, rule]) => ({
              id,
              name: rule.name,
              shortDescription: { text: rule.summary },
              helpUri: rule.helpUri,
              defaultConfiguration: { level: "error" },
            })),
          },
        },
        originalUriBaseIds: { ROOT: { uri: pathToFileURL(root + path.sep).href } },
        results: report.findings.map((finding) => toResult(finding, root)),
        invocations: [
          {
            // A stopped analysis may have missed findings, so the run did not do its job.
            executionSuccessful: report.incomplete.length === 0,
            toolConfigurationNotifications: report.configProblems.map((problem) => ({
              level: problem.severity === "error" ? "error" : "warning",
              message: { text: problem.message },
              locations: [sarifLocation({ file: problem.file, range: problem.range }, root)],
            })),
            toolExecutionNotifications: [
              ...report.skipped.map((skipped): Sarif.Notification => ({
                level: "warning",
                message: { text: `Not analysed: ${skipped.reason}.` },
                locations: [
                  sarifLocation(
                    {
                      file: skipped.file,
                      range: {
                        start: { line: 0, character: 0 },
                        end: { line: 0, character: 0 },
                      },
                    },
                    root,
                  ),
                ],
              })),
              ...report.syntaxErrors.map((error): Sarif.Notification => ({
                level: "warning",
                message: { text: syntaxErrorMessage(error) },
                locations: [sarifLocation({ file: error.file, range: error.range }, root)],
              })),
              ...report.incomplete.map((entry): Sarif.Notification => ({
                level: "error",
                message: {
                  text: `The analysis of ${entry.project} ${entry.reason}; findings may be incomplete.`,
                },
              })),
            ],
          },
        ],
      },
    ],
  };
  return JSON.stringify(log, null, 2) + "\n";
}

function toResult(finding: Finding, root: string): Sarif.Result {
  const result: Sarif.Result = {
    ruleId: finding.code,
    ruleIndex: Object.keys(RULES).indexOf(finding.code as FindingCode),
    level: SARIF_LEVELS[finding.severity],
    message: { text: finding.message },
    locations: [sarifLocation({ file: finding.file, range: finding.range }, root)],
    properties: {
      zones: finding.zones,
      inferred: finding.inferred,
      ...(finding.sink ? { sink: finding.sink } : {}),
    },
  };
  if (finding.path.length > 0) {
    const otherZones = new Set(finding.otherPaths.flatMap((other) => other.zones));
    const primaryZones = finding.zones.filter((zone) => !otherZones.has(zone));
    result.codeFlows = [
      codeFlow(primaryZones, finding.path, root),
      ...finding.otherPaths.map((other) => codeFlow(other.zones, other.path, root)),
    ];
  }
  return result;
}

/** Builds the code flow of the path that some zones took, with those zones in its message. */
function codeFlow(zones: string[], steps: PathStep[], root: string): Sarif.CodeFlow {
  return {
    message: { text: `Path of ${zones.join(", ")} data` },
    threadFlows: [
      {
        locations: steps.map((step, index) => ({
          location: { ...sarifLocation(step.location, root), message: { text: step.message } },
          kinds: [step.kind],
          executionOrder: index + 1,
        })),
      },
    ],
  };
}

function sarifLocation(location: Location, root: string): Sarif.Location {
  const relative = path.relative(root, location.file).replace(/\\/g, "/");
  const inside = !relative.startsWith("..") && !path.isAbsolute(relative);
  return {
    physicalLocation: {
      artifactLocation: inside
        ? { uri: encodeURI(relative), uriBaseId: "ROOT" }
        : { uri: pathToFileURL(location.file).href },
      region: {
        startLine: location.range.start.line + 1,
        startColumn: location.range.start.character + 1,
        endLine: location.range.end.line + 1,
        endColumn: location.range.end.character + 1,
      },
    },
  };
}
