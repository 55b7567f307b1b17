// Entry point of `engine.bundle.js`, the code that both the command-line tool and the language
// server's analysis thread run. One bundle lets the build's code cache serve both.
export { runCli } from "./cli/main";
export { runAnalysisWorker } from "./workspace/analysis-worker";
