#!/usr/bin/env node
// Entry point of the command-line tool: runs `engine.bundle.js` beside it through V8's code cache.
import * as path from "node:path";
import { cacheMode, runBundle } from "../code-cache";

runBundle(
  path.join(__dirname, "engine.bundle.js"),
  "runCli",
  cacheMode(process.env.PRIVACY_ZONES_CODE_CACHE),
);
