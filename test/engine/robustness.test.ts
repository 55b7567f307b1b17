import * as assert from "node:assert/strict";
import { describe, it } from "node:test";
import fc from "fast-check";
import {
  EMPTY,
  join,
  labelKey,
  readField,
  signature,
  type Label,
  type Taint,
} from "../../server/src/engine/taint";
import * as fs from "node:fs";
import * as path from "node:path";
import type { Finding } from "../../server/src/engine";
import { analyzeFiles, deepHookChain } from "../support/analyze";
import { FIXTURES } from "../support/paths";

const zone = fc.constantFrom("PII", "HEALTH", "LOCATION", "VOICE");
const zoneLabel = zone.map((name): Label => ({ zone: name, inferred: false, steps: undefined }));
// Symbolic labels: a parameter, the fields read from it, and reclassifications waiting on it.
const parameterLabel = fc
  .record({
    id: fc.integer({ min: 1, max: 3 }),
    fields: fc.array(fc.constantFrom("a", "b"), { maxLength: 2 }),
    transforms: fc.option(
      fc.constant([{ from: ["PII"], to: undefined, reason: "hashed", node: {}, callee: "hash" }]),
      { nil: undefined },
    ),
  })
  .map(
    ({ id, fields, transforms }): Label =>
      ({ param: { id, fields }, transforms, inferred: false, steps: undefined }) as Label,
  );
const label = fc.oneof(zoneLabel, parameterLabel);

/** True for the label of a parameter's field when `labels` has the parameter's own label. */
function absorbed(item: Label, labels: readonly Label[]): boolean {
  if (!item.param || item.param.fields.length === 0 || item.transforms?.length) return false;
  return labels.some(
    (other) =>
      other.param?.id === item.param!.id &&
      other.param.fields.length === 0 &&
      !other.transforms?.length,
  );
}
const taint: fc.Arbitrary<Taint> = fc.letrec<{ taint: Taint }>((tie) => ({
  taint: fc.record({
    // At most one label per key, and no field labels beside their parameter's own label, as
    // the engine keeps them.
    labels: fc.array(label, { maxLength: 4 }).map((labels) => {
      const unique = [...new Map(labels.map((item) => [labelKey(item), item])).values()];
      return unique.filter((item) => !absorbed(item, unique));
    }),
    fields: fc.option(
      fc
        .dictionary(fc.constantFrom("a", "b", "c"), tie("taint"), { maxKeys: 2 })
        .map((entries) => new Map(Object.entries(entries))),
      {
        nil: undefined,
        depthSize: "small",
      },
    ),
  }),
})).taint;

describe("taint lattice", () => {
  it("join is commutative, associative and idempotent", () => {
    fc.assert(
      fc.property(taint, taint, taint, (a, b, c) => {
        assert.equal(signature(join(a, b)), signature(join(b, a)));
        assert.equal(signature(join(join(a, b), c)), signature(join(a, join(b, c))));
        assert.equal(signature(join(a, a)), signature(a));
        assert.equal(signature(join(a, EMPTY)), signature(a));
      }),
    );
  });

  it("join keeps each key once", () => {
    fc.assert(
      fc.property(taint, taint, (a, b) => {
        const keys = join(a, b).labels.map(labelKey);
        assert.equal(new Set(keys).size, keys.length);
        // A parameter's own label takes the place of the labels of its fields.
        const all = [...a.labels, ...b.labels];
        const expected = new Set(all.filter((item) => !absorbed(item, all)).map(labelKey));
        assert.deepEqual(new Set(keys), expected);
      }),
    );
  });

  it("reading a field never loses the whole value's zones", () => {
    fc.assert(
      fc.property(taint, fc.constantFrom("a", "b", "z"), (value, name) => {
        const zones = readField(value, name).labels.map((item) => item.zone);
        for (const item of value.labels)
          if (item.zone !== undefined) assert.ok(zones.includes(item.zone));
      }),
    );
  });
});

/** Pieces of statements, combined at random into programs the engine must analyse without throwing. */
const STATEMENTS = [
  "const a = user.email;",
  "let b = a ?? 'x';",
  "b += `${a}`;",
  "const { email, ...rest } = user;",
  "const [first] = [email, a];",
  "function f(x, y = a) { return y ? x : f(y, x); }",
  "class K { constructor(v) { this.v = v; } get w() { return this.v; } static s = a; }",
  "const k = new K(a); k.v = f(a, b);",
  "console.log(k.w, rest, first);",
  "list.push(a); list.map((item) => console.log(item));",
  "try { throw new Error(a); } catch (error) { console.log(error); }",
  "Promise.resolve(a).then((value) => console.log(value));",
  "const o = { [a]: a, ...rest, m() { return this; } };",
  "for (const item of list) { if (item) break; }",
  "f.call(null, a, b); f.bind(null)(a);",
  "label: while (true) { continue label; }",
  "async function* gen() { yield await a; }",
  "switch (a) { case b: console.log(a); default: }",
  "(function () { console.log(arguments[0]); })(a);",
  "export default a;",
  "if (",
  "}",
  "<div>{a}</div>;",
];

describe("robustness", () => {
  it("analyses random programs without throwing", () => {
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom(...STATEMENTS), { minLength: 1, maxLength: 12 }),
        (statements) => {
          const source = [
            "/** @zone PII */ const user = { email: 'x' };",
            "const list = [];",
            ...statements,
          ].join("\n");
          const { findings } = analyzeFiles({ "random.js": source });
          assert.ok(Array.isArray(findings));
        },
      ),
      { numRuns: 40 },
    );
  });
});

describe("analysis budget", () => {
  it("stops early and keeps what it found", () => {
    const functions = Array.from(
      { length: 300 },
      (_, index) => `function f${index}(value) { return f${index + 1}(value); }`,
    );
    // Functions are evaluated last-declared first, so this leak is analysed before the budget runs out.
    const leak = "function leak() { console.log(email); }";
    const source = ["/** @zone PII */ const email = 'x';", ...functions, leak].join("\n");
    const { findings, result } = analyzeFiles(
      { "many.js": source },
      { maxAnalysisMilliseconds: 0 },
    );
    assert.match(result.incomplete ?? "", /time budget of 0 ms/);
    assert.equal(findings.length, 1);
  });

  // The budgets are checked every 128 evaluations, so the program needs more functions than that.
  const chain = Array.from(
    { length: 300 },
    (_, index) => `function f${index}(value) { return f${index + 1}(value); }`,
  );
  const source = ["/** @zone PII */ const email = 'x';", ...chain, "console.log(email);"].join(
    "\n",
  );

  it("stops at the heap budget", () => {
    const { result } = analyzeFiles({ "many.js": source }, { maxAnalysisHeapBytes: 1 });
    assert.match(result.incomplete ?? "", /stopped at \d+ MiB of heap/);
  });

  it("counts no garbage against the heap budget", () => {
    const before = process.memoryUsage().heapUsed;
    // About 150 MiB that nothing keeps, which V8 may not have collected when the analysis starts.
    let garbage: { index: number; text: string }[] | undefined = Array.from(
      { length: 1_500_000 },
      (_, index) => ({ index, text: `item ${index}` }),
    );
    assert.equal(garbage.length, 1_500_000);
    garbage = undefined;
    const { findings, result } = analyzeFiles(
      { "many.js": source },
      { maxAnalysisHeapBytes: before + 64 * 2 ** 20 },
    );
    assert.equal(result.incomplete, undefined);
    assert.equal(findings.length, 1);
  });
});

describe("deep inferred types", () => {
  it("skips a checker stack overflow", () => {
    const source = [
      "/** @zone PII */ declare const email: string;",
      ...deepHookChain(),
      "export function deep() { const { send } = useLevel1000(); send(email); }",
      "export function shallow() { console.log(email); }",
    ].join("\n");
    const { findings, result } = analyzeFiles({ "deep.ts": source });
    assert.match(result.incomplete ?? "", /skipped `deep` \(deep\.ts:\d+\), .*out of stack/);
    assert.deepEqual(
      findings.map((finding) => finding.range.start.line + 1),
      [1004],
    );
  });
});

/** Returns each finding's 1-based line and zones, for comparing a run with the expected lines. */
function lineZones(findings: readonly Finding[]): [number, string[]][] {
  return findings.map((finding) => [finding.range.start.line + 1, finding.zones]);
}

describe("settling", () => {
  it("settles values built from their own fields", () => {
    // Opaque calls on objects that collect their own measurements gave a value more parameter
    // field labels than a value keeps, and the collapsed value grew again on every join.
    const source = fs.readFileSync(path.join(FIXTURES, "settling", "canvas.ts"), "utf8");
    const { result } = analyzeFiles({ "canvas.ts": source });
    assert.equal(result.incomplete, undefined);
  });

  it("keeps record keys apart after many writes", () => {
    // Each write adds a key, which changes the stored record ten times.
    const setters = Array.from(
      { length: 10 },
      (_, index) => `export function set${index}() { settings.s${index} = currentCity(); }`,
    );
    const source = [
      "/** @zone LOCATION */ declare function currentCity(): string;",
      "/** @zone PII */ declare function currentEmail(): string;",
      'const settings: Record<string, string> = { theme: "light" };',
      ...setters,
      "export function setEmail() { settings.email = currentEmail(); }",
      "export function show() {",
      "  console.log(settings.theme);",
      "  console.log(settings.email);",
      "}",
    ].join("\n");
    const { findings } = analyzeFiles({ "settings.ts": source }, { detection: false });
    assert.deepEqual(lineZones(findings), [[17, ["PII"]]]);
  });

  it("keeps nested state keys apart", () => {
    // Reducer-style setters each add a key inside `profile`, which changes `state` ten times.
    const keys = [
      "email",
      "phone",
      "street",
      "city",
      "zip",
      "birthday",
      "passport",
      "nick",
      "mother",
      "school",
    ];
    const source = [
      `export interface Form { ${keys.map((key) => `/** @zone PII */ ${key}: string;`).join(" ")} }`,
      `interface Profile { theme: string; ${keys.map((key) => `${key}?: string;`).join(" ")} }`,
      'let state: { profile: Profile } = { profile: { theme: "dark" } };',
      ...keys.map(
        (key) =>
          `export function set_${key}(form: Form) { state = { ...state, profile: { ...state.profile, ${key}: form.${key} } }; }`,
      ),
      "export function showTheme() { console.log(state.profile.theme); }",
    ].join("\n");
    const { findings } = analyzeFiles({ "state.ts": source }, { detection: false });
    assert.deepEqual(findings, []);
  });

  it("keeps nested fields of a large result", () => {
    // The result has more fields than a value keeps apart, so it becomes opaque, and the
    // caller's `contact` must still carry the address under any field it reads.
    const copies = Array.from({ length: 260 }, (_, index) => `f${index}: p.nick,`);
    const source = [
      "/** @zone PII */ declare function loadAddress(): string;",
      "interface Person { contact: { address: string; phone: string }; nick: string }",
      "export function buildView(p: Person) {",
      "  return { contact: p.contact, nick: p.nick,",
      ...copies,
      "  };",
      "}",
      "export function show() {",
      '  const person: Person = { contact: { address: loadAddress(), phone: "1" }, nick: "n" };',
      "  const view = buildView(person);",
      "  console.log(view.contact.address);",
      "}",
    ].join("\n");
    const { findings } = analyzeFiles({ "view.ts": source }, { detection: false });
    assert.deepEqual(lineZones(findings), [[270, ["PII"]]]);
  });

  it("settles a shared object cache", () => {
    // Each function stores an object that nests the cache's last value under a new field, as
    // caches of shapes keyed by element do. Without a bound on a value's fields, each write
    // copies all the fields before it, and 150 writers ran out of heap.
    const writers = Array.from(
      { length: 150 },
      (_, index) =>
        `export function step${index}() { const prev = Shapes.cache.get(key); Shapes.cache.set(key, { ...prev, f${index}: { a${index}: email, b${index}: prev } }); }`,
    );
    const source = [
      "/** @zone PII */ declare const email: string;",
      "class Shapes { static cache = new WeakMap<object, Record<string, unknown>>(); }",
      "const key = {};",
      ...writers,
      "export function report() { console.log(Shapes.cache.get(key)); }",
    ].join("\n");
    const { findings, result } = analyzeFiles({ "cache.ts": source });
    assert.equal(result.incomplete, undefined);
    assert.deepEqual(lineZones(findings), [[154, ["PII"]]]);
  });
});

describe("long paths", () => {
  it("keeps both ends of a long path", () => {
    const copies = Array.from({ length: 100 }, (_, index) => `const v${index + 1} = v${index};`);
    const source = [
      "/** @zone PII */ declare const email: string;",
      "export function copy() {",
      "const v0 = email;",
      ...copies,
      "console.log(v100);",
      "}",
    ].join("\n");
    const { findings } = analyzeFiles({ "long.ts": source });
    const messages = findings[0]!.path.map((step) => step.message);
    assert.ok(messages.length <= 49, `${messages.length} steps`);
    assert.equal(messages[0], "PII from `email`");
    assert.equal(messages[1], "assigned to `v0`");
    assert.equal(messages.at(-2), "assigned to `v100`");
    assert.equal(messages.at(-1), "reaches `console.log` (logging)");

    // The steps shown and the steps left out add up to the whole path.
    const gap = messages
      .map((message) => /^after (\d+) steps not shown, /.exec(message))
      .find((match) => match !== null);
    assert.ok(gap, "a step says how many steps are not shown");
    assert.equal(messages.length - 1 + Number(gap[1]), 102);
  });

  it("keeps both ends of a path through calls", () => {
    // Each function passes the value on to the next, so the path joins at every call.
    const relays = Array.from(
      { length: 60 },
      (_, index) => `function relay${index}(value: string) { relay${index + 1}(value); }`,
    );
    const source = [
      "/** @zone PII */ declare const email: string;",
      ...relays,
      "function relay60(value: string) { console.log(value); }",
      "export function start() { relay0(email); }",
    ].join("\n");
    const { findings } = analyzeFiles({ "relay.ts": source });
    const messages = findings[0]!.path.map((step) => step.message);
    assert.ok(messages.length <= 49, `${messages.length} steps`);
    assert.equal(messages[0], "PII from `email`");
    assert.equal(messages.at(-2), "passed as `value` to `relay60`");
    assert.ok(messages.some((message) => /^after \d+ steps not shown, /.test(message)));
  });
});
