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

const HEADER = "privacy-zones code cache 1";

/** The parts of a cache file: header line, digest of the bundle, digest of the data, data. */
interface CacheParts {
  header: string;
  bundleDigest: Buffer;
  dataDigest: Buffer;
  data: Buffer;
}

function splitCache(file: Buffer): CacheParts {
  const end = file.indexOf(0x0a);
  return {
    header: file.subarray(0, end).toString("utf8"),
    bundleDigest: file.subarray(end + 1, end + 33),
    dataDigest: file.subarray(end + 33, end + 65),
    data: file.subarray(end + 65),
  };
}

function joinCache(parts: CacheParts): Buffer {
  const header = Buffer.from(`${parts.header}\n`, "utf8");
  return Buffer.concat([header, parts.bundleDigest, parts.dataDigest, parts.data]);
}

function sha256(data: Buffer | string): Buffer {
  return createHash("sha256").update(data).digest();
}

interface CopyOptions {
  editBundle?: (text: string) => string;
  /** Returns the new cache file, or undefined for none. */
  editCache?: (file: Buffer) => Buffer | undefined;
  /** Puts a folder where the cache file goes. */
  cacheFolder?: boolean;
  nodeOptions?: string[];
  mode?: string;
}

/**
 * Copies the CLI's launcher, bundle and code cache into a new folder with the edits in
 * `options`, runs `--version` there and returns its output. The run reports what the cache did.
 */
async function runCopy(options: CopyOptions): Promise<{ stdout: string; stderr: string }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "privacy-zones-cache-"));
  try {
    fs.copyFileSync(path.join(OUT, "cli.js"), path.join(dir, "cli.js"));
    const text = fs.readFileSync(path.join(OUT, "engine.bundle.js"), "utf8");
    fs.writeFileSync(path.join(dir, "engine.bundle.js"), (options.editBundle ?? String)(text));
    const cache = fs.readFileSync(path.join(OUT, "engine.bundle.cache"));
    const edited = options.editCache ? options.editCache(cache) : cache;
    if (options.cacheFolder) fs.mkdirSync(path.join(dir, "engine.bundle.cache"));
    else if (edited) fs.writeFileSync(path.join(dir, "engine.bundle.cache"), edited);
    const args = [...(options.nodeOptions ?? []), path.join(dir, "cli.js"), "--version"];
    const env = { ...process.env, NODE_OPTIONS: "", PRIVACY_ZONES_CODE_CACHE: "report" };
    if (options.mode) env.PRIVACY_ZONES_CODE_CACHE = options.mode;
    const { stdout, stderr } = await run(process.execPath, args, { env });
    if (options.mode === "write")
      assert.deepEqual(
        fs.readdirSync(dir).filter((name) => name.endsWith(".tmp")),
        [],
        "temporary files left behind",
      );
    return { stdout: stdout.trim(), stderr: stderr.trim() };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

describe("code cache of the engine bundle", () => {
  test("build writes cache of its bundle", () => {
    const bundle = fs.readFileSync(path.join(OUT, "engine.bundle.js"));
    const parts = splitCache(fs.readFileSync(path.join(OUT, "engine.bundle.cache")));
    assert.equal(parts.header, `${HEADER} ${process.versions.v8}`);
    assert.ok(parts.bundleDigest.equals(sha256(bundle)), "digest of another bundle");
    assert.ok(parts.dataDigest.equals(sha256(parts.data)), "digest of other data");
    assert.ok(parts.data.length > 1_000_000, `the data has ${parts.data.length} bytes`);
  });

  test("runs from its cache", async () => {
    const { stdout, stderr } = await runCopy({});
    assert.equal(stdout, "0.1.0");
    assert.equal(stderr, "privacy-zones: code cache used");
  });

  test("ignores cache of same-length bundle", async () => {
    const { stdout, stderr } = await runCopy({
      editBundle: (text) => {
        assert.ok(text.includes(VERSION));
        return text.replace(VERSION, OTHER_VERSION);
      },
    });
    assert.equal(stdout, "9.9.9");
    assert.equal(stderr, "privacy-zones: code cache made from another bundle");
  });

  test("ignores cache with a changed byte", async () => {
    // V8 does not check the data: this byte, changed, ended the process with a fatal error.
    const { stdout, stderr } = await runCopy({
      editCache: (file) => {
        const parts = splitCache(file);
        const data = Buffer.from(parts.data);
        data[1000] = data[1000]! ^ 0xff;
        return joinCache({ ...parts, data });
      },
    });
    assert.equal(stdout, "0.1.0");
    assert.equal(stderr, "privacy-zones: code cache damaged");
  });

  test("runs when V8 rejects cache", async () => {
    const data = Buffer.alloc(4096, 7);
    const { stdout, stderr } = await runCopy({
      editCache: (file) => joinCache({ ...splitCache(file), data, dataDigest: sha256(data) }),
    });
    assert.equal(stdout, "0.1.0");
    assert.equal(stderr, "privacy-zones: code cache rejected by V8");
  });

  test("ignores cache of another V8", async () => {
    const { stdout, stderr } = await runCopy({
      editCache: (file) => joinCache({ ...splitCache(file), header: `${HEADER} 1.2.3` }),
    });
    assert.equal(stdout, "0.1.0");
    assert.equal(stderr, "privacy-zones: code cache made by V8 1.2.3");
  });

  test("runs without a cache", async () => {
    for (const editCache of [() => undefined, () => Buffer.alloc(0), () => Buffer.from("x\n")]) {
      const { stdout, stderr } = await runCopy({ editCache });
      assert.equal(stdout, "0.1.0");
      assert.match(stderr, /^privacy-zones: code cache (missing|damaged)$/);
    }
  });

  test("skips cache when source maps are on", async () => {
    const { stdout, stderr } = await runCopy({ nodeOptions: ["--enable-source-maps"] });
    assert.equal(stdout, "0.1.0");
    assert.equal(stderr, "privacy-zones: code cache not read, since source maps are enabled");
  });

  test("write failure keeps the exit code", async () => {
    const { stdout, stderr } = await runCopy({ mode: "write", cacheFolder: true });
    assert.equal(stdout, "0.1.0");
    assert.match(stderr, /^privacy-zones: cannot write the code cache .*engine\.bundle\.cache: /);
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
