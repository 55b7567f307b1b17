import * as path from "node:path";
import { DiagnosticSeverity, type Connection, type Diagnostic } from "vscode-languageserver";
import type { TextDocument } from "vscode-languageserver-textdocument";
import { CONFIG_FILE_NAME, type ResolvedConfig } from "../engine/index";
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
 * TODO: models that match nothing in the project are not reported, because telling needs the
 * analysis of every file of the project, which runs on the analysis thread per open document.
 */
export class ConfigDiagnosticsFeature {
  private readonly published = new Set<string>();

  constructor(
    private readonly connection: Connection,
    private readonly lookup: ConfigLookup,
    private readonly logger: Logger,
    private readonly docsUri: string,
  ) {}

  async documentChanged(document: TextDocument): Promise<void> {
    const file = configPath(document.uri);
    if (!file) return;
    try {
      const resolver = await this.lookup.resolverFor(document.uri, file);
      const problems = resolver
        .load(file)
        .problems.filter((problem) => path.resolve(problem.file) === file);
      const diagnostics = problems.map((problem) => this.toDiagnostic(problem));
      this.published.add(document.uri);
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
    if (!this.published.delete(document.uri)) return;
    void this.connection.sendDiagnostics({ uri: document.uri, diagnostics: [] });
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
