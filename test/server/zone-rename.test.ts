import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { after, before, describe, test } from "node:test";
import type {
  Location,
  Position,
  PublishDiagnosticsParams,
  Range,
  WorkspaceEdit,
} from "vscode-languageserver-protocol";
import { copyFixture, TestClient, toUri } from "./lsp-client";
import { positionOf, readUri, textAt } from "./text-positions";

/** Renders locations as sorted `file:line` strings, relative to the workspace. */
function describeLocations(root: string, locations: Location[]): string[] {
  return locations
    .map((location) => {
      const file = path.relative(root, new URL(location.uri).pathname);
      return `${file}:${location.range.start.line}`;
    })
    .sort();
}

const unknownZone = (params: PublishDiagnosticsParams) =>
  params.diagnostics.filter((diagnostic) => diagnostic.code === "PZ003");

describe("zone references and rename", () => {
  let root: string;
  let client: TestClient;
  let uri: string;
  let configUri: string;
  let text: string;

  const references = (
    target: string,
    position: Position,
    includeDeclaration = true,
  ): Promise<Location[] | null> =>
    client.connection.sendRequest("textDocument/references", {
      textDocument: { uri: target },
      position,
      context: { includeDeclaration },
    });

  const prepareRename = (
    position: Position,
  ): Promise<{ range: Range; placeholder: string } | null> =>
    client.connection.sendRequest("textDocument/prepareRename", {
      textDocument: { uri },
      position,
    });

  const rename = (position: Position, newName: string): Promise<WorkspaceEdit | null> =>
    client.connection.sendRequest("textDocument/rename", {
      textDocument: { uri },
      position,
      newName,
    });

  before(async () => {
    root = copyFixture("annotations");
    client = (await TestClient.start(root)).client;
    uri = await client.open(path.join(root, "src", "records.ts"));
    configUri = toUri(path.join(root, "privacy-zones.json"));
    text = client.text(uri);
  });

  after(async () => {
    await client.stop();
    fs.rmSync(root, { recursive: true, force: true });
  });

  /** The uses of MEDICAL_RECORD in the fixture: two tags, one in a closed file, three config entries. */
  const EXPECTED = [
    "privacy-zones.json:6",
    "privacy-zones.json:11",
    "privacy-zones.json:15",
    "src/records.ts:0",
    "src/records.ts:8",
    "src/referral.ts:2",
  ].sort();

  test("references from a tag list every use", async () => {
    const locations = await references(uri, positionOf(text, "MEDICAL_RECORD", 1, 2));
    assert.ok(locations, "expected references");
    assert.deepEqual(describeLocations(root, locations), EXPECTED);
    for (const location of locations) {
      const source = location.uri === uri ? text : readUri(location.uri);
      assert.equal(textAt(source, location.range), "MEDICAL_RECORD");
    }
  });

  test("references from the config list every use", async () => {
    const config = readUri(configUri);
    await client.open(path.join(root, "privacy-zones.json"), config);
    const locations = await references(configUri, positionOf(config, '"zone": "MEDICAL', 0, 10));
    assert.ok(locations, "expected references");
    assert.deepEqual(describeLocations(root, locations), EXPECTED);
  });

  test("references without declaration skip the zone entry", async () => {
    const locations = await references(uri, positionOf(text, "MEDICAL_RECORD"), false);
    assert.ok(locations);
    const expected = EXPECTED.filter((entry) => entry !== "privacy-zones.json:6");
    assert.deepEqual(describeLocations(root, locations), expected);
  });

  test("references off a zone name are null", async () => {
    assert.equal(await references(uri, positionOf(text, "care_team")), null);
  });

  test("prepare rename rejects non-zone positions", async () => {
    assert.equal(await prepareRename(positionOf(text, "export const chart")), null);
    assert.equal(await prepareRename(positionOf(text, "care_team")), null);
  });

  test("prepare rename rejects preset zones", async () => {
    await assert.rejects(
      prepareRename(positionOf(text, "PII")),
      /preset `privacy-zones:recommended`/,
    );
  });

  test("prepare rename returns the zone range", async () => {
    const result = await prepareRename(positionOf(text, "MEDICAL_RECORD", 0, 4));
    assert.ok(result);
    assert.equal(result.placeholder, "MEDICAL_RECORD");
    assert.equal(textAt(text, result.range), "MEDICAL_RECORD");
  });

  test("rename rejects invalid and taken names", async () => {
    const position = positionOf(text, "MEDICAL_RECORD");
    await assert.rejects(rename(position, "medical"), /Invalid zone name `medical`/);
    await assert.rejects(rename(position, "HEALTH"), /Zone `HEALTH` already exists/);
  });

  test("rename edits config and every annotation", async () => {
    const edit = await rename(positionOf(text, "MEDICAL_RECORD"), "CLINICAL_NOTE");
    assert.ok(edit, "expected an edit");
    await client.applyEdit(edit);
    const config = JSON.parse(client.text(configUri)) as {
      zones: Record<string, unknown>;
      sources: { zone: string }[];
      reclassifiers: { from: string[] }[];
    };
    assert.deepEqual(Object.keys(config.zones), ["CLINICAL_NOTE"]);
    assert.equal(config.sources[0]?.zone, "CLINICAL_NOTE");
    assert.deepEqual(config.reclassifiers[0]?.from, ["CLINICAL_NOTE"]);
    assert.match(client.text(uri), /@zone CLINICAL_NOTE PII/);
    assert.match(client.text(uri), /@reclassify CLINICAL_NOTE -> PSEUDONYMOUS/);
    const referral = fs.readFileSync(path.join(root, "src", "referral.ts"), "utf8");
    assert.match(referral, /@zone CLINICAL_NOTE \*\//);
    assert.doesNotMatch(`${client.text(uri)}${referral}`, /MEDICAL_RECORD/);
  });

  test("renamed zone is known to the analysis", async () => {
    fs.writeFileSync(path.join(root, "privacy-zones.json"), client.text(configUri));
    await client.filesChanged([{ uri: configUri, type: 2 }]);
    const params = await client.waitForDiagnostics(
      uri,
      (p) => p.version === 2 && unknownZone(p).length === 0,
      "diagnostics of the renamed text without unknown zones",
    );
    assert.deepEqual(unknownZone(params), []);
  });
});
