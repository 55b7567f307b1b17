import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { createHash } from "node:crypto";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { describe, test } from "node:test";
import { promisify } from "node:util";
import { REPO_ROOT } from "../support/paths";

const OUT = path.join(REPO_ROOT, "server", "out");
const run = promisify(execFile);

/** The bundle's version string, and another of the same length. */
const VERSION = 'VERSION="0.1.0"';
const OTHER_VERSION = 'VERSION="9.9.9"';

/**
 * Copies the CLI's launcher, bundle and code cache into a new folder, the bundle changed by
 * `editBundle` and the cache by `editCache`, and returns what `--version` prints there.
 */
async function versionOfCopy(
  editBundle: (text: string) => string,
  editCache: (data: Buffer) => Buffer,
): Promise<string> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "privacy-zones-cache-"));
  try {
    fs.copyFileSync(path.join(OUT, "cli.js"), path.join(dir, "cli.js"));
    const text = fs.readFileSync(path.join(OUT, "engine.bundle.js"), "utf8");
    fs.writeFileSync(path.join(dir, "engine.bundle.js"), editBundle(text));
    const cache = fs.readFileSync(path.join(OUT, "engine.bundle.cache"));
    fs.writeFileSync(path.join(dir, "engine.bundle.cache"), editCache(cache));
    const { stdout } = await run(process.execPath, [path.join(dir, "cli.js"), "--version"]);
    return stdout.trim();
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

describe("code cache of the engine bundle", () => {
  test("build writes cache of its bundle", () => {
    const bundle = fs.readFileSync(path.join(OUT, "engine.bundle.js"));
    const cache = fs.readFileSync(path.join(OUT, "engine.bundle.cache"));
    assert.ok(cache.length > 1_000_000, `the cache has ${cache.length} bytes`);
    const digest = createHash("sha256").update(bundle).digest();
    assert.ok(
      cache.subarray(0, 32).equals(digest),
      "the cache starts with the digest of another bundle",
    );
  });

  test("runs from its cache", async () => {
    assert.equal(
      await versionOfCopy(
        (text) => text,
        (data) => data,
      ),
      "0.1.0",
    );
  });

  test("ignores cache of same-length bundle", async () => {
    const version = await versionOfCopy(
      (text) => {
        assert.ok(text.includes(VERSION));
        return text.replace(VERSION, OTHER_VERSION);
      },
      (data) => data,
    );
    assert.equal(version, "9.9.9");
  });

  test("runs when V8 rejects cache", async () => {
    const version = await versionOfCopy(
      (text) => text,
      (data) => Buffer.concat([data.subarray(0, 32), Buffer.alloc(4096, 7)]),
    );
    assert.equal(version, "0.1.0");
  });

  test("runs without a cache", async () => {
    assert.equal(
      await versionOfCopy(
        (text) => text,
        () => Buffer.alloc(0),
      ),
      "0.1.0",
    );
  });

  test("names a missing bundle", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "privacy-zones-cache-"));
    try {
      fs.copyFileSync(path.join(OUT, "cli.js"), path.join(dir, "cli.js"));
      const failure = await run(process.execPath, [path.join(dir, "cli.js"), "--version"]).then(
        () => assert.fail("the CLI ran without its bundle"),
        (error: { code: number; stderr: string }) => error,
      );
      assert.equal(failure.code, 3);
      assert.match(failure.stderr, /cannot read .*engine\.bundle\.js \(ENOENT\)/);
      assert.doesNotMatch(failure.stderr, /\n\s+at /);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
