#!/usr/bin/env node
// Entry point of the command-line tool: runs `engine.bundle.js` beside it through V8's code cache.
import * as path from "node:path";
import { runBundle } from "../code-cache";

runBundle(
  path.join(__dirname, "engine.bundle.js"),
  "runCli",
  process.env.PRIVACY_ZONES_CODE_CACHE === "write",
);
