/**
 * Times TypeScript's language service, the engine inside tsserver, on the same edits as the
 * language-server measurement: semantic diagnostics of the edited file after each edit.
 * Runs as its own process: `node tsserver-child.js PLAN.json`, and prints a JSON result.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import ts from "typescript";
import type { PlannedEdit } from "./edits";

/** The plan file that the parent process writes. */
export interface TsserverPlan {
  tsconfig: string;
  firstFile: string;
  edits: PlannedEdit[];
}

/** The JSON result that this process prints. */
export interface TsserverResult {
  /** Semantic diagnostics of `firstFile` on a fresh service: program creation included. */
  openMs: number;
  /** Semantic diagnostics of each edited file, in the plan's order. */
  editMs: number[];
}

function createService(
  tsconfig: string,
  texts: Map<string, string>,
  versions: Map<string, number>,
) {
  const parsed = ts.getParsedCommandLineOfConfigFile(
    tsconfig,
    {},
    {
      ...ts.sys,
      onUnRecoverableConfigFileDiagnostic: (diagnostic) => {
        throw new Error(ts.flattenDiagnosticMessageText(diagnostic.messageText, "\n"));
      },
    },
  );
  if (!parsed) throw new Error(`Cannot read ${tsconfig}.`);
  const host: ts.LanguageServiceHost = {
    getCompilationSettings: () => parsed.options,
    getScriptFileNames: () => parsed.fileNames,
    getScriptVersion: (file) => String(versions.get(path.resolve(file)) ?? 0),
    getScriptSnapshot: (file) => {
      const text = texts.get(path.resolve(file)) ?? ts.sys.readFile(file);
      return text === undefined ? undefined : ts.ScriptSnapshot.fromString(text);
    },
    getCurrentDirectory: () => path.dirname(tsconfig),
    getDefaultLibFileName: (options) => ts.getDefaultLibFilePath(options),
    fileExists: ts.sys.fileExists,
    readFile: ts.sys.readFile,
    readDirectory: ts.sys.readDirectory,
    directoryExists: ts.sys.directoryExists,
    getDirectories: ts.sys.getDirectories,
  };
  return ts.createLanguageService(host, ts.createDocumentRegistry());
}

function time(action: () => unknown): number {
  const started = performance.now();
  action();
  return performance.now() - started;
}

function main(planFile: string): void {
  const plan = JSON.parse(fs.readFileSync(planFile, "utf8")) as TsserverPlan;
  const texts = new Map<string, string>();
  const versions = new Map<string, number>();
  const service = createService(plan.tsconfig, texts, versions);
  const openMs = time(() => service.getSemanticDiagnostics(plan.firstFile));
  const editMs: number[] = [];
  for (const edit of plan.edits) {
    const file = path.resolve(edit.file);
    texts.set(file, edit.text);
    versions.set(file, (versions.get(file) ?? 0) + 1);
    editMs.push(time(() => service.getSemanticDiagnostics(file)));
  }
  const result: TsserverResult = { openMs, editMs };
  process.stdout.write(JSON.stringify(result));
}

const planFile = process.argv[2];
if (planFile === undefined) {
  process.stderr.write("Usage: node tsserver-child.js PLAN.json\n");
  process.exit(2);
}
main(planFile);
