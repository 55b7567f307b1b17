import * as assert from "node:assert/strict";
import * as path from "node:path";
import { describe, it } from "node:test";
import {
  Analyzer,
  resolveConfig,
  unmatchedModels,
  type ModelUsage,
  type UnmatchedModel,
} from "../../server/src/engine";
import { writeTempProject } from "../support/paths";

const TSCONFIG = JSON.stringify({ compilerOptions: { strict: true }, include: ["src"] });

const CONFIG = `{
  "sinks": [
    { "function": "audit.record", "purpose": "logging" },
    { "module": "axios", "function": "post", "purpose": "network" },
    { "property": "document.title", "purpose": "display" },
    { "function": "audit.erase", "purpose": "logging" }
  ],
  "sources": [
    { "function": "readEmail", "zone": "PII" },
    { "property": "profile.phone", "zone": "PII" }
  ],
  "reclassifiers": [
    { "function": "hashId", "from": "PII", "to": "PSEUDONYMOUS", "reason": "salted hash" },
    { "module": "crypto-kit", "function": "blind", "reason": "keyed hash" }
  ]
}
`;

const MAIN = `import axios from "axios";
import { audit, hashId, profile, readEmail } from "./lib";
audit.record(hashId(readEmail()));
axios.post("/u", profile.phone);
document.title = "x";
`;

const LIB = `export const audit = { record(x: unknown) {}, erase(x: unknown) {} };
export const profile = { phone: "" };
export function readEmail(): string { return ""; }
export function hashId(x: string): string { return x; }
`;

function analyse(files: Record<string, string>): { dir: string; usage: ModelUsage | undefined } {
  const dir = writeTempProject(files);
  const analyzer = Analyzer.forConfigFile(path.join(dir, "tsconfig.json"));
  return { dir, usage: analyzer.analyze().modelUsage };
}

function lineOf(text: string, needle: string): { line: number; character: number } {
  const offset = text.indexOf(needle);
  assert.ok(offset >= 0, `${needle} not in text`);
  const before = text.slice(0, offset).split("\n");
  return { line: before.length - 1, character: before[before.length - 1]!.length };
}

describe("models that match nothing", () => {
  it("lists unmatched models at their path", () => {
    const { dir, usage } = analyse({
      "tsconfig.json": TSCONFIG,
      "privacy-zones.json": CONFIG,
      "src/main.ts": MAIN,
      "src/lib.ts": LIB,
    });
    assert.ok(usage, "a configured project reports model usage");
    const configFile = path.join(dir, "privacy-zones.json");
    assert.deepEqual(usage.configFiles, [configFile]);
    const unmatched = usage.unmatched.map((model) => ({
      start: model.range.start,
      message: model.message,
      severity: model.severity,
    }));
    assert.deepEqual(unmatched, [
      {
        start: lineOf(CONFIG, '"audit.erase"'),
        message: "Sink model `audit.erase` matches no call in the project. Check the access path.",
        severity: "warning",
      },
      {
        start: lineOf(CONFIG, '"blind"'),
        message:
          "Reclassifier `blind` of `crypto-kit` matches no call in the project. Check the access path and the module name.",
        severity: "warning",
      },
    ]);
    const erase = usage.unmatched[0]!;
    assert.equal(erase.file, configFile);
    assert.equal(erase.range.end.character - erase.range.start.character, '"audit.erase"'.length);
  });

  it("names unmatched property models", () => {
    const { usage } = analyse({
      "tsconfig.json": TSCONFIG,
      "privacy-zones.json": '{ "sources": [{ "property": "req.session.token", "zone": "PII" }] }',
      "src/main.ts": "export const x = 1;\n",
    });
    assert.match(
      usage!.unmatched[0]!.message,
      /^Source model `req.session.token` matches no property/,
    );
  });

  it("places extended models in their file", () => {
    const { dir, usage } = analyse({
      "tsconfig.json": TSCONFIG,
      "privacy-zones.json": '{ "extends": "./base.json" }',
      "base.json": '{\n  "sinks": [{ "function": "nowhere", "purpose": "logging" }]\n}\n',
      "src/main.ts": "export const x = 1;\n",
    });
    assert.deepEqual(usage!.configFiles.sort(), [
      path.join(dir, "base.json"),
      path.join(dir, "privacy-zones.json"),
    ]);
    assert.equal(usage!.unmatched.length, 1);
    assert.equal(usage!.unmatched[0]!.file, path.join(dir, "base.json"));
    assert.equal(usage!.unmatched[0]!.range.start.line, 1);
  });

  it("counts calls without arguments", () => {
    const { usage } = analyse({
      "tsconfig.json": TSCONFIG,
      "privacy-zones.json":
        '{ "sinks": [{ "function": "metrics.flush", "purpose": "analytics" }, { "function": "Client", "purpose": "network" }] }',
      "src/main.ts":
        "declare const metrics: { flush(): void };\ndeclare class Client {}\nmetrics.flush();\nnew Client();\n",
    });
    assert.deepEqual(usage!.unmatched, []);
  });

  it("matches renamed imports by their exported name", () => {
    const dir = writeTempProject({
      "tsconfig.json": TSCONFIG,
      "privacy-zones.json":
        '{ "sinks": [{ "module": "aliased", "function": "emit", "purpose": "analytics" }] }',
      "src/main.ts":
        'import { emit as send } from "aliased";\n/** @zone PII */\nconst email = "a";\nsend(email);\n',
    });
    const result = Analyzer.forConfigFile(path.join(dir, "tsconfig.json")).analyze();
    assert.deepEqual(result.modelUsage!.unmatched, []);
    const findings = [...result.findings.values()].flat();
    assert.deepEqual(
      findings.map((finding) => finding.message),
      ["PII data reaches `send`, a sink for analytics. Zone PII does not allow analytics."],
    );
  });

  it("is absent when a file was skipped", () => {
    const dir = writeTempProject({
      "tsconfig.json": TSCONFIG,
      "privacy-zones.json": '{ "sinks": [{ "function": "big.send", "purpose": "network" }] }',
      "src/big.ts": "big.send(1);\n" + "const filler = 1;\n".repeat(100),
    });
    const analyzer = Analyzer.forConfigFile(path.join(dir, "tsconfig.json"), { maxFileSize: 100 });
    assert.equal(analyzer.analyze().modelUsage?.unmatched, undefined);
  });

  it("skips config files above the project", () => {
    const dir = writeTempProject({
      "privacy-zones.json": '{ "sinks": [{ "function": "beta.send", "purpose": "network" }] }',
      "packages/a/tsconfig.json": TSCONFIG,
      "packages/a/src/a.ts": "export const a = 1;\n",
    });
    const analyzer = Analyzer.forConfigFile(path.join(dir, "packages/a/tsconfig.json"));
    assert.deepEqual(analyzer.analyze().modelUsage, { configFiles: [], unmatched: [] });
  });

  it("skips preset models", () => {
    const { usage } = analyse({
      "tsconfig.json": TSCONFIG,
      "privacy-zones.json": '{ "extends": "privacy-zones:recommended" }',
      "src/main.ts": "export const x = 1;\n",
    });
    assert.deepEqual(usage!.unmatched, []);
  });

  it("is absent for loose files", () => {
    const dir = writeTempProject({ "privacy-zones.json": CONFIG, "main.ts": MAIN, "lib.ts": LIB });
    const analyzer = Analyzer.forLooseFiles([path.join(dir, "main.ts")]);
    assert.equal(analyzer.analyze().modelUsage, undefined);
  });
});

describe("combining model usage of several projects", () => {
  const warning = (file: string, line: number, key: string): UnmatchedModel => ({
    file,
    range: { start: { line, character: 4 }, end: { line, character: 10 } },
    message: `${key} matches nothing`,
    severity: "warning",
    key,
  });
  const shared = "/repo/privacy-zones.json";
  const other = "/repo/web/privacy-zones.json";

  it("reports models every project missed", () => {
    const a = warning(shared, 2, "a");
    const b = warning(shared, 3, "b");
    const usages: ModelUsage[] = [
      { configFiles: [shared], unmatched: [a, b] },
      { configFiles: [shared], unmatched: [b] },
    ];
    assert.deepEqual(unmatchedModels(usages), [b]);
  });

  it("ignores projects with other configs", () => {
    const a = warning(shared, 2, "a");
    const usages: ModelUsage[] = [
      { configFiles: [shared], unmatched: [a] },
      { configFiles: [other], unmatched: [] },
    ];
    assert.deepEqual(unmatchedModels(usages), [a]);
  });

  it("reports nothing without usages", () => {
    assert.deepEqual(unmatchedModels([]), []);
  });
});

describe("model config checks", () => {
  it("rejects models with both kinds or empty names", () => {
    const config = resolveConfig(
      path.join(
        writeTempProject({
          "privacy-zones.json": JSON.stringify({
            sinks: [
              { function: "a.b", property: "a.c", purpose: "logging" },
              { module: "", function: "send", purpose: "logging" },
              { function: "", purpose: "logging" },
            ],
          }),
        }),
        "privacy-zones.json",
      ),
    );
    assert.deepEqual(
      config.problems.map((problem) => problem.message),
      [
        "A model needs either `function` or `property`, not both.",
        "`module` must be a package name such as `axios`.",
        "An empty access path needs `module`: it then names the module's export itself.",
      ],
    );
    assert.deepEqual(
      config.sinks.filter((sink) => sink.origin),
      [],
    );
  });

  it("rejects unknown keys in zones and models", () => {
    const config = resolveConfig(
      path.join(
        writeTempProject({
          "privacy-zones.json": JSON.stringify({
            zones: { PII: { alow: ["storage"] } },
            sinks: [{ function: "a.b", purpose: "logging", argumnets: [0] }],
          }),
        }),
        "privacy-zones.json",
      ),
    );
    assert.deepEqual(
      config.problems.map((problem) => problem.message),
      [
        "Unknown key `alow`. Did you mean `allow`?",
        "Unknown key `argumnets`. Did you mean `arguments`?",
      ],
    );
  });

  it("warns about a relative module", () => {
    const dir = writeTempProject({
      "tsconfig.json": TSCONFIG,
      "privacy-zones.json":
        '{ "sinks": [{ "module": "./audit", "function": "record", "purpose": "logging" }] }',
      "src/main.ts": "export const x = 1;\n",
    });
    const analyzer = Analyzer.forConfigFile(path.join(dir, "tsconfig.json"));
    const problems = analyzer.analyze().configProblems;
    assert.equal(problems.length, 1);
    assert.equal(problems[0]!.severity, "warning");
    assert.match(problems[0]!.message, /`module` names a package/);
    assert.equal(problems[0]!.range.start.character, '{ "sinks": [{ "module": '.length);
  });
});
