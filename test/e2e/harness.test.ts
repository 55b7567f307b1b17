/** Unit tests of the browser suite's helpers that need no browser or code-server. */
import assert from "node:assert/strict";
import * as fs from "node:fs/promises";
import * as os from "node:os";
import * as path from "node:path";
import { describe, test } from "node:test";
import { pickLineageSymbol, pickTarget, type CliFinding } from "./support/findings";
import { allowPurpose } from "./support/policy-config";
import { chooseQuickFix } from "./support/quick-fixes";

function finding(overrides: Partial<CliFinding>): CliFinding {
  return {
    code: "PZ001",
    severity: "error",
    message: "PII data reaches `log.info`",
    file: "src/a.ts",
    line: 3,
    column: 5,
    endLine: 3,
    endColumn: 9,
    zones: ["PII"],
    inferred: false,
    sink: { callee: "log.info", purpose: "logging" },
    path: [
      { file: "src/a.ts", line: 1, column: 1, message: "PII read from `User.email`" },
      { file: "src/a.ts", line: 3, column: 5, message: "reaches `log.info` (logging)" },
    ],
    ...overrides,
  };
}

describe("chooseQuickFix", () => {
  test("prefers removal over disabling", () => {
    const fix = chooseQuickFix([
      "Disable PZ001 for this line",
      "Allow purpose `advertising` for zone PII",
      "Remove `email` from this call",
    ]);
    assert.equal(fix?.title, "Remove `email` from this call");
  });

  test("removal checks the occurrence count", () => {
    const fix = chooseQuickFix(["Remove `email` from this call"]);
    assert.ok(fix);
    assert.equal(fix.isApplied("f({ id, email: p.email })", "f({ id })"), true);
    assert.equal(fix.isApplied("f({ id, email: p.email })", "f({ id, email: p.email })"), false);
  });

  test("disable checks the comment", () => {
    const fix = chooseQuickFix(["Disable PZ001 for this line"]);
    assert.ok(fix);
    const after = "// privacy-zones-disable-next-line PZ001 -- reason\nlog.info(email);";
    assert.equal(fix.isApplied("log.info(email);", after), true);
    assert.equal(fix.isApplied("log.info(email);", "log.info(email);"), false);
  });

  test("unknown titles give nothing", () => {
    assert.equal(chooseQuickFix(["Allow purpose `logging` for zone PII", "Extract"]), undefined);
  });
});

describe("pickTarget", () => {
  test("skips warnings and short paths", () => {
    const warning = finding({ severity: "warning", line: 1 });
    const short = finding({ line: 2, path: [] });
    const wanted = finding({ line: 3 });
    assert.equal(pickTarget([warning, short, wanted]).line, 3);
  });

  test("prefers certain over inferred", () => {
    const inferred = finding({ inferred: true, line: 1 });
    const certain = finding({ line: 2 });
    assert.equal(pickTarget([inferred, certain]).line, 2);
  });

  test("rejects a list without candidates", () => {
    assert.throws(() => pickTarget([finding({ code: "PZ002" })]), /no PZ001 error/);
  });
});

describe("pickLineageSymbol", () => {
  const middle = { file: "src/b.ts", line: 7, column: 9, message: "passed as `text` to `log`" };

  test("takes a middle path step", () => {
    const target = finding({});
    const longer = finding({
      path: [
        { file: "src/b.ts", line: 2, column: 3, message: "PII read from `User.email`" },
        middle,
        { file: "src/b.ts", line: 9, column: 5, message: "reaches `log.info` (logging)" },
      ],
    });
    assert.deepEqual(pickLineageSymbol([target, longer], target), middle);
  });

  test("falls back to the source step", () => {
    const target = finding({});
    assert.deepEqual(pickLineageSymbol([target], target), target.path[0]);
  });
});

describe("allowPurpose", () => {
  test("adds purposes and keeps comments", async () => {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), "privacy-zones-harness-"));
    const file = path.join(dir, "privacy-zones.json");
    await fs.writeFile(
      file,
      '{\n  // team policy\n  "zones": { "PII": { "allow": ["auth"] } }\n}\n',
    );
    try {
      await allowPurpose(file, ["PII", "VOICE"], "logging");
      const text = await fs.readFile(file, "utf8");
      assert.match(text, /\/\/ team policy/);
      const config = JSON.parse(text.replace(/\/\/.*$/gm, "")) as {
        zones: Record<string, { allow: string[] }>;
      };
      assert.deepEqual(config.zones.PII?.allow, ["auth", "logging"]);
      assert.deepEqual(config.zones.VOICE?.allow, ["logging"]);
    } finally {
      await fs.rm(dir, { recursive: true, force: true });
    }
  });
});
