import * as fs from "node:fs";
import * as path from "node:path";
import { parentPort, receiveMessageOnPort, workerData } from "node:worker_threads";
import { collectGarbage, unmatchedModels, type Finding, type ModelUsage } from "../engine/index";
import { scanAnnotations } from "../features/annotation-tokens";
import {
  mergeInventories,
  projectInventory,
  type ProjectInventory,
} from "../features/zone-inventory";
import { elapsed, ProjectSet, type Project } from "./projects";
import type {
  AnalysisApi,
  AnalysisMethod,
  ProjectOptions,
  AnalyzeOutcome,
  FileChange,
  FileOutcome,
  LogLevel,
  PartialOutcome,
  WorkerCall,
  WorkerData,
  WorkerMessage,
} from "./worker-protocol";

const CONFIG_FILE_NAME = "privacy-zones.json";
const PROJECT_FILE_PATTERN = /^(tsconfig|jsconfig)(\..+)?\.json$/;

/**
 * The analysis thread: owns the open documents' text and every Analyzer, and serves the calls
 * of `AnalysisApi`. Every engine call is guarded, so an exception fails one call, not the thread.
 */
class AnalysisService implements AnalysisApi {
  private readonly openTexts = new Map<string, string>();
  private readonly projects: ProjectSet;
  /** Inventories by the findings map of the analysis they were built from. */
  private readonly inventories = new WeakMap<Map<string, Finding[]>, ProjectInventory>();
  /** When set, the reason for a garbage collection once the reply is posted. */
  private collectAfterReply: string | undefined;
  /**
   * Serves the calls that arrived during a pass and can be served before it ends. The pass runs
   * it between two functions of its analysis.
   */
  pollDuringPass: () => void = () => {};
  /** Serves the waiting calls that a project's analysis, just completed in a pass, made ready. */
  projectAnalysed: () => void = () => {};

  constructor(
    private readonly currentPass: Int32Array,
    private readonly log: (level: LogLevel, message: string) => void,
    private readonly sendPartial: (partial: PartialOutcome) => void = () => {},
  ) {
    // Loading a project happens within a pass, which serves requests while it parses the files.
    this.projects = new ProjectSet(this.openTexts, log, () => this.pollDuringPass());
  }

  setText({ file, text }: { file: string; text: string }): void {
    const previous = this.openTexts.get(file) ?? readIfExists(file);
    this.openTexts.set(file, text);
    // Opening a file whose text matches the disk changes nothing the last analysis saw.
    if (text === previous) return;
    for (const project of this.projects.all()) {
      if (!project.analyzer.containsFile(file)) continue;
      this.guard(project, file, () => project.analyzer.setFileText(file, text));
    }
  }

  closeFile({ file }: { file: string }): void {
    const text = this.openTexts.get(file);
    this.openTexts.delete(file);
    if (text === readIfExists(file)) return;
    for (const project of this.projects.all()) {
      if (!project.analyzer.containsFile(file)) continue;
      this.guard(project, file, () => project.analyzer.refreshFromDisk(file));
    }
  }

  filesChanged({ changes }: { changes: FileChange[] }): void {
    for (const change of changes) this.applyChange(change);
  }

  reset(): void {
    this.projects.clear();
  }

  analyze({ passId, files, verify }: Parameters<AnalysisApi["analyze"]>[0]): AnalyzeOutcome {
    const cancelled = (): boolean => {
      this.pollDuringPass();
      return Atomics.load(this.currentPass, 0) !== passId;
    };
    const outcome: AnalyzeOutcome = {
      cancelled: false,
      files: [],
      fileCount: 0,
      needsVerification: false,
      unmatchedModels: [],
      projects: [],
    };
    const byProject = new Map<Project, string[]>();
    const known = new Map(files.map(({ file, known }) => [file, known]));
    for (const { file, options } of files) {
      try {
        const project = this.projects.projectFor(file, options);
        byProject.set(project, [...(byProject.get(project) ?? []), file]);
      } catch (error) {
        this.log("error", `Loading the project of ${file} failed. ${describe(error)}`);
        outcome.files.push({ file, error: describe(error) });
      }
    }
    let remaining = byProject.size;
    for (const [project, projectFiles] of byProject) {
      remaining--;
      if (cancelled()) return { ...outcome, cancelled: true, files: [] };
      if (project.dirty) {
        this.run(project, projectFiles, cancelled, outcome, false);
      } else if (verify && project.analyzer.needsVerification) {
        this.run(project, projectFiles, cancelled, outcome, true);
      }
      if (cancelled()) return { ...outcome, cancelled: true, files: [] };
      this.projectAnalysed();
      outcome.fileCount += project.lastFileCount;
      const outcomes = projectFiles.map((file) => fileOutcome(project, file, known.get(file)));
      if (remaining > 0) {
        // Other projects follow, so these documents get their findings now, and the final
        // outcome lists them as unchanged.
        this.sendPartial({ passId, files: outcomes });
        outcome.files.push(...outcomes.map(sentAlready));
      } else {
        outcome.files.push(...outcomes);
      }
    }
    const usages = this.projects
      .all()
      .flatMap((project): ModelUsage[] => (project.lastModelUsage ? [project.lastModelUsage] : []));
    outcome.unmatchedModels = unmatchedModels(usages);
    outcome.needsVerification = [...byProject.keys()].some(
      (project) => project.lastError === undefined && project.analyzer.needsVerification,
    );
    return outcome;
  }

  /**
   * True when `call` can be served in the middle of a pass, given the calls that came before it
   * and wait for the pass. A scan of tags reads only its own text. A hover or a lineage is served
   * when it is ready and no change waits that may move the text its position refers to.
   */
  servesDuringPass(call: WorkerCall, waiting: readonly WorkerCall[]): boolean {
    if (call.method === "scanAnnotations") return true;
    if (call.method !== "hover" && call.method !== "lineage") return false;
    if (waiting.some((earlier) => CHANGES.has(earlier.method))) return false;
    return this.readiness(call) === "ready";
  }

  /** True for a hover or a lineage that the next analysis of its project serves better. */
  waitsForAnalysis(call: WorkerCall): boolean {
    if (call.method !== "hover" && call.method !== "lineage") return false;
    return this.readiness(call) === "pending";
  }

  /**
   * Returns "ready" when the last analysis of the project of a hover's or a lineage's document
   * covers every change of that project, and no pass runs it. Returns "pending" when an analysis
   * of the document is to come: its project has changes, is being analysed or is not loaded yet.
   */
  private readiness(call: WorkerCall): "ready" | "pending" {
    const { file, options } = call.params as { file: string; options: ProjectOptions };
    const project = this.projects.loaded(file, options);
    if (project) return project.dirty || project.analyzer.analysing ? "pending" : "ready";
    // The main thread sends hovers only for documents that it analyses, and it analyses every open one.
    return this.openTexts.has(file) ? "pending" : "ready";
  }

  hover({
    file,
    options,
    position,
  }: Parameters<AnalysisApi["hover"]>[0]): ReturnType<AnalysisApi["hover"]> {
    const project = this.projects.loaded(file, options);
    if (!project) return null;
    return project.analyzer.hover(file, position) ?? null;
  }

  lineage(params: Parameters<AnalysisApi["lineage"]>[0]): ReturnType<AnalysisApi["lineage"]> {
    const { file, options, position, direction, maxDepth } = params;
    const project = this.projects.loaded(file, options);
    if (!project) return { root: null, nodes: [], edges: [] };
    return project.analyzer.lineage(file, position, direction, maxDepth);
  }

  scanAnnotations({
    files,
  }: Parameters<AnalysisApi["scanAnnotations"]>[0]): ReturnType<AnalysisApi["scanAnnotations"]> {
    return files.map(({ file, text }) =>
      scanAnnotations(file, text, (message) => this.log("info", message)),
    );
  }

  zones(): ReturnType<AnalysisApi["zones"]> {
    const inventories: ProjectInventory[] = [];
    for (const project of this.projects.all()) {
      if (project.lastError !== undefined) continue;
      let inventory = this.inventories.get(project.lastFindings);
      if (!inventory) {
        const started = performance.now();
        inventory = projectInventory(project.analyzer, project.lastFindings);
        this.inventories.set(project.lastFindings, inventory);
        this.log("debug", `Zone inventory of ${project.label} in ${elapsed(started)} ms.`);
      }
      inventories.push(inventory);
    }
    return mergeInventories(inventories);
  }

  private run(
    project: Project,
    projectFiles: string[],
    cancelled: () => boolean,
    outcome: AnalyzeOutcome,
    fresh: boolean,
  ): void {
    const started = performance.now();
    const full = fresh || !project.analyzer.canUpdate;
    // NOTE: a verification runs next to the analysis it may replace, with the garbage of the
    // edits before it. A forced collection first lowered its peak on the 300k project from 1,704
    // to 1,601 MiB, but held the hovers that a pass serves for 670 ms, so V8 collects on its own.
    try {
      const result = project.analyzer.analyze(cancelled, { fresh });
      // A cancelled run may return partial findings, so the project stays dirty.
      if (cancelled()) return;
      project.lastFindings = result.findings;
      project.lastFileCount = result.fileCount;
      project.lastSkipped = new Map(result.skipped.map(({ file, reason }) => [file, reason]));
      project.lastModelUsage = result.modelUsage;
      delete project.lastError;
    } catch (error) {
      // The engine throws when `cancelled` returns true; the project stays dirty for the next pass.
      if (cancelled()) return;
      project.lastError = describe(error);
      delete project.lastModelUsage;
      this.log("error", `Analysis of ${projectFiles.join(", ")} failed. ${stackOf(error)}`);
    }
    project.dirty = false;
    const durationMs = elapsed(started);
    outcome.projects.push({ project: project.label, durationMs, fileCount: project.lastFileCount });
    // A fresh run leaves the analysis it replaced to collect, and the first update after a full
    // run leaves that run's checker. V8 would collect them only as the heap grows during later
    // edits. Other full runs collected before building their findings (`collectBeforeFindings`).
    if (fresh) this.collectAfterReply = "after a fresh analysis";
    else if (project.fullCheckerLive) this.collectAfterReply = "after the first update";
    project.fullCheckerLive = full;
  }

  /** Runs the collection that a full analysis or the update after it left for after the reply. */
  afterReply(): void {
    const when = this.collectAfterReply;
    if (!when) return;
    this.collectAfterReply = undefined;
    this.collect(when);
  }

  private collect(when: string): void {
    const before = process.memoryUsage().heapUsed;
    const durationMs = collectGarbage();
    const freed = (before - process.memoryUsage().heapUsed) / 2 ** 20;
    this.log(
      "debug",
      `Garbage collection ${when}: ${freed.toFixed(0)} MiB freed in ${durationMs.toFixed(0)} ms.`,
    );
  }

  private applyChange({ file, type }: FileChange): void {
    const name = path.basename(file);
    if (PROJECT_FILE_PATTERN.test(name)) {
      this.log("info", `${file} ${type}; projects will be loaded again.`);
      this.projects.clear();
      return;
    }
    for (const project of this.projects.all()) {
      if (name === CONFIG_FILE_NAME || project.options.configFile === file) {
        this.guard(project, file, () => project.analyzer.reloadConfig());
      } else if (!this.openTexts.has(file) && this.mayContain(project, file, type)) {
        this.guard(project, file, () => project.analyzer.refreshFromDisk(file));
      }
    }
  }

  /** True when a changed file is, or may become, part of the project. */
  private mayContain(project: Project, file: string, type: FileChange["type"]): boolean {
    if (project.analyzer.containsFile(file)) return true;
    const projectFile = project.analyzer.configFilePath;
    // NOTE: a created file is offered to every project whose folder contains it. The engine
    // then decides from its include and exclude lists whether the file joins.
    return (
      type === "created" && projectFile !== undefined && isInside(file, path.dirname(projectFile))
    );
  }

  /** Runs one engine call that changes a project, marking it dirty and logging a failure. */
  private guard(project: Project, file: string, action: () => void): void {
    project.dirty = true;
    delete project.lastError;
    try {
      action();
    } catch (error) {
      this.log("error", `Updating ${file} in the analysis failed. ${stackOf(error)}`);
    }
  }
}

/** Revisions of findings lists: the engine builds a new list whenever a file's findings change. */
const revisions = new WeakMap<Finding[], number>();
let nextRevision = 1;

function fileOutcome(project: Project, file: string, known: number | undefined): FileOutcome {
  if (project.lastError !== undefined) return { file, error: project.lastError };
  const skipped = project.lastSkipped.get(file);
  if (skipped !== undefined) return { file, skipped };
  const findings: Finding[] = project.lastFindings.get(file) ?? [];
  let revision = revisions.get(findings);
  if (revision === undefined) revisions.set(findings, (revision = nextRevision++));
  return revision === known ? { file, revision, unchanged: true } : { file, revision, findings };
}

/** Replaces findings that went out in a partial outcome with their revision. */
function sentAlready(outcome: FileOutcome): FileOutcome {
  return "findings" in outcome
    ? { file: outcome.file, revision: outcome.revision, unchanged: true }
    : outcome;
}

function readIfExists(file: string): string | undefined {
  try {
    return fs.readFileSync(file, "utf8");
  } catch {
    return undefined;
  }
}

function isInside(file: string, dir: string): boolean {
  const relative = path.relative(dir, file);
  return relative !== "" && !relative.startsWith("..") && !path.isAbsolute(relative);
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function stackOf(error: unknown): string {
  return error instanceof Error ? (error.stack ?? error.message) : String(error);
}

/** Starts serving calls from the main thread; call only inside a worker thread. */
export function runAnalysisWorker(): void {
  const port = parentPort;
  if (!port) throw new Error("The analysis service must run in a worker thread.");
  const post = (message: WorkerMessage): void => port.postMessage(message);
  const { currentPass } = workerData as WorkerData;
  const service = new AnalysisService(
    new Int32Array(currentPass),
    (level, message) => post({ log: { level, message } }),
    (partial) => post({ partial }),
  );
  const serve = (call: WorkerCall): void => {
    try {
      const method = service[call.method] as (params: unknown) => unknown;
      const result = method.call(service, call.params);
      if (call.id !== undefined) post({ id: call.id, result });
    } catch (error) {
      if (call.id !== undefined) post({ id: call.id, error: stackOf(error) });
      else post({ log: { level: "error", message: `${call.method} failed. ${stackOf(error)}` } });
    }
  };
  // Calls in arrival order. During a pass, the pass takes new calls off the port itself: it serves
  // those it can at once, and the others wait here until it returns.
  const waiting: WorkerCall[] = [];
  // Hovers and lineage requests that wait for the next analysis of their project, each with the
  // time after which it is served from the last analysis anyway.
  const parked: { call: WorkerCall; until: number }[] = [];
  let serving = false;
  let lastPoll = 0;
  service.pollDuringPass = () => {
    const now = performance.now();
    if (now - lastPoll < POLL_INTERVAL_MS) return;
    lastPoll = now;
    for (
      let received = receiveMessageOnPort(port);
      received;
      received = receiveMessageOnPort(port)
    ) {
      const call = received.message as WorkerCall;
      if (service.servesDuringPass(call, waiting)) serve(call);
      else waiting.push(call);
    }
  };
  /**
   * Serves the parked calls whose analysis has come, and with `expire`, those that waited too
   * long. A pass gives false, since it may be running the analysis that such a call reads.
   */
  const releaseParked = (expire: boolean): void => {
    const now = performance.now();
    for (let index = 0; index < parked.length;) {
      const { call, until } = parked[index]!;
      if ((!expire || now < until) && service.waitsForAnalysis(call)) {
        index++;
        continue;
      }
      parked.splice(index, 1);
      serve(call);
    }
  };
  // A project analysed early in a pass makes its hovers ready before the pass ends.
  service.projectAnalysed = () => {
    releaseParked(false);
    for (let index = 0; index < waiting.length;) {
      const call = waiting[index]!;
      if (!service.servesDuringPass(call, waiting.slice(0, index))) {
        index++;
        continue;
      }
      waiting.splice(index, 1);
      serve(call);
    }
  };
  const drain = (): void => {
    if (serving) return;
    serving = true;
    try {
      for (let next = waiting.shift(); next; next = waiting.shift()) {
        if (service.waitsForAnalysis(next)) {
          parked.push({ call: next, until: performance.now() + MAX_PARK_MS });
          setTimeout(drain, MAX_PARK_MS).unref();
          continue;
        }
        serve(next);
        releaseParked(true);
        // The main thread publishes the diagnostics of the reply meanwhile.
        service.afterReply();
      }
      releaseParked(true);
    } finally {
      serving = false;
    }
  };
  port.on("message", (call: WorkerCall) => {
    waiting.push(call);
    drain();
  });
}

/** Calls that change the text or the files of a project. */
const CHANGES = new Set<AnalysisMethod>(["setText", "closeFile", "filesChanged", "reset"]);

/**
 * The maximum time a hover or a lineage waits for the analysis of its project's changes. The
 * main thread starts a pass within milliseconds of a change, so this bounds only the wait on a
 * pass that does not come.
 */
const MAX_PARK_MS = 2000;

/** How often a pass checks the port for calls that it can serve before it ends. */
const POLL_INTERVAL_MS = 2;
