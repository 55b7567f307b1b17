import assert from "node:assert/strict";
import * as path from "node:path";
import { after, before, describe, test } from "node:test";
import type { Hover, InlayHint } from "vscode-languageserver-protocol";
import { writeTempProject } from "../support/paths";
import { TestClient } from "./lsp-client";
import { endOf, positionOf } from "./text-positions";

/** Modules of the generated project; each calls into the one before it. */
const MODULES = 150;
const FUNCTIONS = 12;

/**
 * Builds a project whose analysis takes long enough for requests to arrive while it runs: modules of
 * functions that pass a customer's email along a chain of calls into the module before.
 */
function chainProject(): Record<string, string> {
  const files: Record<string, string> = {
    "tsconfig.json": '{ "compilerOptions": { "strict": true }, "include": ["src"] }\n',
    "src/customer.ts":
      "export interface Customer {\n  /** @zone PII */\n  email: string;\n  id: string;\n}\n",
  };
  for (let module = 0; module < MODULES; module++) {
    const lines = ['import type { Customer } from "./customer";'];
    if (module > 0) lines.push(`import * as previous from "./module${module - 1}";`);
    for (let fn = 0; fn < FUNCTIONS; fn++) {
      const call = module > 0 ? `previous.step${fn}(label, customer)` : "label";
      lines.push(
        `export function step${fn}(text: string, customer: Customer): string {`,
        `  const label = \`\${text}:\${customer.id}\`;`,
        `  const next = ${call};`,
        `  if (next.length > ${fn + 3}) console.log(customer.email.length);`,
        `  return next;`,
        `}`,
      );
    }
    files[`src/module${module}.ts`] = lines.join("\n") + "\n";
  }
  files["src/main.ts"] = `import type { Customer } from "./customer";
import { step0 } from "./module${MODULES - 1}";

export function handle(customer: Customer): void {
  /** @zone PII */
  const contact = customer.email;
  console.log(step0(contact, customer));
}
`;
  return files;
}

/**
 * The analysis thread serves some requests between two functions of a running pass: scans of
 * tags always, hovers when the pass leaves the analysis they read alone.
 */
describe("requests during an analysis pass", () => {
  let root: string;
  let client: TestClient;
  let mainUri: string;
  let started: number;

  const waitForPassStart = (): Promise<void> => {
    const count = started;
    return new Promise((resolve) => {
      const check = setInterval(() => {
        if (started > count) {
          clearInterval(check);
          resolve();
        }
      }, 1);
    });
  };

  before(async () => {
    root = writeTempProject(chainProject());
    client = (await TestClient.start(root)).client;
    started = 0;
    client.connection.onNotification("privacyZones/analysisStarted", () => {
      started++;
    });
  });

  after(async () => {
    await client.stop();
  });

  test("tag scan served during first analysis", async () => {
    const passStarted = waitForPassStart();
    mainUri = await client.open(path.join(root, "src", "main.ts"));
    await passStarted;
    const text = client.text(mainUri);
    const hints: InlayHint[] = await client.connection.sendRequest("textDocument/inlayHint", {
      textDocument: { uri: mainUri },
      range: { start: { line: 0, character: 0 }, end: endOf(text) },
    });
    const publishedBefore = client.published.filter((params) => params.uri === mainUri).length;
    assert.ok(hints.length > 0, "the @zone tag has a hint");
    assert.equal(publishedBefore, 0, `hints came after the diagnostics.\n${client.report()}`);
    // A hover on the document waits for the first analysis of its project.
    const hover: Hover | null = await client.hover(mainUri, positionOf(text, "contact, customer"));
    assert.match(
      JSON.stringify(hover?.contents),
      /PII/,
      `hover after opening.\n${client.report()}`,
    );
    await client.waitForDiagnostics(mainUri, (params) => params.diagnostics.length > 0, "findings");
  });

  test("hover waits for an update", async () => {
    // Lines above move the tagged constant to where the old text has nothing to hover.
    const moved = "// one\n// two\n// three\n" + client.text(mainUri);
    await client.change(mainUri, moved);
    const hover: Hover | null = await client.hover(mainUri, positionOf(moved, "contact, customer"));
    assert.ok(hover, `a hover on the tagged constant.\n${client.report()}`);
    assert.match(JSON.stringify(hover.contents), /PII/);
  });

  test("hover served during verification", async () => {
    // After an update, the server verifies it with a fresh analysis once the editor is idle.
    const text = client.text(mainUri).replace("console.log(step0", "console.info(step0");
    const version = await client.change(mainUri, text);
    await client.waitForDiagnostics(mainUri, (params) => params.version === version, "the update");
    await waitForPassStart();
    const events = client.events.length;
    const hover: Hover | null = await client.hover(mainUri, positionOf(text, "contact, customer"));
    const later = client.events.slice(events);
    assert.ok(hover, `a hover on the tagged constant.\n${client.report()}`);
    assert.match(JSON.stringify(hover.contents), /PII/);
    assert.ok(
      !later.some((event) => event.startsWith("log Analysis pass")),
      `the hover waited for the verification.\n${later.join("\n")}`,
    );
  });
});

/** Builds a project whose files take long to parse and little to analyse: many interfaces. */
function declarationsProject(): Record<string, string> {
  const files: Record<string, string> = {
    "tsconfig.json": '{ "compilerOptions": { "strict": true }, "include": ["src"] }\n',
    "src/main.ts": "/** @zone PII */\nexport const contact = 'a';\nconsole.log(contact);\n",
  };
  for (let module = 0; module < 300; module++) {
    const lines: string[] = [];
    for (let type = 0; type < 40; type++) {
      lines.push(`export interface Record${module}x${type} {`);
      for (let field = 0; field < 25; field++) lines.push(`  field${field}: string | number;`);
      lines.push("}");
    }
    files[`src/types${module}.ts`] = lines.join("\n") + "\n";
  }
  return files;
}

describe("requests while a project loads", () => {
  let root: string;
  let client: TestClient;

  before(async () => {
    root = writeTempProject(declarationsProject());
    client = (await TestClient.start(root)).client;
  });

  after(async () => {
    await client.stop();
  });

  test("tag scan served while files parse", async () => {
    let started = false;
    client.connection.onNotification("privacyZones/analysisStarted", () => {
      started = true;
    });
    const uri = await client.open(path.join(root, "src", "main.ts"));
    while (!started) await new Promise((resolve) => setTimeout(resolve, 1));
    const text = client.text(uri);
    const hints: InlayHint[] = await client.connection.sendRequest("textDocument/inlayHint", {
      textDocument: { uri },
      range: { start: { line: 0, character: 0 }, end: endOf(text) },
    });
    // The server logs the load of a project once its files are parsed.
    const loadedBefore = client.events.some((event) => event.startsWith("log Loaded project"));
    assert.ok(hints.length > 0, "the @zone tag has a hint");
    assert.ok(!loadedBefore, `hints came after the project loaded.\n${client.report()}`);
    await client.waitForDiagnostics(uri, (params) => params.diagnostics.length > 0, "findings");
    assert.ok(client.events.some((event) => event.startsWith("log Loaded project")));
  });
});

/** A file that two tsconfig projects include, of which only one analyses the open document. */
describe("hovers on a file of two projects", () => {
  const shared = `export interface Visit {
  /** @zone HEALTH */
  diagnosis: string;
}

export function report(visit: Visit): void {
  console.log(visit.diagnosis);
}
`;
  let root: string;
  let client: TestClient;

  before(async () => {
    const options = { strict: true, noEmit: true };
    root = writeTempProject({
      "app/tsconfig.json": JSON.stringify({
        compilerOptions: options,
        include: ["*.ts", "../shared/*.ts"],
      }),
      "app/main.ts": 'import { report } from "../shared/visits";\nreport({ diagnosis: "flu" });\n',
      "shared/tsconfig.json": JSON.stringify({ compilerOptions: options, include: ["*.ts"] }),
      "shared/visits.ts": shared,
    });
    client = (await TestClient.start(root)).client;
  });

  after(async () => {
    await client.stop();
  });

  test("hover reads the document's own project", async () => {
    // Opening app/main.ts loads the app project, which contains shared/visits.ts as well.
    const mainUri = await client.open(path.join(root, "app", "main.ts"));
    await client.waitForDiagnostics(mainUri, () => true, "the app project's diagnostics");
    await client.connection.sendNotification("textDocument/didClose", {
      textDocument: { uri: mainUri },
    });
    const uri = await client.open(path.join(root, "shared", "visits.ts"));
    await client.waitForDiagnostics(uri, (params) => params.diagnostics.length > 0, "findings");
    // The app project also contains the edited file, but no pass analyses it while main.ts is closed.
    const edited = "// edited\n" + shared;
    await client.change(uri, edited);
    const hover: Hover | null = await client.hover(uri, positionOf(edited, "diagnosis);"));
    assert.match(JSON.stringify(hover?.contents), /HEALTH/, client.report());
  });
});
