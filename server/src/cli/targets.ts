import * as fs from "node:fs";
import * as path from "node:path";
import { Analyzer } from "../engine";
import type { AnalyzerOptions } from "../engine";
import {
  configuredFileNames,
  findProjectConfig,
  isSourceFileName,
  listProjectConfigs,
  listSourceFiles,
} from "../engine/project";

/**
 * One project to analyse, with the files whose findings the command reports. The project loads
 * on first use of `analyzer`, and `release` lets it go once its findings are collected, so that
 * a folder of many projects keeps one in memory at a time.
 */
export class Target {
  /** Reports findings in these files, or in every project file under one of `folders`. */
  readonly files = new Set<string>();
  readonly folders: string[] = [];
  private loaded: Analyzer | undefined;

  constructor(private readonly load: () => Analyzer) {}

  get analyzer(): Analyzer {
    this.loaded ??= this.load();
    return this.loaded;
  }

  release(): void {
    this.loaded = undefined;
  }
}

/** An invalid command line, such as an unknown format or a path that does not exist. */
export class UsageError extends Error {}

/**
 * Groups command-line paths by project: each folder or file goes to the tsconfig.json or
 * jsconfig.json that covers it, and the rest to one project of loose files.
 */
export function resolveTargets(paths: string[], options: AnalyzerOptions): Target[] {
  const byConfig = new Map<string, Target>();
  const looseFiles: string[] = [];
  const looseFolders: string[] = [];
  for (const input of paths) {
    const absolute = path.resolve(input);
    let stat: fs.Stats;
    try {
      stat = fs.statSync(absolute);
    } catch {
      throw new UsageError(`Path not found: ${input}`);
    }
    if (stat.isFile() && !isSourceFileName(absolute)) {
      throw new UsageError(`Not a TypeScript or JavaScript file: ${input}`);
    }
    const configFile = findProjectConfig(stat.isDirectory() ? absolute : path.dirname(absolute));
    const target = configFile ? targetFor(byConfig, configFile, options) : undefined;
    if (stat.isDirectory()) {
      if (target && hasFilesUnder(target.analyzer, absolute)) {
        target.folders.push(absolute);
        continue;
      }
      // A folder that no config above covers, such as the root of a monorepo, is analysed
      // through the configs inside it. The files that none of them includes are loose.
      const covered = new Set<string>();
      for (const nested of listProjectConfigs(absolute)) {
        if (nested === configFile) continue;
        const names = configuredFileNames(nested).filter((file) => isUnder(file, absolute));
        if (names.length === 0) continue;
        targetFor(byConfig, nested, options).folders.push(absolute);
        for (const name of names) covered.add(name);
      }
      if (covered.size === 0) {
        looseFolders.push(absolute);
        looseFiles.push(...listSourceFiles(absolute));
      } else {
        looseFiles.push(...listSourceFiles(absolute).filter((file) => !covered.has(file)));
      }
    } else if (target && target.analyzer.containsFile(absolute)) {
      target.files.add(absolute);
    } else {
      looseFiles.push(absolute);
    }
  }
  const targets = [...byConfig.values()].filter(
    (target) => target.files.size > 0 || target.folders.length > 0,
  );
  if (looseFiles.length > 0) {
    const loose = new Target(() => Analyzer.forLooseFiles(looseFiles, options));
    for (const file of looseFiles) loose.files.add(file);
    loose.folders.push(...looseFolders);
    targets.push(loose);
  }
  return targets;
}

function targetFor(
  byConfig: Map<string, Target>,
  configFile: string,
  options: AnalyzerOptions,
): Target {
  let target = byConfig.get(configFile);
  if (!target) {
    target = new Target(() => Analyzer.forConfigFile(configFile, options));
    byConfig.set(configFile, target);
  }
  return target;
}

function hasFilesUnder(analyzer: Analyzer, folder: string): boolean {
  return analyzer.project
    .getSourceFiles()
    .some((file) => !file.isDeclarationFile() && isUnder(file.getFilePath(), folder));
}

export function isUnder(file: string, folder: string): boolean {
  return file === folder || file.startsWith(folder.endsWith(path.sep) ? folder : folder + path.sep);
}

/** True when a target reports the findings of `file`. */
export function reportsFile(target: Target, file: string): boolean {
  return target.files.has(file) || target.folders.some((folder) => isUnder(file, folder));
}
