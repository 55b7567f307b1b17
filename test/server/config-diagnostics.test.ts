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

describe("models in privacy-zones.json that match nothing", () => {
  let root: string;
  let client: TestClient;
  let configUri: string;
  let sourceUri: string;
  const unmatched = /matches no call in the project/;

  before(async () => {
    root = copyFixture("annotations");
    client = (await TestClient.start(root)).client;
    configUri = await client.open(path.join(root, "privacy-zones.json"));
    sourceUri = await client.open(path.join(root, "src", "referral.ts"));
  });

  after(async () => {
    await client.stop();
    fs.rmSync(root, { recursive: true, force: true });
  });

  test("marks models at their access path", async () => {
    const params = await client.waitForDiagnostics(
      configUri,
      (p) => p.diagnostics.filter((d) => unmatched.test(messageOf(d))).length === 2,
      "two unmatched models",
    );
    const text = client.text(configUri);
    const source = find(params, /Source model `ehr\.fetchChart`/);
    assert.deepEqual(source.range, rangeOf(text, '"ehr.fetchChart"'));
    assert.equal(source.severity, 2);
    assert.equal(source.code, "PZ005");
    const reclassifier = find(params, /Reclassifier `redactChart`/);
    assert.deepEqual(reclassifier.range, rangeOf(text, '"redactChart"'));
  });

  test("a matching call clears the warning", async () => {
    const text =
      client.text(sourceUri) +
      "\nfunction redactChart(chart: string): string {\n  return chart.length.toString();\n}\n" +
      "shareWithCareTeam(redactChart(referral));\n";
    await client.change(sourceUri, text);
    const params = await client.waitForDiagnostics(
      configUri,
      (p) => !p.diagnostics.some((d) => /redactChart/.test(messageOf(d))),
      "redactChart matched",
    );
    find(params, /Source model `ehr\.fetchChart`/);
  });

  test("warnings follow unsaved edits", async () => {
    const text = "// The care team's policy.\n\n" + client.text(configUri);
    await client.change(configUri, text);
    const params = await client.waitForDiagnostics(
      configUri,
      (p) => p.diagnostics.some((d) => d.range.start.line > 12 && unmatched.test(messageOf(d))),
      "moved warning",
    );
    assert.deepEqual(find(params, /ehr\.fetchChart/).range, rangeOf(text, '"ehr.fetchChart"'));
  });
});
