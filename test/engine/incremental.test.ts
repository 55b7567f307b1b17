import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { before, describe, it } from "node:test";
import { Project, ts } from "ts-morph";
import { Analyzer, CancelledError, type AnalysisResult } from "../../server/src/engine";
import { memoizeStandardizedPaths } from "../../server/src/engine/project";
import { planEdits } from "../../bench/edits";
import { generateProject } from "../../bench/generate-project";
import { FIXTURES, writeTempProject } from "../support/paths";

const PROJECT = path.join(FIXTURES, "propagation");
const TSCONFIG = path.join(PROJECT, "tsconfig.json");
// Declaration files are not analysed, and an edit of one runs a new analysis.
const FILES = fs
  .readdirSync(PROJECT)
  .filter((name) => /\.(ts|tsx|js)$/.test(name) && !name.endsWith(".d.ts"))
  .map((name) => path.join(PROJECT, name));

/** Everything a run reports, as comparable text: findings with their paths and fixes. */
function snapshot(result: AnalysisResult): string[] {
  return [...result.findings.values()]
    .flat()
    .map((finding) => JSON.stringify(finding))
    .sort();
}

/**
 * Lists the findings of a run without their paths. NOTE: where two paths of the same length meet in
 * one value, the one kept depends on the order of evaluation, which an update changes.
 */
function withoutPaths(result: AnalysisResult): string[] {
  return [...result.findings.values()]
    .flat()
    .map(({ path: _path, fixes: _fixes, ...finding }) => JSON.stringify(finding))
    .sort();
}

/** Analyses the project afresh, with `texts` in place of the files on disk. */
function coldRun(texts: Map<string, string>): AnalysisResult {
  const analyzer = Analyzer.forConfigFile(TSCONFIG);
  for (const [file, text] of texts) analyzer.setFileText(file, text);
  return analyzer.analyze();
}

/** Empties every second outermost function body of a file: the flows through them disappear. */
function emptyEveryOtherBody(file: string, text: string): string {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
  const bodies: ts.Node[] = [];
  const visit = (node: ts.Node): void => {
    const body = (node as { body?: ts.Node }).body;
    if (ts.isFunctionLike(node) && body) {
      bodies.push(body);
      return;
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  let result = text;
  for (const body of bodies.filter((_, index) => index % 2 === 0).reverse()) {
    const replacement = ts.isBlock(body) ? "{}" : "undefined";
    result = result.slice(0, body.getStart(source)) + replacement + result.slice(body.end);
  }
  return result;
}

function recordingAnalyzer(): { analyzer: Analyzer; log: string[] } {
  const log: string[] = [];
  const analyzer = Analyzer.forConfigFile(TSCONFIG, { log: (_, message) => log.push(message) });
  return { analyzer, log };
}

describe("analysis after an edit", () => {
  let original: string[];

  before(() => {
    original = snapshot(coldRun(new Map()));
  });

  for (const file of FILES) {
    it(`follows declarations and annotations: ${path.basename(file)}`, () => {
      const { analyzer, log } = recordingAnalyzer();
      analyzer.analyze();
      const text = fs.readFileSync(file, "utf8");
      // A new export and annotations that no longer parse change the file's outline.
      const edited = "export const added = 1;\n" + text.replaceAll("@zone", "@see");

      analyzer.setFileText(file, edited);
      log.length = 0;
      const afterEdit = snapshot(analyzer.analyze());
      // A script can declare globals for every file, so its outline edits start over.
      const isModule = ts.isExternalModule(ts.createSourceFile(file, text, ts.ScriptTarget.Latest));
      assert.equal(
        log.some((line) => line.startsWith("Edit of 1 files")),
        isModule,
        "a module's edit updates the last analysis",
      );
      assert.deepEqual(afterEdit, snapshot(coldRun(new Map([[file, edited]]))));

      analyzer.setFileText(file, text);
      assert.deepEqual(snapshot(analyzer.analyze()), original, "undoing the edit restores all");
    });
  }

  for (const file of FILES) {
    const text = fs.readFileSync(file, "utf8");
    const edited = emptyEveryOtherBody(file, text);
    // Files of top-level code only have no body to edit.
    if (edited === text) continue;
    it(`matches a fresh run: ${path.basename(file)}`, () => {
      const { analyzer, log } = recordingAnalyzer();
      analyzer.analyze();

      analyzer.setFileText(file, edited);
      log.length = 0;
      const afterEdit = snapshot(analyzer.analyze());
      // JavaScript declares fields inside bodies, so its edits count as outline edits, and a
      // script's outline edits start over.
      const script = !ts.isExternalModule(ts.createSourceFile(file, text, ts.ScriptTarget.Latest));
      assert.equal(
        log.some((line) => line.startsWith("Edit of 1 files")),
        !(script && /\.js$/.test(file)),
        "a body edit updates the last analysis",
      );
      assert.deepEqual(afterEdit, snapshot(coldRun(new Map([[file, edited]]))));

      analyzer.setFileText(file, text);
      assert.deepEqual(snapshot(analyzer.analyze()), original, "undoing the edit restores all");
    });
  }

  for (const file of FILES) {
    it(`limits comment edits to their file: ${path.basename(file)}`, () => {
      const { analyzer, log } = recordingAnalyzer();
      analyzer.analyze();
      const text = fs.readFileSync(file, "utf8");
      // Lines shift, so every later node of the file moves, yet no other file can see a change.
      const edited = `// reviewed\n\n${text.trimEnd()} // end\n`;

      analyzer.setFileText(file, edited);
      log.length = 0;
      const afterEdit = snapshot(analyzer.analyze());
      assert.ok(
        log.some((line) => line.startsWith("Edit of 1 files and 0 importers")),
        log.join("\n"),
      );
      assert.deepEqual(afterEdit, snapshot(coldRun(new Map([[file, edited]]))));
    });
  }

  for (const declared of [false, true]) {
    const kind = declared ? "declared" : "inferred";
    it(`resolves names after body edit: ${kind} return type`, () => {
      const returnType = declared ? ": Plain" : "";
      const dir = writeTempProject({
        "tsconfig.json": JSON.stringify({ include: ["*.ts"] }),
        "shapes.ts":
          "export interface Plain { value: string }\n" +
          "export interface Marked {\n  /** @zone PII */\n  value: string;\n}\n",
        "make.ts":
          'import type { Marked, Plain } from "./shapes";\n' +
          `export function make(text: string)${returnType} {\n  return { value: text } as Plain;\n}\n` +
          "export type Kinds = Marked | Plain;\n",
        "send.ts":
          'import { make } from "./make";\n' +
          "export function send(text: string): void {\n  console.log(make(text).value);\n}\n",
      });
      const make = path.join(dir, "make.ts");
      const log: string[] = [];
      const analyzer = Analyzer.forConfigFile(path.join(dir, "tsconfig.json"), {
        log: (_, message) => log.push(message),
      });
      analyzer.analyze();
      // With an inferred return type, `make(text).value` in send.ts now names a field with a zone.
      const edited = fs.readFileSync(make, "utf8").replace("as Plain;", "as Marked;");
      analyzer.setFileText(make, edited);
      log.length = 0;
      const afterEdit = snapshot(analyzer.analyze());

      const update = log.find((line) => line.startsWith("Edit of 1 files and 0 importers"));
      assert.ok(update, log.join("\n"));
      assert.equal(update.includes("names resolve as before"), declared);
      const fresh = Analyzer.forConfigFile(path.join(dir, "tsconfig.json"));
      fresh.setFileText(make, edited);
      assert.deepEqual(afterEdit, snapshot(fresh.analyze()));
      assert.equal(afterEdit.length, declared ? 0 : 1);
    });
  }

  it("matches sinks again after the returning body changes", () => {
    const client = (className: string) =>
      'import { PostHog } from "posthog-node";\n' +
      "class Quiet {\n  capture(_event: unknown): void {}\n}\n" +
      `export function client() {\n  return new ${className}("key");\n}\n`;
    const dir = writeTempProject({
      "tsconfig.json": JSON.stringify({ compilerOptions: { strict: true }, include: ["*.ts"] }),
      "types.d.ts":
        'declare module "posthog-node" {\n  export class PostHog {\n    constructor(key: string);\n' +
        "    capture(event: unknown): void;\n  }\n}\n",
      "client.ts": client("PostHog"),
      "use.ts":
        'import { client } from "./client";\n/** @zone PII */\nexport const email = "a@b.c";\n' +
        "export function report(): void {\n  client().capture({ distinctId: email });\n}\n",
    });
    const tsconfig = path.join(dir, "tsconfig.json");
    const file = path.join(dir, "client.ts");
    const analyzer = Analyzer.forConfigFile(tsconfig);
    assert.equal(snapshot(analyzer.analyze()).length, 1);

    analyzer.setFileText(file, client("Quiet"));
    const quiet = snapshot(analyzer.analyze());
    assert.equal(quiet.length, 0);

    analyzer.setFileText(file, client("PostHog"));
    const loud = snapshot(analyzer.analyze());
    const fresh = Analyzer.forConfigFile(tsconfig);
    assert.deepEqual(loud, snapshot(fresh.analyze()));
    assert.equal(loud.length, 1);
  });

  it("dispatches to an implementation that an edit adds", () => {
    const implementation =
      'import type { Formatter } from "./use";\n' +
      "export class Loud implements Formatter {\n  format(value: string) { console.log(value); }\n}\n";
    const dir = writeTempProject({
      "tsconfig.json": JSON.stringify({ compilerOptions: { strict: true }, include: ["*.ts"] }),
      "impl.ts": "export const none = 0;\n",
      "use.ts":
        "export interface Formatter { format(value: string): void }\n/** @zone PII */\n" +
        'export const email = "a@b.c";\n' +
        "export function report(formatter: Formatter): void {\n  formatter.format(email);\n}\n",
    });
    const tsconfig = path.join(dir, "tsconfig.json");
    const analyzer = Analyzer.forConfigFile(tsconfig);
    assert.equal(snapshot(analyzer.analyze()).length, 0);

    analyzer.setFileText(path.join(dir, "impl.ts"), implementation);
    const afterEdit = snapshot(analyzer.analyze());
    const fresh = Analyzer.forConfigFile(tsconfig);
    fresh.setFileText(path.join(dir, "impl.ts"), implementation);
    assert.deepEqual(afterEdit, snapshot(fresh.analyze()));
    assert.equal(afterEdit.length, 1);

    analyzer.setFileText(path.join(dir, "impl.ts"), "export const none = 0;\n");
    assert.equal(snapshot(analyzer.analyze()).length, 0);
  });

  it("resolves names again after a constructor edit types a field", () => {
    // With noImplicitAny, a field declared without a type takes its type from the constructor.
    const service = (type: string) =>
      "export class Quiet { put(_x: unknown): void {} }\n" +
      "export class Loud {\n  /** @sink logging */\n  put(_x: unknown): void {}\n}\n" +
      `export class Service {\n  out;\n  constructor() {\n    this.out = new ${type}();\n  }\n}\n`;
    const dir = writeTempProject({
      "tsconfig.json": JSON.stringify({ compilerOptions: { strict: true }, include: ["*.ts"] }),
      "svc.ts": service("Quiet"),
      "use.ts":
        'import { Service } from "./svc";\n/** @zone PII */\nexport const email = "a@b.c";\n' +
        "export function report(s: Service): void {\n  s.out.put(email);\n}\n",
    });
    const log: string[] = [];
    const tsconfig = path.join(dir, "tsconfig.json");
    const analyzer = Analyzer.forConfigFile(tsconfig, { log: (_, message) => log.push(message) });
    analyzer.analyze();
    analyzer.setFileText(path.join(dir, "svc.ts"), service("Loud"));
    log.length = 0;
    const afterEdit = snapshot(analyzer.analyze());

    const update = log.find((line) => line.startsWith("Edit of 1 files"));
    assert.ok(update, log.join("\n"));
    assert.ok(!update.includes("names resolve as before"), update);
    const fresh = Analyzer.forConfigFile(tsconfig);
    fresh.setFileText(path.join(dir, "svc.ts"), service("Loud"));
    assert.deepEqual(afterEdit, snapshot(fresh.analyze()));
    assert.equal(afterEdit.length, 1);
  });

  it("keeps the root files of the program from the first edit on", () => {
    const rootsAfterEdit = (incremental: boolean) => {
      const analyzer = Analyzer.forConfigFile(TSCONFIG, { incremental });
      analyzer.analyze();
      const before = analyzer.project.getProgram().compilerObject.getRootFileNames();
      const file = FILES[0]!;
      analyzer.setFileText(file, `${fs.readFileSync(file, "utf8")}\n// edited\n`);
      analyzer.analyze();
      const after = analyzer.project.getProgram().compilerObject.getRootFileNames();
      return { before, after };
    };
    // TypeScript reuses the old program's structure only when the root files match.
    const settled = rootsAfterEdit(true);
    assert.deepEqual(settled.after, settled.before);
    const unsettled = rootsAfterEdit(false);
    assert.notDeepEqual(unsettled.after, unsettled.before, "ts-morph still adds library files");
  });

  it(
    "memoizes ts-morph's standard paths",
    { skip: !new Project().getFileSystem().isCaseSensitive() },
    () => {
      const analyzer = Analyzer.forConfigFile(TSCONFIG);
      // White-box: the memo replaces a method of ts-morph's internal file system wrapper, so a
      // ts-morph release that moves it shows here rather than as slower edits.
      const context = Reflect.get(analyzer.project, "_context");
      const wrapper = context.fileSystemWrapper;
      assert.ok(Object.hasOwn(wrapper, "getStandardizedAbsolutePath"), "no memo installed");
      assert.equal(memoizeStandardizedPaths(new Project()), true);
      const file = FILES[0]!;
      const standard = wrapper.getStandardizedAbsolutePath(
        `${path.dirname(file)}/./${path.basename(file)}`,
      );
      assert.equal(standard, file);
      assert.equal(
        wrapper.getStandardizedAbsolutePath(`${path.dirname(file)}/./${path.basename(file)}`),
        standard,
      );
      analyzer.setFileText(file, `${fs.readFileSync(file, "utf8")}\n// edited\n`);
      assert.deepEqual(
        withoutPaths(analyzer.analyze()),
        withoutPaths(coldRun(new Map([[file, `${fs.readFileSync(file, "utf8")}\n// edited\n`]]))),
      );
    },
  );

  it("runs a caller once after its own write", () => {
    // The edit changes what `lookup` returns, so `handle` runs again. It reads `found` only
    // after writing it, so the new value does not make it run a third time.
    const lookup = (value: string) =>
      "/** @zone PII */\nexport const email = 'a@b.c';\n" +
      `export function lookup(_id: string): string {\n  return ${value};\n}\n`;
    const dir = writeTempProject({
      "tsconfig.json": JSON.stringify({ compilerOptions: { strict: true }, include: ["*.ts"] }),
      "a.ts": lookup("'none'"),
      "b.ts":
        'import { lookup } from "./a";\n' +
        "export function handle(id: string): string {\n" +
        "  const found = lookup(id);\n  const copy = found;\n  return copy;\n}\n",
    });
    const log: string[] = [];
    const analyzer = Analyzer.forConfigFile(path.join(dir, "tsconfig.json"), {
      log: (_, message) => log.push(message),
    });
    analyzer.analyze();
    analyzer.setFileText(path.join(dir, "a.ts"), lookup("email"));
    log.length = 0;
    analyzer.analyze();
    // The new `lookup`, the new top level of a.ts and `handle`, each once.
    const evaluated = log.find((line) => line.startsWith("Evaluated "));
    assert.match(evaluated ?? log.join("\n"), /^Evaluated \d+ functions 3 times/);
  });

  for (const gains of ["fields", "labels"]) {
    it(`update matches fresh run: many ${gains}`, () => {
      // After the edit, `build` runs first and again after each getter that the update resets,
      // so its result changes once per getter, where a fresh run has it change once or twice.
      // Values widen only in full analyses, since their count of changes depends on that order.
      const getters = Array.from({ length: 10 }, (_, index) => `f${index}`);
      const user =
        gains === "fields"
          ? getters.map((name) => `${name}: get_${name}(p)`).join(", ")
          : `all: ${getters.map((name) => `get_${name}(p)`).join(" + ")}`;
      const tag = (body: string) =>
        `import { ${getters.map((name) => `get_${name}`).join(", ")}, Person } from "./a";\n` +
        `export function tag(s: string): string {\n  return ${body};\n}\n` +
        `export function build(p: Person) {\n  return { user: { id: "u1", ${user} } };\n}\n`;
      const dir = writeTempProject({
        "tsconfig.json": JSON.stringify({ compilerOptions: { strict: true }, include: ["*.ts"] }),
        "a.ts":
          'import { tag } from "./b";\nexport interface Person {\n' +
          getters.map((name) => `  /** @zone PII */\n  ${name}: string;\n`).join("") +
          "}\n" +
          getters
            .map(
              (name) =>
                `export function get_${name}(p: Person): string {\n  return tag(p.${name});\n}\n`,
            )
            .join(""),
        "b.ts": tag("s"),
        "c.ts":
          'import { build } from "./b";\nimport type { Person } from "./a";\n' +
          "export function show(p: Person): void {\n  console.log(build(p).user.id);\n}\n",
      });
      const options = { detection: false };
      const analyzer = Analyzer.forConfigFile(path.join(dir, "tsconfig.json"), options);
      assert.deepEqual(snapshot(analyzer.analyze()), []);

      const file = path.join(dir, "b.ts");
      analyzer.setFileText(file, tag("s.trim()"));
      const fresh = Analyzer.forConfigFile(path.join(dir, "tsconfig.json"), options);
      fresh.setFileText(file, tag("s.trim()"));
      assert.deepEqual(snapshot(analyzer.analyze()), snapshot(fresh.analyze()));
    });
  }

  it("matches fresh runs after trivia-like edits", () => {
    const cases: { text: string; edited: string }[] = [
      {
        // A typed arrow's expression body spans exactly what the outline leaves around it.
        text:
          "/** @zone PII */\nconst secret = 's';\nconst plain = 'p';\n" +
          "export const f = (): string => plain;\nconsole.log(f());\n",
        edited: "=> secret;",
      },
      {
        // The module of `require` is the literal's value, however it is spelled.
        text:
          "declare function require(name: string): any;\nconst debug = require('debug');\n" +
          "/** @zone PII */\nexport const email = 'x@y.z';\n" +
          "export function f(): void {\n  debug(email);\n}\n",
        edited: "require('de\\x62ug')",
      },
    ];
    for (const { text, edited } of cases) {
      const original = edited.startsWith("=>") ? "=> plain;" : "require('debug')";
      const dir = writeTempProject({
        "tsconfig.json": JSON.stringify({ compilerOptions: { strict: true }, include: ["*.ts"] }),
        "privacy-zones.json": JSON.stringify({ extends: "privacy-zones:recommended" }),
        "a.ts": text,
      });
      const tsconfig = path.join(dir, "tsconfig.json");
      const file = path.join(dir, "a.ts");
      const analyzer = Analyzer.forConfigFile(tsconfig);
      analyzer.analyze();
      analyzer.setFileText(file, text.replace(original, edited));
      const updated = withoutPaths(analyzer.analyze());
      const fresh = Analyzer.forConfigFile(tsconfig);
      fresh.setFileText(file, text.replace(original, edited));
      assert.deepEqual(updated, withoutPaths(fresh.analyze()), edited);
    }
  });

  it("finds the same without records for updates", () => {
    const analyzer = Analyzer.forConfigFile(TSCONFIG, { incremental: false });
    assert.deepEqual(snapshot(analyzer.analyze()), original);
    const file = FILES[0]!;
    const edited = emptyEveryOtherBody(file, fs.readFileSync(file, "utf8"));
    analyzer.setFileText(file, edited);
    assert.deepEqual(snapshot(analyzer.analyze()), snapshot(coldRun(new Map([[file, edited]]))));
  });

  it("matches fresh runs over edits of a generated project", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "pz-generated-"));
    const project = generateProject(dir, 1000, 7);
    const tsconfig = path.join(dir, "tsconfig.json");
    const { analyzer, log } = (() => {
      const lines: string[] = [];
      return {
        analyzer: Analyzer.forConfigFile(tsconfig, { log: (_, message) => lines.push(message) }),
        log: lines,
      };
    })();
    analyzer.analyze();
    const texts = new Map<string, string>();
    let moved = 0;
    // Each edit adds a finding inside a method with a declared return type, so names in the
    // rest of the edited file move to its new version.
    for (const edit of planEdits(project.edits, 6)) {
      texts.set(edit.file, edit.text);
      analyzer.setFileText(edit.file, edit.text);
      log.length = 0;
      const afterEdit = withoutPaths(analyzer.analyze());
      moved += Number(/(\d+) moved/.exec(log.join("\n"))?.[1] ?? 0);
      const fresh = Analyzer.forConfigFile(tsconfig);
      for (const [file, text] of texts) fresh.setFileText(file, text);
      assert.deepEqual(afterEdit, withoutPaths(fresh.analyze()), path.basename(edit.file));
    }
    assert.ok(moved > 0, "names in unchanged parts of the edited files moved");
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it("keeps no names of old syntax trees after edits of two files", () => {
    // Scripts merge `Shared` across files, so its name in b.ts resolves into a.ts and c.ts.
    const dir = writeTempProject({
      "tsconfig.json": JSON.stringify({ include: ["*.ts"] }),
      "a.ts": "interface Shared { x: string }\nfunction fa(): number {\n  return 1;\n}\n",
      "b.ts": "function fb(s: Shared): number {\n  return s.x.length;\n}\n",
      "c.ts": "interface Shared { y: string }\n",
    });
    const analyzer = Analyzer.forConfigFile(path.join(dir, "tsconfig.json"));
    analyzer.analyze();
    // Two files edited before one run, so one update replaces both.
    analyzer.setFileText(
      path.join(dir, "a.ts"),
      fs.readFileSync(path.join(dir, "a.ts"), "utf8").replace("1;", "2;"),
    );
    analyzer.setFileText(
      path.join(dir, "b.ts"),
      fs.readFileSync(path.join(dir, "b.ts"), "utf8").replace("length;", "length + 1;"),
    );
    analyzer.analyze();
    // White-box: the memo of resolved names lists names by the files they resolve into.
    const flow = Reflect.get(analyzer, "flow");
    const live = new Set(flow.options.program.getSourceFiles());
    const resolutions = flow.resolutions;
    for (const names of Reflect.get(resolutions, "namesInto").values()) {
      for (const name of names) assert.ok(live.has(name.getSourceFile()), name.getText());
    }
    for (const name of Reflect.get(resolutions, "entries").keys())
      assert.ok(live.has(name.getSourceFile()), name.getText());
  });

  it("drops old callers from reader lists", () => {
    // `handle` in b.ts reads the summary of `lookup` in a.ts, so it is listed as its reader.
    const caller = (suffix: string) =>
      'import { lookup } from "./a";\n' +
      `export function handle(id: string): string {\n  return lookup(id) + "${suffix}";\n}\n`;
    const dir = writeTempProject({
      "tsconfig.json": JSON.stringify({ compilerOptions: { strict: true }, include: ["*.ts"] }),
      "a.ts": "export function lookup(id: string): string {\n  return id;\n}\n",
      "b.ts": caller(""),
    });
    const analyzer = Analyzer.forConfigFile(path.join(dir, "tsconfig.json"));
    analyzer.analyze();
    for (const suffix of ["!", "?", "."]) {
      analyzer.setFileText(path.join(dir, "b.ts"), caller(suffix));
      analyzer.analyze();
    }
    // White-box: every unit in a reader list must be a function or file of the current program.
    const flow = Reflect.get(analyzer, "flow");
    const live = new Set(flow.options.program.getSourceFiles());
    let readers = 0;
    for (const units of Reflect.get(flow, "readers").values()) {
      for (const unit of units) {
        readers++;
        assert.ok(live.has(unit.getSourceFile()), unit.getText());
      }
    }
    assert.ok(readers > 0);
  });
  it("lists files in the program's new order", () => {
    const dir = writeTempProject({
      "tsconfig.json": JSON.stringify({ include: ["*.ts"] }),
      "a.ts":
        'import { b } from "./b";\n/** @zone PII */\nexport const email = "x";\nconsole.log(email, b);\n',
      "b.ts": "export const b = 1;\n",
    });
    const analyzer = Analyzer.forConfigFile(path.join(dir, "tsconfig.json"));
    const names = (result: AnalysisResult) =>
      [...result.findings.keys()].map((file) => path.basename(file));
    assert.deepEqual(names(analyzer.analyze()), ["b.ts", "a.ts"]);
    // Without the import, the program lists a.ts first.
    const text = '/** @zone PII */\nexport const email = "x";\nconsole.log(email);\n';
    analyzer.setFileText(path.join(dir, "a.ts"), text);
    assert.deepEqual(names(analyzer.analyze()), ["a.ts", "b.ts"]);
  });

  it("offers reclassifiers that edits add and remove", () => {
    const scrub =
      "/** @reclassify PII -> PSEUDONYMOUS -- salted SHA-256 */\n" +
      "export function scrub(value: string): string {\n  return value;\n}\n";
    const dir = writeTempProject({
      "tsconfig.json": JSON.stringify({ compilerOptions: { strict: true }, include: ["*.ts"] }),
      "a.ts": "/** @zone PII */\nexport const email = 'a';\nconsole.log(email);\n",
      "b.ts": "export const other = 1;\n",
    });
    const titles = (result: AnalysisResult): string[] =>
      [...result.findings.values()]
        .flat()
        .flatMap((finding) => finding.fixes.map((fix) => fix.title))
        .filter((title) => title.startsWith("Pass through"));
    const analyzer = Analyzer.forConfigFile(path.join(dir, "tsconfig.json"));
    assert.deepEqual(titles(analyzer.analyze()), []);
    analyzer.setFileText(path.join(dir, "b.ts"), scrub);
    assert.deepEqual(titles(analyzer.analyze()), ["Pass through `scrub()`"]);
    analyzer.setFileText(path.join(dir, "b.ts"), "export const other = 2;\n");
    assert.deepEqual(titles(analyzer.analyze()), []);
  });

  it("starts over when a declaration file changes", () => {
    const dir = writeTempProject({
      "tsconfig.json": JSON.stringify({ include: ["*.ts"] }),
      "types.d.ts": "declare function report(value: string): void;\n",
      "main.ts": "/** @zone PII */\nexport const email = 'a';\nreport(email);\n",
    });
    const log: string[] = [];
    const analyzer = Analyzer.forConfigFile(path.join(dir, "tsconfig.json"), {
      log: (_, message) => log.push(message),
    });
    assert.equal([...analyzer.analyze().findings.values()].flat().length, 0);
    analyzer.setFileText(
      path.join(dir, "types.d.ts"),
      "/** @sink analytics */\ndeclare function report(value: string): void;\n",
    );
    log.length = 0;
    const findings = [...analyzer.analyze().findings.values()].flat();
    assert.ok(!log.some((line) => line.startsWith("Edit of")), "no update of the last analysis");
    assert.deepEqual(
      findings.map((finding) => finding.code),
      ["PZ001"],
    );
  });

  it("starts over after the config is reloaded", () => {
    const { analyzer, log } = recordingAnalyzer();
    analyzer.analyze();
    analyzer.reloadConfig();
    log.length = 0;
    assert.deepEqual(snapshot(analyzer.analyze()), original);
    assert.ok(!log.some((line) => line.startsWith("Edit of")), "no update of the last analysis");
  });

  it("verifies an update with a fresh run", () => {
    // `main.ts` gets the interface only through the type that `make` returns, and imports no
    // file that changes, so no recorded read or import leads the update to it.
    const before = "export interface User {\n  greet(): void;\n}\n";
    const after =
      "export interface User {\n  greet(): void;\n  /** @zone PII */\n  ssn: string;\n}\n";
    const dir = writeTempProject({
      "tsconfig.json": JSON.stringify({ include: ["*.ts"] }),
      "user.ts": before,
      "make.ts":
        'import type { User } from "./user";\nfunction make(): User { return {} as User; }\nexport const user = make();\n',
      "main.ts": 'import { user } from "./make";\nconsole.log(user);\n',
    });
    const analyzer = Analyzer.forConfigFile(path.join(dir, "tsconfig.json"));
    const codes = (result: AnalysisResult) =>
      [...result.findings.values()].flat().map((finding) => finding.code);
    assert.deepEqual(codes(analyzer.analyze()), []);
    assert.equal(analyzer.needsVerification, false, "a first run is fresh");

    analyzer.setFileText(path.join(dir, "user.ts"), after);
    analyzer.analyze();
    assert.equal(analyzer.needsVerification, true, "an update asks for verification");

    assert.throws(() => analyzer.analyze(() => true, { fresh: true }), CancelledError);
    assert.equal(analyzer.needsVerification, true, "a cancelled fresh run changes nothing");

    assert.deepEqual(codes(analyzer.analyze(undefined, { fresh: true })), ["PZ001"]);
    assert.equal(analyzer.needsVerification, false);
  });

  it("resumes a cancelled run in the next one", () => {
    const analyzer = Analyzer.forConfigFile(TSCONFIG);
    let checks = 0;
    assert.throws(() => analyzer.analyze(() => ++checks > 20), CancelledError);
    const file = path.join(PROJECT, "helpers.ts");
    const edited = emptyEveryOtherBody(file, fs.readFileSync(file, "utf8"));
    analyzer.setFileText(file, edited);
    assert.deepEqual(snapshot(analyzer.analyze()), snapshot(coldRun(new Map([[file, edited]]))));
  });
});
