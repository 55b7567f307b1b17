/**
 * The HTML of the lineage graph webview. It loads one script, allowed by a nonce, and nothing
 * else: no remote resource, no inline handler. Kept free of VS Code imports so that tests can
 * open the same page in a browser.
 */

/** Options of the page, supplied by its host. */
export interface LineagePageOptions {
  /** URI of the bundled webview script (client/out/webview/lineage.js). */
  scriptUri: string;
  /** A fresh random value for this page, allowing its script and its style. */
  nonce: string;
}

/** Returns the page's HTML, with a Content Security Policy that allows only its own script. */
export function lineagePageHtml({ scriptUri, nonce }: LineagePageOptions): string {
  const csp = [
    "default-src 'none'",
    `script-src 'nonce-${nonce}'`,
    `style-src 'nonce-${nonce}'`,
  ].join("; ");
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${escapeAttribute(csp)}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<title>Lineage Graph</title>
<style nonce="${escapeAttribute(nonce)}">${STYLE}</style>
</head>
<body>
<div id="graph"><p class="empty">Loading the lineage graph…</p></div>
<script nonce="${escapeAttribute(nonce)}" src="${escapeAttribute(scriptUri)}"></script>
</body>
</html>
`;
}

function escapeAttribute(value: string): string {
  return value
    .replace(/&/g, "&amp;")
    .replace(/"/g, "&quot;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;");
}

// Theme colours come from the variables VS Code defines in webviews; the fallbacks apply in a
// plain browser page.
const STYLE = `
body {
  color: var(--vscode-foreground, #cccccc);
  background: var(--vscode-editor-background, #1e1e1e);
  font-family: var(--vscode-font-family, sans-serif);
  font-size: var(--vscode-font-size, 13px);
  margin: 0;
  padding: 8px 12px;
}
.empty { color: var(--vscode-descriptionForeground, #999999); }
.legend { list-style: none; display: flex; flex-wrap: wrap; gap: 12px; padding: 0; margin: 0 0 8px; }
.legend li { display: flex; align-items: center; gap: 4px; }
.swatch { display: inline-block; width: 10px; height: 10px; border-radius: 2px; }
svg.lineage { display: block; }
.node { cursor: pointer; }
.node rect:not(.zone-chip) {
  fill: var(--vscode-editorWidget-background, #252526);
  stroke: var(--vscode-editorWidget-border, #454545);
  stroke-width: 1.5;
}
.node.root rect:not(.zone-chip) { stroke-width: 3; }
.node.inferred rect:not(.zone-chip) { stroke-dasharray: 5 3; }
.node.violation rect:not(.zone-chip) {
  fill: var(--vscode-inputValidation-errorBackground, #5a1d1d);
  stroke: var(--vscode-errorForeground, #f48771);
}
.node.violation .caption { fill: var(--vscode-errorForeground, #f48771); }
.node:focus { outline: none; }
.node:focus rect:not(.zone-chip), .node:hover rect:not(.zone-chip) {
  stroke: var(--vscode-focusBorder, #007fd4);
}
.label { fill: var(--vscode-foreground, #cccccc); font-size: 12px; }
.caption { fill: var(--vscode-descriptionForeground, #999999); font-size: 10px; }
.edge { fill: none; stroke: var(--vscode-editorLineNumber-foreground, #858585); stroke-width: 1.2; }
.arrow-head { fill: var(--vscode-editorLineNumber-foreground, #858585); }
.edge-label { fill: var(--vscode-descriptionForeground, #999999); font-size: 9px; }
`;
