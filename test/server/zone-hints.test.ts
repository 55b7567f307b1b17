import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { after, before, describe, test } from "node:test";
import type {
  InitializeResult,
  InlayHint,
  InlayHintLabelPart,
  MarkupContent,
} from "vscode-languageserver-protocol";
import { copyFixture, TestClient, toUri } from "./lsp-client";
import { endOf, positionOf } from "./text-positions";

describe("zone inlay hints", () => {
  let root: string;
  let client: TestClient;
  let uri: string;
  let text: string;
  let capabilities: InitializeResult["capabilities"];
  let hints: InlayHint[];

  const labelOf = (hint: InlayHint | undefined): InlayHintLabelPart[] =>
    Array.isArray(hint?.label) ? hint.label : [];

  before(async () => {
    root = copyFixture("annotations");
    const started = await TestClient.start(root);
    client = started.client;
    capabilities = started.result.capabilities;
    uri = await client.open(path.join(root, "src", "records.ts"));
    text = client.text(uri);
    const range = { start: { line: 0, character: 0 }, end: endOf(text) };
    hints = await client.connection.sendRequest("textDocument/inlayHint", {
      textDocument: { uri },
      range,
    });
  });

  after(async () => {
    await client.stop();
    fs.rmSync(root, { recursive: true, force: true });
  });

  test("initialize declares inlay hints", () => {
    assert.equal(capabilities.inlayHintProvider, true);
  });

  test("one hint per zoned declaration", () => {
    const positions = hints.map((hint) => hint.position);
    assert.deepEqual(positions, [
      positionOf(text, "chart", 0, "chart".length),
      positionOf(text, "diagnosis", 0, "diagnosis".length),
    ]);
  });

  test("hint lists the declaration's zones", () => {
    const parts = labelOf(hints[0]).map((part) => part.value);
    assert.deepEqual(parts, ["MEDICAL_RECORD", ", ", "PII"]);
    assert.deepEqual(
      labelOf(hints[1]).map((part) => part.value),
      ["HEALTH"],
    );
  });

  test("zone part links to its definition", () => {
    const medical = labelOf(hints[0])[0];
    assert.equal(medical?.location?.uri, toUri(path.join(root, "privacy-zones.json")));
    assert.match((medical?.tooltip as MarkupContent).value, /Clinical notes and diagnoses\./);
    const pii = labelOf(hints[0])[2];
    assert.equal(pii?.location?.uri, "privacy-zones-preset:/privacy-zones-recommended.json");
  });

  test("range outside declarations has no hints", async () => {
    const line = positionOf(text, "void message").line;
    const range = { start: { line, character: 0 }, end: { line, character: 20 } };
    const inside: InlayHint[] = await client.connection.sendRequest("textDocument/inlayHint", {
      textDocument: { uri },
      range,
    });
    assert.deepEqual(inside, []);
  });

  test("hints follow an edit", async () => {
    const edited = text.replace("/** @zone HEALTH */", "/** @zone PII */");
    await client.change(uri, edited);
    const range = { start: { line: 0, character: 0 }, end: endOf(edited) };
    const after: InlayHint[] = await client.connection.sendRequest("textDocument/inlayHint", {
      textDocument: { uri },
      range,
    });
    assert.deepEqual(
      labelOf(after[1]).map((part) => part.value),
      ["PII"],
    );
    await client.change(uri, text);
  });
});
