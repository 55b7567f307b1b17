import * as fs from "node:fs";
import * as path from "node:path";
import { Project } from "ts-morph";
import { ts } from "./typescript";
import type { ConfigProblem } from "./config-types";
import { isSourceFileName } from "./source-files";

export { findProjectConfig, isSourceFileName, SOURCE_EXTENSIONS } from "./source-files";

const IGNORED_FOLDERS = new Set([
  "node_modules",
  ".git",
  "dist",
  "build",
  "out",
  "coverage",
  ".next",
]);

/** Compiler options for files without a tsconfig.json or jsconfig.json: permissive, JavaScript included. */
export const LOOSE_COMPILER_OPTIONS: ts.CompilerOptions = {
  allowJs: true,
  checkJs: false,
  noEmit: true,
  jsx: ts.JsxEmit.Preserve,
  target: ts.ScriptTarget.ES2022,
  module: ts.ModuleKind.ESNext,
  moduleResolution: ts.ModuleResolutionKind.Bundler,
  esModuleInterop: true,
  skipLibCheck: true,
  strict: false,
  noResolve: false,
  types: [],
  // Each loose script is its own module, so that two unrelated files that both declare `user` stay apart.
  moduleDetection: ts.ModuleDetectionKind.Force,
};

/** Lists the source files under a folder, skipping dependency and build folders. */
export function listSourceFiles(dir: string, limit = 50_000): string[] {
  return listFiles(dir, isSourceFileName, limit);
}

/** Lists the files under a folder whose names `accept` takes, skipping dependency and build folders. */
function listFiles(dir: string, accept: (name: string) => boolean, limit: number): string[] {
  const files: string[] = [];
  const walk = (folder: string): void => {
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(folder, { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of entries) {
      if (files.length >= limit) return;
      const full = path.join(folder, entry.name);
      if (entry.isDirectory()) {
        if (!IGNORED_FOLDERS.has(entry.name) && !entry.name.startsWith(".")) walk(full);
      } else if (entry.isFile() && accept(entry.name)) {
        files.push(full);
      }
    }
  };
  walk(dir);
  return files.sort();
}

/** A tsconfig.json or jsconfig.json that cannot be read or parsed. */
export class ProjectConfigError extends Error {}

/** A missing file of the installation itself, such as a library file next to the bundle. */
export class InstallationError extends Error {}

/**
 * The folder next to the bundle that contains TypeScript's library files, and their names, set by
 * the build (`scripts/build.mjs`), which leaves them out of ts-morph's code. Compiled without
 * bundling, ts-morph keeps them in memory and this is not defined.
 */
declare const BUNDLED_LIBS: { folder: string; files: string[] } | undefined;

/** Returns the ts-morph options that locate TypeScript's library files. */
function libOptions(): { libFolderPath?: string } {
  if (typeof BUNDLED_LIBS === "undefined") return {};
  const folder = path.join(__dirname, BUNDLED_LIBS.folder);
  const missing = BUNDLED_LIBS.files.filter((name) => !fs.existsSync(path.join(folder, name)));
  if (missing.length > 0) {
    const listed = missing.slice(0, 3).join(", ") + (missing.length > 3 ? ", ..." : "");
    throw new InstallationError(
      `TypeScript library files are missing from ${folder}: ${listed} (${missing.length} of ${BUNDLED_LIBS.files.length}). ` +
        "The installation is incomplete: reinstall the extension, or run `npm run build` in a clone.",
    );
  }
  return { libFolderPath: folder };
}

/**
 * Returns the files that a tsconfig.json or jsconfig.json includes, and the problems TypeScript
 * found in its options. Raises a `ProjectConfigError` with the position of the file's first
 * syntax error.
 */
function readProjectConfig(configFile: string): { fileNames: string[]; problems: ConfigProblem[] } {
  let text: string | undefined;
  const { error } = ts.readConfigFile(configFile, (file) =>
    fs.existsSync(file) ? (text = fs.readFileSync(file, "utf8")) : undefined,
  );
  if (!error && text !== undefined) {
    // Parsed again as a syntax tree, so that problems in the options have positions.
    const json = ts.parseJsonText(configFile, text);
    const directory = path.dirname(configFile);
    const parsed = ts.parseJsonSourceFileConfigFileContent(
      json,
      ts.sys,
      directory,
      undefined,
      configFile,
    );
    return {
      fileNames: parsed.fileNames,
      problems: parsed.errors.map((diagnostic) => optionProblem(configFile, json, diagnostic)),
    };
  }
  const message = error
    ? ts.flattenDiagnosticMessageText(error.messageText, " ")
    : "the file cannot be read";
  let where = configFile;
  if (error?.file && error.start !== undefined) {
    const { line, character } = error.file.getLineAndCharacterOfPosition(error.start);
    where += `:${line + 1}:${character + 1}`;
  }
  throw new ProjectConfigError(`Invalid ${path.basename(configFile)} at ${where}: ${message}`);
}

/**
 * Describes a problem in the compiler options, such as an unknown `lib` name, as a warning: the
 * analysis goes on with the options TypeScript could read, and may miss what the others declare.
 */
function optionProblem(
  configFile: string,
  json: ts.JsonSourceFile,
  diagnostic: ts.Diagnostic,
): ConfigProblem {
  let message = ts.flattenDiagnosticMessageText(diagnostic.messageText, " ").replace(/\.$/, "");
  // TypeScript reports an extended file that it cannot read without a position.
  const unreadable = diagnostic.file ? undefined : unreadableExtendsNode(json, diagnostic);
  const file = unreadable ? json : diagnostic.file;
  const start = unreadable ? unreadable.getStart(json) : (diagnostic.start ?? 0);
  const end = unreadable ? unreadable.end : start + (diagnostic.length ?? 0);
  // TypeScript lists every value an option accepts, about a hundred for `lib`.
  const accepted = /^Argument for '--?([\w.]+)' option must be: /.exec(message);
  if (accepted && file) {
    message = `Unknown value ${file.text.slice(start, end)} for compiler option '${accepted[1]}'`;
  }
  const at = (position: number) =>
    file ? file.getLineAndCharacterOfPosition(position) : { line: 0, character: 0 };
  const from = at(start);
  const to = at(end);
  return {
    file: file?.fileName ?? configFile,
    line: from.line,
    character: from.character,
    endLine: to.line,
    endCharacter: to.character,
    message: `${path.basename(file?.fileName ?? configFile)}: ${message} (TS${diagnostic.code}). The analysis uses the options TypeScript could read, so findings that depend on the others may be missing.`,
    severity: "warning",
  };
}

/**
 * Returns the `extends` entry that names the file of a "Cannot read file" diagnostic, or the
 * whole `extends` value when no entry names it, as when a file that this one extends names it.
 */
function unreadableExtendsNode(
  json: ts.JsonSourceFile,
  diagnostic: ts.Diagnostic,
): ts.Node | undefined {
  // TS5083 is "Cannot read file '{0}'.", which TypeScript's API does not export by name.
  if (diagnostic.code !== 5083) return undefined;
  const root = json.statements[0]?.expression;
  if (!root || !ts.isObjectLiteralExpression(root)) return undefined;
  const property = root.properties.find(
    (entry): entry is ts.PropertyAssignment =>
      ts.isPropertyAssignment(entry) &&
      ts.isStringLiteral(entry.name) &&
      entry.name.text === "extends",
  );
  if (!property) return undefined;
  const value = property.initializer;
  const named = /'(.+)'/.exec(ts.flattenDiagnosticMessageText(diagnostic.messageText, " "))?.[1];
  const entries = ts.isArrayLiteralExpression(value) ? [...value.elements] : [value];
  const directory = path.dirname(json.fileName);
  const entry = entries.find(
    (element) =>
      ts.isStringLiteral(element) &&
      named !== undefined &&
      path.resolve(directory, element.text) === path.resolve(named),
  );
  return entry ?? value;
}

/** Returns the files that a tsconfig.json or jsconfig.json includes, without loading them. */
export function configuredFileNames(configFile: string): string[] {
  return readProjectConfig(configFile).fileNames;
}

/** Lists the tsconfig.json and jsconfig.json files under a folder, skipping dependency and build folders. */
export function listProjectConfigs(dir: string, limit = 1_000): string[] {
  return listFiles(dir, (name) => name === "tsconfig.json" || name === "jsconfig.json", limit);
}

/**
 * Creates the ts-morph project for a tsconfig.json or jsconfig.json. The file is read as data:
 * `compilerOptions.plugins` are language-service plugins, which ts-morph never loads.
 */
export function createConfiguredProject(configFile: string, onProgress?: () => void): Project {
  const { fileNames: files, problems } = readProjectConfig(configFile);
  const project = new Project({
    tsConfigFilePath: configFile,
    skipAddingFilesFromTsConfig: true,
    ...libOptions(),
    compilerOptions: { noEmit: true, skipLibCheck: true },
  });
  if (path.basename(configFile) === "jsconfig.json") {
    project.compilerOptions.set({ allowJs: true, checkJs: false });
  }
  memoizeStandardizedPaths(project);
  addFiles(project, files, onProgress);
  if (problems.length > 0) optionProblems.set(project, problems);
  return project;
}

/** The part of ts-morph's file system wrapper that turns a path into its standard form. */
interface PathStandardizer {
  getStandardizedAbsolutePath(fileOrDirPath: string, relativeBase?: string): string;
}

/** The maximum number of paths that `memoizeStandardizedPaths` keeps before it starts over. */
const MAX_MEMOIZED_PATHS = 200_000;

/**
 * Memoizes ts-morph's standard form of absolute paths in one project. Each new program looks up
 * the path of every file again, when TypeScript reuses the old program and resolves modules,
 * and ts-morph normalizes each string anew. On a project of 4,269 files that took about 4 ms of
 * each edit through the language server.
 * Only where ts-morph's file system is case-sensitive: elsewhere it keeps the first casing that
 * it saw of each path, which a memo would skip.
 * NOTE: this reads ts-morph's internal `_context`, and does nothing where that is missing.
 */
export function memoizeStandardizedPaths(project: Project): boolean {
  if (!project.getFileSystem().isCaseSensitive?.()) return false;
  const context = (project as unknown as { _context?: { fileSystemWrapper?: PathStandardizer } })
    ._context;
  const wrapper = context?.fileSystemWrapper;
  const standardize = wrapper?.getStandardizedAbsolutePath;
  if (!wrapper || typeof standardize !== "function") return false;
  const memo = new Map<string, string>();
  wrapper.getStandardizedAbsolutePath = (fileOrDirPath, relativeBase) => {
    // A relative path depends on its base or on the current folder.
    if (!path.isAbsolute(fileOrDirPath))
      return standardize.call(wrapper, fileOrDirPath, relativeBase);
    let standardized = memo.get(fileOrDirPath);
    if (standardized === undefined) {
      if (memo.size >= MAX_MEMOIZED_PATHS) memo.clear();
      standardized = standardize.call(wrapper, fileOrDirPath);
      memo.set(fileOrDirPath, standardized);
    }
    return standardized;
  };
  return true;
}

/** Problems in the compiler options of each project's tsconfig.json or jsconfig.json. */
const optionProblems = new WeakMap<Project, ConfigProblem[]>();

/** Returns the problems TypeScript found in the compiler options of `project`'s config file. */
export function compilerOptionProblems(project: Project): readonly ConfigProblem[] {
  return optionProblems.get(project) ?? [];
}

export function createLooseProject(files: string[], onProgress?: () => void): Project {
  const project = new Project({ compilerOptions: LOOSE_COMPILER_OPTIONS, ...libOptions() });
  memoizeStandardizedPaths(project);
  addFiles(project, files, onProgress);
  return project;
}

/** Files that TypeScript's parser could not read, by project. */
const unparsed = new WeakMap<Project, { file: string; reason: string }[]>();

/** Returns the files of `project` left out because TypeScript's parser failed on them. */
export function unparsedFiles(project: Project): readonly { file: string; reason: string }[] {
  return unparsed.get(project) ?? [];
}

/** Records that TypeScript's parser failed on `file`, or with no reason, that it read it. */
export function markUnparsed(project: Project, file: string, reason: string | undefined): void {
  const entries = (unparsed.get(project) ?? []).filter((entry) => entry.file !== file);
  if (reason !== undefined) entries.push({ file, reason });
  unparsed.set(project, entries);
}

/** Describes a parser failure, a `RangeError` from a file nested too deeply. */
export function parserFailure(error: RangeError): string {
  return `TypeScript's parser failed on it (${error.message})`;
}

/** The number of files that `addFiles` parses between two calls of its `onProgress`. */
const PROGRESS_FILES = 8;

/**
 * Adds files and the files they import. A file nested so deeply that TypeScript's recursive
 * parser overflows the stack is left out, where it would stop the analysis of the whole project.
 */
function addFiles(project: Project, files: readonly string[], onProgress?: () => void): void {
  const failed: { file: string; reason: string }[] = [];
  for (const [index, file] of files.entries()) {
    if (onProgress && index % PROGRESS_FILES === 0) onProgress();
    try {
      project.addSourceFileAtPathIfExists(file);
    } catch (error) {
      if (!(error instanceof RangeError)) throw error;
      failed.push({ file, reason: parserFailure(error) });
    }
  }
  if (failed.length > 0) unparsed.set(project, failed);
  project.resolveSourceFileDependencies();
}
