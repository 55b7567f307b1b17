/**
 * Entry point of the lineage graph webview. Draws each graph the extension sends and requests that the
 * extension reveal a node's code when the user picks it. In a plain page without the VS Code
 * API, picked nodes go to the window as `lineage-message` events instead.
 */
import type { FromWebviewMessage, ToWebviewMessage } from "./messages";
import { renderLineageGraph } from "./lineage-graph";

interface VsCodeApi {
  postMessage(message: FromWebviewMessage): void;
}

declare const acquireVsCodeApi: (() => VsCodeApi) | undefined;

function connect(): (message: FromWebviewMessage) => void {
  if (typeof acquireVsCodeApi === "function") {
    const api = acquireVsCodeApi();
    return (message) => api.postMessage(message);
  }
  return (message) => window.dispatchEvent(new CustomEvent("lineage-message", { detail: message }));
}

const post = connect();
const container = document.getElementById("graph");

window.addEventListener("message", (event: MessageEvent<ToWebviewMessage>) => {
  const message = event.data;
  if (!container || message?.type !== "graph") return;
  renderLineageGraph(container, message.graph, {
    onReveal: (nodeId) => post({ type: "reveal", nodeId }),
  });
  // A wide graph opens scrolled to the selected symbol rather than to its leftmost source.
  container.querySelector(".node.root")?.scrollIntoView({ block: "center", inline: "center" });
});

post({ type: "ready" });
