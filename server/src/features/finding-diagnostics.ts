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
 * and one related location per path step.
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
    relatedInformation: finding.path.map(toRelatedInformation),
  };
}

/** Returns the finding's message, saying so when its zones were inferred from names. */
function describeFinding(finding: Finding): string {
  if (!finding.inferred || /\binferred\b/i.test(finding.message)) return finding.message;
  return `${finding.message} (zone inferred from a name)`;
}

function toRelatedInformation(step: PathStep): NonNullable<Diagnostic["relatedInformation"]>[0] {
  const message =
    step.inferred && !/\binferred\b/i.test(step.message)
      ? `${step.message} (inferred)`
      : step.message;
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
