import * as assert from "node:assert/strict";
import * as path from "node:path";
import { describe, it } from "node:test";
import { analyzeFiles, summarize } from "../support/analyze";
import { REPO_ROOT } from "../support/paths";
import type { Finding } from "../../server/src/engine";

/** Analyses `source` with Node's type declarations and the libraries in `lib`. */
function analyzeWithPlatform(source: string, lib: string[]): Finding[] {
  const typeRoots = path.join(REPO_ROOT, "node_modules", "@types");
  const compilerOptions = { strict: true, lib, types: ["node"], typeRoots: [typeRoots] };
  return analyzeFiles({ "a.ts": source, "tsconfig.json": JSON.stringify({ compilerOptions }) })
    .findings;
}

describe("policy and modes", () => {
  it("makes findings warnings for a zone in log mode", () => {
    const config = '{ "zones": { "GAZE": { "allow": [], "mode": "log" } } }';
    const source = "/** @zone GAZE */ const target = 'x';\nconsole.log(target);\n";
    const { findings } = analyzeFiles({ "a.ts": source, "privacy-zones.json": config });
    assert.equal(findings.length, 1);
    assert.equal(findings[0]!.severity, "warning");
  });

  it("allows a purpose the config adds", () => {
    const config = '{ "zones": { "PII": { "allow": ["logging"] } } }';
    const source = "/** @zone PII */ const email = 'x';\nconsole.log(email);\n";
    assert.deepEqual(analyzeFiles({ "a.ts": source, "privacy-zones.json": config }).findings, []);
  });

  it("finds the config in a parent folder", () => {
    const config = '{ "zones": { "PII": { "allow": ["logging"] } } }';
    const source = "/** @zone PII */ const email = 'x';\nconsole.log(email);\n";
    assert.deepEqual(
      analyzeFiles({ "src/deep/a.ts": source, "privacy-zones.json": config, "tsconfig.json": "{}" })
        .findings,
      [],
    );
  });

  it("excludes files by glob", () => {
    const config = '{ "exclude": ["generated/**"] }';
    const source = "/** @zone PII */ const email = 'x';\nconsole.log(email);\n";
    const { findings } = analyzeFiles({
      "generated/a.ts": source,
      "b.ts": source,
      "privacy-zones.json": config,
      "tsconfig.json": "{}",
    });
    assert.equal(findings.length, 1);
    assert.match(findings[0]!.file, /b\.ts$/);
  });
});

describe("fixes", () => {
  it("offers to remove a zoned field", () => {
    const code =
      "/** @zone PII */\nconst email = 'a';\nconsole.log({ email, id: 1 });\nconsole.log({ mail: email });\n";
    const { findings } = analyzeFiles({ "a.ts": code });
    const titles = findings.map((finding) => finding.fixes.map((fix) => fix.title));
    assert.ok(titles[0]!.includes("Remove `email` from this call"));
    assert.ok(titles[1]!.includes("Remove `mail` from this call"));
  });

  it("offers none when fixes are off", () => {
    const code = "/** @zone PII */\nconst email = 'a';\nconsole.log({ email, id: 1 });\n";
    const { findings } = analyzeFiles({ "a.ts": code }, { fixes: false });
    assert.equal(findings.length, 1);
    assert.deepEqual(findings[0]!.fixes, []);
  });

  it("offers to remove fields of any value kind", () => {
    const cases: [string, string][] = [
      ["{ mail: flag ? email : undefined, id: 1 }", "Remove `mail` from this call"],
      ["{ tags: [email, 'x'], id: 1 }", "Remove `tags` from this call"],
      ["{ id: 1, user: { email, plan: 'x' } }", "Remove `email` from this call"],
      ["{ id: 1, note: `to ${email}` }", "Remove `note` from this call"],
    ];
    for (const [argument, title] of cases) {
      const code = `/** @zone PII */\nconst email = 'a';\nconst flag = Math.random() > 0.5;\nconsole.log(${argument});\n`;
      const { findings } = analyzeFiles({ "a.ts": code });
      const titles = findings.flatMap((finding) => finding.fixes.map((fix) => fix.title));
      assert.ok(titles.includes(title), `${argument}: ${titles}`);
    }
  });

  it("removes the innermost field", () => {
    const code =
      "/** @zone PII */\nconst email = 'a';\nconsole.log({ id: 1, user: { plan: 'x', email } });\n";
    const { findings } = analyzeFiles({ "a.ts": code });
    const fix = findings[0]!.fixes.find((candidate) => candidate.kind === "remove-argument");
    const edit = fix?.edits?.[0];
    assert.ok(edit, "no removal fix");
    const lines = code.split("\n");
    assert.equal(edit.range.start.line, 2);
    assert.equal(lines[2]!.slice(edit.range.start.character, edit.range.end.character), ", email");
  });

  it("keeps required arguments", () => {
    const code =
      "/** @zone PII */\nconst email = 'a';\nvoid fetch(email);\nconsole.log(`to ${email}`);\n";
    const { findings } = analyzeFiles({ "a.ts": code });
    assert.deepEqual(summarize(findings), ["3:PZ001", "4:PZ001"]);
    const removals = findings
      .flatMap((finding) => finding.fixes.filter((fix) => fix.kind === "remove-argument"))
      .map((fix) => `${fix.edits![0]!.range.start.line + 1} ${fix.title}`);
    assert.deepEqual(removals, ["4 Remove argument 1 from this call"]);
  });

  it("offers to remove a call result field", () => {
    const code =
      "/** @zone PII */\nconst email = 'a';\nconst trim = (text: string) => text.trim();\nconsole.log({ mail: trim(email), id: 1 });\n";
    const { findings } = analyzeFiles({ "a.ts": code });
    const titles = findings.flatMap((finding) => finding.fixes.map((fix) => fix.title));
    assert.ok(titles.includes("Remove `mail` from this call"), `${titles}`);
  });
});

describe("detection", () => {
  it("infers zones from names in unannotated code, as warnings", () => {
    const source =
      "export function signup(form: { email: string; plan: string }) {\n  console.log(form.email);\n  console.log(form.plan);\n}\n";
    const { findings } = analyzeFiles({ "a.ts": source });
    assert.deepEqual(summarize(findings), ["2:PZ001"]);
    assert.equal(findings[0]!.severity, "warning");
    assert.equal(findings[0]!.inferred, true);
    assert.match(findings[0]!.message, /PII \(inferred\)/);
    assert.ok(findings[0]!.path[0]!.inferred);
    assert.ok(findings[0]!.fixes.some((fix) => fix.title === "Mark `email` as @zone PII"));
  });

  it("leaves plain identifiers alone", () => {
    const source =
      "export function f(user: { id: string; userId: string; uuid: string; isEmailVerified: boolean; emailCount: number }) {\n  console.log(user.id, user.userId, user.uuid, user.isEmailVerified, user.emailCount);\n}\n";
    assert.deepEqual(analyzeFiles({ "a.ts": source }).findings, []);
  });

  it("recognises the usual personal-data names", () => {
    const names = [
      "phoneNumber",
      "date_of_birth",
      "homeAddress",
      "ipAddress",
      "deviceId",
      "heartRate",
      "faceEmbedding",
      "cameraFrame",
      "voiceAudio",
      "password",
      "accessToken",
      "latitude",
    ];
    const source = names
      .map((name) => `export function f_${name}(${name}: string) { console.log(${name}); }`)
      .join("\n");
    const { findings } = analyzeFiles({ "a.ts": source });
    assert.equal(findings.length, names.length);
  });

  it("recognises plural names", () => {
    for (const name of ["emails", "phoneNumbers", "emailAddresses", "passwords"]) {
      const source = `export function f(${name}: string[]) { console.log(${name}); }\n`;
      const { findings } = analyzeFiles({ "a.ts": source });
      assert.equal(findings.length, 1, name);
    }
    const source =
      "export function f(statuses: string[], aliases: string[]) { console.log(statuses, aliases); }\n";
    assert.deepEqual(analyzeFiles({ "a.ts": source }).findings, []);
  });

  it("leaves personal data of things that are not people alone", () => {
    const source =
      "export function f(repoFullName: string, serverIp: string, companyPhone: string, repoAccessToken: string, ownerFullName: string) {\n  console.log(repoFullName, serverIp, companyPhone);\n  console.log(repoAccessToken);\n  console.log(ownerFullName);\n}\n";
    assert.deepEqual(summarize(analyzeFiles({ "a.ts": source }).findings), ["3:PZ001", "4:PZ001"]);
  });

  it("skips names whose written type cannot be the data", () => {
    const source = [
      "type Hook = (input: { id: string }) => Promise<void>;",
      "interface Mailer { send(to: string): Promise<void>; close(): void }",
      "interface Auth {",
      "  afterForgotPassword?: Hook[];",
      "  optionalPassword?: true;",
      "  email?: Mailer;",
      "  coordinates?: { lat: number; lng: number };",
      "  password?: string | null;",
      "}",
      "export function f(auth: Auth) {",
      "  console.log(auth.afterForgotPassword);",
      "  console.log(auth.optionalPassword);",
      "  console.log(auth.email);",
      "  console.log(auth.coordinates);",
      "  console.log(auth.password);",
      "  const hooks: Pick<Auth, 'afterForgotPassword'> = { afterForgotPassword: [] };",
      "  console.log(hooks);",
      "}",
    ].join("\n");
    assert.deepEqual(summarize(analyzeFiles({ "a.ts": source }).findings), [
      "14:PZ001",
      "15:PZ001",
    ]);
  });

  it("skips members of capitalised names that a missing module exports", () => {
    const source = [
      'import { Profile } from "@missing/schemas";',
      'import { body } from "@missing/request";',
      "console.log(Profile.password);",
      "console.log(body.password);",
    ].join("\n");
    assert.deepEqual(summarize(analyzeFiles({ "a.ts": source }).findings), ["4:PZ001"]);
  });

  it("prefers the rule that matches most words", () => {
    for (const name of ["macAddress", "deviceFingerprint"]) {
      const source = `export function f(${name}: string) { console.log(${name}); }\n`;
      const { findings } = analyzeFiles({ "a.ts": source });
      assert.deepEqual(findings[0]?.zones, ["DEVICE_ID"], name);
    }
  });

  it("lets a project rule override the preset's", () => {
    const source = "export function f(homeAddress: string) { console.log(homeAddress); }\n";
    const config =
      '{ "detection": { "rules": [{ "zone": "LOCATION", "names": ["home address"] }] } }';
    const { findings } = analyzeFiles({ "a.ts": source, "privacy-zones.json": config });
    assert.deepEqual(findings[0]?.zones, ["LOCATION"]);
  });

  it("leaves generic and technical names alone", () => {
    const source = [
      "export function f(rule: { condition: string }, fingerprint: string) {",
      "  console.log(rule.condition, fingerprint);",
      "}",
      "export function g(patient: { medicalCondition: string }) {",
      "  console.log(patient.medicalCondition);",
      "}",
    ].join("\n");
    const { findings } = analyzeFiles({ "a.ts": source });
    assert.deepEqual(summarize(findings), ["5:PZ001"]);
    assert.deepEqual(findings[0]!.zones, ["HEALTH"]);
  });

  it("guesses zones for platform fields", () => {
    const source = [
      'import type { IncomingMessage } from "node:http";',
      "export function f(request: IncomingMessage, position: GeolocationPosition) {",
      "  console.info(request.socket.remoteAddress);",
      "  console.info(position.coords.latitude);",
      "}",
    ].join("\n");
    const findings = analyzeWithPlatform(source, ["es2022", "dom"]);
    assert.deepEqual(summarize(findings), ["3:PZ001", "4:PZ001"]);
    assert.deepEqual(
      findings.map((finding) => finding.zones[0]),
      ["PII", "LOCATION"],
    );
  });

  it("guesses no zones for the machine's own addresses", () => {
    const source = [
      'import type { AddressInfo, Server, Socket } from "node:net";',
      'import { networkInterfaces } from "node:os";',
      "export function f(server: Server, socket: Socket) {",
      "  const bound = server.address() as AddressInfo;",
      "  console.info(`listening on ${bound.address}:${bound.port}`);",
      "  for (const entry of networkInterfaces().eth0 ?? []) console.info(entry.address, entry.mac);",
      "  console.info(socket.remoteAddress);",
      "}",
    ].join("\n");
    assert.deepEqual(summarize(analyzeWithPlatform(source, ["es2022"])), ["7:PZ001"]);
  });

  it("treats the process's output streams as logs", () => {
    const source = [
      "export function f(email: string, plan: string) {",
      "  process.stdout.write(email);",
      "  process.stderr.write(`failed for ${email}`);",
      "  process.stdout.write(plan);",
      "}",
    ].join("\n");
    const findings = analyzeWithPlatform(source, ["es2022"]);
    assert.deepEqual(summarize(findings), ["2:PZ001", "3:PZ001"]);
    assert.match(findings[0]!.message, /logging/);
  });

  it("ignores names whose values are constants", () => {
    const source = [
      "export function f() {",
      '  console.log({ errors: { password: ["can\'t be blank"] } });',
      "  const email = 'support@example.com';",
      "  console.log(email);",
      "}",
    ].join("\n");
    assert.deepEqual(analyzeFiles({ "a.ts": source }).findings, []);
  });

  it("can be turned off in the config", () => {
    const source = "export function f(email: string) { console.log(email); }\n";
    assert.deepEqual(
      analyzeFiles({ "a.ts": source, "privacy-zones.json": '{ "detection": { "enable": false } }' })
        .findings,
      [],
    );
  });

  it("can be turned off by the caller", () => {
    const source = "export function f(email: string) { console.log(email); }\n";
    assert.deepEqual(analyzeFiles({ "a.ts": source }, { detection: false }).findings, []);
  });
});

/** Declarations of posthog-node's client, for tests that import it. */
const POSTHOG_NODE = [
  'declare module "posthog-node" {',
  "  export class PostHog {",
  "    constructor(apiKey: string);",
  "    capture(event: { distinctId: string }): void;",
  "    identify(event: { distinctId: string }): void;",
  "  }",
  "}",
].join("\n");

describe("library models", () => {
  it("matches imports of packages that are not installed", () => {
    const source = [
      'import OpenAI from "openai";',
      'import pino from "pino";',
      "const client = new OpenAI();",
      "const logger = pino().child({ module: 'x' });",
      "/** @zone HEALTH */ const note = 'x';",
      "client.chat.completions.create({ messages: [{ role: 'user', content: note }] });",
      "logger.info({ note });",
    ].join("\n");
    const { findings } = analyzeFiles({ "a.ts": source });
    assert.deepEqual(summarize(findings), ["6:PZ001", "7:PZ001"]);
    assert.equal(findings[0]!.sink!.purpose, "llm_inference");
    assert.equal(findings[1]!.sink!.purpose, "logging");
  });

  it("finds clients by type and re-export", () => {
    const source = [
      'import { PostHog } from "posthog-node";',
      'import { PostHog as Shared } from "@acme/analytics";',
      "let instance: PostHog | undefined;",
      "function posthog() {",
      '  if (!instance) instance = new PostHog("key");',
      "  return instance;",
      "}",
      "const getClient = (): PostHog => new PostHog('key');",
      "/** @zone PII */ const email = 'x';",
      "new Shared('key').capture({ distinctId: email });",
      "posthog()?.capture({ distinctId: email });",
      "instance?.capture({ distinctId: email });",
      "getClient().capture({ distinctId: email });",
      "posthog().shutdown(email);",
      'import { makeClient } from "client-factory";',
      "const made = makeClient();",
      "made.capture({ distinctId: email });",
      "let viaType: Shared | undefined;",
      "viaType?.capture({ distinctId: email });",
    ].join("\n");
    const library = [
      'declare module "posthog-node" {',
      "  export class PostHog {",
      "    constructor(apiKey: string);",
      "    capture(event: { distinctId: string }): void;",
      "    shutdown(reason?: string): void;",
      "  }",
      "}",
      'declare module "@acme/analytics" {',
      '  export { PostHog } from "posthog-node";',
      "}",
      'declare module "client-factory" {',
      '  import { PostHog } from "posthog-node";',
      "  export function makeClient(): PostHog;",
      "}",
    ].join("\n");
    const { findings } = analyzeFiles({ "a.ts": source, "types.d.ts": library });
    assert.deepEqual(summarize(findings), [
      "10:PZ001",
      "11:PZ001",
      "12:PZ001",
      "13:PZ001",
      "17:PZ001",
      "19:PZ001",
    ]);
    assert.ok(findings.every((finding) => finding.sink!.purpose === "analytics"));
  });

  it("finds default-exported client classes", () => {
    const analytics = ['import { PostHog } from "posthog-node";', "export default PostHog;"].join(
      "\n",
    );
    const source = [
      'import Client from "./analytics";',
      'import Shared from "@acme/default-client";',
      'import Wrapped from "@acme/wrapped-client";',
      'import Local from "./local";',
      "/** @zone PII */ const email = 'x';",
      "new Client('key').capture({ distinctId: email });",
      "new Shared('key').capture({ distinctId: email });",
      "new Wrapped('key').capture({ distinctId: email });",
      "let typed: Client | undefined;",
      "typed?.capture({ distinctId: email });",
      "new Local().capture({ distinctId: email });",
    ].join("\n");
    const local = "export default class PostHog {\n  capture(event: object): void {}\n}";
    const library = [
      POSTHOG_NODE,
      'declare module "@acme/default-client" {',
      '  export { PostHog as default } from "posthog-node";',
      "}",
      'declare module "@acme/wrapped-client" {',
      '  import { PostHog } from "posthog-node";',
      "  export default PostHog;",
      "}",
    ].join("\n");
    const { findings } = analyzeFiles({
      "a.ts": source,
      "analytics.ts": analytics,
      "local.ts": local,
      "types.d.ts": library,
    });
    assert.deepEqual(summarize(findings), ["10:PZ001", "6:PZ001", "7:PZ001", "8:PZ001"]);
  });

  it("finds clients through namespace re-exports", () => {
    const reexports =
      'export * as ph from "posthog-node";\nexport { PostHog } from "posthog-node";';
    const source = [
      'import * as direct from "posthog-node";',
      'import { ph } from "@acme/namespace";',
      'import { ph as local } from "./reexports";',
      'import * as all from "./reexports";',
      "/** @zone PII */ const email = 'x';",
      "new direct.PostHog('key').capture({ distinctId: email });",
      "new ph.PostHog('key').capture({ distinctId: email });",
      "new local.PostHog('key').capture({ distinctId: email });",
      "new all.PostHog('key').capture({ distinctId: email });",
      "new all.ph.PostHog('key').capture({ distinctId: email });",
    ].join("\n");
    const library = [
      POSTHOG_NODE,
      'declare module "@acme/namespace" {',
      '  export * as ph from "posthog-node";',
      "}",
    ].join("\n");
    const { findings } = analyzeFiles({
      "a.ts": source,
      "reexports.ts": reexports,
      "types.d.ts": library,
    });
    assert.deepEqual(summarize(findings), ["10:PZ001", "6:PZ001", "7:PZ001", "8:PZ001", "9:PZ001"]);
  });

  it("matches subclasses except overridden methods", () => {
    const tracker = [
      'import { PostHog } from "posthog-node";',
      "export class Tracker extends PostHog {",
      "  track(event: { distinctId: string }): void {",
      "    this.capture(event);",
      "  }",
      "  identify(event: { distinctId: string }): void {",
      "    void event;",
      "  }",
      "}",
      "export const Inline = class extends PostHog {};",
    ].join("\n");
    const source = [
      'import { Inline, Tracker } from "./tracker";',
      "class Local extends Tracker {}",
      "class PostHog {",
      "  capture(event: object): void {}",
      "}",
      "class Unrelated extends PostHog {}",
      "/** @zone PII */ const email = 'x';",
      "new Tracker('key').capture({ distinctId: email });",
      "new Local('key').capture({ distinctId: email });",
      "let typed: Tracker | undefined;",
      "typed?.capture({ distinctId: email });",
      "new Tracker('key').identify({ distinctId: email });",
      "new Unrelated().capture({ distinctId: email });",
      "new Tracker('key').track({ distinctId: email });",
      "new Inline('key').capture({ distinctId: email });",
    ].join("\n");
    const { findings } = analyzeFiles({
      "a.ts": source,
      "tracker.ts": tracker,
      "types.d.ts": POSTHOG_NODE,
    });
    assert.deepEqual(summarize(findings), [
      "11:PZ001",
      "15:PZ001",
      "4:PZ001",
      "8:PZ001",
      "9:PZ001",
    ]);
  });

  it("finds clients typed by import types", () => {
    const analytics = 'export { PostHog } from "posthog-node";';
    const source = [
      "/** @zone PII */ const email = 'x';",
      'let client: import("posthog-node").PostHog | undefined;',
      "client?.capture({ distinctId: email });",
      'let sdk: typeof import("posthog-node") | undefined;',
      "new sdk!.PostHog('key').capture({ distinctId: email });",
      'let local: import("./analytics").PostHog | undefined;',
      "local?.capture({ distinctId: email });",
      "export {};",
    ].join("\n");
    const { findings } = analyzeFiles({
      "a.ts": source,
      "analytics.ts": analytics,
      "types.d.ts": POSTHOG_NODE,
    });
    assert.deepEqual(summarize(findings), ["3:PZ001", "5:PZ001", "7:PZ001"]);
  });

  it("finds clients typed through aliases and interfaces", () => {
    const source = [
      'import { PostHog } from "posthog-node";',
      "/** @zone PII */ const email = 'x';",
      "type Client = PostHog;",
      "type MaybeClient = Client | undefined;",
      "let client: MaybeClient;",
      "client?.capture({ distinctId: email });",
      "interface Tracker extends PostHog { label: string }",
      "let tracker: Tracker | undefined;",
      "tracker?.capture({ distinctId: email });",
      "let mixed: PostHog & { label: string } | undefined;",
      "mixed?.capture({ distinctId: email });",
      "interface Unrelated { capture(event: unknown): void }",
      "let unrelated: Unrelated | undefined;",
      "unrelated?.capture({ distinctId: email });",
      "type Looping = Looping[];",
      "let looping: Looping | undefined;",
      "void looping;",
      "export {};",
    ].join("\n");
    const { findings } = analyzeFiles({ "a.ts": source, "types.d.ts": POSTHOG_NODE });
    assert.deepEqual(summarize(findings), ["11:PZ001", "6:PZ001", "9:PZ001"]);
  });

  it("finds clients from imports and hooks", () => {
    const source = [
      'import posthog from "posthog-js";',
      "/** @zone PII */ const email = 'x';",
      'void import("posthog-js").then(({ default: client }) => client.capture("a", { email }));',
      'void import("posthog-js").then((module) => module.default.capture("b", { email }));',
      "export async function viaAwait() {",
      '  const module = await import("posthog-js");',
      '  module.default.capture("c", { email });',
      "}",
      "function useAnalytics() {",
      "  const capture = (event: string, properties?: object) => {",
      "    posthog.capture(event, properties);",
      "  };",
      "  return { capture };",
      "}",
      'useAnalytics().capture("d", { email });',
      "const hooks = () => ({ track: posthog.capture, local: (event: string) => event });",
      'hooks().track("e", { email });',
      "hooks().local(email);",
    ].join("\n");
    const library = [
      'declare module "posthog-js" {',
      "  const posthog: { capture(event: string, properties?: object): void };",
      "  export default posthog;",
      "}",
    ].join("\n");
    const { findings } = analyzeFiles({ "a.ts": source, "types.d.ts": library });
    assert.deepEqual(summarize(findings), [
      "11:PZ001",
      "17:PZ001",
      "3:PZ001",
      "4:PZ001",
      "7:PZ001",
    ]);
  });

  it("treats child logger bindings as logged", () => {
    const source = [
      'import pino from "pino";',
      "const logger = pino();",
      "/** @zone HEALTH */ const note = 'x';",
      "logger.child({ note }).info('saved');",
      "logger.child({ module: 'x' }).info('saved');",
    ].join("\n");
    const { findings } = analyzeFiles({ "a.ts": source });
    assert.deepEqual(summarize(findings), ["4:PZ001"]);
    assert.equal(findings[0]!.sink!.callee, "logger.child");
  });

  it("finds loggers at any depth and prompt-template chains", () => {
    const source = [
      'import { ChatPromptTemplate } from "@langchain/core/prompts";',
      'import { ChatOpenAI } from "@langchain/openai";',
      "/** @zone HEALTH */ const note = 'x';",
      "declare const req: { log: { info(message: unknown): void } };",
      "declare const jobs: { io: { logger: { warn(message: unknown): void } } };",
      "req.log.info(note);",
      "jobs.io.logger.warn({ note });",
      "const chain = ChatPromptTemplate.fromTemplate('{note}').pipe(new ChatOpenAI());",
      "void chain.invoke({ note });",
    ].join("\n");
    const { findings } = analyzeFiles({ "a.ts": source });
    assert.deepEqual(summarize(findings), ["6:PZ001", "7:PZ001", "9:PZ001"]);
    assert.equal(findings[2]!.sink!.purpose, "llm_inference");
  });

  it("follows require, destructuring and aliases in loose JavaScript", () => {
    const source = [
      "const { track } = require('@segment/analytics-node');",
      "const Analytics = require('@segment/analytics-node');",
      "const analytics = new Analytics.Analytics({ writeKey: 'k' });",
      "const send = analytics.track.bind(analytics);",
      "function report(user) {",
      "  analytics.track({ event: 'x', properties: { email: user.email } });",
      "  analytics.track({ event: 'x', properties: { plan: user.plan } });",
      "}",
      "module.exports = { report, track };",
    ].join("\n");
    const { findings } = analyzeFiles({ "a.js": source });
    assert.deepEqual(summarize(findings), ["6:PZ001"]);
    assert.equal(findings[0]!.sink!.purpose, "analytics");
  });

  it("treats request input as USER_INPUT", () => {
    const source = [
      'import express from "express";',
      'import type { Request, Response } from "express";',
      "const app = express();",
      "app.post('/x', (req: Request, res: Response) => {",
      "  console.log(req.body.text);",
      "  res.json({ ok: true });",
      "});",
    ].join("\n");
    const { findings } = analyzeFiles({ "a.ts": source });
    assert.deepEqual(summarize(findings), ["5:PZ001"]);
    assert.deepEqual(findings[0]!.zones, ["USER_INPUT"]);
  });

  it("marks calls into unseen code as inferred steps", () => {
    const source = [
      'import { transform } from "some-lib";',
      "/** @zone PII */ const email = 'x';",
      "console.log(transform(email));",
    ].join("\n");
    const { findings } = analyzeFiles({ "a.ts": source });
    assert.deepEqual(summarize(findings), ["3:PZ001"]);
    const step = findings[0]!.path.find((candidate) => candidate.kind === "call")!;
    assert.equal(step.inferred, true);
    assert.match(step.message, /cannot see/);
  });
});
