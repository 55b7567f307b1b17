import * as assert from "node:assert/strict";
import { describe, it } from "node:test";
import { runCli } from "../support/cli";
import { writeTempProject } from "../support/paths";

/** A repository root without a tsconfig.json, with two packages and a loose script. */
const FILES: Record<string, string> = {
  "packages/a/tsconfig.json":
    '{ "compilerOptions": { "strict": true, "baseUrl": ".", "paths": { "@lib/*": ["lib/*"] } }, "include": ["src", "lib"] }\n',
  "packages/a/lib/log.ts": "export function audit(text: string): void {\n  console.log(text);\n}\n",
  "packages/a/src/main.ts":
    'import { audit } from "@lib/log";\n/** @zone PII */\nconst email = "a@b.c";\naudit(email);\n',
  "packages/b/tsconfig.json": "{}\n",
  "packages/b/index.ts": "/** @zone HEALTH */\nexport const pulse = 60;\nconsole.info(pulse);\n",
  "script.js": '/** @zone PII */\nconst phone = "1";\nconsole.log(phone);\n',
};

describe("check on a monorepo root", () => {
  it("uses the configs of the packages", () => {
    const dir = writeTempProject(FILES);
    const run = runCli(["check", ".", "--format", "json"], dir);
    assert.equal(run.status, 1, run.stderr);
    const report = JSON.parse(run.stdout) as { findings: { file: string; line: number }[] };
    const found = report.findings.map((finding) => `${finding.file}:${finding.line}`).sort();
    // The first finding needs the package's path alias to follow `audit`.
    assert.deepEqual(found, ["packages/a/lib/log.ts:2", "packages/b/index.ts:3", "script.js:3"]);
  });
});
