import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { after, before, describe, test } from "node:test";
import type { Location, Position } from "vscode-languageserver-protocol";
import { copyFixture, TestClient, toUri } from "./lsp-client";
import { positionOf, readUri, textAt } from "./text-positions";

describe("go to definition in annotations", () => {
  let root: string;
  let client: TestClient;
  let uri: string;
  let text: string;

  const definition = (position: Position): Promise<Location | null> =>
    client.connection.sendRequest("textDocument/definition", { textDocument: { uri }, position });

  const presetText = (presetUri: string): Promise<string | null> =>
    client.connection.sendRequest("privacyZones/presetText", { uri: presetUri });

  before(async () => {
    root = copyFixture("annotations");
    client = (await TestClient.start(root)).client;
    uri = await client.open(path.join(root, "src", "records.ts"));
    text = client.text(uri);
  });

  after(async () => {
    await client.stop();
    fs.rmSync(root, { recursive: true, force: true });
  });

  test("config zone opens its entry", async () => {
    const location = await definition(positionOf(text, "MEDICAL_RECORD", 0, 3));
    assert.ok(location, "expected a location");
    const configUri = toUri(path.join(root, "privacy-zones.json"));
    assert.equal(location.uri, configUri);
    const config = readUri(configUri);
    assert.equal(textAt(config, location.range), "MEDICAL_RECORD");
    assert.equal(location.range.start.line, positionOf(config, '"MEDICAL_RECORD": {').line);
  });

  test("config purpose opens its entry", async () => {
    const location = await definition(positionOf(text, "care_team"));
    assert.ok(location, "expected a location");
    const config = readUri(location.uri);
    assert.equal(textAt(config, location.range), "care_team");
    assert.equal(location.range.start.line, positionOf(config, '"care_team": "').line);
  });

  test("preset zone opens the preset document", async () => {
    const location = await definition(positionOf(text, "PII"));
    assert.ok(location, "expected a location");
    assert.equal(location.uri, "privacy-zones-preset:/privacy-zones-recommended.json");
    const preset = await presetText(location.uri);
    assert.ok(preset, "the preset document has text");
    assert.equal(textAt(preset, location.range), "PII");
    const parsed = JSON.parse(preset) as { zones: Record<string, { allow: string[] }> };
    assert.ok(parsed.zones.PII?.allow.includes("auth"));
  });

  test("reclassify target opens the preset zone", async () => {
    const location = await definition(positionOf(text, "PSEUDONYMOUS"));
    assert.ok(location, "expected a location");
    const preset = await presetText(location.uri);
    assert.ok(preset);
    assert.equal(textAt(preset, location.range), "PSEUDONYMOUS");
  });

  test("built-in purpose opens the purposes document", async () => {
    const edited = `${text}\n/** @sink logging */\nexport function audit(line: string): void {}\n`;
    await client.change(uri, edited);
    const location = await definition(positionOf(edited, "logging"));
    await client.change(uri, text);
    assert.ok(location, "expected a location");
    assert.equal(location.uri, "privacy-zones-preset:/built-in-purposes.json");
    const purposes = await presetText(location.uri);
    assert.ok(purposes);
    assert.equal(textAt(purposes, location.range), "logging");
  });

  test("code outside tags has no definition", async () => {
    assert.equal(await definition(positionOf(text, "export const chart")), null);
  });

  test("unknown preset URI has no text", async () => {
    assert.equal(await presetText("privacy-zones-preset:/missing.json"), null);
  });
});
