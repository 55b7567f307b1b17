import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { after, before, describe, test } from "node:test";
import type {
  CompletionItem,
  CompletionList,
  InitializeResult,
  MarkupContent,
} from "vscode-languageserver-protocol";
import { copyFixture, TestClient } from "./lsp-client";
import { endOf } from "./text-positions";

describe("completion in annotations", () => {
  let root: string;
  let client: TestClient;
  let uri: string;
  let capabilities: InitializeResult["capabilities"];

  /** Replaces the document with `prefix` and requests completions at its end. */
  async function complete(prefix: string): Promise<CompletionItem[]> {
    await client.change(uri, prefix);
    const result: CompletionItem[] | CompletionList | null = await client.connection.sendRequest(
      "textDocument/completion",
      { textDocument: { uri }, position: endOf(prefix) },
    );
    if (result === null) return [];
    return Array.isArray(result) ? result : result.items;
  }

  const labels = (items: CompletionItem[]) => items.map((item) => item.label);

  before(async () => {
    root = copyFixture("annotations");
    const started = await TestClient.start(root);
    client = started.client;
    capabilities = started.result.capabilities;
    uri = await client.open(path.join(root, "src", "records.ts"));
  });

  after(async () => {
    await client.stop();
    fs.rmSync(root, { recursive: true, force: true });
  });

  test("initialize declares trigger characters", () => {
    const triggers = capabilities.completionProvider?.triggerCharacters ?? [];
    assert.ok(triggers.includes(" "));
    assert.ok(triggers.includes("@"));
  });

  test("zone tag offers config and preset zones", async () => {
    const items = await complete("/** @zone ");
    assert.ok(labels(items).includes("MEDICAL_RECORD"), "the config's own zone");
    assert.ok(labels(items).includes("PII"), "a zone of the recommended preset");
    const medical = items.find((item) => item.label === "MEDICAL_RECORD");
    const docs = (medical?.documentation as MarkupContent | undefined)?.value ?? "";
    assert.match(docs, /Clinical notes and diagnoses\./);
    assert.match(docs, /`care_team`/);
    assert.match(docs, /`storage`/);
  });

  test("zone tag replaces the partial name", async () => {
    const items = await complete("/** @zone MED");
    const medical = items.find((item) => item.label === "MEDICAL_RECORD");
    assert.ok(medical?.textEdit && "range" in medical.textEdit);
    assert.deepEqual(medical.textEdit.range.start, { line: 0, character: 10 });
    assert.equal(medical.textEdit.newText, "MEDICAL_RECORD");
  });

  test("zone tag leaves out listed zones", async () => {
    const items = await complete("/** @zone PII ");
    assert.ok(!labels(items).includes("PII"));
    assert.ok(labels(items).includes("HEALTH"));
  });

  test("sink tag offers purposes", async () => {
    const items = await complete("/**\n * @sink ");
    assert.ok(labels(items).includes("care_team"), "a purpose the config declares");
    assert.ok(labels(items).includes("logging"), "a built-in purpose");
    assert.ok(!labels(items).includes("PII"), "zones are no purposes");
    const careTeam = items.find((item) => item.label === "care_team");
    const docs = (careTeam?.documentation as MarkupContent | undefined)?.value ?? "";
    assert.match(docs, /care team/);
    assert.match(docs, /`MEDICAL_RECORD`/);
  });

  test("sink tag offers nothing after its purpose", async () => {
    assert.deepEqual(await complete("/** @sink logging "), []);
  });

  test("reclassify tag offers the arrow form", async () => {
    const items = await complete("/** @reclassify ");
    const form = items.find((item) => String(item.label).includes("->"));
    assert.ok(form?.textEdit, "expected the `FROM -> TO -- ` form");
    assert.equal(form.textEdit.newText, "PII -> PSEUDONYMOUS -- ");
    assert.ok(labels(items).includes("MEDICAL_RECORD"));
  });

  test("reclassify tag offers separators after a zone", async () => {
    const items = await complete("/** @reclassify MEDICAL_RECORD ");
    assert.ok(labels(items).includes("->"));
    assert.ok(labels(items).includes("--"));
    assert.ok(!labels(items).includes("MEDICAL_RECORD"));
  });

  test("reclassify arrow offers target zones", async () => {
    const items = await complete("/** @reclassify PII -> ");
    assert.ok(labels(items).includes("PSEUDONYMOUS"));
    assert.ok(!labels(items).includes("->"));
  });

  test("reclassify reason gets no completions", async () => {
    assert.deepEqual(await complete("/** @reclassify PII -> PSEUDONYMOUS -- "), []);
  });

  test("at sign offers the tag names", async () => {
    const items = await complete("/** @");
    assert.deepEqual(labels(items).sort(), ["@reclassify", "@sink", "@zone"]);
  });

  test("disable comment offers finding codes", async () => {
    const items = await complete("const a = 1;\n// privacy-zones-disable-next-line ");
    assert.deepEqual(labels(items), ["PZ001", "PZ002", "PZ003", "PZ004", "PZ005"]);
  });

  test("disable comment leaves out listed codes", async () => {
    const items = await complete("// privacy-zones-disable-line PZ001 ");
    assert.deepEqual(labels(items), ["PZ002", "PZ003", "PZ004", "PZ005"]);
  });

  test("code outside comments gets no completions", async () => {
    assert.deepEqual(await complete("/** @zone PII */\nconst zone = "), []);
  });
});
