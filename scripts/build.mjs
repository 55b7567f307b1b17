// Bundles the extension client, the language server and the CLI with esbuild.
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import { createRequire } from "node:module";
import * as path from "node:path";
import * as esbuild from "esbuild";

const require = createRequire(import.meta.url);

const production = process.argv.includes("--production");

const common = {
  bundle: true,
  platform: "node",
  target: "node20",
  format: "cjs",
  sourcemap: !production,
  // Whitespace and syntax are always minified, since V8 keeps a script's whole source in memory.
  // Names stay, so stack traces in the log read as code.
  minifyWhitespace: true,
  minifySyntax: true,
  minifyIdentifiers: production,
  logLevel: "warning",
  // jsonc-parser's UMD build loads its parts through a dynamic require that esbuild cannot follow.
  mainFields: ["module", "main"],
};

/**
 * The folder next to the bundles that contains TypeScript's library declarations. The analysis
 * bundles load them from there as a program needs them: `BUNDLED_LIBS` in
 * `server/src/engine/project.ts` gets the folder's name and the files' names.
 */
const LIB_FOLDER = "server/out/typescript-lib";

/**
 * ts-morph carries the text of all 108 library files in its code, and keeps them in memory
 * whether or not a program uses them. This writes them to `LIB_FOLDER` and leaves them out of
 * the bundles, which lowers the heap of each process that analyses by about 8 MiB.
 */
function writeLibFiles() {
  const { getLibFiles } = require("@ts-morph/common");
  fs.rmSync(LIB_FOLDER, { recursive: true, force: true });
  fs.mkdirSync(LIB_FOLDER, { recursive: true });
  const names = [];
  for (const { fileName, text } of getLibFiles()) {
    names.push(path.basename(fileName));
    fs.writeFileSync(path.join(LIB_FOLDER, path.basename(fileName)), text);
  }
  return names;
}

const LIB_FILES_DECLARATION = /const libFiles = \[\{[\s\S]*?\n {4}\}\];\n/;

/** Replaces the library texts in @ts-morph/common with an empty list. */
const dropLibTexts = {
  name: "drop-lib-texts",
  setup(build) {
    build.onLoad(
      { filter: /[\\/]@ts-morph[\\/]common[\\/]dist[\\/]ts-morph-common\.js$/ },
      (args) => {
        const code = fs.readFileSync(args.path, "utf8");
        if (!LIB_FILES_DECLARATION.test(code)) {
          throw new Error(
            `${args.path} no longer declares "const libFiles = [...]"; update dropLibTexts in scripts/build.mjs.`,
          );
        }
        return {
          contents: code.replace(LIB_FILES_DECLARATION, "const libFiles = [];\n"),
          loader: "js",
        };
      },
    );
  },
};

/**
 * Fails the build when code of the language server's main thread imports the TypeScript compiler,
 * which would load a second copy of it, about 45 MiB, next to the analysis thread's.
 */
const noCompiler = {
  name: "no-compiler",
  setup(build) {
    build.onResolve({ filter: /^(typescript|ts-morph|@ts-morph\/common)(\/|$)/ }, (args) => ({
      errors: [
        {
          text: `${args.importer} imports ${args.path}, which the main thread must not load. Move the code to the analysis thread, or import a module that needs no compiler.`,
        },
      ],
    }));
  },
};

const libFiles = writeLibFiles();

await Promise.all([
  esbuild.build({
    ...common,
    entryPoints: ["client/src/extension.ts"],
    outfile: "client/out/extension.js",
    external: ["vscode"],
  }),
  // The command-line tool and the analysis thread share one bundle, so that the code cache that
  // the build writes from a run of the tool serves both (server/src/code-cache.ts).
  esbuild.build({
    ...common,
    entryPoints: { "engine.bundle": "server/src/engine-bundle.ts" },
    outdir: "server/out",
    plugins: [dropLibTexts],
    define: {
      BUNDLED_LIBS: JSON.stringify({ folder: path.basename(LIB_FOLDER), files: libFiles }),
    },
  }),
  // The launchers `cli.js` and `analysis-thread.js` start the shared bundle.
  esbuild.build({
    ...common,
    entryPoints: {
      cli: "server/src/cli/launcher.ts",
      "analysis-thread": "server/src/analysis-thread.ts",
    },
    outdir: "server/out",
    plugins: [noCompiler],
  }),
  // The main thread of the language server loads no TypeScript: only the analysis thread does.
  esbuild.build({
    ...common,
    entryPoints: { server: "server/src/server.ts" },
    outdir: "server/out",
    plugins: [noCompiler],
  }),
  // The lineage graph webview runs in the browser sandbox of VS Code, not in Node.
  esbuild.build({
    bundle: true,
    platform: "browser",
    target: "es2022",
    format: "iife",
    sourcemap: !production,
    minify: production,
    logLevel: "warning",
    entryPoints: ["client/webview/main.ts"],
    outfile: "client/out/webview/lineage.js",
  }),
]);

writeCodeCache();

/**
 * Runs the command-line tool on the example so that it saves what V8 compiled as the cache that
 * later runs of the tool and of the analysis thread start from. Without a cache both still run,
 * only slower to start.
 */
function writeCodeCache() {
  const cache = "server/out/engine.bundle.cache";
  fs.rmSync(cache, { force: true });
  const run = spawnSync(
    process.execPath,
    ["server/out/cli.js", "check", "examples/ai-glasses", "--format", "json"],
    {
      // V8 rejects a cache made with other flags, so the run takes none from NODE_OPTIONS.
      env: { ...process.env, NODE_OPTIONS: "", PRIVACY_ZONES_CODE_CACHE: "write" },
      encoding: "utf8",
      timeout: 120_000,
    },
  );
  // Exit code 1 means findings, which the example has.
  if ((run.status !== 0 && run.status !== 1) || !fs.existsSync(cache)) {
    console.warn(
      `The code cache of engine.bundle.js was not written (exit code ${run.status}), so the CLI and the analysis thread compile the bundle on each start. ${run.stderr || run.error}`,
    );
  }
}
