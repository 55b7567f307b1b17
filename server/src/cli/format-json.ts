import * as path from "node:path";
import type { Finding, PathStep } from "../engine";
import type { Report } from "./format-text";

const relative = (file: string) => (path.relative(process.cwd(), file) || file).replace(/\\/g, "/");

/** The JSON report: version 1, with 1-based lines and columns and files relative to the working directory. */
export function formatJson(report: Report): string {
  const errors = report.findings.filter((finding) => finding.severity === "error").length;
  const output = {
    version: 1,
    findings: report.findings.map(toJson),
    configProblems: report.configProblems.map((problem) => ({
      file: relative(problem.file),
      line: problem.range.start.line + 1,
      column: problem.range.start.character + 1,
      severity: problem.severity,
      message: problem.message,
    })),
    skipped: report.skipped.map((skipped) => ({
      file: relative(skipped.file),
      reason: skipped.reason,
    })),
    // The first syntax error of each analysed file that has one: its findings may be incomplete.
    syntaxErrors: report.syntaxErrors.map((error) => ({
      file: relative(error.file),
      line: error.range.start.line + 1,
      column: error.range.start.character + 1,
      message: error.message,
      count: error.count,
    })),
    // Projects whose analysis stopped early: their findings may be incomplete.
    incomplete: report.incomplete.map((entry) => ({
      project: entry.project === "loose files" ? entry.project : relative(entry.project),
      reason: entry.reason,
    })),
    summary: {
      files: report.fileCount,
      errors,
      warnings: report.findings.length - errors,
      durationMs: Math.round(report.durationMs),
    },
  };
  return JSON.stringify(output, null, 2) + "\n";
}

function toJson(finding: Finding) {
  return {
    code: finding.code,
    severity: finding.severity,
    message: finding.message,
    file: relative(finding.file),
    line: finding.range.start.line + 1,
    column: finding.range.start.character + 1,
    endLine: finding.range.end.line + 1,
    endColumn: finding.range.end.character + 1,
    zones: finding.zones,
    inferred: finding.inferred,
    sink: finding.sink ? { callee: finding.sink.callee, purpose: finding.sink.purpose } : null,
    path: finding.path.map(toJsonStep),
    otherPaths: finding.otherPaths.map((other) => ({
      zones: other.zones,
      path: other.path.map(toJsonStep),
    })),
  };
}

function toJsonStep(step: PathStep) {
  return {
    file: relative(step.location.file),
    line: step.location.range.start.line + 1,
    column: step.location.range.start.character + 1,
    message: step.message,
  };
}
