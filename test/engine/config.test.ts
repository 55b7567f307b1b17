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

  it("rejects model zones that are not zone names", () => {
    const model = { function: "f", reason: "salted hash" };
    assert.equal(validate({ sources: [{ ...model, zone: "health" }] }), false);
    assert.equal(validate({ reclassifiers: [{ ...model, from: ["PII", 1] }] }), false);
    assert.equal(validate({ reclassifiers: [{ ...model, to: "pseudonymous" }] }), false);
    assert.equal(validate({ reclassifiers: [{ ...model, from: "*", to: "PSEUDONYMOUS" }] }), true);
    assert.equal(validate({ reclassifiers: [{ ...model, from: ["PII", "HEALTH"] }] }), true);
  });
});

describe("config resolution", () => {
  it("merges a zone over the preset key by key", () => {
    const config = configIn('{ "zones": { "PII": { "mode": "log" } } }');
    assert.deepEqual(config.problems, []);
    assert.equal(config.zones.get("PII")!.mode, "log");
    assert.ok(config.zones.get("PII")!.allow.has("auth"));
  });

  it("declares purposes that sink models name", () => {
    const config = configIn('{ "sinks": [{ "function": "sink", "purpose": "testing" }] }');
    assert.deepEqual(config.problems, []);
    assert.ok(config.purposes.has("testing"));
  });

  it("warns at a misspelt sink purpose", () => {
    const config = configIn(
      '{ "sinks": [{ "function": "track", "purpose": "analytcs" }, { "function": "audit", "purpose": "auditing" }] }',
    );
    assert.equal(config.problems.length, 1);
    const [problem] = config.problems;
    assert.equal(problem!.severity, "warning");
    assert.match(
      problem!.message,
      /Purpose `analytcs` is not declared.*Did you mean `analytics`\?/,
    );
    assert.equal(problem!.character, '{ "sinks": [{ "function": "track", "purpose": '.length);
    assert.ok(config.purposes.has("analytcs"));
    assert.ok(config.purposes.has("auditing"));
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

describe("config rejects bad input", () => {
  it("reads a file with a byte order mark", () => {
    const config = configIn('\ufeff{\n  "zones": { "PII": { "mode": "log" } }\n}\n');
    assert.deepEqual(config.problems, []);
    assert.equal(config.zones.get("PII")!.mode, "log");
  });

  it("places problems after a byte order mark", () => {
    const config = configIn('\ufeff{ "sink": [] }');
    assert.equal(config.problems.length, 1);
    assert.deepEqual([config.problems[0]!.line, config.problems[0]!.character], [0, 10]);
  });

  it("rejects nesting too deep to parse", () => {
    const allowed = "[".repeat(60) + "]".repeat(60);
    const nested = configIn(`{ "include": ${allowed} }`);
    assert.equal(nested.problems.length, 1);
    assert.match(nested.problems[0]!.message, /`include` must be an array of glob strings/);
    for (const [open, close] of [
      ['{"a":', "}"],
      ["[", "]"],
      ["[},", ""],
    ]) {
      const depth = 100_000;
      const config = configIn(open!.repeat(depth) + "1" + close!.repeat(depth));
      assert.equal(config.problems.length, 1, open);
      assert.match(config.problems[0]!.message, /nest more than 64 levels deep/);
      assert.match(config.problems[0]!.message, /uses the preset `privacy-zones:recommended`/);
      assert.ok(config.zones.has("PII"), "falls back to the recommended preset");
    }
  });

  it("reports a duplicate zone at the second key", () => {
    const config = configIn(
      '{\n  "zones": {\n    "PII": { "allow": [] },\n    "PII": { "allow": ["logging"] }\n  }\n}\n',
    );
    assert.equal(config.problems.length, 1);
    assert.match(config.problems[0]!.message, /^Duplicate key `PII`, first at line 3\./);
    assert.deepEqual([config.problems[0]!.line, config.problems[0]!.character], [3, 4]);
    assert.equal(config.problems[0]!.severity, "error");
  });

  it("reports duplicate keys at every level", () => {
    const config = configIn(
      '{ "sources": [{ "function": "a", "function": "b", "zone": "PII" }], "sources": [] }',
    );
    const messages = config.problems.map((problem) => problem.message);
    assert.equal(messages.length, 2);
    assert.match(messages[0]!, /^Duplicate key `function`/);
    assert.match(messages[1]!, /^Duplicate key `sources`/);
  });

  it("rejects invalid sink argument positions", () => {
    const config = configIn(
      '{ "sinks": [{ "function": "send", "purpose": "analytics", "arguments": [-1, "a", 1.5, 2] }] }',
    );
    const messages = config.problems.map((problem) => problem.message);
    assert.equal(messages.length, 3);
    assert.match(messages[0]!, /Argument position must be a whole number, 0 or more, not -1\./);
    assert.match(messages[1]!, /not "a"\./);
    assert.match(messages[2]!, /not 1\.5\./);
    assert.deepEqual(
      config.problems.map((problem) => problem.character),
      [72, 76, 81],
    );
    assert.deepEqual(config.sinks.at(-1)!.arguments, [2], "keeps the valid position");
  });

  it("checks all arguments without a valid position", () => {
    const config = configIn(
      '{ "sinks": [{ "function": "send", "purpose": "analytics", "arguments": [-1] }, { "function": "post", "purpose": "network", "arguments": 0 }] }',
    );
    assert.equal(config.problems.length, 2);
    assert.match(config.problems[1]!.message, /`arguments` must be an array/);
    assert.equal(config.sinks.at(-2)!.arguments, undefined);
    assert.equal(config.sinks.at(-1)!.arguments, undefined);
  });

  it("rejects unknown zones in models", () => {
    const base = '{ "sources": [{ "function": "readTest", "zone": "TEST" }] }';
    const config = configIn(
      `{ "extends": "./base.json", "zones": { "TEST": { "allow": [] } },
  "sources": [{ "function": "readChart", "zone": "HEALHT" }],
  "reclassifiers": [
    { "function": "hash", "from": ["PII", "HEALHT"], "to": "PSEUDONYMUS", "reason": "salted hash" },
    { "function": "blur", "from": "LOCATOIN", "reason": "rounded" }
  ],
  "detection": { "rules": [{ "zone": "BIOMETRY", "names": ["face print"] }] }
}`,
      { "base.json": base },
    );
    const problems = config.problems
      .map((problem) => `${problem.line}:${problem.character} ${problem.message}`)
      .sort();
    assert.deepEqual(problems, [
      "1:49 Unknown zone `HEALHT`. Did you mean `HEALTH`? Declare it under `zones` to add it.",
      "3:42 Unknown zone `HEALHT`. Did you mean `HEALTH`? Declare it under `zones` to add it.",
      "3:59 Unknown zone `PSEUDONYMUS`. Did you mean `PSEUDONYMOUS`? Declare it under `zones` to add it.",
      "4:34 Unknown zone `LOCATOIN`. Did you mean `LOCATION`? Declare it under `zones` to add it.",
      "6:37 Unknown zone `BIOMETRY`. Did you mean `BIOMETRIC`? Declare it under `zones` to add it.",
    ]);
    for (const name of ["HEALHT", "PSEUDONYMUS", "LOCATOIN", "BIOMETRY"])
      assert.equal(config.zones.has(name), false, `${name} is not declared`);
    const preset = PRESETS["privacy-zones:recommended"]!;
    assert.equal(
      config.sources.length,
      preset.sources!.length + 1,
      "keeps the preset's sources and one whose zone a later layer declares",
    );
    assert.ok(config.sources.some((model) => model.zone === "TEST"));
    assert.equal(config.sources.filter((model) => model.zone === "HEALHT").length, 0);
    const hash = config.reclassifiers.filter((model) => model.pattern.segments[0] === "hash");
    assert.equal(hash.length, 0, "a reclassifier with an unknown zone is dropped");
    assert.equal(config.detection.rules.length, preset.detection!.rules!.length);
  });

  it("lists known zones when no name is close", () => {
    const config = configIn('{ "sources": [{ "function": "read", "zone": "XYZZY_QUUX" }] }');
    assert.match(config.problems[0]!.message, /^Unknown zone `XYZZY_QUUX`\. Known zones: PII, /);
  });

  it("rejects reclassifier zones that are not names", () => {
    const config = configIn(
      '{ "reclassifiers": [{ "function": "f", "from": ["PII", 3], "reason": "x" }, { "function": "g", "to": 1, "reason": "x" }] }',
    );
    const messages = config.problems.map((problem) => problem.message);
    assert.deepEqual(messages, [
      '`from` must be "*", a zone name or an array of zone names.',
      "`to` must be a zone name, or absent to drop the zones.",
    ]);
    assert.equal(config.problems[0]!.character, 55);
  });

  for (const [name, text, message] of [
    [
      "an unknown preset",
      '{ "extends": "privacy-zones:recomended" }',
      /^Unknown preset `privacy-zones:recomended`\./,
    ],
    ["a non-object root", "[1]", /^The config must be a JSON object\./],
    ["an empty file", "", /^The config file is empty\./],
    ["a comment-only file", "// to do\n", /^The config file is empty\./],
    ["invalid JSON", "zones", /^Invalid JSON: invalid symbol\./],
    ["an extends of the wrong type", '{ "extends": 5 }', /^`extends` must be a preset name/],
    [
      "a missing extended file",
      '{ "extends": "./base.json" }',
      /^Config file not found: .*base\.json\./,
    ],
  ] as const) {
    it(`falls back to the preset for ${name}`, () => {
      const config = configIn(text);
      assert.equal(config.problems.length, text === "zones" ? 2 : 1);
      assert.match(config.problems[0]!.message, message);
      assert.match(
        config.problems[0]!.message,
        / The analysis uses the preset `privacy-zones:recommended` in its place\.$/,
      );
      assert.ok(config.zones.has("PII"), "the recommended zones apply");
    });
  }

  it("keeps the parents that load", () => {
    const config = configIn('{ "extends": ["./base.json", "./missing.json"] }', {
      "base.json": '{ "extends": [], "zones": { "X": { "allow": [] } } }',
    });
    assert.equal(config.problems.length, 1);
    assert.match(config.problems[0]!.message, /^Config file not found: .*missing\.json\.$/);
    assert.deepEqual([config.problems[0]!.line, config.problems[0]!.character], [0, 29]);
    assert.deepEqual([...config.zones.keys()], ["X"]);
  });

  it("reports an extended folder as a folder", () => {
    const config = configIn('{ "extends": "./shared" }', { "shared/privacy-zones.json": "{}" });
    assert.match(config.problems[0]!.message, /shared is a folder, not a config file\./);
  });

  it("loads a file that two parents extend", () => {
    const config = configIn('{ "extends": ["./b.json", "./c.json"] }', {
      "b.json": '{ "extends": "./d.json" }',
      "c.json": '{ "extends": "./d.json" }',
      "d.json": '{ "zones": { "D": { "allow": [] } } }',
    });
    assert.deepEqual(config.problems, []);
    assert.ok(config.zones.has("D"));
  });

  it("bounds a long extends chain", () => {
    const files: Record<string, string> = {};
    for (let i = 0; i < 5000; i++) files[`c${i}.json`] = `{ "extends": "./c${i + 1}.json" }`;
    const config = configIn('{ "extends": "./c0.json" }', files);
    assert.equal(config.problems.length, 1);
    assert.match(config.problems[0]!.message, /^`extends` chains more than 32 config files\./);
    assert.ok(config.zones.has("PII"));
  });
});
