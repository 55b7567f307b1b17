import * as path from "node:path";
import {
  CodeActionKind,
  type CodeAction,
  type CodeActionParams,
  type Diagnostic,
  type Range,
  type TextDocuments,
  type TextEdit,
  type WorkspaceEdit,
} from "vscode-languageserver";
import type { TextDocument } from "vscode-languageserver-textdocument";
import type { FixSuggestion, TextEdit as EngineTextEdit } from "../engine/index";
import type { Logger } from "../logger";
import type { WorkspaceFolders } from "../workspace/folders";
import { pathToUri, uriToPath } from "../workspace/folders";
import { findProjectFile } from "../workspace/project-file";
import { buildAllowPurposeEdit, type ConfigLocation } from "./config-edit";
import type { DiagnosticsFeature, PublishedFinding } from "./diagnostics";
import { DIAGNOSTIC_SOURCE, isSameDiagnostic } from "./finding-diagnostics";
import type { SettingsCache } from "./settings";

/** Fix kinds that are the obvious repair, offered as the preferred quick fix. */
const PREFERRED_FIXES = new Set<FixSuggestion["kind"]>(["rename-zone"]);

/** Turns the engine's fix suggestions for the findings in a range into quick fixes. */
export class CodeActionsFeature {
  constructor(
    private readonly documents: TextDocuments<TextDocument>,
    private readonly diagnostics: DiagnosticsFeature,
    private readonly settings: SettingsCache,
    private readonly folders: WorkspaceFolders,
    private readonly logger: Logger,
  ) {}

  async codeActions(params: CodeActionParams): Promise<CodeAction[]> {
    const { only } = params.context;
    if (only && !only.some(includesQuickFix)) return [];
    const uri = params.textDocument.uri;
    const analysed = this.diagnostics.analysed.get(uri);
    // Edits computed for another version of the text would land in the wrong place.
    if (!analysed || analysed.version !== this.documents.get(uri)?.version) return [];
    const selected = selectFindings(analysed.findings, params.context.diagnostics, params.range);
    const actions: CodeAction[] = [];
    for (const published of selected) {
      for (const fix of published.finding.fixes) {
        const action = await this.toCodeAction(uri, published, fix);
        if (action) actions.push(action);
      }
    }
    return actions;
  }

  private async toCodeAction(
    uri: string,
    published: PublishedFinding,
    fix: FixSuggestion,
  ): Promise<CodeAction | undefined> {
    const edit = await this.buildEdit(uri, fix);
    if (!edit) return undefined;
    const action: CodeAction = {
      title: fix.title,
      kind: CodeActionKind.QuickFix,
      diagnostics: [published.diagnostic],
      edit,
    };
    if (PREFERRED_FIXES.has(fix.kind)) action.isPreferred = true;
    return action;
  }

  private async buildEdit(uri: string, fix: FixSuggestion): Promise<WorkspaceEdit | undefined> {
    if (fix.edits && fix.edits.length > 0) return this.toWorkspaceEdit(fix.edits);
    if (!fix.configEdit) return undefined;
    const file = uriToPath(uri);
    if (!file) return undefined;
    try {
      const location = await this.configLocation(uri, file);
      return buildAllowPurposeEdit(file, fix.configEdit.zone, fix.configEdit.purpose, location);
    } catch (error) {
      this.logger.caught("Building the privacy-zones.json edit", file, error);
      return undefined;
    }
  }

  /** Groups engine edits by file, pinned to the open document's version where there is one. */
  private toWorkspaceEdit(edits: EngineTextEdit[]): WorkspaceEdit {
    const byUri = new Map<string, TextEdit[]>();
    for (const edit of edits) {
      const uri = pathToUri(edit.file);
      byUri.set(uri, [...(byUri.get(uri) ?? []), { range: edit.range, newText: edit.newText }]);
    }
    return {
      documentChanges: [...byUri].map(([uri, textEdits]) => ({
        textDocument: { uri, version: this.documents.get(uri)?.version ?? null },
        edits: textEdits,
      })),
    };
  }

  private async configLocation(uri: string, file: string): Promise<ConfigLocation> {
    const settings = await this.settings.get(uri);
    const projectFile = findProjectFile(file);
    const rootDir = projectFile
      ? path.dirname(projectFile)
      : (this.folders.folderFor(file) ?? path.dirname(file));
    return { explicitFile: this.settings.projectOptions(settings, file).configFile, rootDir };
  }
}

/**
 * Returns the findings behind the diagnostics that the client sent, or when it sent none of
 * ours, the findings whose range touches the requested range.
 */
function selectFindings(
  findings: PublishedFinding[],
  diagnostics: Diagnostic[],
  range: Range,
): PublishedFinding[] {
  const ours = diagnostics.filter((diagnostic) => diagnostic.source === DIAGNOSTIC_SOURCE);
  if (ours.length > 0) {
    return findings.filter((entry) => ours.some((d) => isSameDiagnostic(d, entry.diagnostic)));
  }
  return findings.filter((entry) => touches(entry.diagnostic.range, range));
}

/** True when a requested kind is quickfix or one of its parents in the dot-separated hierarchy. */
function includesQuickFix(kind: string): boolean {
  const quickFix: string = CodeActionKind.QuickFix;
  return kind === "" || kind === quickFix || quickFix.startsWith(`${kind}.`);
}

function touches(a: Range, b: Range): boolean {
  return !isBefore(a.end, b.start) && !isBefore(b.end, a.start);
}

function isBefore(a: Range["start"], b: Range["start"]): boolean {
  return a.line < b.line || (a.line === b.line && a.character < b.character);
}
