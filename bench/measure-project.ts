/** Measures one project: cold CLI check, tsc, ESLint, the language server and tsserver. */
import { execFile } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { promisify } from "node:util";
import type { PlannedEdit } from "./edits";
import { planEdits } from "./edits";
import type { EditTarget } from "./generate-project";
import { LspSession } from "./lsp-session";
import { runTimed, type ProcessRun } from "./run-process";
import { median, percentile } from "./stats";
import type { TsserverPlan, TsserverResult } from "./tsserver-child";

const ROOT = path.resolve(__dirname, "..", "..");
const TSC = path.join(ROOT, "node_modules", "typescript", "bin", "tsc");
const ESLINT = path.join(ROOT, "node_modules", "eslint", "bin", "eslint.js");

/** A project to measure. */
export interface ProjectSpec {
  name: string;
  dir: string;
  lines: number;
  files: number;
  edits: EditTarget[];
}

/** How much to measure. */
export interface MeasureOptions {
  repeats: number;
  edits: number;
  /** Limit of one process run or one wait for diagnostics. */
  timeoutMs: number;
  /** Limit of the whole series of edits; the series stops after the edit that crosses it. */
  editBudgetMs: number;
  /** The folder with the bundles cli.js and server.js to measure. */
  bundleDir: string;
  log: (message: string) => void;
}

/** Medians of a command's runs, or why it has none. */
export interface ToolResult {
  wallMs: number;
  maxRssMb: number;
  runs: number;
  failure?: string;
}

/** Latencies and memory of the language server, next to tsserver's latencies. */
export interface EditorResult {
  openMs: number;
  editP50Ms: number;
  editP95Ms: number;
  edits: number;
  peakRssMb: number;
  tsserverOpenMs: number;
  tsserverP50Ms: number;
  tsserverP95Ms: number;
  /** The verification pass after the edits, from its start to its end. */
  verificationMs: number;
  /** A hover sent during that verification, to its reply. */
  hoverDuringVerificationMs: number;
  failure?: string;
}

/** Every measurement of one project. */
export interface ProjectResult {
  name: string;
  lines: number;
  files: number;
  check: ToolResult;
  tsc: ToolResult;
  eslint: ToolResult;
  editor: EditorResult;
}

/** Runs every measurement of `spec`. */
export async function measureProject(
  spec: ProjectSpec,
  options: MeasureOptions,
): Promise<ProjectResult> {
  const cold = await measureColdRuns(spec, options);
  const editor = await measureEditor(spec, options);
  return { name: spec.name, lines: spec.lines, files: spec.files, ...cold, editor };
}

/** The exit codes that mean a command ran to the end, by tool. */
const COMMANDS = {
  // 1 means enforce-mode findings.
  check: {
    args: (dir: string, bundleDir: string) => [
      path.join(bundleDir, "cli.js"),
      "check",
      dir,
      "--format",
      "json",
    ],
    ok: [0, 1],
  },
  // 2 means type errors; a generated project has none, so the run is reported as failed.
  tsc: { args: (dir: string) => [TSC, "--noEmit", "-p", dir], ok: [0] },
  // 1 means lint errors, which the rules find in any project of this size.
  eslint: { args: () => [ESLINT, "--no-warn-ignored", "src"], ok: [0, 1] },
};

type ToolName = keyof typeof COMMANDS;

/** Runs check, tsc and ESLint in turn, `repeats` times, so drift affects all three alike. */
async function measureColdRuns(spec: ProjectSpec, options: MeasureOptions) {
  const runs: Record<ToolName, ProcessRun[]> = { check: [], tsc: [], eslint: [] };
  const failures: Partial<Record<ToolName, string>> = {};
  for (let repeat = 0; repeat < options.repeats; repeat++) {
    for (const tool of Object.keys(COMMANDS) as ToolName[]) {
      if (failures[tool] !== undefined) continue;
      const command = COMMANDS[tool];
      const run = await runTimed(
        process.execPath,
        command.args(spec.dir, options.bundleDir),
        spec.dir,
        options.timeoutMs,
      );
      const seconds = (run.wallMs / 1000).toFixed(1);
      options.log(`  ${tool} #${repeat + 1}: ${seconds} s, ${run.maxRssMb.toFixed(0)} MiB`);
      if (run.timedOut) failures[tool] = `timed out after ${options.timeoutMs / 60_000} min`;
      else if (!command.ok.includes(run.exitCode ?? -1)) {
        failures[tool] = `exited with code ${run.exitCode}`;
        options.log(`  ${tool} failed:\n${run.outputTail}`);
      } else runs[tool].push(run);
    }
  }
  const summarize = (tool: ToolName): ToolResult => ({
    wallMs: median(runs[tool].map((run) => run.wallMs)),
    maxRssMb: median(runs[tool].map((run) => run.maxRssMb)),
    runs: runs[tool].length,
    ...(failures[tool] === undefined ? {} : { failure: failures[tool] }),
  });
  return { check: summarize("check"), tsc: summarize("tsc"), eslint: summarize("eslint") };
}

/**
 * Opens the first edit target in a fresh server `repeats` times; in the last server, applies the
 * planned edits and reads the peak memory. Then times tsserver on the edits that were applied.
 */
async function measureEditor(spec: ProjectSpec, options: MeasureOptions): Promise<EditorResult> {
  const planned = planEdits(spec.edits, options.edits);
  const firstFile = (planned[0] as PlannedEdit).file;
  const openTimes: number[] = [];
  const editTimes: number[] = [];
  let peakRssMb = Number.NaN;
  let verification = { hoverMs: Number.NaN, passMs: Number.NaN };
  let failure: string | undefined;
  for (let repeat = 0; repeat < options.repeats && failure === undefined; repeat++) {
    const session = await LspSession.start(spec.dir, path.join(options.bundleDir, "server.js"));
    try {
      openTimes.push(await session.open(firstFile, options.timeoutMs));
      options.log(
        `  server didOpen #${repeat + 1}: ${((openTimes.at(-1) ?? 0) / 1000).toFixed(1)} s`,
      );
      if (repeat === options.repeats - 1) {
        await applyEdits(session, planned, editTimes, options);
        peakRssMb = session.peakRssMb();
        // The verification keeps two analyses in memory, so it comes after the peak is read.
        const last = lastEdit(spec, planned, editTimes.length);
        verification = await session.hoverDuringNextPass(
          last.file,
          last.position,
          options.timeoutMs,
        );
        options.log(
          `  hover during the verification: ${verification.hoverMs.toFixed(0)} ms, verification ${(verification.passMs / 1000).toFixed(1)} s`,
        );
      }
    } catch (error) {
      failure = error instanceof Error ? error.message.split("\n")[0] : String(error);
      options.log(`  server failed: ${failure}`);
    } finally {
      await session.stop();
    }
  }
  const tsserver = await runTsserver(spec, firstFile, planned.slice(0, editTimes.length), options);
  options.log(`  tsserver edit p95: ${percentile(tsserver.editMs, 95).toFixed(0)} ms`);
  return {
    openMs: median(openTimes),
    editP50Ms: percentile(editTimes, 50),
    editP95Ms: percentile(editTimes, 95),
    edits: editTimes.length,
    peakRssMb,
    tsserverOpenMs: tsserver.openMs,
    tsserverP50Ms: percentile(tsserver.editMs, 50),
    tsserverP95Ms: percentile(tsserver.editMs, 95),
    verificationMs: verification.passMs,
    hoverDuringVerificationMs: verification.hoverMs,
    ...(failure === undefined ? {} : { failure }),
  };
}

/**
 * Returns the file of the last of `count` applied edits and the position of the first character
 * of its edited line.
 */
function lastEdit(
  spec: ProjectSpec,
  planned: PlannedEdit[],
  count: number,
): { file: string; position: { line: number; character: number } } {
  const edit = planned[count - 1] as PlannedEdit;
  const target = spec.edits[(count - 1) % spec.edits.length] as EditTarget;
  const found = edit.text.lastIndexOf(target.replacement);
  const offset = found >= 0 ? found : Math.max(0, edit.text.lastIndexOf(target.line));
  const before = edit.text.slice(0, offset).split("\n");
  return {
    file: edit.file,
    position: { line: before.length - 1, character: (before.at(-1) ?? "").length },
  };
}

/** Applies edits until all are done or the budget is spent; opening a file is not timed. */
async function applyEdits(
  session: LspSession,
  planned: PlannedEdit[],
  editTimes: number[],
  options: MeasureOptions,
): Promise<void> {
  const started = performance.now();
  for (const edit of planned) {
    if (!session.isOpen(edit.file)) await session.open(edit.file, options.timeoutMs);
    editTimes.push(await session.change(edit, options.timeoutMs));
    if (performance.now() - started > options.editBudgetMs) {
      options.log(`  edit budget spent after ${editTimes.length} edits`);
      break;
    }
  }
  const p95 = percentile(editTimes, 95).toFixed(0);
  options.log(`  server edits: ${editTimes.length}, p95 ${p95} ms`);
}

/** Runs tsserver-child.js on the same edits in its own process. */
async function runTsserver(
  spec: ProjectSpec,
  firstFile: string,
  edits: PlannedEdit[],
  options: MeasureOptions,
): Promise<TsserverResult> {
  const planDir = fs.mkdtempSync(path.join(os.tmpdir(), "pz-bench-plan-"));
  const planFile = path.join(planDir, "plan.json");
  const plan: TsserverPlan = { tsconfig: path.join(spec.dir, "tsconfig.json"), firstFile, edits };
  fs.writeFileSync(planFile, JSON.stringify(plan));
  try {
    const child = path.join(__dirname, "tsserver-child.js");
    const { stdout } = await promisify(execFile)(process.execPath, [child, planFile], {
      maxBuffer: 16 * 1024 * 1024,
      timeout: options.timeoutMs,
    });
    return JSON.parse(stdout) as TsserverResult;
  } finally {
    fs.rmSync(planDir, { recursive: true, force: true });
  }
}
