/**
 * Drives the VS Code workbench in the browser the way a user does: keyboard shortcuts, the
 * command palette, the mouse. Selectors are the workbench's own class names and ARIA labels as of
 * VS Code 1.100 (code-server 4.100.3).
 */
import * as path from "node:path";
import type { Locator, Page } from "playwright-core";
import { TIMEOUTS } from "./environment";
import { poll } from "./wait";

/** A tree row: what the screen reader reads, what the screen shows, and its place in the tree. */
export interface TreeRow {
  /** The ARIA label, which a view may set to the tooltip rather than the name. */
  label: string;
  /** The visible name, without the description. */
  name: string;
  /** The visible description, such as a node's zones. */
  description: string;
  level: number;
  expanded: boolean | null;
}

/** The editor cursor's screen position and line, from the cursor element and the status bar. */
export interface CursorInfo {
  line: number;
  column: number;
  x: number;
  y: number;
  height: number;
}

const ACTIVE_GROUP = ".part.editor .editor-group-container.active";
const ACTIVE_EDITOR = `${ACTIVE_GROUP} .editor-instance .monaco-editor`;
const SQUIGGLES = ".squiggly-error, .squiggly-warning";
const SELECTION_STATUS = '[id="status.editor.selection"]';

/** Page-level helpers for one workbench window. */
export class Workbench {
  constructor(readonly page: Page) {}

  /** Opens the workbench and waits until the explorer lists the folder's files. */
  async load(url: string): Promise<void> {
    await this.page.goto(url, { timeout: TIMEOUTS.workbench });
    await this.page
      .locator(".explorer-folders-view .monaco-list-row")
      .first()
      .waitFor({ timeout: TIMEOUTS.workbench });
  }

  /** Opens a file through Quick Open (Ctrl+P) and waits until its tab is active. */
  async openFile(relativePath: string): Promise<void> {
    const base = path.posix.basename(relativePath);
    await this.quickInput("Control+P", relativePath);
    await this.page
      .locator(".quick-input-list .monaco-list-row.focused")
      .and(this.page.locator(`[aria-label^="${cssString(base)}"]`))
      .waitFor({ timeout: TIMEOUTS.ui });
    await this.page.keyboard.press("Enter");
    await this.page
      .locator(`${ACTIVE_GROUP} .tab.active[aria-label^="${cssString(base)}"]`)
      .waitFor({ timeout: TIMEOUTS.ui });
    await this.page.locator(`${ACTIVE_EDITOR} .view-lines`).waitFor({ timeout: TIMEOUTS.ui });
  }

  /** Runs a command by its title from the command palette (F1). */
  async runCommand(title: string): Promise<void> {
    await this.quickInput("F1", title);
    await this.page
      .locator(".quick-input-list .monaco-list-row.focused")
      .and(this.page.locator(`[aria-label^="${cssString(title)}"]`))
      .waitFor({ timeout: TIMEOUTS.ui });
    await this.page.keyboard.press("Enter");
    await this.page.locator(".quick-input-widget").waitFor({ state: "hidden" });
  }

  /** Moves the cursor with Go to Line/Column (Ctrl+G), 1-based, and waits for the status bar. */
  async goTo(line: number, column: number): Promise<CursorInfo> {
    await this.quickInput("Control+G", `${line}:${column}`);
    await this.page.keyboard.press("Enter");
    // Only the line is compared, because the status bar counts a tab as several columns.
    await this.page
      .locator(`${SELECTION_STATUS}[aria-label^="Ln ${line},"]`)
      .waitFor({ timeout: TIMEOUTS.ui });
    return this.cursor();
  }

  /** Returns the cursor's line and column (1-based) and where it is drawn. */
  async cursor(): Promise<CursorInfo> {
    const status = (await this.page.locator(SELECTION_STATUS).getAttribute("aria-label")) ?? "";
    const match = /Ln (\d+), Col (\d+)/.exec(status);
    if (!match) throw new Error(`the status bar shows no cursor position: "${status}"`);
    const box = await this.page
      .locator(`${ACTIVE_EDITOR} .cursors-layer .cursor`)
      .first()
      .boundingBox();
    if (!box) throw new Error("the editor cursor is not drawn");
    return {
      line: Number(match[1]),
      column: Number(match[2]),
      x: box.x,
      y: box.y,
      height: box.height,
    };
  }

  /** Returns the active tab's label and the status bar position, such as "app.ts Ln 7, Col 15". */
  async editorPosition(): Promise<string> {
    const tab = await this.page.locator(`${ACTIVE_GROUP} .tab.active`).getAttribute("aria-label");
    const status = await this.page.locator(SELECTION_STATUS).getAttribute("aria-label");
    return `${tab ?? ""} ${status ?? ""}`;
  }

  /** Counts the error and warning squiggles drawn in the active editor. */
  async squiggleCount(): Promise<number> {
    return this.page.locator(`${ACTIVE_EDITOR} .view-overlays`).locator(SQUIGGLES).count();
  }

  /** Returns the severity of the squiggle drawn under the cursor, or undefined without one. */
  async squiggleUnderCursor(): Promise<"error" | "warning" | undefined> {
    const cursor = await this.cursor();
    const squiggles = await this.page
      .locator(`${ACTIVE_EDITOR} .view-overlays`)
      .locator(SQUIGGLES)
      .evaluateAll((nodes) =>
        nodes.map((node) => {
          const { left, right, top, bottom } = node.getBoundingClientRect();
          const severity = node.classList.contains("squiggly-error") ? "error" : "warning";
          return { left, right, top, bottom, severity } as const;
        }),
      );
    const middle = cursor.y + cursor.height / 2;
    const hit = squiggles.find(
      (box) =>
        box.left <= cursor.x + 1 &&
        cursor.x <= box.right + 1 &&
        box.top <= middle &&
        middle <= box.bottom + cursor.height,
    );
    return hit?.severity;
  }

  /** Moves the mouse over the character at the cursor and returns the hover's text. */
  async hoverAtCursor(expected: string): Promise<string> {
    const cursor = await this.cursor();
    const hover = this.page.locator(".monaco-hover:not(.hidden)").filter({ hasText: expected });
    // A hover does not always open, for one when the mouse rests on the character already and
    // moves nowhere, so the mouse leaves the editor and comes back until one shows.
    await this.waitUntil(
      `a hover that contains "${expected}"`,
      async () => {
        await this.page.mouse.move(1, 1);
        await this.page.mouse.move(cursor.x + 3, cursor.y + cursor.height / 2, { steps: 3 });
        return hover
          .first()
          .waitFor({ timeout: 3_000 })
          .then(
            () => true,
            () => false,
          );
      },
      TIMEOUTS.ui,
    );
    return (await hover.first().innerText()).replace(/\u00a0/g, " ");
  }

  /** Moves the mouse away so that a hover closes. */
  async dismissHover(): Promise<void> {
    await this.page.mouse.move(1, 1);
    await this.page.keyboard.press("Escape");
    await this.page.locator(".monaco-hover:not(.hidden)").waitFor({ state: "hidden" });
  }

  /** Returns the lines of the active editor that are drawn, top to bottom. */
  async visibleText(): Promise<string> {
    return this.page.locator(`${ACTIVE_EDITOR} .view-lines`).evaluate((element) =>
      [...element.querySelectorAll(".view-line")]
        .sort((a, b) => a.getBoundingClientRect().top - b.getBoundingClientRect().top)
        .map((line) => (line.textContent ?? "").replace(/\u00a0/g, " "))
        .join("\n"),
    );
  }

  /** Returns the text of the cursor's line. */
  async currentLineText(): Promise<string> {
    const cursor = await this.cursor();
    return this.page.locator(`${ACTIVE_EDITOR} .view-lines`).evaluate(
      (element, y) => {
        const line = [...element.querySelectorAll(".view-line")].find((candidate) => {
          const box = candidate.getBoundingClientRect();
          return box.top <= y && y < box.bottom;
        });
        return (line?.textContent ?? "").replace(/\u00a0/g, " ");
      },
      cursor.y + cursor.height / 2,
    );
  }

  /** Opens the Problems panel (Ctrl+Shift+M) and returns its tree rows. */
  async problems(): Promise<Locator> {
    const panel = this.page.locator(".markers-panel");
    if (!(await panel.isVisible())) await this.page.keyboard.press("Control+Shift+M");
    await panel.locator(".monaco-list-row").first().waitFor({ timeout: TIMEOUTS.ui });
    return panel.locator(".monaco-list-row");
  }

  /** Opens the quick fix menu (Ctrl+.) at the cursor and returns the offered titles. */
  async quickFixTitles(): Promise<string[]> {
    await this.page.keyboard.press("Control+.");
    const rows = this.page.locator(".action-widget .monaco-list-row.action");
    await rows.first().waitFor({ timeout: TIMEOUTS.ui });
    const labels = await rows.evaluateAll((nodes) =>
      nodes.map((node) => node.getAttribute("aria-label") ?? ""),
    );
    return labels.filter((label) => label.length > 0);
  }

  /**
   * Applies the quick fix with the given title from the open quick fix menu, moving the focus with
   * the arrow keys because the menu's pointer guard can swallow a mouse click.
   */
  async applyQuickFix(title: string): Promise<void> {
    const focused = this.page.locator(".action-widget .monaco-list-row.action.focused");
    const count = await this.page.locator(".action-widget .monaco-list-row.action").count();
    for (let moves = 0; moves <= count; moves += 1) {
      if ((await focused.getAttribute("aria-label")) === title) {
        await this.page.keyboard.press("Enter");
        await this.page.locator(".action-widget").waitFor({ state: "hidden" });
        return;
      }
      await this.page.keyboard.press("ArrowDown");
    }
    throw new Error(`the quick fix menu has no entry "${title}"`);
  }

  /** Clicks the activity bar item with the given title, such as "Privacy Zones". */
  async openActivityBarItem(title: string): Promise<void> {
    const item = this.page.locator(
      `.activitybar .action-item a[aria-label^="${cssString(title)}"]`,
    );
    await item.waitFor({ timeout: TIMEOUTS.ui });
    const checked = await item.locator("xpath=..").getAttribute("class");
    if (!checked?.split(" ").includes("checked")) await item.click();
  }

  /** Returns the side bar pane of a view by its name, such as "Lineage". */
  viewPane(name: string): Locator {
    return this.page
      .locator(".part.sidebar .pane")
      .filter({ has: this.page.locator(`.pane-header[aria-label^="${cssString(name)}"]`) });
  }

  /** Returns tree rows as labels, levels and expansion states, in screen order. */
  async treeRowsOf(rows: Locator): Promise<TreeRow[]> {
    const found = await rows.evaluateAll((nodes) =>
      nodes.map((node) => {
        const expanded = node.getAttribute("aria-expanded");
        const text = (selector: string): string =>
          (node.querySelector(selector)?.textContent ?? "").replace(/\u00a0/g, " ").trim();
        return {
          label: (node.getAttribute("aria-label") ?? "").trim(),
          name: text(".label-name"),
          description: text(".label-description"),
          level: Number(node.getAttribute("aria-level") ?? "0"),
          expanded: expanded === null ? null : expanded === "true",
          top: node.getBoundingClientRect().top,
        };
      }),
    );
    // The list reuses row elements, so DOM order can differ from screen order.
    return found.sort((a, b) => a.top - b.top).map(({ top: _top, ...row }) => row);
  }

  /** Waits until a tree row matches and returns its index in screen order. */
  async waitForRow(rows: Locator, matches: (row: TreeRow) => boolean): Promise<number> {
    let seen: TreeRow[] = [];
    try {
      return await poll(
        "a matching tree row",
        async () => {
          seen = await this.treeRowsOf(rows);
          const index = seen.findIndex(matches);
          return index >= 0 ? index : undefined;
        },
        TIMEOUTS.diagnostics,
      );
    } catch (error) {
      const labels = seen.map((row) => row.name || row.label).join(" | ");
      throw new Error(`${(error as Error).message}; rows: ${labels || "none"}`);
    }
  }

  /** Clicks a tree row, or its expand arrow, by its index in screen order. */
  async clickRow(rows: Locator, index: number, part: "row" | "twistie" = "row"): Promise<void> {
    const handles = await rows.elementHandles();
    const placed = await Promise.all(
      handles.map(async (handle) => ({ handle, top: (await handle.boundingBox())?.y ?? 0 })),
    );
    const row = placed.sort((a, b) => a.top - b.top)[index]?.handle;
    if (!row) throw new Error(`there is no tree row at index ${index}`);
    const twistie = part === "twistie" ? await row.$(".monaco-tl-twistie") : null;
    await (twistie ?? row).click();
  }

  /** Types a filter into the Problems panel's filter box. */
  async filterProblems(text: string): Promise<void> {
    const input = this.page.locator(".part.panel .viewpane-filter input");
    await input.fill(text);
  }

  /** Waits until the suggest widget lists entries and returns their labels. */
  async suggestions(): Promise<string[]> {
    const rows = this.page.locator(".suggest-widget.visible .monaco-list-row");
    await rows.first().waitFor({ timeout: TIMEOUTS.ui });
    const labels = await rows.evaluateAll((nodes) =>
      nodes.map((node) => node.getAttribute("aria-label") ?? ""),
    );
    // A row reads "PII, Enum Member"; the label is the part before the kind.
    return labels.map((label) => label.split(",")[0]?.trim() ?? "");
  }

  /** Waits until a condition on the workbench holds, polling it. */
  async waitUntil(what: string, check: () => Promise<boolean>, timeoutMs: number): Promise<void> {
    await poll(what, async () => ((await check()) ? true : undefined), timeoutMs);
  }

  private async quickInput(shortcut: string, text: string): Promise<void> {
    await this.page.keyboard.press(shortcut);
    const input = this.page.locator(".quick-input-widget .quick-input-box input");
    await input.waitFor({ timeout: TIMEOUTS.ui });
    // Ctrl+G and F1 prefill ":" and ">", which typing appends to.
    await this.page.keyboard.type(text);
  }
}

/** Escapes a value for a double-quoted CSS attribute selector. */
function cssString(value: string): string {
  return value.replace(/\\/g, "\\\\").replace(/"/g, '\\"');
}
