// Bundles the extension client, the language server and the CLI with esbuild.
import * as esbuild from "esbuild";

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

await Promise.all([
  esbuild.build({
    ...common,
    entryPoints: ["client/src/extension.ts"],
    outfile: "client/out/extension.js",
    external: ["vscode"],
  }),
  esbuild.build({
    ...common,
    entryPoints: {
      "analysis-thread": "server/src/analysis-thread.ts",
      cli: "server/src/cli/main.ts",
    },
    outdir: "server/out",
    banner: { js: "" },
  }),
  // The main thread of the language server parses single files but builds no ts-morph project.
  esbuild.build({
    ...common,
    entryPoints: { server: "server/src/server.ts" },
    outdir: "server/out",
    alias: { "ts-morph": "./server/src/main-thread/ts-morph.ts" },
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
