// Entry point of the analysis thread: the language server starts this bundle in a worker thread.
import { runAnalysisWorker } from "./workspace/analysis-worker";

runAnalysisWorker();
