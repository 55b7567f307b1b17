import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import * as path from "node:path";
import { before, describe, test } from "node:test";
import { promisify } from "node:util";
import { REPO_ROOT } from "../support/paths";

const VSCE = path.join(REPO_ROOT, "node_modules", "@vscode", "vsce", "vsce");

/** Files the package must contain. Both bundles are built by `npm run build`, which `npm test` runs. */
const REQUIRED = [
  "package.json",
  "README.md",
  "LICENSE",
  "images/icon.png",
  "client/out/extension.js",
  "server/out/server.js",
  "server/schema/privacy-zones.schema.json",
  "syntaxes/privacy-zones.injection.tmLanguage.json",
];

/**
 * Every file the package may contain. A new shipped file must be added here and to the
 * allowlist in `.vscodeignore`.
 */
const ALLOWED: RegExp[] = [
  ...REQUIRED.map((file) => new RegExp(`^${file.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}$`)),
  /^server\/schema\/[\w.-]+\.json$/,
  /^syntaxes\/[\w.-]+\.tmLanguage\.json$/,
  // The server links each finding code to this page in its diagnostics.
  /^docs\/findings\.md$/,
];

/** Kinds of files that must never ship, with the reason shown when one does. */
const FORBIDDEN: [RegExp, string][] = [
  [/(^|\/)node_modules\//, "dependencies, which the bundles already contain"],
  [/\.map$/, "source maps"],
  [/\.(ts|tsx|mts|cts)$/, "TypeScript sources"],
  [/^(client|server)\/src\//, "sources"],
  [/^(test|out)\//, "tests and their build output"],
];

describe("extension package contents", () => {
  let files: string[];

  before(async () => {
    // In @vscode/vsce 3.9, `vsce ls` applies the same `.vscodeignore` selection as `vsce package`.
    const { stdout } = await promisify(execFile)(
      process.execPath,
      [VSCE, "ls", "--no-dependencies"],
      { cwd: REPO_ROOT },
    );
    files = stdout.split(/\r?\n/).filter(Boolean).sort();
  });

  test("package lists its files", () => {
    assert.ok(files.length > 0, "vsce ls listed no files");
  });

  for (const file of REQUIRED) {
    test(`package contains ${file}`, () => {
      assert.ok(files.includes(file), `${file} is missing from: ${files.join(", ")}`);
    });
  }

  test("package contains nothing unexpected", () => {
    const unexpected = files.filter((file) => !ALLOWED.some((pattern) => pattern.test(file)));
    assert.deepEqual(unexpected, [], "allow new shipped files in this test and .vscodeignore");
  });

  for (const [pattern, reason] of FORBIDDEN) {
    test(`package excludes ${reason}`, () => {
      assert.deepEqual(
        files.filter((file) => pattern.test(file)),
        [],
      );
    });
  }
});
