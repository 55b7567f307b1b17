import * as path from "node:path";
import { Analyzer } from "../../server/src/engine";
import type { AnalysisResult, AnalyzerOptions, Finding } from "../../server/src/engine";
import { writeTempProject } from "./paths";

/** Analyses files written to a temporary folder; with no tsconfig.json among them, as loose files. */
export function analyzeFiles(
  files: Record<string, string>,
  options: AnalyzerOptions = {},
): { dir: string; findings: Finding[]; result: AnalysisResult } {
  const dir = writeTempProject(files);
  const names = Object.keys(files).filter((name) => /\.(ts|tsx|js|jsx|mts|cts)$/.test(name));
  const analyzer = files["tsconfig.json"]
    ? Analyzer.forConfigFile(path.join(dir, "tsconfig.json"), options)
    : Analyzer.forLooseFiles(
        names.map((name) => path.join(dir, name)),
        options,
      );
  const result = analyzer.analyze();
  return { dir, findings: [...result.findings.values()].flat(), result };
}

/** `line:code` for each finding, 1-based. */
export function summarize(findings: Finding[]): string[] {
  return findings.map((finding) => `${finding.range.start.line + 1}:${finding.code}`).sort();
}

/**
 * Returns the lines of 1001 functions, `useLevel0` to `useLevel1000`, each returning what the one
 * before returned, so that typing `useLevel1000()` recurses past the type checker's stack.
 */
export function deepHookChain(): string[] {
  const hooks = Array.from(
    { length: 1000 },
    (_, index) =>
      `function useLevel${index + 1}() { const { send } = useLevel${index}(); return { send }; }`,
  );
  return ["function useLevel0() { return { send: (value: string) => value }; }", ...hooks];
}
