/**
 * Public entry point of the analysis engine. The CLI, the language server and the tests use only
 * what this module exports; nothing here imports LSP or VS Code types.
 */
export * from "./types";
export { Analyzer, type AnalyzerOptions, type CancellationCheck } from "./analyzer";
