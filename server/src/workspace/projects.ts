import { Analyzer, type AnalyzerOptions, type Finding, type ModelUsage } from "../engine/index";
import { findProjectFile } from "./project-file";
import type { LogLevel, ProjectOptions } from "./worker-protocol";

/** One Analyzer with what the analysis thread remembers about its last run. */
export interface Project {
  key: string;
  /** The tsconfig.json or jsconfig.json path, or a description of a loose project, for logs. */
  label: string;
  analyzer: Analyzer;
  options: ProjectOptions;
  /** True when text, files or config changed since the last completed analysis. */
  dirty: boolean;
  lastFindings: Map<string, Finding[]>;
  lastFileCount: number;
  /** Files the last analysis left out, with the reason, such as a file over the size limit. */
  lastSkipped: Map<string, string>;
  /** The config models that the last complete analysis checked. Absent for loose files. */
  lastModelUsage?: ModelUsage;
  /** The error of the last run, kept until something changes so a failing project is not rerun. */
  lastError?: string;
  /** True from a full analysis until the update after it, which drops that analysis's checker. */
  fullCheckerLive?: boolean;
}

type Log = (level: LogLevel, message: string) => void;

/** The projects of the open documents: one Analyzer per tsconfig.json or jsconfig.json. */
export class ProjectSet {
  private readonly projects = new Map<string, Project>();

  constructor(
    private readonly openTexts: ReadonlyMap<string, string>,
    private readonly log: Log,
    /** Serves the requests that can be served while a project's files are parsed. */
    private readonly whileLoading: () => void = () => {},
  ) {}

  all(): Project[] {
    return [...this.projects.values()];
  }

  /** Returns the project that `file` belongs to, loading it on first use. */
  projectFor(file: string, options: ProjectOptions): Project {
    const key = projectKey(file, options);
    const existing = this.projects.get(key);
    if (existing) {
      this.addFile(existing, file);
      return existing;
    }
    const project = this.load(key, file, options);
    this.projects.set(key, project);
    return project;
  }

  /**
   * Returns the loaded project that `projectFor` gives `file`, if it contains the file already,
   * without loading one.
   */
  loaded(file: string, options: ProjectOptions): Project | undefined {
    const project = this.projects.get(projectKey(file, options));
    return project?.analyzer.containsFile(file) ? project : undefined;
  }

  clear(): void {
    this.projects.clear();
  }

  private load(key: string, file: string, options: ProjectOptions): Project {
    const started = performance.now();
    const analyzerOptions: AnalyzerOptions = {
      detection: options.detection,
      maxFileSize: options.maxFileSize,
      log: this.log,
      onLoadProgress: this.whileLoading,
      collectBeforeFindings: true,
    };
    if (options.configFile) analyzerOptions.configFile = options.configFile;
    const analyzer = Analyzer.forFile(file, analyzerOptions);
    for (const [openFile, text] of this.openTexts) {
      if (analyzer.containsFile(openFile)) analyzer.setFileText(openFile, text);
    }
    const label = analyzer.configFilePath ?? `loose files under ${options.looseRoot}`;
    const project: Project = {
      key,
      label,
      analyzer,
      options,
      dirty: true,
      lastFindings: new Map(),
      lastFileCount: 0,
      lastSkipped: new Map(),
    };
    this.addFile(project, file);
    this.log("info", `Loaded project ${label} in ${elapsed(started)} ms.`);
    return project;
  }

  /** Adds an open file that the project does not list yet, such as a second loose file. */
  private addFile(project: Project, file: string): void {
    if (project.analyzer.containsFile(file)) return;
    const text = this.openTexts.get(file);
    if (text === undefined) return;
    project.analyzer.setFileText(file, text);
    project.dirty = true;
  }
}

/** Returns the key of the project of `file`: its tsconfig.json or jsconfig.json, and its options. */
function projectKey(file: string, options: ProjectOptions): string {
  const projectFile = findProjectFile(file);
  // A configured project does not depend on the folder of loose files, except through `configFile`.
  const { looseRoot, ...shared } = options;
  return projectFile
    ? `${projectFile}|${JSON.stringify(shared)}`
    : `loose:${looseRoot}|${JSON.stringify(shared)}`;
}

/** Milliseconds since `started`, rounded. */
export function elapsed(started: number): number {
  return Math.round(performance.now() - started);
}
