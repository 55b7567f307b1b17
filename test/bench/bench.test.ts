import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { test } from "node:test";
import { promisify } from "node:util";

const ROOT = path.resolve(__dirname, "..", "..", "..");
const BENCH = path.join(ROOT, "out", "bench", "main.js");
const TSC = path.join(ROOT, "node_modules", "typescript", "bin", "tsc");

/** Returns the Markdown tables of a document: each a list of rows, each a list of cells. */
function tables(markdown: string): string[][][] {
  const found: string[][][] = [];
  let current: string[][] | undefined;
  for (const line of markdown.split("\n")) {
    if (!line.startsWith("|")) {
      current = undefined;
      continue;
    }
    const cells = line
      .slice(1, -1)
      .split("|")
      .map((cell) => cell.trim());
    if (!current) {
      current = [];
      found.push(current);
    }
    current.push(cells);
  }
  return found;
}

function isNumber(cell: string): boolean {
  return cell !== "" && Number.isFinite(Number(cell));
}

test("bench writes well-formed tables", { timeout: 180_000 }, async () => {
  const workDir = fs.mkdtempSync(path.join(os.tmpdir(), "pz-bench-test-"));
  const output = path.join(workDir, "BENCHMARKS.md");
  try {
    // The test build does not compile bench/, which has its own tsconfig.json.
    await promisify(execFile)(process.execPath, [TSC, "-p", path.join(ROOT, "bench")]);
    const args = [BENCH, "--quick", "--sizes", "1k", "--output", output, "--work-dir", workDir];
    await promisify(execFile)(process.execPath, args, { maxBuffer: 16 * 1024 * 1024 });
    const markdown = fs.readFileSync(output, "utf8");
    assert.match(markdown, /^# Benchmarks/);
    assert.match(markdown, /\*\*Machine:\*\* \d+ × .+, \d+ GiB memory, .+ Node v\d+/);
    const [cold, editor, targets] = tables(markdown);
    for (const [name, table] of [
      ["cold", cold],
      ["editor", editor],
      ["targets", targets],
    ] as const) {
      assert.ok(table, `the ${name} table is missing`);
      const [header, separator, ...rows] = table;
      assert.equal(header?.[0], name === "targets" ? "Target" : "Project", `${name} header`);
      assert.ok(
        // A delimiter cell is dashes with optional colons; Prettier uses as many as the column is wide.
        separator?.every((cell) => /^:?-+:?$/.test(cell)),
        `${name} separator row`,
      );
      assert.ok(rows.length > 0, `${name} has no rows`);
      for (const row of rows) assert.equal(row.length, header?.length, `${name} row width`);
    }
    assert.equal(cold?.length, 3, "the cold table has one project row");
    assert.equal(editor?.length, 3, "the editor table has one project row");
    const coldRow = cold?.[2] ?? [];
    const editorRow = editor?.[2] ?? [];
    assert.equal(coldRow[0], "1k");
    assert.equal(editorRow[0], "1k");
    for (const cell of coldRow.slice(1)) assert.ok(isNumber(cell), `cold cell "${cell}"`);
    for (const cell of editorRow.slice(1)) assert.ok(isNumber(cell), `editor cell "${cell}"`);
    assert.ok(Number(coldRow[1]) >= 1000, "the 1k project has at least 1000 lines");
    assert.equal(editorRow[4], "10", "quick mode applies 10 edits");
    const results = JSON.parse(fs.readFileSync(path.join(workDir, "results.json"), "utf8"));
    assert.equal(results.results.length, 1);
    assert.equal(results.results[0].check.runs, 1);
    assert.equal(results.run.repeats, 1);
  } finally {
    fs.rmSync(workDir, { recursive: true, force: true });
  }
});
