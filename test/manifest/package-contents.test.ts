import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { after, before, describe, test } from "node:test";
import { promisify } from "node:util";
import { REPO_ROOT } from "../support/paths";

const VSCE = path.join(REPO_ROOT, "node_modules", "@vscode", "vsce", "vsce");

/** Files the package must contain. The bundles are built by `npm run build`, which `npm test` runs. */
const REQUIRED = [
  "package.json",
  "README.md",
  "LICENSE",
  "images/icon.png",
  "client/out/extension.js",
  "client/out/webview/lineage.js",
  "images/privacy-zones.svg",
  "images/lineage.svg",
  "images/zones.svg",
  "server/out/server.js",
  "server/out/analysis-thread.js",
  "server/out/engine.bundle.js",
  "server/out/engine.bundle.cache",
  "server/out/typescript-lib/lib.es5.d.ts",
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
  // TypeScript's library declarations, which the analysis bundles read from disk.
  /^server\/out\/typescript-lib\/lib\.[\w.-]*d\.ts$/,
  /^syntaxes\/[\w.-]+\.tmLanguage\.json$/,
  // The server links each finding code to this page in its diagnostics.
  /^docs\/findings\.md$/,
];

/** Kinds of files that must never ship, with the reason shown when one does. */
const FORBIDDEN: [RegExp, string][] = [
  [/(^|\/)node_modules\//, "dependencies, which the bundles already contain"],
  [/\.map$/, "source maps"],
  [/(?<!\.d)\.(ts|tsx|mts|cts)$/, "TypeScript sources"],
  [/\.d\.ts$(?<!^server\/out\/typescript-lib\/[\w.-]+)/, "declarations other than the library's"],
  [/^(client|server)\/src\//, "sources"],
  [/^(test|out)\//, "tests and their build output"],
];

const run = promisify(execFile);

/** Returns the entry names of a zip file, read from its central directory. */
function zipEntries(file: string): string[] {
  const zip = fs.readFileSync(file);
  const end = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  assert.notEqual(end, -1, `${file} is not a zip file`);
  const names: string[] = [];
  let offset = zip.readUInt32LE(end + 16);
  for (let i = 0; i < zip.readUInt16LE(end + 10); i++) {
    const nameLength = zip.readUInt16LE(offset + 28);
    const extraLength = zip.readUInt16LE(offset + 30);
    const commentLength = zip.readUInt16LE(offset + 32);
    names.push(zip.toString("utf8", offset + 46, offset + 46 + nameLength));
    offset += 46 + nameLength + extraLength + commentLength;
  }
  return names;
}

describe("extension package contents", () => {
  let files: string[];

  before(async () => {
    // In @vscode/vsce 3.9, `vsce ls` applies the same `.vscodeignore` selection as `vsce package`.
    const { stdout } = await run(process.execPath, [VSCE, "ls", "--no-dependencies"], {
      cwd: REPO_ROOT,
    });
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

describe("vsce package", () => {
  let outDir: string;
  let entries: string[];

  before(async () => {
    outDir = fs.mkdtempSync(path.join(os.tmpdir(), "privacy-zones-vsix-"));
    const vsix = path.join(outDir, "privacy-zones.vsix");
    // The same options as `npm run package`, on the bundles that `npm test` built.
    await run(
      process.execPath,
      [VSCE, "package", "--no-dependencies", "--allow-missing-repository", "--out", vsix],
      {
        cwd: REPO_ROOT,
      },
    );
    entries = zipEntries(vsix);
  });

  after(() => fs.rmSync(outDir, { recursive: true, force: true }));

  test("package holds the listed files", async () => {
    const { stdout } = await run(process.execPath, [VSCE, "ls", "--no-dependencies"], {
      cwd: REPO_ROOT,
    });
    const listed = stdout.split(/\r?\n/).filter(Boolean);
    // vsce stores the README and the LICENSE under the names that the Marketplace expects.
    const renamed = listed.map((file) =>
      file === "README.md" ? "readme.md" : file === "LICENSE" ? "LICENSE.txt" : file,
    );
    const expected = [...renamed.map((file) => `extension/${file}`), "extension.vsixmanifest"];
    const packaged = entries.filter((entry) => entry !== "[Content_Types].xml");
    assert.deepEqual(packaged.sort(), expected.sort());
  });
});
