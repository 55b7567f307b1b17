import * as fs from "node:fs";
import * as path from "node:path";
import { minimatch } from "minimatch";
import type { Project } from "ts-morph";
import { ts } from "./typescript";
import { ConfigResolver } from "./config";
import type { ConfigProblem, ResolvedConfig } from "./config-types";
import { planEdits } from "./edits";
import type { FindingCollector } from "./findings";
import { CancelledError, FlowAnalysis, type FlowOptions } from "./flow";
import { hoverAt } from "./hover";
import { buildLineage } from "./lineage";
import { modelUsage } from "./model-usage";
import {
  compilerOptionProblems,
  createConfiguredProject,
  createLooseProject,
  findProjectConfig,
  isSourceFileName,
  markUnparsed,
  parserFailure,
  unparsedFiles,
} from "./project";
import type {
  AnalysisResult,
  ConfigDiagnostic,
  HoverInfo,
  LineageDirection,
  LineageGraph,
  Position,
  SyntaxErrorReport,
} from "./types";

/** Returns true when the caller no longer wants the result; the engine then stops early. */
export type CancellationCheck = () => boolean;

export interface AnalyzerOptions {
  /** A config file to use for every file, in place of the `privacy-zones.json` lookup. */
  configFile?: string;
  /** When false, zones are not inferred from names, whatever the config sets. */
  detection?: boolean;
  /** Files larger than this many bytes are skipped with a warning. Default 1 MiB. */
  maxFileSize?: number;
  /** Time in milliseconds after which an analysis stops early and reports what it found. */
  maxAnalysisMilliseconds?: number;
  /** Heap in use, in bytes, at which an analysis stops early. Default: 70% of V8's heap limit. */
  maxAnalysisHeapBytes?: number;
  /**
   * When false, findings offer no fixes, and the analysis keeps no values of expressions for
   * them, which saves time and memory in a one-off check. Default true.
   */
  fixes?: boolean;
  /**
   * When false, the project is analysed once: the analysis keeps no record of what each
   * function read and wrote, and every run starts over. Default true, for a project that is
   * edited and analysed again.
   */
  incremental?: boolean;
  /**
   * When true, an analysis that starts over, and replaces the last one as it starts, collects
   * garbage before it builds its findings. This lowers the peak memory of a large project's first
   * analysis at the cost of one full collection. Default false.
   */
  collectBeforeFindings?: boolean;
  /** Receives log lines. */
  log?: (level: "error" | "warn" | "info" | "debug", message: string) => void;
  /**
   * A callback that runs every few files while the project's files are parsed, so that a caller
   * can serve requests meanwhile. It must not change the project.
   */
  onLoadProgress?: () => void;
  /** When true, the result lists the analysed files that have syntax errors. Default false. */
  reportSyntaxErrors?: boolean;
}

const DEFAULT_MAX_FILE_SIZE = 1024 * 1024;

/** How many files nested too deeply for the binder one analysis leaves out before it gives up. */
const MAX_BINDER_RETRIES = 8;

export { CancelledError };

/**
 * An analysed project: the files of one tsconfig.json or jsconfig.json, or a set of loose files.
 * Keeps the parsed program between runs, so that an edit re-analyses without reloading it.
 */
export class Analyzer {
  /** Opens the project that contains `file`: the nearest tsconfig.json or jsconfig.json above it, or the file alone. */
  static forFile(file: string, options: AnalyzerOptions = {}): Analyzer {
    const absolute = path.resolve(file);
    const configFile = findProjectConfig(path.dirname(absolute));
    if (configFile) {
      const analyzer = new Analyzer(
        createConfiguredProject(configFile, options.onLoadProgress),
        configFile,
        options,
      );
      if (analyzer.containsFile(absolute)) return analyzer;
    }
    return new Analyzer(createLooseProject([absolute], options.onLoadProgress), undefined, options);
  }

  /** Opens a tsconfig.json or jsconfig.json project. */
  static forConfigFile(configFile: string, options: AnalyzerOptions = {}): Analyzer {
    return new Analyzer(
      createConfiguredProject(path.resolve(configFile), options.onLoadProgress),
      path.resolve(configFile),
      options,
    );
  }

  /** Opens loose files with permissive compiler options. */
  static forLooseFiles(files: string[], options: AnalyzerOptions = {}): Analyzer {
    return new Analyzer(
      createLooseProject(
        files.map((file) => path.resolve(file)),
        options.onLoadProgress,
      ),
      undefined,
      options,
    );
  }

  readonly configs: ConfigResolver;
  /** The analysis of the last run, complete or stopped by a cancellation, for the next run to update. */
  private flow: FlowAnalysis | undefined;
  /** Counts config reloads, which make the next run start over. */
  private configGeneration = 0;
  private flowConfigGeneration = -1;
  private updatedSinceFresh = false;
  private settled = false;
  /** The analysis that `analyze` is running, while it runs. */
  private running: FlowAnalysis | undefined;

  private constructor(
    readonly project: Project,
    /** The tsconfig.json or jsconfig.json behind this project, or undefined for loose files. */
    readonly configFilePath: string | undefined,
    private readonly options: AnalyzerOptions,
  ) {
    this.configs = new ConfigResolver(
      options.configFile ? path.resolve(options.configFile) : undefined,
    );
    for (const problem of compilerOptionProblems(project)) options.log?.("warn", problem.message);
  }

  /** The folder that bounds the `privacy-zones.json` lookup, read for each file on every run. */
  get rootDir(): string | undefined {
    if (this.configFilePath === undefined) return undefined;
    return (this.configDir ??= path.dirname(this.configFilePath));
  }

  private configDir: string | undefined;

  /**
   * True while `analyze` runs the analysis that hovers and lineage read. A fresh run beside a
   * complete analysis leaves that one as it is until it replaces it.
   */
  get analysing(): boolean {
    return this.running !== undefined && this.running === this.flow;
  }

  /** True when `file` belongs to this project. */
  containsFile(file: string): boolean {
    const sourceFile = this.project.getSourceFile(path.resolve(file));
    return (
      sourceFile !== undefined && !sourceFile.isDeclarationFile() && !sourceFile.isInNodeModules()
    );
  }

  /** Replaces a file's text with unsaved editor content, or adds the file to the project. */
  setFileText(file: string, text: string): void {
    const absolute = path.resolve(file);
    const existing = this.project.getSourceFile(absolute);
    if (existing && existing.getFullText() === text) return;
    this.parseGuarded(absolute, () =>
      this.project.createSourceFile(absolute, text, { overwrite: true }),
    );
  }

  /**
   * Runs an action that parses `file`. When TypeScript's parser overflows the stack on it, the
   * file stays in the project with no text, or out of it, so that the other files are still
   * analysed, and the next analysis lists it as skipped.
   */
  private parseGuarded(file: string, action: () => void): void {
    try {
      action();
      markUnparsed(this.project, file, undefined);
    } catch (error) {
      if (!(error instanceof RangeError)) throw error;
      try {
        this.project.createSourceFile(file, "", { overwrite: true });
      } catch (again) {
        // ts-morph reads a file that the project lacks from disk before it replaces the text,
        // and the text on disk can be as deep: the file then stays out of the project.
        if (!(again instanceof RangeError)) throw again;
      }
      markUnparsed(this.project, file, parserFailure(error));
      this.options.log?.("warn", `Not analysing ${file}: ${parserFailure(error)}.`);
    }
  }

  /**
   * Returns the project's program once its checker is built. Building the checker binds every
   * file, and TypeScript's binder recurses through expressions: a file nested deeply enough
   * (a chain of 800 calls) overflows the stack there although the parser got through it. The
   * deepest file is then left without text, as a file that the parser fails on, and listed as
   * skipped, so that the other files are still analysed.
   */
  private programWithChecker(): ts.Program {
    for (let attempt = 0; ; attempt++) {
      const program = this.project.getProgram().compilerObject;
      try {
        program.getTypeChecker();
        return program;
      } catch (error) {
        if (!(error instanceof RangeError) || attempt >= MAX_BINDER_RETRIES) throw error;
        const deepest = deepestFile(program);
        if (!deepest) throw error;
        this.project.createSourceFile(deepest.fileName, "", { overwrite: true });
        markUnparsed(
          this.project,
          deepest.fileName,
          `TypeScript's binder failed on it (${error.message})`,
        );
        this.options.log?.("warn", `Not analysing ${deepest.fileName}: nested too deeply.`);
      }
    }
  }

  /** Drops unsaved content and reads the file from disk again (or removes it when deleted). */
  refreshFromDisk(file: string): void {
    const absolute = path.resolve(file);
    const existing = this.project.getSourceFile(absolute);
    if (!fs.existsSync(absolute)) {
      if (existing) this.project.removeSourceFile(existing);
      markUnparsed(this.project, absolute, undefined);
      return;
    }
    if (existing) {
      this.parseGuarded(absolute, () => existing.refreshFromFileSystemSync());
    } else if (this.configFilePath === undefined || this.isIncludedByConfig(absolute)) {
      this.parseGuarded(absolute, () => this.project.addSourceFileAtPath(absolute));
    }
  }

  private isIncludedByConfig(file: string): boolean {
    return (
      isSourceFileName(file) &&
      this.rootDir !== undefined &&
      file.startsWith(this.rootDir + path.sep)
    );
  }

  /** Reads `privacy-zones.json` files again. */
  reloadConfig(): void {
    this.configs.clear();
    this.configGeneration++;
  }

  /** Returns the config that applies to a file. */
  configFor(file: string): ResolvedConfig {
    return this.configs.forFile(path.resolve(file), this.rootDir);
  }

  /**
   * True when the next `analyze` can update the last analysis instead of running a new one. An
   * analysis that stopped on a budget, or used an older config, is redone.
   */
  get canUpdate(): boolean {
    return (
      this.options.incremental !== false &&
      this.flow !== undefined &&
      !this.flow.incomplete &&
      this.flowConfigGeneration === this.configGeneration
    );
  }

  /**
   * True when the last analysis was updated after edits rather than run afresh. An update
   * follows what the analysis recorded as read, and the files that import an edited one. A
   * fresh run also catches what reaches other files only through inferred types.
   */
  get needsVerification(): boolean {
    return this.flow !== undefined && this.updatedSinceFresh;
  }

  /**
   * Runs the analysis over the whole project, updating the last one where the edits allow it.
   * With `fresh`, runs a new analysis, which replaces the last one only once it completes.
   * Throws `CancelledError` when `cancelled` returns true.
   */
  analyze(cancelled?: CancellationCheck, options: { fresh?: boolean } = {}): AnalysisResult {
    const started = performance.now();
    const incremental = this.options.incremental !== false;
    if (incremental && !this.settled) this.settleProgram();
    const program = this.programWithChecker();
    const skipped = [...unparsedFiles(this.project)];
    const maxSize = this.options.maxFileSize ?? DEFAULT_MAX_FILE_SIZE;
    const files = program.getSourceFiles().filter((file) => {
      if (
        file.isDeclarationFile ||
        program.isSourceFileFromExternalLibrary(file) ||
        file.fileName.includes("/node_modules/")
      )
        return false;
      if (!this.isSelected(file.fileName)) return false;
      if (file.text.length > maxSize) {
        skipped.push({
          file: file.fileName,
          reason: `larger than ${maxSize} bytes (the limit is --max-file-size on the command line, privacyZones.maxFileSize in the editor)`,
        });
        return false;
      }
      return true;
    });
    const flowOptions: FlowOptions = {
      program,
      files,
      configFor: (file) => this.configs.forFile(file.fileName, this.rootDir),
      detection: this.options.detection !== false,
      cancelled,
      log: (message) => this.options.log?.("debug", message),
      maxMilliseconds: this.options.maxAnalysisMilliseconds,
      maxHeapBytes: this.options.maxAnalysisHeapBytes,
      fixes: this.options.fixes !== false,
      incremental,
    };
    const fresh = options.fresh === true;
    let flow = this.flow;
    const reusable = !fresh && this.canUpdate;
    const plan = reusable
      ? planEdits(flow!.files, flow!.options.program, files, program)
      : undefined;
    if (flow && plan) {
      flow.update(flowOptions, plan.changed, plan.dependents, plan.typesKept);
      if (plan.changed.length > 0) this.updatedSinceFresh = true;
    } else {
      // A fresh run beside a finished one keeps that one alive until it completes, so a
      // collection would free little.
      const collect = this.options.collectBeforeFindings === true && (!fresh || !this.flow);
      flow = new FlowAnalysis({ ...flowOptions, collectBeforeFindings: collect });
      // A cancelled first run resumes in the next one; a fresh run beside a finished one
      // replaces it only when it completes.
      if (!fresh || this.flow === undefined) {
        this.flow = flow;
        this.flowConfigGeneration = this.configGeneration;
      }
    }
    let collector: FindingCollector;
    this.running = flow;
    try {
      collector = flow.run();
    } catch (error) {
      // After an error other than a cancellation, the next run starts over.
      if (flow === this.flow && !(error instanceof CancelledError)) this.flow = undefined;
      throw error;
    } finally {
      this.running = undefined;
    }
    if (!plan) {
      this.flow = flow;
      this.flowConfigGeneration = this.configGeneration;
      this.updatedSinceFresh = false;
    }
    const durationMs = performance.now() - started;
    this.options.log?.(
      "debug",
      `Analysed ${files.length} files in ${durationMs.toFixed(0)} ms (${flow.passes} passes).`,
    );
    // Loose files, skipped files and a stopped run leave out code that a model may match.
    const coversProject = this.rootDir !== undefined && !flow.incomplete && skipped.length === 0;
    return {
      findings: collector.byFile,
      configProblems: this.configProblems(files),
      skipped,
      syntaxErrors: this.options.reportSyntaxErrors ? syntaxErrors(program, files) : undefined,
      fileCount: files.length,
      passes: flow.passes,
      incomplete: flow.incomplete,
      modelUsage: coversProject
        ? modelUsage(
            new Set(files.map((file) => this.configs.forFile(file.fileName, this.rootDir))),
            flow.matchedModels,
            this.rootDir!,
          )
        : undefined,
      durationMs,
    };
  }

  /**
   * Builds the program a second time after loading. ts-morph adds the library files to the root
   * files of every program after the first, and TypeScript reuses an old program's structure
   * only when the root files match, so the first edit would otherwise cost a full rebuild.
   */
  private settleProgram(): void {
    const roots = this.project.getProgram().compilerObject.getRootFileNames().length;
    const file = this.project.getSourceFiles()[0];
    this.settled = true;
    if (!file) return;
    // Replacing a file with its own text makes ts-morph build a new program.
    this.project.createSourceFile(file.getFilePath(), file.getFullText(), { overwrite: true });
    const settled = this.project.getProgram().compilerObject.getRootFileNames().length;
    this.options.log?.("debug", `Built the program again: ${roots} root files, now ${settled}.`);
  }

  /** Applies the `include` and `exclude` globs of the config that governs each file. */
  private isSelected(file: string): boolean {
    const config = this.configs.forFile(file, this.rootDir);
    if (!config.file || (config.include.length === 0 && config.exclude.length === 0)) return true;
    const relative = path.relative(path.dirname(config.file), file).replace(/\\/g, "/");
    if (
      config.include.length > 0 &&
      !config.include.some((glob) => minimatch(relative, glob, { dot: true }))
    )
      return false;
    return !config.exclude.some((glob) => minimatch(relative, glob, { dot: true }));
  }

  private configProblems(files: ts.SourceFile[]): ConfigDiagnostic[] {
    const configs = new Set<ResolvedConfig>(
      files.map((file) => this.configs.forFile(file.fileName, this.rootDir)),
    );
    if (files.length === 0 && this.options.configFile)
      configs.add(this.configs.load(path.resolve(this.options.configFile)));
    return [
      ...compilerOptionProblems(this.project),
      ...[...configs].flatMap((config) => config.problems),
    ].map(toConfigDiagnostic);
  }

  /** Returns the lineage of the symbol at `position`, from the last analysis. */
  lineage(
    file: string,
    position: Position,
    direction: LineageDirection = "both",
    maxDepth = 20,
  ): LineageGraph {
    const flow = this.flow;
    const sourceFile = flow?.files.find((candidate) => candidate.fileName === path.resolve(file));
    if (!flow || !sourceFile || !isWithin(sourceFile, position))
      return { root: null, nodes: [], edges: [] };
    return buildLineage(flow, sourceFile, position, direction, maxDepth);
  }

  /** Returns the zones of the expression at `position`, from the last analysis. */
  hover(file: string, position: Position): HoverInfo | undefined {
    const flow = this.flow;
    const sourceFile = flow?.files.find((candidate) => candidate.fileName === path.resolve(file));
    if (!flow || !sourceFile || !isWithin(sourceFile, position)) return undefined;
    return hoverAt(flow, sourceFile, position);
  }
}

/** True when a zero-based position lies in the file's text, which the compiler asserts. */
/**
 * Returns the file of the program's own files (not declaration files) whose syntax tree is the
 * deepest. The walk keeps its own stack, since the tree may be too deep for recursion.
 */
function deepestFile(program: ts.Program): ts.SourceFile | undefined {
  let deepest: ts.SourceFile | undefined;
  let maxDepth = 0;
  for (const file of program.getSourceFiles()) {
    if (file.isDeclarationFile) continue;
    const stack: [ts.Node, number][] = [[file, 0]];
    for (let entry = stack.pop(); entry; entry = stack.pop()) {
      const [node, depth] = entry;
      if (depth > maxDepth) {
        maxDepth = depth;
        deepest = file;
      }
      ts.forEachChild(node, (child) => {
        stack.push([child, depth + 1]);
      });
    }
  }
  return deepest;
}

function isWithin(file: ts.SourceFile, position: Position): boolean {
  const starts = file.getLineStarts();
  if (position.line < 0 || position.character < 0 || position.line >= starts.length) return false;
  const end = position.line + 1 < starts.length ? starts[position.line + 1]! : file.text.length;
  return starts[position.line]! + position.character <= end;
}

function toConfigDiagnostic(problem: ConfigProblem): ConfigDiagnostic {
  return {
    file: problem.file,
    range: {
      start: { line: problem.line, character: problem.character },
      end: { line: problem.endLine, character: problem.endCharacter },
    },
    message: problem.message,
    severity: problem.severity,
  };
}

/**
 * TypeScript's messages 8000 to 8999, such as "Type annotations can only be used in TypeScript
 * files", flag TypeScript syntax in JavaScript files (Flow's annotations among it). The parser
 * reads such code in full, so they cost the analysis nothing.
 */
function isTypeScriptOnlySyntax(diagnostic: ts.Diagnostic): boolean {
  return diagnostic.code >= 8000 && diagnostic.code < 9000;
}

/** Lists the first syntax error of each of `files` that has one. */
function syntaxErrors(program: ts.Program, files: readonly ts.SourceFile[]): SyntaxErrorReport[] {
  const reports: SyntaxErrorReport[] = [];
  for (const file of files) {
    const diagnostics = program
      .getSyntacticDiagnostics(file)
      .filter((diagnostic) => !isTypeScriptOnlySyntax(diagnostic));
    const first = diagnostics[0];
    if (!first) continue;
    const start = file.getLineAndCharacterOfPosition(first.start ?? 0);
    const end = file.getLineAndCharacterOfPosition((first.start ?? 0) + (first.length ?? 0));
    reports.push({
      file: file.fileName,
      range: { start, end },
      message: ts.flattenDiagnosticMessageText(first.messageText, " "),
      count: diagnostics.length,
    });
  }
  return reports;
}
