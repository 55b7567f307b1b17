import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { after, before, describe, test } from "node:test";
import { writeTempProject } from "../support/paths";
import { TestClient } from "./lsp-client";

const LEAK = `/** @zone PII */
const email = "a@b.c";
console.log(email);
`;

/**
 * One pass covers the open documents of every project. The documents of a project that the pass
 * finished are published before the next project runs, so a slow project holds back no others.
 */
describe("diagnostics of several projects", () => {
  let root: string;
  let client: TestClient;

  before(async () => {
    root = fs.realpathSync(
      writeTempProject({
        "fast/tsconfig.json": '{ "include": ["src"] }\n',
        "fast/src/main.ts": LEAK,
        "slow/tsconfig.json": '{ "include": ["src"] }\n',
        "slow/src/main.ts": LEAK,
      }),
    );
    client = (await TestClient.start(root)).client;
  });

  after(async () => {
    await client.stop();
  });

  test("publishes finished projects first", async () => {
    const fastUri = await client.open(path.join(root, "fast/src/main.ts"));
    await client.waitForDiagnostics(fastUri, (p) => p.diagnostics.length === 1, "fast findings");
    // The new project and the edit land in one pass, which runs the last edited project first.
    const slowUri = await client.open(path.join(root, "slow/src/main.ts"));
    const version = await client.change(fastUri, `${LEAK}console.info(email);\n`);
    await client.waitForDiagnostics(
      fastUri,
      (p) => p.version === version && p.diagnostics.length === 2,
      "the edited document's findings",
    );
    await client.waitForDiagnostics(slowUri, (p) => p.diagnostics.length === 1, "slow findings");
    const events = client.events;
    const fastPublished = events.indexOf(`diagnostics ${fastUri} ${version}`);
    const slowPublished = events.indexOf(`diagnostics ${slowUri} 1`);
    // The slow project's analysis logs its time between the two.
    const slowAnalysed = events.findIndex(
      (event, index) => index > fastPublished && event.startsWith("log Analysed 1 files in"),
    );
    assert.ok(fastPublished >= 0, events.join("\n"));
    assert.ok(slowAnalysed > fastPublished, events.join("\n"));
    assert.ok(slowPublished > slowAnalysed, events.join("\n"));
  });
});
