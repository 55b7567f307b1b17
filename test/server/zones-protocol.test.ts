import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { after, before, describe, test } from "node:test";
import type { Location, ZoneInventoryEntry, ZonesResult } from "../../server/src/protocol";
import { REPO_ROOT } from "../support/paths";
import { TestClient } from "./lsp-client";

describe("privacyZones/zones over stdio on the AI-glasses example", () => {
  let root: string;
  let client: TestClient;
  let result: ZonesResult;

  /** Formats a location as "src/file.ts:line:column", one-based. */
  const place = (location: Location): string =>
    `${path.relative(root, location.file)}:${location.range.start.line + 1}:${location.range.start.character + 1}`;

  const entry = (zone: string): ZoneInventoryEntry => {
    const found = result.zones.find((candidate) => candidate.zone === zone);
    assert.ok(found, `no inventory entry for ${zone}`);
    return found;
  };

  before(async () => {
    root = fs.mkdtempSync(path.join(fs.realpathSync(os.tmpdir()), "pz-zones-"));
    fs.cpSync(path.join(REPO_ROOT, "examples", "ai-glasses"), root, { recursive: true });
    client = (await TestClient.start(root)).client;
    const uri = await client.open(path.join(root, "src", "api", "notes-handler.ts"));
    await client.waitForDiagnostics(uri, () => true, "the analysis of notes-handler.ts");
    result = await client.connection.sendRequest("privacyZones/zones", {});
  });

  after(async () => {
    await client.stop();
    fs.rmSync(root, { recursive: true, force: true });
  });

  test("zones listed in name order", () => {
    assert.deepEqual(
      result.zones.map((zone) => zone.zone),
      [
        "CAMERA_FRAME",
        "GAZE",
        "HEALTH",
        "LOCATION",
        "PII",
        "PSEUDONYMOUS",
        "USER_CONTENT",
        "USER_INPUT",
        "VOICE",
      ],
    );
  });

  test("sites: @zone tags and sources", () => {
    const sites = entry("PII").sites.map(
      (site) => `${site.origin} ${site.label} ${place(site.location)}`,
    );
    assert.deepEqual(sites, [
      "declared PII read from `UserProfile.email` src/accounts/user-store.ts:45:29",
      "declared PII read from `UserProfile.email` src/ads/ads-features.ts:36:70",
      "declared email src/model.ts:44:3",
    ]);
    const subject = entry("PSEUDONYMOUS").sites.find((site) => site.label === "subject");
    assert.equal(subject && place(subject.location), "src/accounts/user-store.ts:45:11");
  });

  test("sinks: allowed or violation", () => {
    const sinks = entry("CAMERA_FRAME").sinks.map(
      (sink) => `${sink.status} ${sink.purpose} ${place(sink.location)}`,
    );
    assert.deepEqual(sinks, [
      "allowed response src/api/assist-handler.ts:52:14",
      "allowed llm_inference src/assistant/llm-client.ts:29:66",
      "allowed network src/device/glasses-client.ts:57:59",
      "violation logging src/logging/logger.ts:19:12",
    ]);
  });

  test("reclassifications with reasons", () => {
    const [pii] = entry("PII").reclassifications;
    assert.deepEqual(pii && { from: pii.from, to: pii.to, reason: pii.reason }, {
      from: ["PII"],
      to: "PSEUDONYMOUS",
      reason: "salted SHA-256",
    });
    assert.equal(entry("HEALTH").reclassifications[0]?.reason, "aggregated count over >= 50 users");
  });

  test("exemption attributed to its zone", () => {
    const content = entry("USER_CONTENT");
    const exempted = content.sinks.filter((sink) => sink.status === "exempted");
    assert.deepEqual(
      exempted.map((sink) => place(sink.location)),
      ["src/api/notes-handler.ts:46:55"],
    );
    assert.deepEqual(
      content.exemptions.map((exemption) => [
        place(exemption.location),
        exemption.codes,
        exemption.reason,
      ]),
      [
        [
          "src/api/notes-handler.ts:45:5",
          ["PZ001"],
          "reviewed: user-consented export to their notes app",
        ],
      ],
    );
    assert.deepEqual(result.unattributedExemptions, []);
  });
});
