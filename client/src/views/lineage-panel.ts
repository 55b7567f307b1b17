import { randomBytes } from "node:crypto";
import * as vscode from "vscode";
import type { LineageGraph } from "../../../server/src/protocol";
import type { FromWebviewMessage, ToWebviewMessage } from "../../webview/messages";
import { lineagePageHtml } from "./lineage-html";
import { revealLocation } from "./locations";

/**
 * The "Lineage Graph" webview panel: draws the graph of the Lineage view as SVG and reveals the
 * code of a node that the user clicks. One panel at a time, updated as the view changes.
 */
export class LineagePanel implements vscode.Disposable {
  private panel: vscode.WebviewPanel | undefined;
  private graph: LineageGraph | undefined;

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly log: vscode.LogOutputChannel,
  ) {}

  /** Opens the panel, or brings it to the front, showing `graph`. */
  show(graph: LineageGraph): void {
    this.graph = graph;
    if (this.panel) {
      this.panel.reveal(undefined, true);
      this.post(graph);
      return;
    }
    this.panel = this.create();
  }

  /** Shows `graph` in the panel if the panel is open. */
  update(graph: LineageGraph): void {
    this.graph = graph;
    if (this.panel) this.post(graph);
  }

  dispose(): void {
    this.panel?.dispose();
  }

  private create(): vscode.WebviewPanel {
    const scripts = vscode.Uri.joinPath(this.extensionUri, "client", "out", "webview");
    const panel = vscode.window.createWebviewPanel(
      "privacyZones.lineageGraph",
      "Lineage Graph",
      { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true },
      { enableScripts: true, enableCommandUris: false, localResourceRoots: [scripts] },
    );
    const scriptUri = panel.webview.asWebviewUri(vscode.Uri.joinPath(scripts, "lineage.js"));
    panel.webview.html = lineagePageHtml({
      scriptUri: scriptUri.toString(),
      nonce: randomBytes(16).toString("base64"),
    });
    panel.webview.onDidReceiveMessage((message: unknown) => void this.receive(message));
    panel.onDidDispose(() => {
      if (this.panel === panel) this.panel = undefined;
    });
    return panel;
  }

  private post(graph: LineageGraph): void {
    const root = graph.nodes.find((node) => node.id === graph.root);
    if (this.panel) this.panel.title = root ? `Lineage: ${root.label}` : "Lineage Graph";
    const message: ToWebviewMessage = { type: "graph", graph };
    void this.panel?.webview.postMessage(message);
  }

  /** Handles a message of the page; the page draws untrusted text, so its input is checked. */
  private async receive(message: unknown): Promise<void> {
    const received = message as Partial<FromWebviewMessage> | null;
    if (received?.type === "ready" && this.graph) {
      this.post(this.graph);
      return;
    }
    if (received?.type !== "reveal" || typeof received.nodeId !== "string") return;
    const node = this.graph?.nodes.find((candidate) => candidate.id === received.nodeId);
    if (!node) return;
    try {
      await revealLocation(node.location);
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      this.log.error(`Revealing ${node.location.file} failed. ${reason}`);
    }
  }
}
