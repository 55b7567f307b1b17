/**
 * Renders the lineage graph webview in headless Chromium from a saved graph, under the same
 * Content Security Policy that VS Code gets, and checks what the page draws and runs.
 */
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { pathToFileURL } from "node:url";
import { after, before, describe, test } from "node:test";
import { chromium, type BrowserContext, type Page } from "playwright-core";
import type { LineageGraph } from "../../server/src/protocol";
import { lineagePageHtml } from "../../client/src/views/lineage-html";
import { REPO_ROOT } from "../support/paths";

const CHROMIUM = "/usr/bin/chromium";
const SCRIPT = path.join(REPO_ROOT, "client", "out", "webview", "lineage.js");
const GRAPH_FILE = path.join(REPO_ROOT, "test", "webview", "fixtures", "lineage-graph.json");
const ARTIFACTS = path.join(REPO_ROOT, ".test-artifacts", "webview");
const PAYLOAD = "<img src=x onerror=alert(1)>";
const TIMEOUT_MS = 15_000;

/** The page's global scope as the test's callbacks see it (the test compiles without DOM types). */
interface PageWindow {
  postMessage(message: unknown, targetOrigin: string): void;
  addEventListener(type: string, listener: (event: { detail: unknown }) => void): void;
  pageMessages: unknown[];
}

describe("lineage graph webview in Chromium", () => {
  const graph = JSON.parse(fs.readFileSync(GRAPH_FILE, "utf8")) as LineageGraph;
  const dialogs: string[] = [];
  const pageErrors: string[] = [];
  let userDataDir: string;
  let pageDir: string;
  let context: BrowserContext;
  let page: Page;

  before(async () => {
    assert.ok(
      fs.existsSync(CHROMIUM),
      `${CHROMIUM} is missing. Install Debian's chromium package (apt-get install chromium) to run the webview tests.`,
    );
    assert.ok(fs.existsSync(SCRIPT), `${SCRIPT} is missing; run npm run build first.`);
    userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), "pz-chromium-"));
    pageDir = fs.mkdtempSync(path.join(os.tmpdir(), "pz-webview-"));
    const nonce = randomBytes(16).toString("base64");
    const html = lineagePageHtml({ scriptUri: pathToFileURL(SCRIPT).toString(), nonce });
    const pageFile = path.join(pageDir, "lineage.html");
    fs.writeFileSync(pageFile, html);
    context = await chromium.launchPersistentContext(userDataDir, {
      executablePath: CHROMIUM,
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
      ],
      viewport: { width: 1600, height: 1000 },
    });
    page = context.pages()[0] ?? (await context.newPage());
    page.on("dialog", (dialog) => {
      dialogs.push(dialog.message());
      void dialog.dismiss();
    });
    page.on("pageerror", (error) => pageErrors.push(error.message));
    // Records what the page sends, as the extension would receive it.
    await page.addInitScript(() => {
      const scope = globalThis as unknown as PageWindow;
      scope.pageMessages = [];
      scope.addEventListener("lineage-message", (event) => scope.pageMessages.push(event.detail));
    });
    await page.goto(pathToFileURL(pageFile).toString());
    await page.evaluate((shown) => {
      (globalThis as unknown as PageWindow).postMessage({ type: "graph", graph: shown }, "*");
    }, graph);
    await page.locator("[data-node-id]").first().waitFor({ timeout: TIMEOUT_MS });
  });

  after(async () => {
    await context?.close();
    for (const dir of [userDataDir, pageDir]) {
      if (dir) fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test("draws every node once, with its label as text", async () => {
    const ids = await page
      .locator("[data-node-id]")
      .evaluateAll((elements) => elements.map((element) => element.getAttribute("data-node-id")));
    assert.deepEqual([...ids].sort(), graph.nodes.map((node) => node.id).sort());
    for (const node of graph.nodes) {
      const label = page.locator(`[data-node-id="${node.id}"] .label`);
      assert.equal(await label.textContent(), node.label);
    }
    assert.equal(await page.locator("path.edge").count(), graph.edges.length);
  });

  test("a label holding markup is shown as text and runs nothing", async () => {
    const node = page.locator('[data-node-id="untrusted.ts:3:15:source"]');
    assert.equal(await node.locator(".label").textContent(), PAYLOAD);
    const markup = await node.locator(".label").evaluate((element) => element.innerHTML);
    assert.equal(markup, "&lt;img src=x onerror=alert(1)&gt;");
    assert.equal(await page.locator("img").count(), 0);
    assert.deepEqual(dialogs, []);
    assert.deepEqual(pageErrors, []);
  });

  test("violating sinks and inferred steps are marked", async () => {
    const violations = await page
      .locator(".node.violation")
      .evaluateAll((elements) => elements.map((element) => element.getAttribute("data-node-id")));
    const expected = graph.nodes.filter((node) => node.violation).map((node) => node.id);
    assert.deepEqual(violations, expected);
    assert.ok(expected.length > 0, "the saved graph has a violating sink");
    const inferred = await page.locator(".node.inferred").count();
    assert.equal(inferred, graph.nodes.filter((node) => node.confidence === "inferred").length);
  });

  test("each zone of a node gets the same colour everywhere", async () => {
    const chips = await page
      .locator(".zone-chip")
      .evaluateAll((elements) =>
        elements.map((element) => [
          element.getAttribute("data-zone"),
          element.getAttribute("fill"),
        ]),
      );
    const colours = new Map<string | null, Set<string | null>>();
    for (const [zone, fill] of chips)
      colours.set(zone!, (colours.get(zone!) ?? new Set()).add(fill!));
    for (const [zone, fills] of colours) assert.equal(fills.size, 1, `${zone} has several colours`);
    assert.equal(await page.locator(".legend li").count(), colours.size);
  });

  test("clicking a node asks to reveal it", async () => {
    const root = graph.root!;
    await page.locator(`[data-node-id="${root}"]`).click();
    await page.waitForFunction(
      (id) =>
        (globalThis as unknown as PageWindow).pageMessages.some(
          (message) => (message as { nodeId?: string }).nodeId === id,
        ),
      root,
      { timeout: TIMEOUT_MS },
    );
    fs.mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: path.join(ARTIFACTS, "lineage-graph.png"), fullPage: true });
  });
});
