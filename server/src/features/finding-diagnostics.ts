import { DiagnosticSeverity, type Diagnostic } from "vscode-languageserver";
import type { Finding, PathStep, Severity } from "../engine/index";
import { pathToUri } from "../workspace/folders";

/** Value of `source` on every diagnostic of this server. */
export const DIAGNOSTIC_SOURCE = "privacy-zones";

const SEVERITIES: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  info: DiagnosticSeverity.Information,
};

/**
 * Converts a finding to a diagnostic: the engine's message, a link to the code's documentation
 * and one related location per path step, for the finding's path and then its other paths.
 * @param docsUri URI of the page that documents every finding code, with one anchor per code
 */
export function toDiagnostic(finding: Finding, docsUri: string): Diagnostic {
  return {
    range: finding.range,
    severity: SEVERITIES[finding.severity],
    source: DIAGNOSTIC_SOURCE,
    code: finding.code,
    codeDescription: { href: `${docsUri}#${finding.code.toLowerCase()}` },
    message: describeFinding(finding),
    relatedInformation: [
      ...finding.path.map((step) => toRelatedInformation(step)),
      ...finding.otherPaths.flatMap((other) =>
        other.path.map((step) => toRelatedInformation(step, other.zones)),
      ),
    ],
  };
}

/** Returns the finding's message, saying so when its zones were inferred from names. */
function describeFinding(finding: Finding): string {
  if (!finding.inferred || /\binferred\b/i.test(finding.message)) return finding.message;
  return `${finding.message} (zone inferred from a name)`;
}

/**
 * Converts a path step to a related location. A step of another zone's path starts with those
 * zones, so that the paths stay distinct in the editor's list.
 */
function toRelatedInformation(
  step: PathStep,
  zones?: string[],
): NonNullable<Diagnostic["relatedInformation"]>[0] {
  let message =
    step.inferred && !/\binferred\b/i.test(step.message)
      ? `${step.message} (inferred)`
      : step.message;
  if (zones) message = `${zones.join(", ")}: ${message}`;
  return {
    location: { uri: pathToUri(step.location.file), range: step.location.range },
    message,
  };
}

/** True when a diagnostic sent by a client is the one `toDiagnostic` made for a finding. */
export function isSameDiagnostic(a: Diagnostic, b: Diagnostic): boolean {
  return (
    a.code === b.code &&
    a.message === b.message &&
    a.range.start.line === b.range.start.line &&
    a.range.start.character === b.range.start.character &&
    a.range.end.line === b.range.end.line &&
    a.range.end.character === b.range.end.character
  );
}
