/** Prepares the projects to measure: generated ones and a copy of the example workspace. */
import * as fs from "node:fs";
import * as path from "node:path";
import { commentEdits } from "./edits";
import { generateProject } from "./generate-project";
import type { ProjectSpec } from "./measure-project";

const ROOT = path.resolve(__dirname, "..", "..");

/** Generated project sizes in lines, by the name that `--sizes` takes. */
export const SIZES: Record<string, number> = {
  "1k": 1_000,
  "10k": 10_000,
  "100k": 100_000,
  "300k": 300_000,
};

/** The name of the example workspace in `--sizes`. */
export const EXAMPLE = "example";

/** Generates the project `name` (or copies the example) under `workDir` and describes it. */
export function prepareProject(name: string, workDir: string, seed: number): ProjectSpec {
  const dir = path.join(workDir, "projects", name);
  if (name === EXAMPLE) return prepareExample(dir);
  const lines = SIZES[name];
  if (lines === undefined) throw new Error(`Unknown project size ${name}.`);
  // Each size gets its own stream, so adding a size does not change the others.
  const generated = generateProject(dir, lines, seed * 1_000_003 + lines);
  writeEslintConfig(dir);
  return { name, dir, lines: generated.lines, files: generated.files, edits: generated.edits };
}

/**
 * Copies examples/ai-glasses, since ESLint needs its config file in the project folder. A copy
 * outside this repository gets a link to its node_modules, where its tsconfig finds @types/node.
 */
function prepareExample(dir: string): ProjectSpec {
  fs.rmSync(dir, { recursive: true, force: true });
  fs.cpSync(path.join(ROOT, "examples", "ai-glasses"), dir, { recursive: true });
  if (path.relative(ROOT, dir).startsWith("..")) {
    fs.symlinkSync(path.join(ROOT, "node_modules"), path.join(dir, "node_modules"), "dir");
  }
  writeEslintConfig(dir);
  let lines = 0;
  let files = 0;
  for (const file of listTypeScript(path.join(dir, "src"))) {
    files++;
    lines += fs.readFileSync(file, "utf8").trimEnd().split("\n").length;
  }
  return { name: EXAMPLE, dir, lines, files, edits: commentEdits(path.join(dir, "src")) };
}

/**
 * Writes an ESLint flat config with typescript-eslint's `recommendedTypeChecked`. It imports
 * typescript-eslint by absolute path, because the project folder may be outside this repository.
 */
function writeEslintConfig(dir: string): void {
  const entry = require.resolve("typescript-eslint");
  const config = `// typescript-eslint's type-checked recommended rules, for the benchmark.
import tseslint from ${JSON.stringify(new URL(`file://${entry}`).href)};

export default [
  ...tseslint.configs.recommendedTypeChecked.map((config) => ({ ...config, files: ["src/**/*.ts"] })),
  {
    files: ["src/**/*.ts"],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
  },
];
`;
  fs.writeFileSync(path.join(dir, "eslint.config.mjs"), config);
}

function listTypeScript(dir: string): string[] {
  return fs
    .readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith(".ts"))
    .map((entry) => path.join(entry.parentPath, entry.name));
}
