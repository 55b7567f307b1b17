import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { after, before, describe, test } from "node:test";
import type { PublishDiagnosticsParams } from "vscode-languageserver-protocol";
import { writeTempProject } from "../support/paths";
import { TestClient } from "./lsp-client";

const HELPERS = `export function audit(value: string): void {
  console.log(value);
}
`;

const MAIN = `import { audit } from "./helpers";

/** @zone PII */
const email = "a@b.c";
audit(email);
`;

const pz001Lines = (params: PublishDiagnosticsParams): number[] =>
  params.diagnostics
    .filter((diagnostic) => diagnostic.code === "PZ001")
    .map((diagnostic) => diagnostic.range.start.line);

/**
 * Edits in one open file change findings in another: the server updates its last analysis
 * rather than starting over, and must reach the same findings.
 */
describe("findings across files after edits", () => {
  let root: string;
  let client: TestClient;
  let helpersUri: string;
  let mainUri: string;

  before(async () => {
    root = fs.mkdtempSync(path.join(fs.realpathSync(os.tmpdir()), "pz-incremental-"));
    fs.mkdirSync(path.join(root, "src"));
    fs.writeFileSync(path.join(root, "tsconfig.json"), '{ "include": ["src"] }\n');
    fs.writeFileSync(path.join(root, "src", "helpers.ts"), HELPERS);
    fs.writeFileSync(path.join(root, "src", "main.ts"), MAIN);
    client = (await TestClient.start(root)).client;
    helpersUri = await client.open(path.join(root, "src", "helpers.ts"));
    mainUri = await client.open(path.join(root, "src", "main.ts"));
  });

  after(async () => {
    await client.stop();
    fs.rmSync(root, { recursive: true, force: true });
  });

  const helpersFindings = async (lines: number[], description: string): Promise<void> => {
    const params = await client.waitForDiagnostics(
      helpersUri,
      (p) => JSON.stringify(pz001Lines(p)) === JSON.stringify(lines),
      description,
    );
    assert.deepEqual(pz001Lines(params), lines);
  };

  test("a call with PII marks the helper's sink", async () => {
    await helpersFindings([1], "finding in helpers.ts");
  });

  test("removing the call clears the helper's finding", async () => {
    await client.change(mainUri, MAIN.replace("audit(email);", 'audit("none");'));
    await helpersFindings([], "no finding in helpers.ts");
  });

  test("restoring the call brings it back", async () => {
    await client.change(mainUri, MAIN);
    await helpersFindings([1], "finding in helpers.ts again");
  });

  test("an edit inside the helper's body clears it", async () => {
    await client.change(helpersUri, HELPERS.replace("console.log(value);", "void value;"));
    await helpersFindings([], "no finding after the body edit");
  });

  test("a new export used by the caller reports its sink", async () => {
    const helpers = `${HELPERS.replace("console.log(value);", "void value;")}
export function trace(value: string): void {
  console.info(value);
}
`;
    await client.change(helpersUri, helpers);
    await client.change(mainUri, `${MAIN.replace("{ audit }", "{ audit, trace }")}trace(email);\n`);
    await helpersFindings([5], "finding in the new export");
  });

  test("unchanged findings of other files are not sent again", async () => {
    const helpersPublished = () => client.published.filter((p) => p.uri === helpersUri).length;
    const before = helpersPublished();
    const version = await client.change(mainUri, `${client.text(mainUri)}// reviewed\n`);
    await client.waitForDiagnostics(mainUri, (p) => p.version === version, "main.ts again");
    // Publications arrive in order, so one from the first pass would come before this one.
    const helpers = client.text(helpersUri).replace("console.info(value);", "void value;");
    await client.change(helpersUri, helpers);
    await helpersFindings([], "no finding after the second edit");
    assert.equal(helpersPublished() - before, 1);
  });

  test("a new version with the same text gets the same diagnostics", async () => {
    const last = client.published.filter((p) => p.uri === helpersUri).at(-1);
    const version = await client.change(helpersUri, client.text(helpersUri));
    const params = await client.waitForDiagnostics(
      helpersUri,
      (p) => p.version === version,
      "helpers.ts for the new version",
    );
    assert.deepEqual(params.diagnostics, last?.diagnostics);
  });
});

describe("verification after an update", () => {
  let root: string;
  let client: TestClient;

  before(async () => {
    root = fs.mkdtempSync(path.join(fs.realpathSync(os.tmpdir()), "pz-verify-"));
    const files: Record<string, string> = {
      "tsconfig.json": '{ "include": ["*.ts"] }\n',
      "user.ts": "export interface User {\n  greet(): void;\n}\n",
      "make.ts":
        'import type { User } from "./user";\nfunction make(): User { return {} as User; }\nexport const user = make();\n',
      "main.ts": 'import { user } from "./make";\nconsole.log(user);\n',
    };
    for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(root, name), text);
    client = (await TestClient.start(root)).client;
  });

  after(async () => {
    await client.stop();
    fs.rmSync(root, { recursive: true, force: true });
  });

  test("a zone reaching a file only through a type shows up", async () => {
    const userUri = await client.open(path.join(root, "user.ts"));
    const mainUri = await client.open(path.join(root, "main.ts"));
    await client.waitForDiagnostics(mainUri, (p) => pz001Lines(p).length === 0, "no finding yet");
    await client.change(
      userUri,
      "export interface User {\n  greet(): void;\n  /** @zone PII */\n  ssn: string;\n}\n",
    );
    const params = await client.waitForDiagnostics(
      mainUri,
      (p) => pz001Lines(p).length === 1,
      "PZ001 in main.ts after the interface gained a zoned field",
    );
    assert.deepEqual(pz001Lines(params), [1]);
  });
});

describe("files of one project outside the workspace folder", () => {
  let root: string;
  let client: TestClient;

  before(async () => {
    root = fs.realpathSync(
      writeTempProject({
        "workspace/readme.txt": "The workspace folder contains no project.\n",
        "project/tsconfig.json": '{ "include": ["src"] }\n',
        "project/src/a/helpers.ts": HELPERS,
        "project/src/b/main.ts": MAIN.replace('"./helpers"', '"../a/helpers"'),
      }),
    );
    client = (await TestClient.start(path.join(root, "workspace"))).client;
  });

  after(async () => {
    await client.stop();
    fs.rmSync(root, { recursive: true, force: true });
  });

  test("share one loaded project", async () => {
    const helpersUri = await client.open(path.join(root, "project/src/a/helpers.ts"));
    const mainUri = await client.open(path.join(root, "project/src/b/main.ts"));
    await client.waitForDiagnostics(mainUri, () => true, "main.ts diagnostics");
    const params = await client.waitForDiagnostics(
      helpersUri,
      (p) => pz001Lines(p).length === 1,
      "the finding in helpers.ts",
    );
    assert.deepEqual(pz001Lines(params), [1]);
    const loads = client.logs.filter((line) => line.startsWith("Loaded project"));
    assert.equal(loads.length, 1, loads.join("\n"));
    // The first analysis of a project collects the garbage of its evaluations, and the checker
    // of its first program, before it builds its findings, and not again once they are sent.
    await client.waitForLog("Garbage collection before the findings:");
    const collections = client.logs.filter((line) => line.startsWith("Garbage collection"));
    assert.deepEqual(
      collections.map((line) => line.split(":")[0]),
      ["Garbage collection before the findings"],
    );
    // The first update leaves the checker of that full analysis to collect.
    await client.change(helpersUri, client.text(helpersUri) + "\n");
    await client.waitForLog("Garbage collection after the first update:");
  });
});
