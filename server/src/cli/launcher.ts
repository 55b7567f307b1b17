#!/usr/bin/env node
// Entry point of the command-line tool: runs `cli.bundle.js` beside it through V8's code cache.
import { runBundle } from "./code-cache";

runBundle(__filename, process.env.PRIVACY_ZONES_CODE_CACHE === "write");
