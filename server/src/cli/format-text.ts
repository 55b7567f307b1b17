import * as path from "node:path";
import type { ConfigDiagnostic, Finding, PathStep, SyntaxErrorReport } from "../engine";

export interface Report {
  findings: Finding[];
  configProblems: ConfigDiagnostic[];
  skipped: { file: string; reason: string }[];
  /** Analysed files with syntax errors, whose findings may be incomplete. */
  syntaxErrors: SyntaxErrorReport[];
  /** Projects whose analysis stopped before it settled, with the reason. */
  incomplete: { project: string; reason: string }[];
  fileCount: number;
  durationMs: number;
}

const relative = (file: string) => path.relative(process.cwd(), file) || file;

/** `file:line:column  severity  message  [code]`, then the path steps indented, then a summary line. */
export function formatText(report: Report, color: boolean): string {
  const paint = (code: string, text: string) => (color ? `\x1b[${code}m${text}\x1b[0m` : text);
  const lines: string[] = [];
  for (const problem of report.configProblems) {
    const { line, character } = problem.range.start;
    lines.push(
      `${relative(problem.file)}:${line + 1}:${character + 1}  ${paint(problem.severity === "error" ? "31" : "33", problem.severity)}  ${problem.message}  [config]`,
    );
  }
  for (const skipped of report.skipped) {
    lines.push(
      `${relative(skipped.file)}:1:1  ${paint("33", "warning")}  Not analysed: ${skipped.reason}.  [skipped]`,
    );
  }
  for (const error of report.syntaxErrors) {
    const { line, character } = error.range.start;
    lines.push(
      `${relative(error.file)}:${line + 1}:${character + 1}  ${paint("33", "warning")}  ${syntaxErrorMessage(error)}  [syntax]`,
    );
  }
  for (const finding of report.findings) {
    const { line, character } = finding.range.start;
    const severity =
      finding.severity === "error" ? paint("31", "error") : paint("33", finding.severity);
    lines.push(
      `${relative(finding.file)}:${line + 1}:${character + 1}  ${severity}  ${finding.message}  [${finding.code}]`,
    );
    const printPath = (steps: PathStep[]) =>
      steps.forEach((step, index) => {
        const at = `${relative(step.location.file)}:${step.location.range.start.line + 1}:${step.location.range.start.character + 1}`;
        // The message of an inferred source ends with "(inferred from its name)" already.
        const inferred =
          step.inferred && !/\binferred\b/i.test(step.message) ? paint("2", " (inferred)") : "";
        lines.push(`    ${index + 1}. ${at}  ${step.message}${inferred}`);
      });
    printPath(finding.path);
    for (const other of finding.otherPaths) {
      lines.push(`    ${other.zones.join(", ")} took another path:`);
      printPath(other.path);
    }
  }
  lines.push(summaryLine(report));
  return lines.join("\n") + "\n";
}

export function summaryLine(report: Report): string {
  const errors = report.findings.filter((finding) => finding.severity === "error").length;
  const warnings = report.findings.length - errors;
  const files = `${report.fileCount} file${report.fileCount === 1 ? "" : "s"}`;
  let summary = `${files} checked: ${errors} error${errors === 1 ? "" : "s"}, ${warnings} warning${warnings === 1 ? "" : "s"}`;
  if (report.skipped.length > 0) summary += `, ${report.skipped.length} not analysed`;
  if (report.syntaxErrors.length > 0)
    summary += `, ${report.syntaxErrors.length} with syntax errors`;
  if (report.incomplete.length > 0) summary += ", analysis incomplete";
  return `${summary} (${Math.round(report.durationMs)} ms)`;
}

/** Describes a file's syntax errors: the first one, how many follow, and what they may cost. */
export function syntaxErrorMessage(error: SyntaxErrorReport): string {
  const more = error.count > 1 ? ` (and ${error.count - 1} more)` : "";
  const message = error.message.replace(/\.$/, "");
  return `Syntax error: ${message}${more}. Flows through the code around it may be missed.`;
}
