/**
 * `npm run bench`: generates the benchmark projects, measures the analysis next to tsc, ESLint
 * and tsserver on each, prints the tables and writes BENCHMARKS.md.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { parseArgs } from "node:util";
import * as prettier from "prettier";
import { measureProject, type ProjectResult } from "./measure-project";
import { EXAMPLE, prepareProject, SIZES } from "./projects";
import { benchmarksMarkdown, coldTable, editorTable, targetTable, type RunInfo } from "./report";
import { assertGnuTime } from "./run-process";
import { checkTargets } from "./targets";

const ROOT = path.resolve(__dirname, "..", "..");

const HELP = `Usage: npm run bench -- [options]
  --sizes LIST          projects to measure, comma-separated: ${[EXAMPLE, ...Object.keys(SIZES)].join(",")} (default: all)
  --quick               one run of each command and 10 edits, for a smoke test
  --repeats N           runs of each cold command and of didOpen (default 3)
  --edits N             one-line edits through the language server (default 50)
  --edit-budget MIN     stop the edits of a project after this many minutes (default 10)
  --timeout MIN         kill one command, or stop waiting for diagnostics, after this many minutes (default 10)
  --seed N              seed of the generated projects (default 1)
  --output FILE         where to write the Markdown report (default BENCHMARKS.md)
  --work-dir DIR        where to generate projects and results.json (default bench-results)
  --from-results FILE   write the report from a results.json of an earlier run, measuring nothing
`;

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      sizes: { type: "string" },
      quick: { type: "boolean", default: false },
      repeats: { type: "string" },
      edits: { type: "string" },
      "edit-budget": { type: "string", default: "10" },
      timeout: { type: "string", default: "10" },
      seed: { type: "string", default: "1" },
      output: { type: "string", default: path.join(ROOT, "BENCHMARKS.md") },
      "work-dir": { type: "string", default: path.join(ROOT, "bench-results") },
      "from-results": { type: "string" },
      help: { type: "boolean", default: false },
    },
  });
  if (values.help) {
    process.stdout.write(HELP);
    return;
  }
  const notes = fs.readFileSync(path.join(ROOT, "bench", "notes.md"), "utf8");
  if (values["from-results"] !== undefined) {
    const saved = JSON.parse(fs.readFileSync(values["from-results"], "utf8")) as SavedResults;
    await writeReport(saved, notes, path.resolve(values.output));
    return;
  }
  assertGnuTime();
  const names = (values.sizes ?? [EXAMPLE, ...Object.keys(SIZES)].join(",")).split(",");
  for (const name of names) {
    if (name !== EXAMPLE && !(name in SIZES))
      throw new Error(`Unknown size "${name}" in --sizes.\n${HELP}`);
  }
  const repeats = positive("repeats", values.repeats ?? (values.quick ? "1" : "3"));
  const edits = positive("edits", values.edits ?? (values.quick ? "10" : "50"));
  const seed = positive("seed", values.seed);
  const workDir = path.resolve(values["work-dir"]);
  const log = (message: string): void => void process.stderr.write(`${message}\n`);
  const measureOptions = {
    repeats,
    edits,
    timeoutMs: positive("timeout", values.timeout) * 60_000,
    editBudgetMs: positive("edit-budget", values["edit-budget"]) * 60_000,
    log,
  };
  const options = { ...measureOptions, bundleDir: snapshotBundles(workDir) };
  const args = process.argv.slice(2);
  const command = `npm run bench${args.length > 0 ? ` -- ${args.join(" ")}` : ""}`;
  const run: RunInfo = { date: new Date().toISOString().slice(0, 10), command, repeats, seed };
  const saved: SavedResults = { run, results: [] };
  const sampler = setInterval(() => {
    const load = os.loadavg()[0] ?? 0;
    saved.run.maxLoadAverage = Math.max(saved.run.maxLoadAverage ?? 0, load);
  }, 5000);
  for (const name of names) {
    const spec = prepareProject(name, workDir, seed);
    log(`${name}: ${spec.lines} lines in ${spec.files} files`);
    saved.results.push(await measureProject(spec, options));
    // Saved after each project, so that a failed long run keeps what it measured.
    fs.writeFileSync(path.join(workDir, "results.json"), `${JSON.stringify(saved, null, 2)}\n`);
  }
  clearInterval(sampler);
  await writeReport(saved, notes, path.resolve(values.output));
}

/** The content of results.json. */
interface SavedResults {
  run: RunInfo;
  results: ProjectResult[];
}

/**
 * Prints the tables and writes the Markdown report to `output`, formatted with the repository's
 * Prettier settings so that `npm run format:check` accepts it.
 */
async function writeReport(
  { run, results }: SavedResults,
  notes: string,
  output: string,
): Promise<void> {
  const targets = targetTable(checkTargets(results));
  process.stdout.write(`${coldTable(results)}\n\n${editorTable(results)}\n\n${targets}\n`);
  const markdown = benchmarksMarkdown(results, run, notes);
  const settings = (await prettier.resolveConfig(path.join(ROOT, "BENCHMARKS.md"))) ?? {};
  fs.writeFileSync(output, await prettier.format(markdown, { ...settings, parser: "markdown" }));
  process.stderr.write(`Wrote ${output}.\n`);
}

/**
 * Copies the CLI and server bundles, so that a rebuild during a long run does not change what is
 * measured halfway. `cli.js` and the server's analysis thread, `analysis-thread.js`, run
 * `engine.bundle.js` beside them from its code cache `engine.bundle.cache`, and the bundle reads
 * TypeScript's library files from `typescript-lib` beside it.
 */
function snapshotBundles(workDir: string): string {
  const source = path.join(ROOT, "server", "out");
  const target = path.join(workDir, "bundles");
  fs.mkdirSync(target, { recursive: true });
  for (const name of [
    "cli.js",
    "engine.bundle.js",
    "engine.bundle.cache",
    "server.js",
    "analysis-thread.js",
  ]) {
    if (!fs.existsSync(path.join(source, name))) {
      throw new Error(`${path.join(source, name)} not found; run \`npm run build\` first.`);
    }
    fs.copyFileSync(path.join(source, name), path.join(target, name));
  }
  fs.cpSync(path.join(source, "typescript-lib"), path.join(target, "typescript-lib"), {
    recursive: true,
  });
  return target;
}

function positive(option: string, value: string): number {
  const number = Number(value);
  if (!Number.isInteger(number) || number < 1) {
    throw new Error(`--${option} must be a positive whole number, not "${value}".`);
  }
  return number;
}

main().catch((error: unknown) => {
  process.stderr.write(
    `${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exitCode = 1;
});
