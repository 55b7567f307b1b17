/**
 * Replaces ts-morph in the bundle of the language server's main thread (see `scripts/build.mjs`).
 * That thread parses single files but builds no project, so it loads only the TypeScript compiler
 * that ts-morph bundles, without ts-morph itself and its texts of the library files.
 */
import type * as morph from "ts-morph";

export const ts: typeof morph.ts = require("@ts-morph/common/dist/typescript.js");

/** A stand-in for ts-morph's `Project` that raises an error when main-thread code builds one. */
export class Project {
  constructor() {
    throw new Error("ts-morph projects are built in the analysis thread, not the main thread.");
  }
}
