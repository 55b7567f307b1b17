/**
 * Public entry point of the analysis engine. The CLI, the language server and the tests use only
 * what this module exports; nothing here imports LSP or VS Code types.
 */
export * from "./types";
export { Analyzer, CancelledError, type AnalyzerOptions, type CancellationCheck } from "./analyzer";
export { CONFIG_FILE_NAME, ConfigResolver, resolveConfig } from "./config";
export type { ResolvedConfig, ZonePolicy, RawConfig } from "./config-types";
export { collectGarbage } from "./memory";
export { unmatchedModels } from "./model-usage";
export { DEFAULT_PRESET, PRESETS, BUILT_IN_PURPOSES } from "./presets";
export {
  findProjectConfig,
  InstallationError,
  isSourceFileName,
  ProjectConfigError,
} from "./project";
