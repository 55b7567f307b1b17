import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

/** The repository root; tests run from out/test/<tier>/. */
export const REPO_ROOT = path.resolve(__dirname, "..", "..", "..");
export const FIXTURES = path.join(REPO_ROOT, "test", "fixtures");
export const CLI = path.join(REPO_ROOT, "server", "out", "cli.js");

/** Lines marked `// expect: PZ001` (or another code) in a file, as 1-based `line:code` strings. */
export function expectedMarkers(file: string): string[] {
  const markers: string[] = [];
  fs.readFileSync(file, "utf8")
    .split("\n")
    .forEach((line, index) => {
      for (const match of line.matchAll(/expect: (PZ\d{3})/g))
        markers.push(`${index + 1}:${match[1]}`);
    });
  return markers.sort();
}

/** Temporary folders of this test process, removed when it exits. */
const temporaryFolders: string[] = [];

process.on("exit", () => {
  for (const dir of temporaryFolders) fs.rmSync(dir, { recursive: true, force: true });
});

/** Writes files into a new temporary folder and returns its path; the folder goes at exit. */
export function writeTempProject(files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "privacy-zones-test-"));
  temporaryFolders.push(dir);
  for (const [name, text] of Object.entries(files)) {
    const file = path.join(dir, name);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, text);
  }
  return dir;
}
