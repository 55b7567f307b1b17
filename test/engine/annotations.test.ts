import * as assert from "node:assert/strict";
import { describe, it } from "node:test";
import { analyzeFiles, summarize } from "../support/analyze";

describe("annotations", () => {
  it("reads a tag on the line of the opening brace", () => {
    const source =
      "interface Visit { /** @zone HEALTH */ value: string; note: string }\n" +
      "export function log(visit: Visit) {\n  console.log(visit.value);\n  console.log(visit.note);\n}\n";
    const { findings } = analyzeFiles({ "a.ts": source });
    assert.equal(findings.length, 1);
    assert.equal(findings[0]!.range.start.line, 2);
    assert.deepEqual(findings[0]!.zones, ["HEALTH"]);
  });

  it("flags an unknown zone in a same-line tag", () => {
    const source = "export interface Visit { /** @zone HELTH */ value: string }\n";
    const { findings } = analyzeFiles({ "a.ts": source });
    assert.equal(findings.length, 1);
    assert.equal(findings[0]!.code, "PZ003");
    assert.match(findings[0]!.message, /HELTH/);
  });

  it("ignores a tag ending its line", () => {
    const source =
      "interface Visit {\n  id: string; /** @zone HEALTH */\n  note: string;\n}\n" +
      "export function log(visit: Visit) {\n  console.log(visit.note);\n}\n";
    assert.deepEqual(analyzeFiles({ "a.ts": source }).findings, []);
  });

  it("flags an unknown zone with the closest name and a fix", () => {
    const { findings } = analyzeFiles({ "a.ts": "/** @zone HEALT */\nexport const note = 'x';\n" });
    assert.equal(findings.length, 1);
    assert.equal(findings[0]!.code, "PZ003");
    assert.match(findings[0]!.message, /Unknown zone `HEALT`\. Did you mean `HEALTH`\?/);
    assert.deepEqual(findings[0]!.range, {
      start: { line: 0, character: 10 },
      end: { line: 0, character: 15 },
    });
    assert.equal(findings[0]!.fixes[0]!.title, "Change to `HEALTH`");
  });

  it("flags an unknown purpose in @sink", () => {
    const { findings } = analyzeFiles({
      "a.ts": "/** @sink analytic */\nexport function send(x: string) {}\n",
    });
    assert.deepEqual(summarize(findings), ["1:PZ003"]);
    assert.match(findings[0]!.message, /Did you mean `analytics`\?/);
  });

  it("flags a malformed tag", () => {
    const { findings } = analyzeFiles({ "a.ts": "/** @zone */\nexport const note = 'x';\n" });
    assert.deepEqual(summarize(findings), ["1:PZ003"]);
  });

  it("requires a reason on @reclassify", () => {
    const { findings } = analyzeFiles({
      "a.ts":
        "/** @reclassify PII -> PSEUDONYMOUS */\nexport function hash(x: string) { return x; }\n",
    });
    assert.deepEqual(summarize(findings), ["1:PZ004"]);
  });

  it("applies @reclassify with a replacement zone", () => {
    const source = [
      "/** @reclassify PII -> PSEUDONYMOUS -- salted SHA-256 */",
      "function hashEmail(email: string): string { return email; }",
      "/** @zone PII */ const email = 'a@b.c';",
      "console.log(hashEmail(email));",
      "console.log(email); // a real leak",
      "/** @sink advertising */ declare function ads(x: string): void;",
      "ads(hashEmail(email));",
    ].join("\n");
    const { findings } = analyzeFiles({ "a.ts": source });
    assert.deepEqual(summarize(findings), ["5:PZ001", "7:PZ001"]);
    const ads = findings.find((finding) => finding.range.start.line === 6)!;
    assert.deepEqual(ads.zones, ["PSEUDONYMOUS"]);
    assert.ok(
      ads.path.some((step) => step.kind === "reclassify" && /salted SHA-256/.test(step.message)),
    );
  });

  it("drops a zone with @reclassify and no target", () => {
    const source = [
      "/** @reclassify HEALTH -- aggregated count over 50 users */",
      "function count(values: string[]): number { return values.length; }",
      "/** @zone HEALTH */ const diagnoses = ['a'];",
      "console.log(count(diagnoses));",
      "console.log(diagnoses);",
    ].join("\n");
    assert.deepEqual(summarize(analyzeFiles({ "a.ts": source }).findings), ["5:PZ001"]);
  });

  it("honours @sink limited to named parameters", () => {
    const source = [
      "/** @sink logging message */",
      "function log(level: string, message: string) {}",
      "/** @zone PII */ const email = 'x';",
      "log(email, 'fixed');",
      "log('info', email);",
    ].join("\n");
    assert.deepEqual(summarize(analyzeFiles({ "a.ts": source }).findings), ["5:PZ001"]);
  });

  it("applies @zone on an interface to every value of the type", () => {
    const source = [
      "/** @zone HEALTH */",
      "interface Vitals { pulse: number }",
      "function show(v: Vitals) { console.log(v); }",
    ].join("\n");
    assert.deepEqual(summarize(analyzeFiles({ "a.ts": source }).findings), ["3:PZ001"]);
  });

  it("reports PZ002 when a weaker annotation receives a zone, with a fix", () => {
    const source = [
      "/** @zone PII */ const email = 'x';",
      "/** @zone PSEUDONYMOUS */",
      "const key = email;",
    ].join("\n");
    const { findings } = analyzeFiles({ "a.ts": source });
    assert.deepEqual(summarize(findings), ["3:PZ002"]);
    assert.equal(findings[0]!.fixes[0]!.title, "Add @zone PII to `key`");
  });

  it("reports PZ002 for a parameter written into an annotated field", () => {
    const source = [
      "/** @zone PII */ const email = 'x';",
      "class Session {",
      "  /** @zone PSEUDONYMOUS */ subject: string;",
      "  constructor(subject: string) {",
      "    this.subject = subject;",
      "  }",
      "}",
      "function remember(session: Session, value: string) { session.subject = value; }",
      "export const hashed = new Session('h');",
      "export const leaked = new Session(email);",
      "remember(hashed, 'h2');",
      "remember(hashed, email);",
    ].join("\n");
    const { findings } = analyzeFiles({ "a.ts": source });
    assert.deepEqual(summarize(findings), ["5:PZ002", "8:PZ002"]);
    assert.deepEqual(findings[0]!.zones, ["PII"]);
  });

  it("reports PZ002 for literals of an annotated type", () => {
    const source = [
      "/** @zone PII */ const email = 'x';",
      "interface Audit { /** @zone PSEUDONYMOUS */ subject: string; action: string }",
      "function toAudit(subject: string): Audit {",
      "  return { subject, action: 'login' };",
      "}",
      "export const direct: Audit = { subject: email, action: 'login' };",
      "export const clean: Audit = { subject: 'h', action: email };",
      "export const built = toAudit(email);",
    ].join("\n");
    assert.deepEqual(summarize(analyzeFiles({ "a.ts": source }).findings), ["4:PZ002", "6:PZ002"]);
  });
});

describe("exemptions", () => {
  const leak = "/** @zone PII */ const email = 'x';\n";

  it("suppresses the next line with a reason", () => {
    const source =
      leak +
      "// privacy-zones-disable-next-line PZ001 -- reviewed: consented export\nconsole.log(email);\n";
    assert.deepEqual(analyzeFiles({ "a.ts": source }).findings, []);
  });

  it("suppresses its own line", () => {
    const source = leak + "console.log(email); // privacy-zones-disable-line PZ001 -- reviewed\n";
    assert.deepEqual(analyzeFiles({ "a.ts": source }).findings, []);
  });

  it("works after a template literal", () => {
    const source =
      leak +
      "const s = `${email}/x`;\n// privacy-zones-disable-next-line PZ001 -- reviewed\nconsole.log(s);\n";
    assert.deepEqual(analyzeFiles({ "a.ts": source }).findings, []);
  });

  it("requires a reason", () => {
    const source = leak + "// privacy-zones-disable-next-line PZ001\nconsole.log(email);\n";
    assert.deepEqual(summarize(analyzeFiles({ "a.ts": source }).findings), ["2:PZ004", "3:PZ001"]);
  });

  it("reports an exemption that suppresses nothing", () => {
    const source =
      leak + "// privacy-zones-disable-next-line PZ001 -- stale\nconsole.log('nothing');\n";
    const { findings } = analyzeFiles({ "a.ts": source });
    assert.deepEqual(summarize(findings), ["2:PZ004"]);
    assert.match(findings[0]!.message, /suppresses nothing/);
  });

  it("does not suppress other codes", () => {
    const source =
      leak + "// privacy-zones-disable-next-line PZ002 -- wrong code\nconsole.log(email);\n";
    assert.deepEqual(summarize(analyzeFiles({ "a.ts": source }).findings), ["2:PZ004", "3:PZ001"]);
  });
});
