import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { after, before, describe, test } from "node:test";
import type {
  Diagnostic,
  MarkupContent,
  PublishDiagnosticsParams,
} from "vscode-languageserver-protocol";
import { copyFixture, TestClient, toUri } from "./lsp-client";

const VIOLATION = `/** @zone PII */
const email = "a@b.c";
console.log(email);
`;

const pz001 = (params: PublishDiagnosticsParams): Diagnostic[] =>
  params.diagnostics.filter((diagnostic) => diagnostic.code === "PZ001");

function messageOf(diagnostic: Diagnostic): string {
  return typeof diagnostic.message === "string" ? diagnostic.message : diagnostic.message.value;
}

/** Returns the range of the `nth` occurrence (zero-based) of `word` in `text`. */
function rangeOf(text: string, word: string, nth = 0) {
  let offset = -1;
  for (let i = 0; i <= nth; i++) offset = text.indexOf(word, offset + 1);
  assert.notEqual(offset, -1, `${word} not found`);
  const before = text.slice(0, offset).split("\n");
  const line = before.length - 1;
  const character = before.at(-1)!.length;
  return { start: { line, character }, end: { line, character: character + word.length } };
}

describe("language server over stdio", () => {
  let root: string;
  let client: TestClient;
  let uri: string;
  let capabilities: Awaited<ReturnType<typeof TestClient.start>>["result"]["capabilities"];

  before(async () => {
    root = copyFixture("logging");
    const started = await TestClient.start(root);
    client = started.client;
    capabilities = started.result.capabilities;
    uri = await client.open(path.join(root, "src", "signup.ts"));
  });

  after(async () => {
    await client.stop();
    fs.rmSync(root, { recursive: true, force: true });
  });

  test("initialize declares hover and quick fixes", () => {
    assert.equal(capabilities.hoverProvider, true);
    assert.deepEqual(capabilities.codeActionProvider, { codeActionKinds: ["quickfix"] });
  });

  test("violation publishes a PZ001 diagnostic", async () => {
    const params = await client.waitForDiagnostics(uri, (p) => pz001(p).length === 1, "PZ001");
    const [diagnostic] = pz001(params);
    assert.ok(diagnostic);
    assert.equal(params.version, 1);
    assert.equal(diagnostic.source, "privacy-zones");
    assert.deepEqual(diagnostic.range, rangeOf(VIOLATION, "email", 1));
    assert.equal(diagnostic.severity, 1, "PII is in enforce mode, so the finding is an error");
    assert.match(messageOf(diagnostic), /PII/);
    assert.match(messageOf(diagnostic), /logging/);
    assert.match(diagnostic.codeDescription?.href ?? "", /findings\.md#pz001$/);
  });

  test("diagnostic has one related location per path step", async () => {
    const params = await client.waitForDiagnostics(uri, (p) => pz001(p).length === 1, "PZ001");
    const related = pz001(params)[0]?.relatedInformation ?? [];
    assert.ok(related.length >= 2, `expected source and sink steps, got ${related.length}`);
    for (const entry of related) {
      assert.equal(entry.location.uri, uri);
      assert.notEqual(entry.message, "");
    }
    assert.equal(related[0]?.location.range.start.line, 1, "the path starts at the declaration");
    assert.equal(related.at(-1)?.location.range.start.line, 2, "the path ends at the sink");
  });

  test("hover names the zone of a variable", async () => {
    await client.waitForDiagnostics(uri, (p) => pz001(p).length === 1, "PZ001");
    const hover = await client.hover(uri, rangeOf(VIOLATION, "email", 1).start);
    assert.ok(hover, "expected a hover on `email`");
    const contents = hover.contents as MarkupContent;
    assert.equal(contents.kind, "markdown");
    assert.match(contents.value, /`PII`/);
  });

  test("hover on a sink names its purpose", async () => {
    await client.waitForDiagnostics(uri, (p) => pz001(p).length === 1, "PZ001");
    const hover = await client.hover(uri, rangeOf(VIOLATION, "log").start);
    assert.ok(hover, "expected a hover on `console.log`");
    assert.match((hover.contents as MarkupContent).value, /purpose `logging`/);
  });

  test("edit updates the diagnostics", async () => {
    const text = `${VIOLATION}console.info(email);\n`;
    const version = await client.change(uri, text);
    const params = await client.waitForDiagnostics(
      uri,
      (p) => p.version === version && pz001(p).length === 2,
      "two PZ001 after the edit",
    );
    const lines = pz001(params).map((d) => d.range.start.line);
    assert.deepEqual(lines.sort(), [2, 3]);
  });

  test("rapid edits publish only the newest version", async () => {
    const first = client.published.length;
    let version = 0;
    for (let count = 0; count < 5; count++) {
      const extra = "console.warn(email);\n".repeat(count);
      version = await client.change(uri, `${VIOLATION}${extra}`);
    }
    const params = await client.waitForDiagnostics(
      uri,
      (p) => p.version === version,
      "last version",
    );
    assert.equal(pz001(params).length, 5);
    const versions = client.published
      .slice(first)
      .filter((p) => p.uri === uri)
      .map((p) => p.version ?? 0);
    for (let i = 1; i < versions.length; i++) {
      assert.ok(
        versions[i]! >= versions[i - 1]!,
        `published v${versions[i]} after v${versions[i - 1]}`,
      );
    }
  });

  test("disable-line quick fix removes the finding", async () => {
    const version = await client.change(uri, VIOLATION);
    const params = await client.waitForDiagnostics(uri, (p) => p.version === version, "reset text");
    const diagnostic = pz001(params)[0];
    assert.ok(diagnostic);
    const actions = await client.codeActions(uri, diagnostic.range, [diagnostic]);
    assert.ok(actions.length > 0, "expected quick fixes");
    for (const action of actions) assert.equal(action.kind, "quickfix");
    const disable = actions.find((action) => /disable/i.test(action.title));
    assert.ok(disable?.edit, `no disable fix among ${actions.map((a) => a.title).join(", ")}`);
    await client.applyEdit(disable.edit);
    assert.match(
      client.text(uri),
      /privacy-zones-disable-next-line PZ001|privacy-zones-disable-line PZ001/,
    );
    const fixed = await client.waitForDiagnostics(
      uri,
      (p) => p.version === version + 1,
      "diagnostics after the fix",
    );
    assert.deepEqual(pz001(fixed), []);
  });
});

describe("language server config changes", () => {
  let root: string;
  let client: TestClient;
  let uri: string;

  before(async () => {
    root = copyFixture("logging");
    client = (await TestClient.start(root)).client;
    uri = await client.open(path.join(root, "src", "signup.ts"));
  });

  after(async () => {
    await client.stop();
    fs.rmSync(root, { recursive: true, force: true });
  });

  test("allow-purpose fix creates privacy-zones.json", async () => {
    const params = await client.waitForDiagnostics(uri, (p) => pz001(p).length === 1, "PZ001");
    const diagnostic = pz001(params)[0]!;
    const actions = await client.codeActions(uri, diagnostic.range, [diagnostic]);
    const allow = actions.find((action) => /allow/i.test(action.title));
    assert.ok(allow?.edit, `no allow fix among ${actions.map((a) => a.title).join(", ")}`);
    const configFile = path.join(root, "privacy-zones.json");
    assert.equal(fs.existsSync(configFile), false);
    const touched = await client.applyEdit(allow.edit);
    assert.ok(touched.includes(toUri(configFile)));
    const config = JSON.parse(fs.readFileSync(configFile, "utf8")) as {
      extends: string;
      zones: { PII: { allow: string[] } };
    };
    assert.equal(config.extends, "privacy-zones:recommended");
    assert.ok(config.zones.PII.allow.includes("logging"));
    assert.ok(config.zones.PII.allow.includes("auth"), "the preset's purposes are kept");
  });

  test("config change re-analyses open files", async () => {
    const configFile = path.join(root, "privacy-zones.json");
    assert.ok(fs.existsSync(configFile), "the previous test creates the config");
    const publishedBefore = client.published.length;
    await client.filesChanged([{ uri: toUri(configFile), type: 1 }]);
    const params = await client.waitForDiagnostics(
      uri,
      (p) => client.published.indexOf(p) >= publishedBefore && pz001(p).length === 0,
      "no PZ001 once logging is allowed",
    );
    assert.deepEqual(pz001(params), []);
  });

  test("config edit that forbids again brings it back", async () => {
    const configFile = path.join(root, "privacy-zones.json");
    fs.writeFileSync(configFile, '{ "zones": { "PII": { "allow": ["storage"] } } }\n');
    await client.filesChanged([{ uri: toUri(configFile), type: 2 }]);
    const params = await client.waitForDiagnostics(
      uri,
      (p) => pz001(p).length === 1,
      "PZ001 again",
    );
    assert.equal(pz001(params).length, 1);
  });

  test("enable setting clears and restores", async () => {
    await client.waitForDiagnostics(uri, (p) => pz001(p).length === 1, "PZ001 before");
    client.settings.privacyZones = { enable: false };
    await client.connection.sendNotification("workspace/didChangeConfiguration", {
      settings: null,
    });
    const cleared = await client.waitForDiagnostics(
      uri,
      (p) => p.diagnostics.length === 0,
      "no diagnostics once disabled",
    );
    assert.deepEqual(cleared.diagnostics, []);
    client.settings.privacyZones = { enable: true };
    await client.connection.sendNotification("workspace/didChangeConfiguration", {
      settings: null,
    });
    const restored = await client.waitForDiagnostics(
      uri,
      (p) => pz001(p).length === 1,
      "PZ001 once enabled again",
    );
    assert.equal(pz001(restored).length, 1);
  });

  test("lineage of a comment is empty", async () => {
    const result = (await client.connection.sendRequest("privacyZones/lineage", {
      textDocument: { uri },
      position: { line: 0, character: 0 },
    })) as { root: string | null; nodes: unknown[]; edges: unknown[] };
    assert.equal(result.root, null, "a comment is not a symbol");
    assert.deepEqual(result.nodes, []);
    assert.deepEqual(result.edges, []);
  });
});
