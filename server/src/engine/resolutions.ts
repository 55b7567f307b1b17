import { ts } from "./typescript";

/** The declarations a name resolves to, those of its symbol after following an import. */
export interface Resolution {
  declarations: readonly ts.Declaration[];
  /** The symbol's value declaration, or its first declaration. */
  main: ts.Declaration | undefined;
}

const UNRESOLVED: Resolution = { declarations: [], main: undefined };

/**
 * Remembers what the type checker resolved each name to. Entries outlive a program: an update
 * in which no type that other files can see changed keeps every entry outside the edited files,
 * so that the functions it evaluates again in other files do not ask a new checker.
 */
export class Resolutions {
  private readonly entries = new Map<ts.Node, Resolution>();
  /** Names by the file they are in. */
  private readonly namesIn = new Map<ts.SourceFile, Set<ts.Node>>();
  /** Names in other files by a file that they resolve into. Declaration files are left out. */
  private readonly namesInto = new Map<ts.SourceFile, Set<ts.Node>>();

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
    this.entries.set(node, entry);
    if (!this.indexed) return entry;
    const file = node.getSourceFile();
    addTo(this.namesIn, file, node);
    for (const declaration of entry.declarations) {
      const target = declaration.getSourceFile();
      if (target !== file && !target.isDeclarationFile) addTo(this.namesInto, target, node);
    }
    return entry;
  }

  /**
   * Moves to the checker of a new program. With `keep`, entries stay except those of names in
   * `replaced` files and of names that resolve into them; without, all are dropped.
   */
  moveTo(checker: ts.TypeChecker, replaced: readonly ts.SourceFile[], keep: boolean): void {
    this.checker = checker;
    if (!keep) {
      this.entries.clear();
      this.namesIn.clear();
      this.namesInto.clear();
      return;
    }
    for (const file of replaced) {
      for (const name of this.namesIn.get(file) ?? []) {
        for (const declaration of this.entries.get(name)?.declarations ?? [])
          this.namesInto.get(declaration.getSourceFile())?.delete(name);
        this.entries.delete(name);
      }
      this.namesIn.delete(file);
      // These names stay listed under their own files, which is harmless: they are re-resolved.
      for (const name of this.namesInto.get(file) ?? []) this.entries.delete(name);
      this.namesInto.delete(file);
    }
  }

  private compute(node: ts.Node): Resolution {
    let symbol = this.checker.getSymbolAtLocation(node);
    if (symbol && symbol.flags & ts.SymbolFlags.Alias) {
      try {
        symbol = this.checker.getAliasedSymbol(symbol);
      } catch {
        return UNRESOLVED;
      }
    }
    if (!symbol) return UNRESOLVED;
    const declarations = symbol.declarations ?? [];
    return { declarations, main: symbol.valueDeclaration ?? declarations[0] };
  }
}

function addTo(index: Map<ts.SourceFile, Set<ts.Node>>, file: ts.SourceFile, node: ts.Node) {
  let names = index.get(file);
  if (!names) index.set(file, (names = new Set()));
  names.add(node);
}
