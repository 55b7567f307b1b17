import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { describe, test } from "node:test";
import { promisify } from "node:util";
import { getLibFiles } from "@ts-morph/common";
import { FIXTURES, REPO_ROOT } from "../support/paths";
import { AnalysisHost } from "../../server/src/workspace/analysis-host";
import type { Logger } from "../../server/src/logger";

const OUT = path.join(REPO_ROOT, "server", "out");
const LIB_FOLDER = path.join(OUT, "typescript-lib");

/** Reads a bundle that `npm run build` wrote. `npm test` runs the build first. */
function bundle(name: string): string {
  return fs.readFileSync(path.join(OUT, name), "utf8");
}

// `CodeBlockWriter` comes from a dependency of ts-morph, and TypeScript itself has no such name.
const TS_MORPH_CODE = "CodeBlockWriter";
// A declaration from the DOM library, whose text ts-morph carries in its code.
const LIB_TEXT = "interface AddEventListenerOptions";
// A function of the TypeScript compiler's checker.
const COMPILER_CODE = "getSymbolAtLocation";

const run = promisify(execFile);

describe("server bundles", () => {
  test("main thread bundle omits TypeScript and ts-morph", () => {
    const text = bundle("server.js");
    assert.ok(!text.includes(TS_MORPH_CODE));
    assert.ok(!text.includes(LIB_TEXT));
    assert.ok(!text.includes(COMPILER_CODE));
    assert.ok(bundle("engine.bundle.js").includes(COMPILER_CODE));
  });

  test("engine bundle omits the library texts", () => {
    const text = bundle("engine.bundle.js");
    assert.ok(text.includes(TS_MORPH_CODE));
    assert.ok(!text.includes(LIB_TEXT));
  });

  for (const name of ["analysis-thread.js", "cli.js"]) {
    test(`launcher ${name} omits TypeScript`, () => {
      const text = bundle(name);
      assert.ok(text.includes("engine.bundle.js"));
      assert.ok(!text.includes(COMPILER_CODE));
      assert.ok(text.length < 20_000, `${name} has ${text.length} characters`);
    });
  }

  test("missing engine bundle reaches the server log", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "privacy-zones-bundle-"));
    try {
      fs.copyFileSync(path.join(OUT, "analysis-thread.js"), path.join(dir, "analysis-thread.js"));
      const errors: string[] = [];
      const logger = { error: (message: string) => errors.push(message) } as unknown as Logger;
      const host = new AnalysisHost(path.join(dir, "analysis-thread.js"), logger, () => {});
      await assert.rejects(host.call("reset", {}), /exited with code 1/);
      assert.match(
        errors.join("\n"),
        /cannot read .*engine\.bundle\.js \(ENOENT\)\. The installation is incomplete/,
      );
      await host.dispose();
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test("library folder matches ts-morph's library files", () => {
    const libFiles = getLibFiles();
    assert.ok(libFiles.length > 100, `ts-morph lists ${libFiles.length} library files`);
    for (const { fileName, text } of libFiles) {
      const written = fs.readFileSync(path.join(LIB_FOLDER, path.basename(fileName)), "utf8");
      assert.ok(written === text, `${fileName} differs from ts-morph's text`);
    }
    assert.equal(fs.readdirSync(LIB_FOLDER).length, libFiles.length);
  });

  /** Runs a copy of the CLI bundle next to `libFiles` in its library folder, on a fixture. */
  async function runCopiedCli(libFiles: string[]): Promise<{ code: number; stderr: string }> {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "privacy-zones-bundle-"));
    try {
      for (const name of ["cli.js", "engine.bundle.js"])
        fs.copyFileSync(path.join(OUT, name), path.join(dir, name));
      if (libFiles.length > 0) fs.mkdirSync(path.join(dir, "typescript-lib"));
      for (const name of libFiles) {
        fs.copyFileSync(path.join(LIB_FOLDER, name), path.join(dir, "typescript-lib", name));
      }
      const project = path.join(FIXTURES, "propagation");
      return await run(process.execPath, [path.join(dir, "cli.js"), "check", project]).then(
        ({ stderr }) => ({ code: 0, stderr }),
        (error: { code: number; stderr: string }) => error,
      );
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }

  test("CLI without library folder fails clearly", async () => {
    const { code, stderr } = await runCopiedCli([]);
    assert.equal(code, 3);
    assert.match(stderr, /TypeScript library files are missing from .*typescript-lib: lib\.d\.ts,/);
    assert.match(stderr, /\((\d+) of \1\)\. The installation is incomplete/);
    assert.doesNotMatch(stderr, /\n\s+at /);
  });

  test("CLI names a missing library file", async () => {
    const files = fs.readdirSync(LIB_FOLDER).filter((name) => name !== "lib.es2015.promise.d.ts");
    const { code, stderr } = await runCopiedCli(files);
    assert.equal(code, 3);
    assert.match(stderr, /typescript-lib: lib\.es2015\.promise\.d\.ts \(1 of \d+\)/);
  });
});
