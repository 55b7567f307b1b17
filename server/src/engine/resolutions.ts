import { ts } from "./typescript";
import { declaredMember, symbolDeclarations } from "./written-types";
import type { NodeMapping } from "./node-mapping";

/** The declarations a name resolves to, those of its symbol after following an import. */
export interface Resolution {
  declarations: readonly ts.Declaration[];
  /** The symbol's value declaration, or its first declaration. */
  main: ts.Declaration | undefined;
  /** True when the declarations do not give the type, as for a member of a mapped type. */
  reshaped?: boolean;
}

const UNRESOLVED: Resolution = { declarations: [], main: undefined };

/**
 * Remembers what the type checker resolved each name to. Entries outlive a program: an update
 * in which no type that other files can see changed keeps every entry outside the edited files,
 * so that the functions it evaluates again in other files do not ask a new checker.
 */
export class Resolutions {
  private readonly entries = new Map<ts.Node, Resolution>();
  /** Declarations that `declarationsOf` found, by what they are and the node they are of. */
  private readonly lists = new Map<string, Map<ts.Node, Resolution>>();
  /** Facts about the types of expressions by fact, as `typeFact` found them. */
  private readonly facts = new Map<string, Map<ts.Node, boolean>>();
  /** Values derived from the types of nodes by kind, as `derived` computed them. */
  private readonly derivedValues = new Map<string, DerivedValues>();
  /** Names by the file they are in. */
  private readonly namesIn = new Map<ts.SourceFile, ts.Node[]>();
  /** Names in other files by a file that they resolve into. Declaration files are left out. */
  private readonly namesInto = new Map<ts.SourceFile, Set<ts.Node>>();
  /** One entry for all the names of a symbol, which can be thousands. */
  private readonly bySymbol = new WeakMap<ts.Symbol, Resolution>();
  /** One entry for all the reads of a member that the written types settle. */
  private readonly byMember = new WeakMap<ts.Declaration, Resolution>();

  /** @param indexed false when the entries never move to another program, so need no index */
  constructor(
    private checker: ts.TypeChecker,
    private readonly indexed = true,
  ) {}

  /** Resolves `node`, a name or an expression, through the checker of the current program. */
  resolve(node: ts.Node): Resolution {
    let entry = this.entries.get(node);
    if (entry) return entry;
    entry = this.compute(node);
    this.add(node, entry);
    return entry;
  }

  /**
   * Returns the declarations of kind `kind` for `node`, as `find` lists them with the current
   * checker: the data fields of an expression's type, or the property that a destructuring
   * element reads. They are kept and moved like resolved names.
   */
  declarationsOf(
    kind: "fields" | "destructured property",
    node: ts.Node,
    find: () => readonly ts.Declaration[],
  ): readonly ts.Declaration[] {
    let entries = this.lists.get(kind);
    if (!entries) this.lists.set(kind, (entries = new Map()));
    let entry = entries.get(node);
    if (!entry) {
      const declarations = find();
      entry = declarations.length > 0 ? { declarations, main: undefined } : UNRESOLVED;
      this.add(node, entry, entries);
    }
    return entry.declarations;
  }

  /**
   * Returns `fact` about the type of `node`, which `compute` finds with the current checker. Facts
   * are kept and moved like resolved names, so that an update that keeps types queries the new
   * checker only about the changed parts of the edited files.
   */
  typeFact(node: ts.Node, fact: string, compute: () => boolean): boolean {
    let known = this.facts.get(fact);
    if (!known) this.facts.set(fact, (known = new Map()));
    let value = known.get(node);
    if (value === undefined) {
      value = compute();
      known.set(node, value);
      this.index(node);
    }
    return value;
  }

  /**
   * Returns the value of kind `kind` that `compute` derives from the type of `node` with the
   * current checker, such as the fields of its type. `declarations` lists those that the value
   * names. An update that keeps types keeps the value unless `node` or one of those declarations
   * is in an edited file. Otherwise the next call computes it again.
   */
  derived<T>(
    kind: string,
    node: ts.Node,
    compute: () => T,
    declarations: (value: T) => Iterable<ts.Node>,
  ): T {
    let derived = this.derivedValues.get(kind) as DerivedValues<T> | undefined;
    if (!derived) {
      derived = { values: new Map(), declarations };
      this.derivedValues.set(kind, derived as DerivedValues);
    }
    if (derived.values.has(node)) return derived.values.get(node) as T;
    const value = compute();
    this.addDerived(node, value, derived);
    return value;
  }

  private addDerived<T>(node: ts.Node, value: T, derived: DerivedValues<T>): void {
    derived.values.set(node, value);
    if (!this.indexed) return;
    this.index(node);
    const file = node.getSourceFile();
    for (const declaration of derived.declarations(value)) {
      const target = declaration.getSourceFile();
      if (target !== file && !target.isDeclarationFile) addTo(this.namesInto, target, node);
    }
  }

  private add(node: ts.Node, entry: Resolution, entries = this.entries): void {
    entries.set(node, entry);
    if (!this.indexed) return;
    this.index(node);
    const file = node.getSourceFile();
    for (const declaration of entry.declarations) {
      const target = declaration.getSourceFile();
      if (target !== file && !target.isDeclarationFile) addTo(this.namesInto, target, node);
    }
  }

  /** Lists `node` under its file, so that a move finds it. */
  private index(node: ts.Node): void {
    if (!this.indexed) return;
    const file = node.getSourceFile();
    const names = this.namesIn.get(file);
    if (names) names.push(node);
    else this.namesIn.set(file, [node]);
  }

  /**
   * Moves to the checker of a new program. Without `keep`, all entries are dropped. With it,
   * entries stay, except those of names in the replaced files (the keys of `mappings`) and of
   * names that resolve into them. Such an entry moves to the new version of a file when the
   * mapping finds the name and its declarations there. Returns how many entries moved.
   */
  moveTo(checker: ts.TypeChecker, mappings: FileMappings, keep: boolean): number {
    this.checker = checker;
    if (!keep) {
      this.entries.clear();
      this.lists.clear();
      this.facts.clear();
      this.derivedValues.clear();
      this.namesIn.clear();
      this.namesInto.clear();
      return 0;
    }
    const moved: [ts.Node, Resolution, Map<ts.Node, Resolution>][] = [];
    const carry = (
      name: ts.Node,
      entry: Resolution | undefined,
      entries: Map<ts.Node, Resolution>,
    ): void => {
      const target = entry && moveNode(name, mappings);
      if (!entry || !target) return;
      const declarations: ts.Declaration[] = [];
      for (const declaration of entry.declarations) {
        const found = moveNode(declaration, mappings);
        if (!found) return;
        declarations.push(found as ts.Declaration);
      }
      const main = entry.main && (moveNode(entry.main, mappings) as ts.Declaration | undefined);
      if (entry.main && !main) return;
      const moving: Resolution = entry.reshaped
        ? { declarations, main, reshaped: true }
        : { declarations, main };
      moved.push([target, moving, entries]);
    };
    // Drops an entry, and its listings under the files it resolves into, which would otherwise
    // keep the names of old syntax trees alive.
    const drop = (name: ts.Node, entries: Map<ts.Node, Resolution>): Resolution | undefined => {
      const entry = entries.get(name);
      if (!entry) return undefined;
      entries.delete(name);
      for (const declaration of entry.declarations)
        this.namesInto.get(declaration.getSourceFile())?.delete(name);
      return entry;
    };
    const movedFacts: [ts.Node, boolean, Map<ts.Node, boolean>][] = [];
    const movedDerived: [ts.Node, unknown, DerivedValues][] = [];
    const move = (name: ts.Node): void => {
      for (const entries of [this.entries, ...this.lists.values()])
        carry(name, drop(name, entries), entries);
      for (const known of this.facts.values()) {
        const value = known.get(name);
        if (value === undefined) continue;
        known.delete(name);
        const target = moveNode(name, mappings);
        if (target) movedFacts.push([target, value, known]);
      }
      // A derived value moves when it names no declaration of a replaced file.
      for (const derived of this.derivedValues.values()) {
        if (!derived.values.has(name)) continue;
        const value = derived.values.get(name);
        derived.values.delete(name);
        const target = moveNode(name, mappings);
        if (!target) continue;
        const movable = [...derived.declarations(value)].every(
          (declaration) => !mappings.has(declaration.getSourceFile()),
        );
        if (movable) movedDerived.push([target, value, derived]);
      }
    };
    for (const file of mappings.keys()) {
      for (const name of this.namesIn.get(file) ?? []) move(name);
      this.namesIn.delete(file);
      // Names that are not carried stay listed under their own files, which is harmless.
      for (const name of [...(this.namesInto.get(file) ?? [])]) move(name);
      this.namesInto.delete(file);
    }
    for (const [name, entry, entries] of moved) this.add(name, entry, entries);
    for (const [name, value, derived] of movedDerived) this.addDerived(name, value, derived);
    for (const [name, value, known] of movedFacts) {
      known.set(name, value);
      this.index(name);
    }
    return moved.length;
  }

  private compute(node: ts.Node): Resolution {
    const parent = node.parent;
    if (parent && ts.isPropertyAccessExpression(parent) && parent.name === node) {
      const declared = declaredMember(parent, (name) => this.resolve(name));
      if (declared?.main) {
        let entry = this.byMember.get(declared.main);
        if (!entry) this.byMember.set(declared.main, (entry = declared));
        return entry;
      }
    }
    let symbol = this.checker.getSymbolAtLocation(node);
    if (symbol && symbol.flags & ts.SymbolFlags.Alias) {
      try {
        symbol = this.checker.getAliasedSymbol(symbol);
      } catch {
        return UNRESOLVED;
      }
    }
    if (!symbol) return UNRESOLVED;
    let entry = this.bySymbol.get(symbol);
    if (!entry) {
      entry = symbolDeclarations(symbol);
      this.bySymbol.set(symbol, entry);
    }
    return entry;
  }
}

/** The values of one kind that `derived` computed, and how to list what each names. */
interface DerivedValues<T = unknown> {
  readonly values: Map<ts.Node, T>;
  readonly declarations: (value: T) => Iterable<ts.Node>;
}

function addTo(index: Map<ts.SourceFile, Set<ts.Node>>, file: ts.SourceFile, node: ts.Node) {
  let names = index.get(file);
  if (!names) index.set(file, (names = new Set()));
  names.add(node);
}

/** The mapping of each replaced file to its new version, or undefined where there is none. */
export type FileMappings = ReadonlyMap<ts.SourceFile, NodeMapping | undefined>;

/**
 * Returns the node that takes the place of `node` in the new program: itself outside the
 * replaced files, its counterpart in a mapped file, or undefined where that place changed.
 */
export function moveNode(node: ts.Node, mappings: FileMappings): ts.Node | undefined {
  const file = node.getSourceFile();
  return mappings.has(file) ? mappings.get(file)?.map(node) : node;
}
