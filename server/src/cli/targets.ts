import * as fs from "node:fs";
import * as path from "node:path";
import { Analyzer } from "../engine";
import type { AnalyzerOptions } from "../engine";
import { findProjectConfig, isSourceFileName, listSourceFiles } from "../engine/project";

/** One project to analyse, with the files whose findings the command reports. */
export interface Target {
  analyzer: Analyzer;
  /** Reports findings in these files, or in every project file under one of `folders`. */
  files: Set<string>;
  folders: string[];
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
      } else {
        looseFolders.push(absolute);
        looseFiles.push(...listSourceFiles(absolute));
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
    const analyzer = Analyzer.forLooseFiles(looseFiles, options);
    targets.push({ analyzer, files: new Set(looseFiles), folders: looseFolders });
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
    target = {
      analyzer: Analyzer.forConfigFile(configFile, options),
      files: new Set(),
      folders: [],
    };
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
