import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { describe, test } from "node:test";
import { ts } from "ts-morph";
import { scanAnnotations, type AnnotationScan } from "../../server/src/features/annotation-tokens";

const ROOT = path.resolve(__dirname, "..", "..", "..");

/**
 * Returns what TypeScript's parser finds: the names of the tags that its JSDoc parser attaches to nodes, and
 * the end of the name of the declaration each `@zone` tag documents. The scanner reads tokens
 * instead, and must agree.
 */
function parsed(file: string, text: string): AnnotationScan {
  const scan: AnnotationScan = { names: [], zoneTags: [] };
  const kind = /\.tsx$/.test(file)
    ? ts.ScriptKind.TSX
    : /\.[cm]?ts$/.test(file)
      ? ts.ScriptKind.TS
      : ts.ScriptKind.JSX;
  const sourceFile = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, kind);
  const seen = new Set<number>();
  const visit = (node: ts.Node): void => {
    for (const doc of (node as { jsDoc?: ts.JSDoc[] }).jsDoc ?? []) {
      for (const tag of doc.tags ?? []) {
        const name = tag.tagName.text;
        if (seen.has(tag.pos) || (name !== "zone" && name !== "sink" && name !== "reclassify"))
          continue;
        seen.add(tag.pos);
        const names = tagNames(name, text, tag.tagName.end);
        scan.names.push(...names);
        if (name === "zone") {
          scan.zoneTags.push({
            zones: names,
            declarationNameEnd: nameEnd(node),
          });
        }
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(sourceFile);
  return scan;
}

/** Splits a tag's first line into names, as the engine's annotation parser does. */
function tagNames(tag: string, text: string, start: number): AnnotationScan["names"] {
  const lineEnd = text.slice(start).search(/\r|\n|\*\//);
  let body = text.slice(start, lineEnd < 0 ? undefined : start + lineEnd);
  if (tag === "reclassify") body = body.split("--")[0]!.replace("->", "  ");
  const names = [...body.matchAll(/[^\s,]+/g)]
    .filter((match) => match[0] !== "*")
    .map((match) => ({
      kind: tag === "sink" ? ("purpose" as const) : ("zone" as const),
      tag: tag as "zone" | "sink" | "reclassify",
      name: match[0],
      start: start + match.index,
      end: start + match.index + match[0].length,
    }));
  return tag === "sink" ? names.slice(0, 1) : names;
}

function nameEnd(node: ts.Node): number | undefined {
  if (ts.isVariableStatement(node)) {
    const declarations = node.declarationList.declarations;
    return declarations.length === 1 ? declarations[0]!.name.end : undefined;
  }
  const name = (node as { name?: ts.Node }).name;
  return name ? name.end : undefined;
}

function summary(scan: AnnotationScan) {
  return {
    names: scan.names.map((name) => `${name.tag}:${name.name}@${name.start}`).sort(),
    nameEnds: scan.zoneTags
      .map((tag) => `${tag.zones.map((zone) => zone.start).join(",")}->${tag.declarationNameEnd}`)
      .sort(),
  };
}

function agrees(file: string, text: string): void {
  assert.deepEqual(summary(scanAnnotations(file, text)), summary(parsed(file, text)), file);
}

function sourceFiles(dir: string): string[] {
  return fs
    .readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && /\.(ts|tsx|js|jsx|mjs|cjs|mts|cts)$/.test(entry.name))
    .filter((entry) => !/\.d\.[cm]?ts$/.test(entry.name))
    .map((entry) => path.join(entry.parentPath, entry.name));
}

describe("annotation scanner", () => {
  test("agrees with TypeScript on the fixtures", () => {
    const files = [
      ...sourceFiles(path.join(ROOT, "examples")),
      ...sourceFiles(path.join(ROOT, "test")).filter((file) => file.includes("fixtures")),
    ].filter((file) => !file.includes("node_modules"));
    let tagged = 0;
    for (const file of files) {
      const text = fs.readFileSync(file, "utf8");
      if (!/@(zone|sink|reclassify)\b/.test(text)) continue;
      tagged++;
      agrees(file, text);
    }
    assert.ok(tagged >= 15, `only ${tagged} tagged files`);
  });

  const cases: Record<string, string> = {
    "class members, accessors and decorators": `
class Patient {
  /** @zone HEALTH */
  diagnosis: string = "";
  /** @zone PII */ @Column() email!: string;
  /** @zone PII */
  static readonly registry = new Map();
  /** @zone PII */
  get fullName() { return ""; }
  /** @zone PII */
  #secret = 1;
  /** @zone PII */
  async *stream() {}
  /** @zone PII */
  ["computed"]: string;
  constructor(/** @zone PII */ private readonly phone: string) {}
}`,
    "interfaces and type literals": `
export interface User {
  /** @zone PII */
  email?: string;
  /** @zone PII */
  type: string;
  /** @zone PII, HEALTH */ notes(): string;
}
type Row = { /** @zone PII */ name: string; /** @zone PII */ "quoted key": string };`,
    "variables, functions and destructuring": `
/** @zone PII */
export const email = readEmail(a, b);
/** @zone PII */
let first = 1, second = 2;
/** @zone PII */
const { name, phone } = load();
/** @zone PII */
const [head] = list;
/** @zone PII */
export default function load() { return { name: "", phone: "" }; }
/** @zone PII */
function* rows() {}
/** @zone PII */
export const enum Kind { A }
/** @zone PII */
declare module "pkg" {}
/** @zone PII */
const multiline =
  a +
  b;
/** @zone PII */
const trailing = a
const after = 1, other = 2;`,
    "parameters, objects and statements": `
const handler = (/** @zone PII */ email: string, /** @zone PII */ rest = "") => email;
function send(/** @zone PII */ ...names: string[]) {}
const record = {
  /** @zone PII */
  email: "a@b.c",
  /** @zone PII */
  phone,
  /** @zone PII */
  format() { return ""; },
};
/** @zone PII */
track(email);
/** @zone PII */
x = 1;`,
    "comments on the line of the token before": `
interface Inline { /** @zone PII */ name: string }
const literal = { /** @zone PII */ name: 1 };
const cast = /** @zone PII */ (input);
const list = [
  /** @zone PII */
  "first",
];
run(/** @zone PII */ email);
run(
  /** @zone PII */
  function (event) {},
);
const grouped = (
  /** @zone PII */
  value
);
function spread(
  /** @zone PII */
  email: string,
): void {}`,
    "headings, enums, signatures and patterns": `
export declare class Store<T extends { id: string }> extends Base<{ a: number }> {
  /** @zone PII */
  get(id: string): T;
  /** @zone PII */
  [key: string]: unknown;
  /** @zone PII */
  constructor();
}
enum Level {
  /** @zone PII */
  High = "high",
  /** @zone PII */
  Low,
}
interface Factory {
  /** @zone PII */
  new (name: string): Factory;
  /** @zone PII */
  (name: string): void;
}
/** @zone PII */
export const registry: Map<string, Store<User>> = new Map();
let first,
  /** @zone PII */
  second,
  third;
const {
  /** @zone PII */
  email: address,
} = user;
const record = {
  /** @zone PII */
  last
};`,
    "tags that are not tags": `
const text = "/** @zone PII */ const a = 1;";
const template = \`/** @zone PII */ \${value} /** @sink analytics */\`;
const pattern = /\\/\\*\\* @zone PII/;
// /** @zone PII */ const b = 1;
/* @zone PII */ const c = 1;
/** contact us at team@zone.example or mid-line @zone PII */ const d = 1;
/**/ const e = 1;
/**
 * Sends the event.
 * @sink analytics
 * @reclassify PII -> NONE -- hashed before it leaves
 */
function emit(event: unknown) {}`,
  };
  for (const [name, text] of Object.entries(cases)) {
    test(`agrees with TypeScript: ${name}`, () => agrees("case.ts", text));
  }

  test("reads JSX files", () => {
    const text = `
export function Card(/** @zone PII */ props: { email: string }) {
  const label = <span className={style.a}>{props.email} /** @zone PII */</span>;
  return <div>{label}</div>;
}
/** @zone PII */
const after = 1;`;
    agrees("card.tsx", text);
    agrees("card.jsx", text);
  });

  test("finds tag names and name ends", () => {
    const text = "class A {\n  /** @zone MEDICAL_RECORD, PII */\n  chart = 1;\n}\n";
    const scan = scanAnnotations("a.ts", text);
    assert.deepEqual(
      scan.names.map((name) => [name.name, text.slice(name.start, name.end)]),
      [
        ["MEDICAL_RECORD", "MEDICAL_RECORD"],
        ["PII", "PII"],
      ],
    );
    assert.equal(scan.zoneTags[0]?.declarationNameEnd, text.indexOf("chart") + "chart".length);
  });

  test("keeps going on broken text", () => {
    const text =
      'const a = "unclosed\n/** @zone PII */\nconst b = `x${\n/** @zone PII */ c: number';
    assert.doesNotThrow(() => scanAnnotations("broken.ts", text));
  });
});
