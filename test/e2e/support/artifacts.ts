/** Screenshots and logs that the browser end-to-end suite leaves in `.test-artifacts/e2e/`. */
import * as fs from "node:fs/promises";
import * as path from "node:path";
import type { Page } from "playwright-core";
import { ARTIFACTS_DIR } from "./environment";

/** Numbers screenshots in the order the steps ran, so the folder reads like the session. */
export class Artifacts {
  /** Number of screenshots saved so far. */
  counter = 0;

  constructor(readonly dir: string = ARTIFACTS_DIR) {}

  /** Empties the folder, so no screenshot from an earlier run can be mistaken for this one. */
  async reset(): Promise<void> {
    await fs.rm(this.dir, { recursive: true, force: true });
    await fs.mkdir(this.dir, { recursive: true });
  }

  /** Saves a full-window screenshot named after the step and returns its path. */
  async screenshot(page: Page, step: string): Promise<string> {
    this.counter += 1;
    const name = `${String(this.counter).padStart(2, "0")}-${slug(step)}.png`;
    const file = path.join(this.dir, name);
    await page.screenshot({ path: file, timeout: 15_000 });
    return file;
  }

  /** Copies a file or folder into the artifacts folder; a missing source is skipped. */
  async keep(source: string, name: string): Promise<void> {
    try {
      await fs.cp(source, path.join(this.dir, name), { recursive: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
    }
  }

  /** Writes text, such as the browser console, into the artifacts folder. */
  async write(name: string, text: string): Promise<void> {
    await fs.writeFile(path.join(this.dir, name), text);
  }
}

function slug(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-|-$/g, "")
    .slice(0, 60);
}
