import * as path from "node:path";
import { DiagnosticSeverity, type Connection, type Diagnostic } from "vscode-languageserver";
import type { TextDocument } from "vscode-languageserver-textdocument";
import type { ResolvedConfig, UnmatchedModel } from "../engine/index";
import { CONFIG_FILE_NAME } from "../engine/config";
import type { Logger } from "../logger";
import { uriToPath } from "../workspace/folders";
import type { ConfigLookup } from "./config-lookup";
import { DIAGNOSTIC_SOURCE } from "./finding-diagnostics";

type ConfigProblem = ResolvedConfig["problems"][number];

/**
 * Publishes the problems of an open `privacy-zones.json` on the file itself, from its unsaved
 * text: invalid JSON, unknown keys, purposes and presets, and invalid zones and models.
 * Problems that belong to a file it extends are not repeated here: that file shows them when it
 * is open and named `privacy-zones.json`.
 *
 * Models that match nothing come from the last analysis, which read the saved file. They are
 * placed by their key in the unsaved text, so a model that was edited since loses its warning
 * until the next analysis.
 */
export class ConfigDiagnosticsFeature {
  private readonly open = new Map<string, TextDocument>();
  private unmatched: UnmatchedModel[] = [];

  constructor(
    private readonly connection: Connection,
    private readonly lookup: ConfigLookup,
    private readonly logger: Logger,
    private readonly docsUri: string,
  ) {}

  async documentChanged(document: TextDocument): Promise<void> {
    const file = configPath(document.uri);
    if (!file) return;
    this.open.set(document.uri, document);
    try {
      const resolver = await this.lookup.resolverFor(document.uri, file);
      const config = resolver.load(file);
      const problems: ConfigProblem[] = config.problems.filter(
        (problem) => path.resolve(problem.file) === file,
      );
      const diagnostics = [
        ...problems.map((problem) => this.toDiagnostic(problem)),
        ...this.unmatchedIn(config, file),
      ];
      // A document closed while its config was resolving keeps no diagnostics.
      if (this.open.get(document.uri) !== document) return;
      void this.connection.sendDiagnostics({
        uri: document.uri,
        version: document.version,
        diagnostics,
      });
    } catch (error) {
      this.logger.caught("Checking the config", file, error);
    }
  }

  documentClosed(document: TextDocument): void {
    if (!this.open.delete(document.uri)) return;
    void this.connection.sendDiagnostics({ uri: document.uri, diagnostics: [] });
  }

  /** Takes the models that the last analysis found unmatched, and updates open config files. */
  setUnmatchedModels(models: UnmatchedModel[]): void {
    const key = (list: UnmatchedModel[]): string =>
      JSON.stringify(list.map((model) => [model.file, model.key]).sort());
    if (key(models) === key(this.unmatched)) return;
    this.unmatched = models;
    for (const document of this.open.values()) void this.documentChanged(document);
  }

  /** Warnings at the models of `file`, as the current text places them, that matched nothing. */
  private unmatchedIn(config: ResolvedConfig, file: string): Diagnostic[] {
    const keys = new Map(
      this.unmatched
        .filter((model) => path.resolve(model.file) === file)
        .map((model) => [model.key, model]),
    );
    if (keys.size === 0) return [];
    const diagnostics: Diagnostic[] = [];
    for (const model of [...config.sources, ...config.sinks, ...config.reclassifiers]) {
      const origin = model.origin;
      const unmatched = origin && path.resolve(origin.file) === file && keys.get(origin.key);
      if (!unmatched) continue;
      diagnostics.push(
        this.toDiagnostic({
          ...origin,
          message: unmatched.message,
          severity: unmatched.severity,
        }),
      );
    }
    return diagnostics;
  }

  private toDiagnostic(problem: ConfigProblem): Diagnostic {
    return {
      range: {
        start: { line: problem.line, character: problem.character },
        end: { line: problem.endLine, character: problem.endCharacter },
      },
      severity:
        problem.severity === "error" ? DiagnosticSeverity.Error : DiagnosticSeverity.Warning,
      source: DIAGNOSTIC_SOURCE,
      code: "PZ005",
      codeDescription: { href: `${this.docsUri}#pz005` },
      message: problem.message,
    };
  }
}

/** Returns the path of a `privacy-zones.json` document, or undefined for other documents. */
function configPath(uri: string): string | undefined {
  const file = uriToPath(uri);
  return file && path.basename(file) === CONFIG_FILE_NAME ? file : undefined;
}
