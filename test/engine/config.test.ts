import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { describe, it } from "node:test";
import Ajv from "ajv";
import { PRESETS, resolveConfig } from "../../server/src/engine";
import { REPO_ROOT, writeTempProject } from "../support/paths";

const SCHEMA = JSON.parse(
  fs.readFileSync(path.join(REPO_ROOT, "server", "schema", "privacy-zones.schema.json"), "utf8"),
);

function configIn(text: string, extra: Record<string, string> = {}) {
  const dir = writeTempProject({ "privacy-zones.json": text, ...extra });
  return resolveConfig(path.join(dir, "privacy-zones.json"));
}

describe("config schema", () => {
  const validate = new Ajv({ allErrors: true, strict: false }).compile(SCHEMA);

  it("accepts the recommended preset", () => {
    assert.ok(validate(PRESETS["privacy-zones:recommended"]), JSON.stringify(validate.errors));
  });

  it("accepts the example's config", () => {
    const text = fs.readFileSync(
      path.join(REPO_ROOT, "examples", "ai-glasses", "privacy-zones.json"),
      "utf8",
    );
    const value = JSON.parse(text.replace(/^\s*\/\/.*$/gm, ""));
    assert.ok(validate(value), JSON.stringify(validate.errors));
  });

  it("rejects an unknown key and a bad mode", () => {
    assert.equal(validate({ zone: {} }), false);
    assert.equal(validate({ zones: { PII: { mode: "strict" } } }), false);
  });
});

describe("config resolution", () => {
  it("merges a zone over the preset key by key", () => {
    const config = configIn('{ "zones": { "PII": { "mode": "log" } } }');
    assert.deepEqual(config.problems, []);
    assert.equal(config.zones.get("PII")!.mode, "log");
    assert.ok(config.zones.get("PII")!.allow.has("auth"));
  });

  it("declares zones and purposes that models name", () => {
    const config = configIn(
      '{ "sinks": [{ "function": "sink", "purpose": "testing" }], "sources": [{ "function": "source", "zone": "TEST" }] }',
    );
    assert.deepEqual(config.problems, []);
    assert.ok(config.purposes.has("testing"));
    assert.deepEqual([...config.zones.get("TEST")!.allow], []);
  });

  it("follows relative extends and reports cycles", () => {
    const config = configIn('{ "extends": "./base.json" }', {
      "base.json":
        '{ "extends": "./privacy-zones.json", "zones": { "X": { "allow": ["logging"] } } }',
    });
    assert.ok(config.zones.has("X"));
    assert.equal(config.problems.length, 1);
    assert.match(config.problems[0]!.message, /cycle/);
  });

  it("reports an unknown preset with a suggestion", () => {
    const config = configIn('{ "extends": "privacy-zones:recomended" }');
    assert.equal(config.problems.length, 1);
    assert.match(
      config.problems[0]!.message,
      /Unknown preset `privacy-zones:recomended`\. Did you mean `privacy-zones:recommended`\?/,
    );
    assert.deepEqual([config.problems[0]!.line, config.problems[0]!.character], [0, 13]);
  });

  it("reports an unknown key with a suggestion", () => {
    const config = configIn('{ "sink": [] }');
    assert.match(config.problems[0]!.message, /Unknown key `sink`\. Did you mean `sinks`\?/);
  });

  it("requires a reason on reclassifier models", () => {
    const config = configIn('{ "reclassifiers": [{ "function": "hash", "from": "PII" }] }');
    assert.match(config.problems[0]!.message, /A reclassifier needs `reason`/);
  });

  it("reads comments and trailing commas", () => {
    const config = configIn(
      '{\n  // rolled out last week\n  "zones": { "GAZE": { "allow": [], "mode": "log", }, },\n}\n',
    );
    assert.deepEqual(config.problems, []);
    assert.equal(config.zones.get("GAZE")!.mode, "log");
  });
});
