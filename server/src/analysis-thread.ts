// Entry point of the analysis thread: the language server starts this file in a worker thread,
// and it runs `engine.bundle.js` beside it through V8's code cache.
import * as path from "node:path";
import { runBundle } from "./code-cache";

runBundle(path.join(__dirname, "engine.bundle.js"), "runAnalysisWorker", "read");
