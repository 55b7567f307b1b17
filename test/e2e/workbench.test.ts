/**
 * Browser end-to-end scenarios: the packaged extension in a real VS Code workbench (code-server)
 * driven in headless Chromium. The tests run in order in one workbench session and each saves a
 * screenshot to .test-artifacts/e2e/. Needs `bash .ci/install-code-server.sh` first.
 */
import assert from "node:assert/strict";
import * as path from "node:path";
import { after, before, describe, test, type TestContext } from "node:test";
import { TIMEOUTS } from "./support/environment";
import { findActivityBarView, findCommand } from "./support/extension-package";
import { pickLineageSymbol } from "./support/findings";
import { allowPurpose } from "./support/policy-config";
import { chooseQuickFix } from "./support/quick-fixes";
import { E2eSession } from "./support/session";
import type { TreeRow } from "./support/workbench";

const session = new E2eSession();
const STEP_TIMEOUT = 5 * 60_000;

/** Opens the target finding's file and puts the cursor inside the finding's range. */
async function goToTarget(): Promise<void> {
  const { target } = session;
  await session.workbench.openFile(target.file);
  const column =
    target.endLine === target.line && target.endColumn > target.column + 1
      ? target.column + Math.floor((target.endColumn - target.column) / 2)
      : target.column;
  await session.workbench.goTo(target.line, column);
}

/** Opens the file of the zoned symbol that the lineage scenarios follow and puts the cursor on it. */
async function goToLineageSymbol(): Promise<void> {
  const symbol = pickLineageSymbol(session.findings, session.target);
  await session.workbench.openFile(symbol.file);
  await session.workbench.goTo(symbol.line, symbol.column);
}

async function waitForTargetSquiggle(present: boolean): Promise<void> {
  await session.workbench.waitUntil(
    present ? "the finding's squiggle to appear" : "the finding's squiggle to go away",
    async () => ((await session.workbench.squiggleUnderCursor()) !== undefined) === present,
    TIMEOUTS.diagnostics,
  );
}

/** Skips a scenario whose server capability is missing from the built server. */
function skipWithoutCapability(
  t: TestContext,
  capability: "codeActionProvider" | "completionProvider",
): boolean {
  const probe = session.capabilities;
  if (probe.ok && !probe.capabilities[capability]) {
    t.skip(`the built language server does not advertise ${capability}`);
    return true;
  }
  return false;
}

/** Returns the rows below a parent row, up to the next row at the parent's level or above. */
function childrenOf(rows: TreeRow[], parentIndex: number): TreeRow[] {
  const parent = rows[parentIndex];
  if (!parent) return [];
  const children: TreeRow[] = [];
  for (const row of rows.slice(parentIndex + 1)) {
    if (row.level <= parent.level) break;
    children.push(row);
  }
  return children;
}

function identifiers(text: string): string[] {
  return text.match(/[A-Za-z_$][\w$]*/g) ?? [];
}

describe("workbench end to end", () => {
  before(() => session.start(), { timeout: 20 * 60_000 });
  after(() => session.stop(), { timeout: 2 * 60_000 });

  test("extension installs and activates", { timeout: STEP_TIMEOUT }, () =>
    session.step("extension activated", async () => {
      await session.workbench.openFile(session.target.file);
      const activation = await session.waitForActivation();
      assert.match(activation, /_doActivateExtension/);
    }),
  );

  test("squiggle marks the finding", { timeout: STEP_TIMEOUT }, () =>
    session.step("squiggle on the finding", async () => {
      await goToTarget();
      await waitForTargetSquiggle(true);
      // The target is an enforce-mode finding, which VS Code draws as .squiggly-error.
      assert.equal(await session.workbench.squiggleUnderCursor(), "error");
    }),
  );

  test("hover shows the message", { timeout: STEP_TIMEOUT }, () =>
    session.step("hover on the finding", async () => {
      await goToTarget();
      await waitForTargetSquiggle(true);
      const text = await session.workbench.hoverAtCursor(session.target.message);
      assert.ok(text.includes(session.target.code), `the hover names no ${session.target.code}`);
      assert.ok(text.includes("privacy-zones"), "the hover names no privacy-zones source");
      await session.screenshot("hover");
      await session.workbench.dismissHover();
    }),
  );

  test("problems panel lists the path", { timeout: STEP_TIMEOUT }, () =>
    session.step("problems panel with the path steps", async () => {
      const { target, workbench } = session;
      await goToTarget();
      await waitForTargetSquiggle(true);
      const rows = await workbench.problems();
      await workbench.filterProblems(path.posix.basename(target.file));
      const expectedLabel = `Error: ${target.message} at line ${target.line} `;
      const index = await workbench.waitForRow(rows, (row) => row.label.startsWith(expectedLabel));
      const marker = (await workbench.treeRowsOf(rows))[index];
      assert.ok(marker, `no Problems row starts with "${expectedLabel}"`);
      if (marker.expanded === false) await workbench.clickRow(rows, index, "twistie");
      await workbench.waitUntil(
        "the finding's path steps to be listed under it",
        async () =>
          childrenOf(await workbench.treeRowsOf(rows), index).length >= target.path.length,
        TIMEOUTS.ui,
      );
      const steps = childrenOf(await workbench.treeRowsOf(rows), index);
      assert.equal(steps.length, target.path.length);
      target.path.forEach((step, i) => {
        assert.ok(
          steps[i]?.label.startsWith(step.message),
          `path step ${i + 1} reads "${steps[i]?.label}", expected it to start with "${step.message}"`,
        );
      });
      await session.screenshot("problems panel with the path steps");
      await workbench.filterProblems("");
    }),
  );

  test("quick fix removes the finding", { timeout: STEP_TIMEOUT }, async (t) => {
    if (skipWithoutCapability(t, "codeActionProvider")) return;
    await session.step("quick fix applied", async () => {
      const { workbench } = session;
      await goToTarget();
      await waitForTargetSquiggle(true);
      const textBefore = await workbench.visibleText();
      const squigglesBefore = await workbench.squiggleCount();
      const titles = await workbench.quickFixTitles();
      await session.screenshot("quick fix menu");
      const fix = chooseQuickFix(titles);
      assert.ok(fix, `none of the offered quick fixes is known: ${JSON.stringify(titles)}`);
      await workbench.applyQuickFix(fix.title);
      await workbench.waitUntil(
        `the text to change after "${fix.title}": ${fix.promise}`,
        async () => fix.isApplied(textBefore, await workbench.visibleText()),
        TIMEOUTS.ui,
      );
      await workbench.waitUntil(
        `the squiggle count to drop below ${squigglesBefore} after "${fix.title}"`,
        async () => (await workbench.squiggleCount()) < squigglesBefore,
        TIMEOUTS.diagnostics,
      );
      await session.screenshot("after quick fix");
      await workbench.page.keyboard.press("Escape");
      await workbench.runCommand("File: Revert File");
      // The revert replaces the text after the command returns, and a cursor placed before that
      // moves with the replaced text.
      await workbench.waitUntil(
        `the file to lose "${fix.title}" after the revert`,
        async () => !fix.isApplied(textBefore, await workbench.visibleText()),
        TIMEOUTS.ui,
      );
      await goToTarget();
      await waitForTargetSquiggle(true);
    });
  });

  test("lineage view follows the symbol", { timeout: STEP_TIMEOUT }, async (t) => {
    const view = findActivityBarView(session.extension.manifest, /lineage/i);
    if (!view) {
      t.skip("the built extension contributes no Lineage view in an activity bar container");
      return;
    }
    await session.step("lineage view", async () => {
      const { workbench } = session;
      await goToLineageSymbol();
      await workbench.openActivityBarItem(view.containerTitle);
      const pane = workbench.viewPane(view.name);
      const rows = pane.locator(".monaco-list-row");
      // Rows are matched by their visible names, because the view sets tooltips as ARIA labels.
      const upstream = await workbench.waitForRow(rows, (row) => /^Upstream/i.test(row.name));
      let tree = await workbench.treeRowsOf(rows);
      session.lineageRootLabel = tree[0]?.name;
      for (const label of [/^Upstream/i, /^Downstream/i]) {
        const index = tree.findIndex((row) => label.test(row.name));
        assert.ok(index >= 0, `the Lineage tree has no row matching ${label}`);
        if (tree[index]?.expanded === false) await workbench.clickRow(rows, index);
      }
      await workbench.waitUntil(
        "Upstream and Downstream to list nodes",
        async () => {
          tree = await workbench.treeRowsOf(rows);
          const downstream = tree.findIndex((row) => /^Downstream/i.test(row.name));
          return childrenOf(tree, upstream).length > 0 && childrenOf(tree, downstream).length > 0;
        },
        TIMEOUTS.diagnostics,
      );
      await session.screenshot("lineage tree");

      // The last node under Upstream is the farthest back, normally the source.
      const sources = childrenOf(tree, upstream);
      const node = sources[sources.length - 1];
      assert.ok(node, "Upstream lists no node");
      // A source on another line, column or file all count as a move.
      const before = await workbench.editorPosition();
      await workbench.clickRow(rows, upstream + sources.length);
      await workbench.waitUntil(
        `the editor to move to "${node.name}"`,
        async () => (await workbench.editorPosition()) !== before,
        TIMEOUTS.ui,
      );
      const lineText = await workbench.currentLineText();
      assert.ok(
        identifiers(node.name).some((name) => lineText.includes(name)),
        `the editor moved to "${lineText.trim()}", which names nothing from "${node.name}"`,
      );
    });
  });

  test("lineage graph draws the nodes", { timeout: STEP_TIMEOUT }, async (t) => {
    const command = findCommand(session.extension.manifest, /lineage graph/i);
    if (!command) {
      t.skip("the built extension contributes no Open Lineage Graph command");
      return;
    }
    await session.step("lineage graph", async () => {
      const { workbench } = session;
      await goToLineageSymbol();
      await workbench.runCommand(command.paletteTitle);
      const graph = workbench.page
        .frameLocator("iframe.webview.ready")
        .last()
        .frameLocator("#active-frame");
      const labels = graph.locator("svg text");
      await workbench.waitUntil(
        "the graph to draw two or more labelled nodes",
        async () => (await labels.count()) >= 2,
        TIMEOUTS.diagnostics,
      );
      const texts = await labels.allTextContents();
      const root = session.lineageRootLabel;
      if (root) {
        assert.ok(
          identifiers(root).some((name) => texts.some((text) => text.includes(name))),
          `no graph label names the Lineage root "${root}"; labels: ${JSON.stringify(texts)}`,
        );
      }
      await session.screenshot("lineage graph");
      await workbench.runCommand("View: Close All Editors");
    });
  });

  test("allowing the purpose clears it", { timeout: STEP_TIMEOUT }, () =>
    session.step("purpose allowed in privacy-zones.json", async () => {
      const { target, workspace } = session;
      assert.ok(target.sink, "the target finding has no sink");
      await goToTarget();
      await waitForTargetSquiggle(true);
      await allowPurpose(
        path.join(workspace, "privacy-zones.json"),
        target.zones,
        target.sink.purpose,
      );
      await waitForTargetSquiggle(false);
    }),
  );

  test("completion offers zone names", { timeout: STEP_TIMEOUT }, async (t) => {
    if (skipWithoutCapability(t, "completionProvider")) return;
    await session.step("zone completion", async () => {
      const { workbench, target } = session;
      await workbench.openFile(target.file);
      await workbench.goTo(1, 1);
      await workbench.page.keyboard.press("Enter");
      await workbench.page.keyboard.press("ArrowUp");
      // Typing "/**" makes the editor close the comment, so the tag lands inside JSDoc.
      await workbench.page.keyboard.type("/** @zone ");
      await workbench.page.keyboard.press("Control+Space");
      const labels = await workbench.suggestions();
      for (const zone of target.zones) {
        assert.ok(labels.includes(zone), `completion lacks ${zone}: ${JSON.stringify(labels)}`);
      }
      await session.screenshot("zone completion");
      await workbench.page.keyboard.press("Escape");
      await workbench.runCommand("File: Revert File");
    });
  });
});
