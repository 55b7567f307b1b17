/**
 * Starts the analysis bundle from V8's code cache. Under Node 20, compiling the 7.8 MB bundle
 * and the functions that a check calls takes about 150 ms of each run. With the cache, a check
 * of a project of 1,000 lines went from 0.56 to 0.41 s, and the language server's first
 * diagnostics there from 0.50 to 0.38 s. The build runs the command-line tool once on the
 * example and saves what V8 compiled (`npm run build`), and later runs of the tool and of the
 * analysis thread read it back.
 *
 * V8 takes a cache only from its own version and with the same flags, and it checks neither the
 * text of the source (only its length) nor the data. So the cache file names the V8 version, the
 * SHA-256 digest of the bundle and that of the data, and a cache that fails one of them is not
 * read. So the cache serves only runs on the Node release that built the package: another
 * release, or the Node of VS Code's Electron that runs the language server there, compiles the
 * bundle as before.
 * NOTE: a cache written per user on first use would serve every release. It is not built,
 * because CI jobs that start from a new machine would pay for writing it on every run.
 */
import * as crypto from "node:crypto";
import * as fs from "node:fs";
import { Module } from "node:module";
import * as path from "node:path";
import * as vm from "node:vm";
import { isMainThread } from "node:worker_threads";

const DIGEST_BYTES = 32;

/** The first line of a cache file, before the V8 version that made it. */
const HEADER = "privacy-zones code cache 1";

/** The functions that `engine.bundle.js` exports, each the entry point of one program. */
export type BundleEntry = "runCli" | "runAnalysisWorker";

/**
 * The use of the cache that `PRIVACY_ZONES_CODE_CACHE` selects: `write` saves the code that V8
 * compiled during the run as the bundle's cache (the build does this), and `report` writes to
 * stderr whether the cache was used. Any other value, or none, reads the cache.
 */
export type CacheMode = "read" | "write" | "report";

/**
 * Runs `bundle` as a CommonJS module and calls its export `entry`. Its cache is the file beside
 * it with the extension `.cache`.
 */
export function runBundle(bundle: string, entry: BundleEntry, mode: CacheMode): void {
  const source = readBundle(bundle);
  // Node maps stack traces through source maps only for the modules that it compiles itself.
  if (process.sourceMapsEnabled) {
    if (mode === "report") report("not read, since source maps are enabled");
    const exports = Module.createRequire(bundle)(bundle) as Record<BundleEntry, () => void>;
    exports[entry]();
    return;
  }
  const cache = bundle.replace(/\.js$/, ".cache");
  const digest = crypto.createHash("sha256").update(source).digest();
  const cached = mode === "write" ? undefined : readCache(cache, digest);
  // V8 keeps the name of the script that made the cache, so the name must not depend on where
  // the build or the install put the bundle. Stack traces name the bundle without its folder.
  const script = new vm.Script(Module.wrap(source.toString("utf8")), {
    filename: path.basename(bundle),
    cachedData: cached?.data,
  });
  if (mode === "report") {
    const state = script.cachedDataRejected ? "rejected by V8" : (cached?.state ?? "not read");
    report(state);
  }
  const module = new Module(bundle);
  module.filename = bundle;
  module.paths = (Module as unknown as NodeModulePaths)._nodeModulePaths(path.dirname(bundle));
  const run = script.runInThisContext() as ModuleWrapper;
  const require = Module.createRequire(bundle);
  run.call(module.exports, module.exports, require, module, bundle, path.dirname(bundle));
  (module.exports as Record<BundleEntry, () => void>)[entry]();
  if (mode === "write") writeCache(cache, digest, script.createCachedData());
}

/** Returns the mode that the environment variable `PRIVACY_ZONES_CODE_CACHE` selects. */
export function cacheMode(value: string | undefined): CacheMode {
  return value === "write" || value === "report" ? value : "read";
}

/**
 * Reads the bundle. When the installation lacks it, the command-line tool ends with a message
 * and exit code 3, and the analysis thread fails with the message, which the language server
 * writes to its log.
 */
function readBundle(bundle: string): Buffer {
  try {
    return fs.readFileSync(bundle);
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code ?? String(error);
    const message = `cannot read ${bundle} (${reason}). The installation is incomplete: reinstall the package, or run \`npm run build\` in a clone.`;
    if (!isMainThread) throw new Error(message);
    process.stderr.write(`privacy-zones: ${message}\n`);
    process.exit(3);
  }
}

/** Writes what happened to the cache to stderr, for `PRIVACY_ZONES_CODE_CACHE=report`. */
function report(state: string): void {
  process.stderr.write(`privacy-zones: code cache ${state}\n`);
}

type ModuleWrapper = (
  exports: unknown,
  require: NodeJS.Require,
  module: Module,
  filename: string,
  dirname: string,
) => void;

/** Node's own look-up of the `node_modules` folders above a folder, which `require` walks. */
interface NodeModulePaths {
  _nodeModulePaths(dir: string): string[];
}

/**
 * Reads a cache file: the header line with the V8 version, the digest of the bundle, the digest
 * of the data and the data. Returns the data only when it was made by this V8 from the bundle
 * with `digest` and is intact, since V8 does not check the data itself: one changed byte can
 * crash the process.
 */
function readCache(cache: string, digest: Buffer): { data?: Buffer; state: string } {
  let file: Buffer;
  try {
    file = fs.readFileSync(cache);
  } catch {
    return { state: "missing" };
  }
  const end = file.indexOf(0x0a);
  const header = end < 0 ? "" : file.subarray(0, end).toString("utf8");
  if (!header.startsWith(`${HEADER} `)) return { state: "damaged" };
  const version = header.slice(HEADER.length + 1);
  if (version !== process.versions.v8) return { state: `made by V8 ${version}` };
  const bundleDigest = file.subarray(end + 1, end + 1 + DIGEST_BYTES);
  const dataDigest = file.subarray(end + 1 + DIGEST_BYTES, end + 1 + 2 * DIGEST_BYTES);
  const data = file.subarray(end + 1 + 2 * DIGEST_BYTES);
  if (data.length === 0) return { state: "damaged" };
  if (!bundleDigest.equals(digest)) return { state: "made from another bundle" };
  if (!crypto.createHash("sha256").update(data).digest().equals(dataDigest))
    return { state: "damaged" };
  return { data, state: "used" };
}

/**
 * Writes the cache through a temporary file, so that a run never reads half of one. A failure
 * leaves the run's exit code alone: the cache only saves time.
 */
function writeCache(cache: string, digest: Buffer, data: Buffer): void {
  const temporary = `${cache}.${process.pid}.tmp`;
  const header = Buffer.from(`${HEADER} ${process.versions.v8}\n`, "utf8");
  const dataDigest = crypto.createHash("sha256").update(data).digest();
  try {
    fs.writeFileSync(temporary, Buffer.concat([header, digest, dataDigest, data]));
    fs.renameSync(temporary, cache);
  } catch (error) {
    fs.rmSync(temporary, { force: true });
    process.stderr.write(
      `privacy-zones: cannot write the code cache ${cache}: ${(error as Error).message}\n`,
    );
  }
}
