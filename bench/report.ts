/** Formats benchmark results as the Markdown of BENCHMARKS.md and as console tables. */
import * as os from "node:os";
import type { ProjectResult, ToolResult } from "./measure-project";
import { checkTargets, msPer10kLines, type TargetCheck } from "./targets";

/** The machine and run that produced the results. */
export interface RunInfo {
  date: string;
  command: string;
  repeats: number;
  seed: number;
  /**
   * The highest 1-minute load average seen during the run. Above the number of cores, other
   * processes competed for the CPU and the times are inflated.
   */
  maxLoadAverage?: number;
}

/** Returns the cold-run table: wall times, peak memory and the ratios to tsc and ESLint. */
export function coldTable(results: ProjectResult[]): string {
  const header = [
    "Project",
    "Lines",
    "Files",
    "check (s)",
    "check (MiB)",
    "tsc (s)",
    "tsc (MiB)",
    "ESLint (s)",
    "ESLint (MiB)",
    "check / tsc time",
    "check / ESLint time",
    "check / tsc memory",
    "check ms per 10k lines",
  ];
  const rows = results.map((result) => [
    result.name,
    String(result.lines),
    String(result.files),
    seconds(result.check),
    mebibytes(result.check),
    seconds(result.tsc),
    mebibytes(result.tsc),
    seconds(result.eslint),
    mebibytes(result.eslint),
    ratio(result.check.wallMs, result.tsc.wallMs),
    ratio(result.check.wallMs, result.eslint.wallMs),
    ratio(result.check.maxRssMb, result.tsc.maxRssMb),
    fixed(msPer10kLines(result), 0),
  ]);
  return markdownTable(header, rows);
}

/** Returns the editor table: language-server latencies and memory next to tsserver's. */
export function editorTable(results: ProjectResult[]): string {
  const header = [
    "Project",
    "didOpen to diagnostics (s)",
    "edit p50 (ms)",
    "edit p95 (ms)",
    "edits",
    "tsserver p50 (ms)",
    "tsserver p95 (ms)",
    "tsserver first file (s)",
    "server peak (MiB)",
    "server / tsc memory",
    "verification (s)",
    "hover during it (ms)",
  ];
  const rows = results.map(({ name, editor, tsc }) => [
    name,
    editor.failure ? "failed" : fixed(editor.openMs / 1000, 2),
    fixed(editor.editP50Ms, 0),
    fixed(editor.editP95Ms, 0),
    String(editor.edits),
    fixed(editor.tsserverP50Ms, 0),
    fixed(editor.tsserverP95Ms, 0),
    fixed(editor.tsserverOpenMs / 1000, 2),
    fixed(editor.peakRssMb, 0),
    ratio(editor.peakRssMb, tsc.maxRssMb),
    fixed(editor.verificationMs / 1000, 2),
    fixed(editor.hoverDuringVerificationMs, 0),
  ]);
  return markdownTable(header, rows);
}

/** Returns the target table: each target, the measured value and whether it is met. */
export function targetTable(checks: TargetCheck[]): string {
  const header = ["Target", "Project", "Measured", "Limit", "Met", "Missed by"];
  const rows = checks.map((check) => [
    check.target,
    check.scope,
    Number.isFinite(check.measured)
      ? `${fixed(check.measured, check.unit === "ms" ? 0 : 2)} ${check.unit}`.trim()
      : "not measured",
    `${check.limit} ${check.unit}`.trim(),
    verdictCell(check.met),
    check.met === false ? `${fixed(check.measured / check.limit, 2)}× the limit` : "",
  ]);
  return markdownTable(header, rows);
}

/** Returns the whole BENCHMARKS.md. `notes` is the hand-written analysis appended at the end. */
export function benchmarksMarkdown(results: ProjectResult[], run: RunInfo, notes: string): string {
  const failures = results.flatMap((result) => failureLines(result));
  return `# Benchmarks

Measured by \`${run.command}\` on ${run.date}. Regenerate with \`npm run bench\`; see
[bench/](bench/) for the generator and the measurements.

**Machine:** ${machineLine()}

Each cold-run figure is the median of ${run.repeats} runs. The generated projects come from seed ${run.seed}.${loadLine(run)}

## Cold runs

${coldTable(results)}

## Editor

${editorTable(results)}
${failures.length > 0 ? `\n**Failures:**\n\n${failures.join("\n")}\n` : ""}
## Targets

${targetTable(checkTargets(results))}

${notes.trim()}
`;
}

/** Returns the cores, memory, OS and Node version of this machine. */
export function machineLine(): string {
  const cpus = os.cpus();
  const model = cpus[0]?.model.trim() ?? "unknown CPU";
  const memory = (os.totalmem() / 1024 ** 3).toFixed(0);
  return `${cpus.length} × ${model}, ${memory} GiB memory, ${os.type()} ${os.release()}, Node ${process.version}`;
}

function loadLine(run: RunInfo): string {
  if (run.maxLoadAverage === undefined) return "";
  const cores = os.cpus().length;
  const load = run.maxLoadAverage.toFixed(1);
  const verdict =
    run.maxLoadAverage > cores
      ? `more than the ${cores} cores. The load counts the threads of the measured tools too (V8's garbage collection, Node's file reads, the language server's analysis thread), so it can be above the cores when nothing else runs; a run next to other work shows a higher load and slower times`
      : `no more than the ${cores} cores`;
  return ` The highest 1-minute load average during the run was ${load}, ${verdict}.`;
}

function failureLines(result: ProjectResult): string[] {
  const lines: string[] = [];
  for (const [tool, outcome] of [
    ["check", result.check],
    ["tsc", result.tsc],
    ["ESLint", result.eslint],
  ] as const) {
    if (outcome.failure) lines.push(`- ${result.name}: ${tool} ${outcome.failure}.`);
  }
  if (result.editor.failure)
    lines.push(`- ${result.name}: language server: ${result.editor.failure}`);
  return lines;
}

function verdictCell(met: boolean | undefined): string {
  if (met === undefined) return "–";
  return met ? "yes" : "**no**";
}

function markdownTable(header: string[], rows: string[][]): string {
  const line = (cells: string[]): string => `| ${cells.join(" | ")} |`;
  const separator = header.map((_, index) => (index === 0 ? "---" : "---:"));
  return [line(header), line(separator), ...rows.map(line)].join("\n");
}

function seconds(result: ToolResult): string {
  return result.failure && result.runs === 0 ? "failed" : fixed(result.wallMs / 1000, 2);
}

function mebibytes(result: ToolResult): string {
  return result.failure && result.runs === 0 ? "failed" : fixed(result.maxRssMb, 0);
}

function ratio(numerator: number, denominator: number): string {
  return fixed(numerator / denominator, 2);
}

function fixed(value: number, digits: number): string {
  return Number.isFinite(value) ? value.toFixed(digits) : "–";
}
