import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { after, before, describe, test } from "node:test";
import type { PublishDiagnosticsParams } from "vscode-languageserver-protocol";
import { TestClient } from "./lsp-client";

const MAIN = `/** @zone PII */
export const email = "a@b.c";
console.log(email);
`;

const DEPTH = 10_000;
const DEEP = `export const x = ${"(".repeat(DEPTH)}1${")".repeat(DEPTH)};\n`;

const notices = (params: PublishDiagnosticsParams): string[] =>
  params.diagnostics
    .filter((diagnostic) => diagnostic.code === "skipped")
    .map((diagnostic) => String(diagnostic.message));

/** Open documents that the analysis leaves out get a notice with the reason. */
describe("documents the analysis skips", () => {
  let root: string;
  let client: TestClient;
  let mainUri: string;
  let deepUri: string;

  before(async () => {
    root = fs.mkdtempSync(path.join(fs.realpathSync(os.tmpdir()), "pz-skipped-"));
    fs.writeFileSync(path.join(root, "tsconfig.json"), "{}\n");
    fs.writeFileSync(path.join(root, "main.ts"), MAIN);
    fs.writeFileSync(path.join(root, "deep.ts"), "export const x = 1;\n");
    client = (await TestClient.start(root)).client;
    mainUri = await client.open(path.join(root, "main.ts"));
    deepUri = await client.open(path.join(root, "deep.ts"));
  });

  after(async () => {
    await client.stop();
    fs.rmSync(root, { recursive: true, force: true });
  });

  test("a document too deep to parse gets a notice", async () => {
    await client.change(deepUri, DEEP);
    const params = await client.waitForDiagnostics(
      deepUri,
      (p) => notices(p).length === 1,
      "notice on deep.ts",
    );
    assert.match(notices(params)[0]!, /^Not analysed: TypeScript's parser failed on it/);
    assert.equal(params.diagnostics[0]!.severity, 3);
    assert.deepEqual(params.diagnostics[0]!.range.start, { line: 0, character: 0 });
  });

  test("the other document keeps its finding", async () => {
    await client.change(mainUri, MAIN.replace("console.log(email);", "console.info(email);"));
    const params = await client.waitForDiagnostics(
      mainUri,
      (p) => p.diagnostics.some((diagnostic) => diagnostic.code === "PZ001"),
      "finding in main.ts",
    );
    assert.equal(params.diagnostics.filter((diagnostic) => diagnostic.code === "PZ001").length, 1);
  });

  test("a parsable edit clears the notice", async () => {
    await client.change(deepUri, "export const x = (1);\n");
    const params = await client.waitForDiagnostics(
      deepUri,
      (p) => notices(p).length === 0,
      "no notice on deep.ts",
    );
    assert.deepEqual(params.diagnostics, []);
  });
});

describe("a document too deep to parse on disk", () => {
  let root: string;
  let client: TestClient;

  before(async () => {
    root = fs.mkdtempSync(path.join(fs.realpathSync(os.tmpdir()), "pz-deep-"));
    fs.writeFileSync(path.join(root, "tsconfig.json"), "{}\n");
    fs.writeFileSync(path.join(root, "main.ts"), MAIN);
    fs.writeFileSync(path.join(root, "deep.ts"), DEEP);
    client = (await TestClient.start(root)).client;
  });

  after(async () => {
    await client.stop();
    fs.rmSync(root, { recursive: true, force: true });
  });

  test("opens with a notice, and the project is analysed", async () => {
    const deepUri = await client.open(path.join(root, "deep.ts"));
    const mainUri = await client.open(path.join(root, "main.ts"));
    const deep = await client.waitForDiagnostics(
      deepUri,
      (p) => notices(p).length === 1,
      "notice on deep.ts",
    );
    assert.match(notices(deep)[0]!, /^Not analysed: TypeScript's parser failed on it/);
    const main = await client.waitForDiagnostics(
      mainUri,
      (p) => p.diagnostics.some((diagnostic) => diagnostic.code === "PZ001"),
      "finding in main.ts",
    );
    assert.equal(main.diagnostics.filter((diagnostic) => diagnostic.code === "PZ001").length, 1);
    assert.ok(!client.logs.some((line) => line.includes("failed. Maximum call stack")));
  });
});
