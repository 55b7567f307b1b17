import * as vscode from "vscode";
import type { LanguageClient } from "vscode-languageclient/node";
import {
  LineageRequest,
  type LineageGraph,
  type LineageParams,
  type LineageResult,
} from "../../../server/src/protocol";
import { ANALYSED_LANGUAGES } from "../language-client";
import { lineageItem, type LineageElement } from "./lineage-items";
import { HiddenPaths, LineageTree } from "./lineage-tree";

/** Delay after the last cursor move before the view requests a lineage. */
const FOLLOW_DELAY_MS = 250;

interface Target {
  uri: string;
  position: vscode.Position;
}

/**
 * The Lineage view: the lineage of the symbol under the cursor, or of the pinned symbol. It sends
 * the request again after each analysis, so it follows edits.
 */
export class LineageView implements vscode.TreeDataProvider<LineageElement>, vscode.Disposable {
  readonly hidden = new HiddenPaths();
  private readonly changed = new vscode.EventEmitter<LineageElement | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly graphChanged = new vscode.EventEmitter<LineageGraph>();
  /** Fires with the visible graph when the view shows another graph or hides other nodes. */
  readonly onDidChangeGraph = this.graphChanged.event;
  private readonly view: vscode.TreeView<LineageElement>;
  private readonly subscriptions: vscode.Disposable[] = [];
  private tree: LineageTree | undefined;
  private target: Target | undefined;
  private pinned = false;
  private request = 0;
  private followTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly client: LanguageClient,
    private readonly log: vscode.LogOutputChannel,
  ) {
    this.view = vscode.window.createTreeView("privacyZones.lineage", {
      treeDataProvider: this,
      showCollapseAll: true,
    });
    this.subscriptions.push(
      this.view,
      vscode.window.onDidChangeTextEditorSelection((event) => this.cursorMoved(event.textEditor)),
      vscode.window.onDidChangeActiveTextEditor((editor) => editor && this.cursorMoved(editor)),
      this.view.onDidChangeVisibility(({ visible }) => {
        const editor = vscode.window.activeTextEditor;
        if (visible && editor) this.cursorMoved(editor);
      }),
    );
    void this.setPinned(false);
  }

  /** The graph on show, without the nodes that hidden files and folders cut off. */
  get graph(): LineageGraph | undefined {
    return this.tree?.visibleGraph();
  }

  getTreeItem(element: LineageElement): vscode.TreeItem {
    return lineageItem(element, this.tree);
  }

  getChildren(element?: LineageElement): LineageElement[] {
    const tree = this.tree;
    const root = tree?.root;
    if (!tree || !root) return [];
    if (!element) return [{ type: "root", node: root }];
    if (element.type === "root") {
      return [
        { type: "group", direction: "upstream" },
        { type: "group", direction: "downstream" },
      ];
    }
    const entries =
      element.type === "group" ? tree.roots(element.direction) : tree.children(element.entry);
    return entries.map((entry) => ({ type: "node", entry }));
  }

  /** Asks for the lineage at the cursor of `editor` now, even when the view is pinned. */
  async showAt(editor: vscode.TextEditor): Promise<void> {
    const target = targetOf(editor);
    if (target) await this.load(target, true);
  }

  /**
   * Requests the lineage of the current symbol again, as after an analysis.
   * NOTE: the position is not moved by edits, so after lines are inserted above a pinned symbol
   * the view shows whatever now sits at the old position.
   */
  async refresh(): Promise<void> {
    if (this.target) await this.load(this.target, false);
  }

  /** Keeps the current symbol while the cursor moves, or follows the cursor again. */
  async setPinned(pinned: boolean): Promise<void> {
    this.pinned = pinned;
    this.updateDescription();
    await vscode.commands.executeCommand("setContext", "privacyZones.lineagePinned", pinned);
  }

  /** Leaves out the nodes of a file or folder, and what is reached only through them. */
  async hide(fileOrFolder: string): Promise<void> {
    this.hidden.add(fileOrFolder);
    await this.hiddenChanged();
  }

  async clearHidden(): Promise<void> {
    this.hidden.clear();
    await this.hiddenChanged();
  }

  dispose(): void {
    clearTimeout(this.followTimer);
    for (const subscription of this.subscriptions) subscription.dispose();
    this.changed.dispose();
    this.graphChanged.dispose();
  }

  private cursorMoved(editor: vscode.TextEditor): void {
    if (this.pinned || !this.view.visible) return;
    const target = targetOf(editor);
    if (!target) return;
    clearTimeout(this.followTimer);
    this.followTimer = setTimeout(() => void this.load(target, true), FOLLOW_DELAY_MS);
  }

  /**
   * Requests the lineage at `target` and shows it. When the cursor lands off a symbol the
   * current graph stays, so that moving through a file does not empty the view.
   */
  private async load(target: Target, keepOnEmpty: boolean): Promise<void> {
    const request = ++this.request;
    const params: LineageParams = {
      textDocument: { uri: target.uri },
      position: { line: target.position.line, character: target.position.character },
    };
    let graph: LineageResult;
    try {
      graph = await this.client.sendRequest(LineageRequest.method, params);
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      this.log.warn(`Lineage request for ${target.uri} failed. ${reason}`);
      return;
    }
    // A later request started while this one waited, and its result wins.
    if (request !== this.request) return;
    if (graph.root === null && keepOnEmpty && this.tree) return;
    this.target = target;
    this.show(graph);
  }

  private show(graph: LineageGraph): void {
    this.tree = new LineageTree(graph, this.hidden);
    this.updateDescription();
    this.changed.fire(undefined);
    this.graphChanged.fire(this.tree.visibleGraph());
  }

  private async hiddenChanged(): Promise<void> {
    await vscode.commands.executeCommand(
      "setContext",
      "privacyZones.lineageHasHidden",
      this.hidden.size > 0,
    );
    if (this.tree) this.show(this.tree.graph);
  }

  private updateDescription(): void {
    const label = this.tree?.root?.label;
    const hiddenCount = this.tree?.hiddenCount() ?? 0;
    const parts = [
      label ?? "",
      this.pinned ? "pinned" : "",
      hiddenCount ? `${hiddenCount} hidden` : "",
    ];
    this.view.description = parts.filter((part) => part !== "").join(" · ");
  }
}

function targetOf(editor: vscode.TextEditor): Target | undefined {
  const document = editor.document;
  if (document.uri.scheme !== "file" || !ANALYSED_LANGUAGES.includes(document.languageId))
    return undefined;
  return { uri: document.uri.toString(), position: editor.selection.active };
}
