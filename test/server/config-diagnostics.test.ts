import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { after, before, describe, test } from "node:test";
import type { Diagnostic, PublishDiagnosticsParams } from "vscode-languageserver-protocol";
import { copyFixture, TestClient } from "./lsp-client";
import { rangeOf } from "./text-positions";

function messageOf(diagnostic: Diagnostic): string {
  return typeof diagnostic.message === "string" ? diagnostic.message : diagnostic.message.value;
}

const matching = (pattern: RegExp) => (params: PublishDiagnosticsParams) =>
  params.diagnostics.some((diagnostic) => pattern.test(messageOf(diagnostic)));

function find(params: PublishDiagnosticsParams, pattern: RegExp): Diagnostic {
  const diagnostic = params.diagnostics.find((entry) => pattern.test(messageOf(entry)));
  assert.ok(diagnostic, `no diagnostic matches ${pattern}`);
  return diagnostic;
}

describe("diagnostics in privacy-zones.json", () => {
  let root: string;
  let client: TestClient;
  let configFile: string;
  let uri: string;

  before(async () => {
    root = copyFixture("annotations");
    configFile = path.join(root, "privacy-zones.json");
    client = (await TestClient.start(root)).client;
  });

  after(async () => {
    await client.stop();
    fs.rmSync(root, { recursive: true, force: true });
  });

  test("valid config publishes no problems", async () => {
    uri = await client.open(configFile);
    const params = await client.waitForDiagnostics(uri, () => true, "config diagnostics");
    assert.deepEqual(params.diagnostics, []);
  });

  test("unknown purpose is marked in allow", async () => {
    const text = fs.readFileSync(configFile, "utf8").replace('"care_team"]', '"care_teem"]');
    // NOTE: written to disk too, because the engine places this problem by the file on disk.
    fs.writeFileSync(configFile, text);
    await client.change(uri, text);
    const params = await client.waitForDiagnostics(uri, matching(/care_teem/), "unknown purpose");
    const diagnostic = find(params, /Unknown purpose `care_teem`/);
    assert.deepEqual(diagnostic.range, rangeOf(text, '"care_teem"'));
    assert.equal(diagnostic.severity, 1);
    assert.equal(diagnostic.source, "privacy-zones");
    assert.equal(diagnostic.code, "PZ005");
    assert.match(messageOf(diagnostic), /care_team/, "suggests the declared purpose");
  });

  test("unknown preset is marked in extends", async () => {
    const text = client.text(uri).replace('"privacy-zones:recommended"', '"privacy-zones:strict"');
    await client.change(uri, text);
    const params = await client.waitForDiagnostics(uri, matching(/preset/), "unknown preset");
    const diagnostic = find(params, /Unknown preset `privacy-zones:strict`/);
    assert.deepEqual(diagnostic.range, rangeOf(text, '"privacy-zones:strict"'));
  });

  test("invalid JSON is marked where it breaks", async () => {
    const text = '{\n  "zones": {\n    "PII": { "allow": ["storage"] }\n  \n';
    await client.change(uri, text);
    const params = await client.waitForDiagnostics(uri, matching(/Invalid JSON/), "invalid JSON");
    const diagnostic = find(params, /Invalid JSON/);
    assert.equal(diagnostic.range.start.line, 4, "the missing brace is at the end of the text");
  });

  test("fixed config clears the problems", async () => {
    await client.change(uri, '{ "extends": "privacy-zones:recommended" }\n');
    const params = await client.waitForDiagnostics(
      uri,
      (p) => p.diagnostics.length === 0,
      "no config diagnostics",
    );
    assert.deepEqual(params.diagnostics, []);
  });

  test("closing the config clears its diagnostics", async () => {
    await client.change(uri, '{ "extends": "nope" }\n');
    await client.waitForDiagnostics(uri, matching(/nope/), "unknown preset");
    await client.connection.sendNotification("textDocument/didClose", { textDocument: { uri } });
    const params = await client.waitForDiagnostics(
      uri,
      (p) => p.diagnostics.length === 0,
      "cleared diagnostics",
    );
    assert.deepEqual(params.diagnostics, []);
  });
});
