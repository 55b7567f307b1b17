import * as assert from "node:assert/strict";
import * as path from "node:path";
import { describe, it } from "node:test";
import { Project, ts } from "ts-morph";
import { holdsNoData } from "../../server/src/engine/calls";
import type { MemberDeclarations } from "../../server/src/engine/written-types";
import {
  calleeDeclarations,
  declaredMember,
  onlySignature,
  symbolDeclarations,
  writtenResult,
} from "../../server/src/engine/written-types";
import { FIXTURES, REPO_ROOT } from "../support/paths";

interface Loaded {
  files: ts.SourceFile[];
  checker: ts.TypeChecker;
  /** What the checker resolves a name to, after following an import. */
  resolve: (name: ts.Node) => MemberDeclarations;
}

function load(project: Project): Loaded {
  const program = project.getProgram().compilerObject;
  const checker = program.getTypeChecker();
  const resolve = (name: ts.Node): MemberDeclarations => {
    let symbol = checker.getSymbolAtLocation(name);
    if (symbol && symbol.flags & ts.SymbolFlags.Alias) symbol = checker.getAliasedSymbol(symbol);
    return symbol ? symbolDeclarations(symbol) : { declarations: [], main: undefined };
  };
  const files = program
    .getSourceFiles()
    .filter((file) => !file.isDeclarationFile && !file.fileName.includes("/node_modules/"));
  return { files, checker, resolve };
}

function loadFixture(): Loaded {
  const project = new Project({
    compilerOptions: {
      strict: true,
      allowJs: true,
      target: ts.ScriptTarget.ES2022,
      module: ts.ModuleKind.ESNext,
      moduleResolution: ts.ModuleResolutionKind.Bundler,
    },
  });
  project.addSourceFilesAtPaths(path.join(FIXTURES, "written-types", "*.{ts,js}"));
  return load(project);
}

function descendants<T extends ts.Node>(file: ts.SourceFile, test: (node: ts.Node) => node is T) {
  const found: T[] = [];
  const visit = (node: ts.Node): void => {
    if (test(node)) found.push(node);
    ts.forEachChild(node, visit);
  };
  visit(file);
  return found;
}

/** Lists the calls and `new` expressions of a file. */
function callsIn(file: ts.SourceFile): (ts.CallExpression | ts.NewExpression)[] {
  return descendants(
    file,
    (node): node is ts.CallExpression | ts.NewExpression =>
      ts.isCallExpression(node) || ts.isNewExpression(node),
  );
}

/** Compares each member that `declaredMember` finds in `loaded` with the checker's, and returns them by text. */
function compareMembers(loaded: Loaded): Map<string, MemberDeclarations | undefined> {
  const results = new Map<string, MemberDeclarations | undefined>();
  for (const file of loaded.files) {
    for (const access of descendants(file, ts.isPropertyAccessExpression)) {
      const result = declaredMember(access, loaded.resolve);
      results.set(access.getText(), result);
      if (!result) continue;
      const expected = loaded.resolve(access.name);
      const where = `${path.basename(file.fileName)}: ${access.getText()}`;
      assert.deepEqual(result.declarations, expected.declarations, where);
      assert.equal(result.main, expected.main, where);
    }
  }
  return results;
}

describe("types written in the source", () => {
  const fixture = loadFixture();
  const members = compareMembers(fixture);

  it("finds members by written types", () => {
    const settled = [
      "customer.email",
      "customer.name",
      "customer.nickname",
      "customer.phone",
      "alias.id",
      "box.value",
      "box.label",
      "maybe!.email",
      "maybe?.id",
      "(customer).id",
      "store.owner.email",
      "store.size",
      "store.baseField",
      "store.describe",
      "cast.email",
      "Store.created",
      "Store.kind",
      "this.items",
      "this.owner.email",
      "this.label",
      "built.owner",
      "built.size",
      "this.mark",
    ];
    for (const text of settled) assert.ok(members.get(text), `${text} is settled by its types`);
  });

  it("leaves open members to the checker", () => {
    const open = [
      "indexed.anything",
      "fixed.id",
      "later.owner",
      "store.extra",
      "this.items.size",
      "this.count",
      "this?.mark",
      "this.title",
      "this.title.email",
      "declared.size",
      "asserted.owner",
    ];
    for (const text of open) {
      assert.ok(members.has(text), `${text} is in the fixture`);
      assert.equal(members.get(text), undefined, `${text} is left to the checker`);
    }
  });

  it("agrees with the checker on fixtures", () => {
    const propagation = new Project({
      compilerOptions: { strict: true, allowJs: true, target: ts.ScriptTarget.ES2022 },
    });
    propagation.addSourceFilesAtPaths(path.join(FIXTURES, "propagation", "*.{ts,tsx,js}"));
    const example = new Project({
      tsConfigFilePath: path.join(REPO_ROOT, "examples", "ai-glasses", "tsconfig.json"),
    });
    let settled = 0;
    for (const loaded of [load(propagation), load(example)])
      for (const result of compareMembers(loaded).values()) if (result) settled++;
    assert.ok(settled > 50, `${settled} member reads settled`);
  });

  it("classifies call results like the checker", () => {
    const expected = new Map([
      ["store.add(customer)", "nothing"],
      ["store.check()", "nothing"],
      ["store.flush()", "nothing"],
      ["store.load()", "data"],
      ["store.copy()", "data"],
      ["store.read()", "data"],
      ['new Store(customer, "d")', "data"],
      ['store.find("1")', "data"],
      ["listener(customer)", "nothing"],
      ["once?.(customer)", "nothing"],
      ['new Response("body").text()', "data"],
      ["big()", "data"],
      ["negative()", "data"],
      ["deferred()", "data"],
      ["later()", "nothing"],
      ["threeDeep()", "nothing"],
      ["fourDeep()", "data"],
      ["callback()", undefined],
      ["settled()", "nothing"],
      ["isBig(value)", "nothing"],
      ["assertBig(value)", "nothing"],
      ["registry.check(1, 2)", undefined],
      ["both.check(1, 2)", undefined],
    ]);
    let compared = 0;
    const seen = new Set<string>();
    for (const file of fixture.files) {
      const calls = callsIn(file);
      for (const call of calls) {
        const kind = writtenResult(call, fixture.resolve);
        const text = call.getText();
        if (expected.has(text)) {
          assert.equal(kind, expected.get(text), text);
          seen.add(text);
        }
        if (!kind) continue;
        const type = fixture.checker.getTypeAtLocation(call);
        assert.equal(kind === "nothing", holdsNoData(fixture.checker, type, 0), text);
        compared++;
      }
    }
    assert.deepEqual([...seen].sort(), [...expected.keys()].sort());
    assert.ok(compared >= 10);
  });

  it("reads parameters of single declarations", () => {
    const [uses] = fixture.files.filter((file) => file.fileName.endsWith("uses.ts"));
    assert.ok(uses);
    const calls = descendants(uses, ts.isCallExpression).filter((call) =>
      call.getText().startsWith("store.add("),
    );
    assert.equal(calls.length, 2);
    for (const call of calls) {
      const only = onlySignature(calleeDeclarations(call, fixture.resolve));
      assert.ok(only);
      const resolved = fixture.checker.getResolvedSignature(call)?.getParameters() ?? [];
      assert.deepEqual(
        only.parameters.map((parameter) => parameter.name.getText()),
        resolved.map((parameter) => parameter.getName()),
      );
    }
    const find = descendants(uses, ts.isCallExpression).find((call) =>
      call.getText().startsWith("store.find("),
    );
    assert.ok(find);
    assert.equal(onlySignature(calleeDeclarations(find, fixture.resolve)), undefined);
  });

  it("matches resolved signature parameters", () => {
    const settled = new Set<string>();
    for (const file of fixture.files) {
      const calls = callsIn(file);
      for (const call of calls) {
        const only = onlySignature(calleeDeclarations(call, fixture.resolve));
        if (!only) continue;
        settled.add(call.getText());
        const parameters = only.parameters.filter(
          (parameter) => !(ts.isIdentifier(parameter.name) && parameter.name.text === "this"),
        );
        const resolved = fixture.checker.getResolvedSignature(call)?.getParameters() ?? [];
        assert.deepEqual(
          parameters,
          resolved.map((parameter) => parameter.valueDeclaration),
          call.getText(),
        );
      }
    }
    assert.ok(settled.has('plain("a")'));
    for (const text of ["variadic(1, 2)", 'overloaded("a")', "overloaded(1, 2)", 'typed("a", "b")'])
      assert.ok(!settled.has(text), `${text} is left to the checker`);
  });
});
