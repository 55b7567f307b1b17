// Bundles the extension client, the language server and the CLI with esbuild.
import * as esbuild from "esbuild";

const production = process.argv.includes("--production");

const common = {
  bundle: true,
  platform: "node",
  target: "node20",
  format: "cjs",
  sourcemap: !production,
  minify: production,
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
    entryPoints: { server: "server/src/server.ts", cli: "server/src/cli/main.ts" },
    outdir: "server/out",
    banner: { js: "" },
  }),
]);
