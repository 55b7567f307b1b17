import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { describe, test } from "node:test";
import { REPO_ROOT } from "../support/paths";

/** Reads a bundle that `npm run build` wrote. `npm test` runs the build first. */
function bundle(name: string): string {
  return fs.readFileSync(path.join(REPO_ROOT, "server", "out", name), "utf8");
}

// `CodeBlockWriter` comes from a dependency of ts-morph, and `AddEventListenerOptions` from the
// DOM library text that ts-morph keeps in memory. TypeScript itself has neither.
const TS_MORPH_MARKERS = ["CodeBlockWriter", "interface AddEventListenerOptions"];

describe("server bundles", () => {
  test("main thread leaves out ts-morph", () => {
    const text = bundle("server.js");
    for (const marker of TS_MORPH_MARKERS) assert.ok(!text.includes(marker), marker);
    assert.ok(text.includes("createSourceFile"));
  });

  test("analysis thread includes ts-morph", () => {
    const text = bundle("analysis-thread.js");
    for (const marker of TS_MORPH_MARKERS) assert.ok(text.includes(marker), marker);
  });
});
