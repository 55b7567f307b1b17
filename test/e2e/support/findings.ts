/**
 * Lists the example's findings with the project's CLI (`privacy-zones check --format json`), so
 * the scenarios know which file, line and message to look for in the workbench.
 */
import { execFile } from "node:child_process";
import * as fs from "node:fs";
import { promisify } from "node:util";
import { TIMEOUTS, cliPath } from "./environment";

const execFileAsync = promisify(execFile);

/** One step of a finding's path, 1-based as the CLI prints it. */
export interface CliPathStep {
  file: string;
  line: number;
  column: number;
  message: string;
}

/** A finding as `privacy-zones check --format json` prints it (1-based lines and columns). */
export interface CliFinding {
  code: string;
  severity: "error" | "warning" | "info";
  message: string;
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  zones: string[];
  inferred: boolean;
  sink: { callee: string; purpose: string } | null;
  path: CliPathStep[];
}

/** Runs the CLI on a workspace folder and returns its findings, files relative to the folder. */
export async function listFindings(workspace: string): Promise<CliFinding[]> {
  const cli = cliPath();
  if (!fs.existsSync(cli)) {
    throw new Error(`the CLI ${cli} does not exist; run "npm run build" first`);
  }
  let stdout: string;
  try {
    ({ stdout } = await execFileAsync(process.execPath, [cli, "check", "--format", "json", "."], {
      cwd: workspace,
      timeout: TIMEOUTS.command,
      maxBuffer: 64 * 1024 * 1024,
    }));
  } catch (error) {
    // Exit code 1 means enforce-mode findings, which is what the example is for.
    const failure = error as { code?: number; stdout?: string; stderr?: string };
    if (failure.code !== 1 || !failure.stdout) {
      throw new Error(
        `"privacy-zones check --format json" failed in ${workspace} (exit ${failure.code}): ` +
          `${failure.stderr ?? ""}`,
        { cause: error },
      );
    }
    stdout = failure.stdout;
  }
  const report = JSON.parse(stdout) as { findings?: CliFinding[] };
  if (!Array.isArray(report.findings)) {
    throw new Error(`the CLI's JSON output has no "findings" array: ${stdout.slice(0, 300)}`);
  }
  return report.findings;
}

/**
 * Picks the finding that the scenarios follow: an enforce-mode PZ001 (shown as an error) with a
 * path of at least two steps and a sink, preferring one whose zones are certain rather than
 * inferred from a name.
 */
export function pickTarget(findings: CliFinding[]): CliFinding {
  const candidates = findings.filter(
    (finding) =>
      finding.code === "PZ001" &&
      finding.severity === "error" &&
      finding.sink !== null &&
      finding.path.length >= 2,
  );
  const target = candidates.find((finding) => !finding.inferred) ?? candidates[0];
  if (!target) {
    const summary = findings.map((f) => `${f.file}:${f.line} ${f.code} ${f.severity}`).join(", ");
    throw new Error(
      `the example has no PZ001 error with a sink and a path of two or more steps; ` +
        `its findings are: ${summary || "none"}`,
    );
  }
  return target;
}

/**
 * Picks a zoned symbol with both upstream and downstream lineage: a middle step of a finding's
 * path, such as "passed as `text` to `formatNote`", which lies between a source and a sink.
 * Prefers the target's own path, and falls back to its source step.
 */
export function pickLineageSymbol(findings: CliFinding[], target: CliFinding): CliPathStep {
  const withMiddle = [target, ...findings].find((finding) => finding.path.length >= 3);
  const step = withMiddle?.path[1] ?? target.path[0];
  if (!step) throw new Error(`the finding at ${target.file}:${target.line} has no path steps`);
  return step;
}
