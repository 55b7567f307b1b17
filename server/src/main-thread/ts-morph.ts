/**
 * Replaces ts-morph in the main-thread bundle of the language server (see `scripts/build.mjs`).
 * That thread builds no project, so it loads only the TypeScript compiler that ts-morph bundles.
 */
import type * as morph from "ts-morph";

export const ts: typeof morph.ts = require("@ts-morph/common/dist/typescript.js");

/** A stand-in for ts-morph's `Project` that raises an error when main-thread code builds one. */
export class Project {
  constructor() {
    throw new Error(
      "ts-morph is not loaded in the main thread. Build projects in the analysis thread.",
    );
  }
}
