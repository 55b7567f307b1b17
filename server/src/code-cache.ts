/**
 * Starts the analysis bundle from V8's code cache. Compiling the 7.8 MB bundle and the
 * functions that a check calls takes about 150 ms of each run: a check of a project of 1,000
 * lines went from 0.56 to 0.41 s with the cache, and the language server's first diagnostics
 * there from 0.50 to 0.38 s. The build runs the command-line tool once on the example and saves
 * what V8 compiled (`npm run build`), and later runs of the tool and of the analysis thread read
 * it back.
 *
 * The cache starts with the SHA-256 digest of the bundle that it was made from. V8 compares the
 * length of the source, not its text, so it accepts the cache of another build of the same
 * length. The digest check rejects such a cache. A missing, stale or rejected cache costs only
 * the compile time.
 */
import * as crypto from "node:crypto";
import * as fs from "node:fs";
import { Module } from "node:module";
import * as path from "node:path";
import * as vm from "node:vm";

const DIGEST_BYTES = 32;

/** The functions that `engine.bundle.js` exports, each the entry point of one program. */
export type BundleEntry = "runCli" | "runAnalysisWorker";

/**
 * Runs `bundle` as a CommonJS module and calls its export `entry`. With `write`, it then saves
 * the code that V8 compiled as the bundle's cache, beside the bundle with the extension `.cache`.
 */
export function runBundle(bundle: string, entry: BundleEntry, write: boolean): void {
  const cache = bundle.replace(/\.js$/, ".cache");
  let source: Buffer;
  try {
    source = fs.readFileSync(bundle);
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code ?? String(error);
    process.stderr.write(
      `privacy-zones: cannot read ${bundle} (${reason}). The installation is incomplete: reinstall the package, or run \`npm run build\` in a clone.\n`,
    );
    process.exit(3);
  }
  const digest = crypto.createHash("sha256").update(source).digest();
  const cachedData = write ? undefined : readCache(cache, digest);
  const script = new vm.Script(Module.wrap(source.toString("utf8")), {
    filename: bundle,
    cachedData,
  });
  const module = new Module(bundle);
  module.filename = bundle;
  module.paths = (Module as unknown as NodeModulePaths)._nodeModulePaths(path.dirname(bundle));
  const run = script.runInThisContext() as ModuleWrapper;
  const require = Module.createRequire(bundle);
  run.call(module.exports, module.exports, require, module, bundle, path.dirname(bundle));
  (module.exports as Record<BundleEntry, () => void>)[entry]();
  if (write) writeCache(cache, digest, script.createCachedData());
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

/** Returns the cached data in `cache` when it was made from the bundle with `digest`. */
function readCache(cache: string, digest: Buffer): Buffer | undefined {
  let data: Buffer;
  try {
    data = fs.readFileSync(cache);
  } catch {
    return undefined;
  }
  if (data.length <= DIGEST_BYTES || !data.subarray(0, DIGEST_BYTES).equals(digest))
    return undefined;
  return data.subarray(DIGEST_BYTES);
}

/** Writes the cache through a temporary file, so that a run never reads half of one. */
function writeCache(cache: string, digest: Buffer, data: Buffer): void {
  const temporary = `${cache}.${process.pid}.tmp`;
  fs.writeFileSync(temporary, Buffer.concat([digest, data]));
  fs.renameSync(temporary, cache);
}
