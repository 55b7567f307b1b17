import { unmatchedModels } from "../engine";
import type { AnalyzerOptions, Finding, ModelUsage } from "../engine";
import { formatJson } from "./format-json";
import { formatSarif } from "./format-sarif";
import { formatText } from "./format-text";
import type { Report } from "./format-text";
import { checkReportFile, writeReportFile } from "./report-file";
import { reportsFile, resolveTargets, UsageError } from "./targets";

export interface CheckOptions extends AnalyzerOptions {
  format: string;
  output: string | undefined;
  version: string;
  /** Fails the check when a project's analysis stopped early or a file was skipped. */
  failOnIncomplete?: boolean;
}

/** Runs `privacy-zones check` and returns the exit code. */
export function runCheck(paths: string[], options: CheckOptions): number {
  if (!["text", "json", "sarif"].includes(options.format)) {
    throw new UsageError(`Unknown format \`${options.format}\`. Formats: text, json, sarif.`);
  }
  if (options.output) checkReportFile(options.output);
  const started = performance.now();
  const progress = process.stderr.isTTY
    ? (message: string) => process.stderr.write(`\r\x1b[K${message}`)
    : () => {};
  progress("Loading projects...");
  // A check applies no fixes, so it keeps no values of expressions for them.
  const targets = resolveTargets(paths, {
    ...options,
    fixes: false,
    incremental: false,
    reportSyntaxErrors: true,
  });
  const report: Report = {
    findings: [],
    configProblems: [],
    skipped: [],
    syntaxErrors: [],
    incomplete: [],
    fileCount: 0,
    durationMs: 0,
  };
  const seenProblems = new Set<string>();
  const usages: ModelUsage[] = [];
  targets.forEach((target, index) => {
    progress(`Analysing project ${index + 1} of ${targets.length}...`);
    const result = target.analyzer.analyze();
    for (const [file, findings] of result.findings) {
      if (!reportsFile(target, file)) continue;
      report.fileCount++;
      report.findings.push(...findings);
    }
    for (const problem of result.configProblems) {
      const key = `${problem.file}:${problem.range.start.line}:${problem.range.start.character}:${problem.message}`;
      if (!seenProblems.has(key)) report.configProblems.push(problem);
      seenProblems.add(key);
    }
    if (result.modelUsage) usages.push(result.modelUsage);
    report.skipped.push(...result.skipped.filter((skipped) => reportsFile(target, skipped.file)));
    for (const error of result.syntaxErrors ?? [])
      if (reportsFile(target, error.file)) report.syntaxErrors.push(error);
    if (result.incomplete) {
      const project = target.analyzer.configFilePath ?? "loose files";
      report.incomplete.push({ project, reason: result.incomplete });
      process.stderr.write(
        `privacy-zones: warning: the analysis of ${project} ${result.incomplete}; findings may be incomplete.\n`,
      );
    }
    target.release();
  });
  progress("");
  report.configProblems.push(...unmatchedModels(usages));
  report.findings.sort(compareFindings);
  report.durationMs = performance.now() - started;
  const output =
    options.format === "json"
      ? formatJson(report)
      : options.format === "sarif"
        ? formatSarif(report, options.version)
        : formatText(report, !options.output && process.stdout.isTTY);
  if (options.output) writeReportFile(options.output, output);
  else process.stdout.write(output);
  if (report.configProblems.some((problem) => problem.severity === "error")) return 2;
  if (report.findings.some((finding) => finding.severity === "error")) return 1;
  const incomplete =
    report.incomplete.length > 0 || report.skipped.length > 0 || report.syntaxErrors.length > 0;
  if (options.failOnIncomplete && incomplete) {
    process.stderr.write(
      "privacy-zones: the check is incomplete and --fail-on-incomplete is set; exiting with 1.\n",
    );
    return 1;
  }
  return 0;
}

function compareFindings(a: Finding, b: Finding): number {
  return (
    a.file.localeCompare(b.file) ||
    a.range.start.line - b.range.start.line ||
    a.range.start.character - b.range.start.character
  );
}
