import { ts } from "./typescript";
import { isFunctionNode, type FunctionNode } from "./flow";

const outlines = new WeakMap<ts.SourceFile, string>();

/**
 * Returns a file's text with the body of every outermost function cut out: its declarations,
 * signatures, annotations and top-level statements. Two versions of a file with the same outline
 * differ only inside function bodies, which other files see only through function summaries,
 * so such an edit needs no other file evaluated again unless a summary changes.
 */
export function outlineOf(file: ts.SourceFile): string {
  let outline = outlines.get(file);
  if (outline !== undefined) return outline;
  // JavaScript declares class fields by assignment inside constructors and methods.
  if (isJavaScript(file.fileName)) return file.text;
  const parts: string[] = [];
  let position = 0;
  for (const fn of outermostFunctions(file)) {
    const body = fn.body!;
    parts.push(file.text.slice(position, body.pos), "{}");
    position = body.end;
  }
  parts.push(file.text.slice(position));
  outline = parts.join("");
  outlines.set(file, outline);
  return outline;
}

/** Numeric fields of syntax nodes that depend on positions or caches, not on the code. */
const POSITIONAL_FIELDS = new Set(["pos", "end", "id", "transformFlags", "modifierFlagsCache"]);

/** Node flags that the parser sets from the code; the binder and the checker add others later. */
const SYNTAX_FLAGS =
  ts.NodeFlags.BlockScoped |
  ts.NodeFlags.NestedNamespace |
  ts.NodeFlags.Namespace |
  ts.NodeFlags.OptionalChain |
  ts.NodeFlags.GlobalAugmentation |
  ts.NodeFlags.ThisNodeHasError |
  ts.NodeFlags.ContextFlags;

/**
 * True when two versions of a file have the same syntax outside function bodies, with the same
 * JSDoc: their outlines differ only in whitespace, comments other than JSDoc, and other spelling
 * that the syntax tree does not keep, such as the quotes of a string.
 */
export function sameOutlineSyntax(a: ts.SourceFile, b: ts.SourceFile): boolean {
  if (!sameReferences(a, b)) return false;
  const skipBodies = !isJavaScript(a.fileName);
  const children = (node: ts.Node): ts.Node[] => {
    const list: ts.Node[] = [];
    const body = skipBodies && isFunctionNode(node) ? node.body : undefined;
    ts.forEachChild(node, (child) => {
      if (child !== body) list.push(child);
    });
    return list;
  };
  const same = (x: ts.Node, y: ts.Node): boolean => {
    if (x.kind !== y.kind || ((x.flags ^ y.flags) & SYNTAX_FLAGS) !== 0) return false;
    if (!sameJsDoc(x, y)) return false;
    if (!ts.isSourceFile(x) && !sameFields(x, y)) return false;
    const left = children(x);
    const right = children(y);
    return left.length === right.length && left.every((child, i) => same(child, right[i]!));
  };
  return same(a, b);
}

function sameFields(x: ts.Node, y: ts.Node): boolean {
  const keys = new Set([...Object.keys(x), ...Object.keys(y)]);
  for (const key of keys) {
    if (key === "flags" || POSITIONAL_FIELDS.has(key)) continue;
    const left = (x as unknown as Record<string, unknown>)[key];
    const right = (y as unknown as Record<string, unknown>)[key];
    // Child nodes are compared on their own. Other objects are what the binder, the checker and
    // caches attach, which an older version may have and a newer one not yet.
    if (isObjectOrUnset(left) && isObjectOrUnset(right)) continue;
    if (left !== right) return false;
  }
  return true;
}

function isObjectOrUnset(value: unknown): boolean {
  return value === undefined || typeof value === "object" || typeof value === "function";
}

function sameJsDoc(x: ts.Node, y: ts.Node): boolean {
  const left = (x as { jsDoc?: ts.JSDoc[] }).jsDoc ?? [];
  const right = (y as { jsDoc?: ts.JSDoc[] }).jsDoc ?? [];
  const text = (doc: ts.JSDoc) => doc.getSourceFile().text.slice(doc.pos, doc.end);
  return left.length === right.length && left.every((doc, i) => text(doc) === text(right[i]!));
}

/** True when two versions of a file have the same triple-slash references and pragmas. */
function sameReferences(a: ts.SourceFile, b: ts.SourceFile): boolean {
  const names = (file: ts.SourceFile) =>
    JSON.stringify([
      file.referencedFiles.map((reference) => reference.fileName),
      file.typeReferenceDirectives.map((reference) => reference.fileName),
      file.libReferenceDirectives.map((reference) => reference.fileName),
      [...((file as { pragmas?: Map<string, unknown> }).pragmas?.keys() ?? [])],
      file.moduleName ?? "",
    ]);
  return names(a) === names(b);
}

function isJavaScript(fileName: string): boolean {
  return /\.[cm]?jsx?$/.test(fileName);
}

/** The files that an update of the analysis covers: the edited ones, and others to redo. */
export interface EditPlan {
  /** Old and new versions of the analysed files that changed. */
  changed: [ts.SourceFile, ts.SourceFile][];
  /**
   * Unchanged files whose functions are evaluated again: the files that import a file whose
   * outline changed, directly or through files that re-export it. An import may now find a
   * declaration it missed before, which no recorded read can tell.
   */
  dependents: ts.SourceFile[];
  /**
   * True when no type that other files can see changed, so that their names resolve as before:
   * every outline is the same, and every edited body belongs to a function whose type does not
   * depend on it.
   */
  typesKept: boolean;
}

/**
 * Plans how to bring an analysis of `before` up to date with `program`, whose analysed files are
 * `after`. Returns undefined when the analysis must start over: files were added or removed, a
 * file that is not analysed (a declaration file, a skipped file) changed, or a changed file
 * declares globals that any file may use.
 */
export function planEdits(
  before: readonly ts.SourceFile[],
  beforeProgram: ts.Program,
  after: readonly ts.SourceFile[],
  program: ts.Program,
): EditPlan | undefined {
  if (before.length !== after.length) return undefined;
  // After most edits the program lists its files in the same order, so the map is built only
  // when the order differs.
  let byName: Map<string, ts.SourceFile> | undefined;
  const changed: [ts.SourceFile, ts.SourceFile][] = [];
  const reshaped = new Set<string>();
  let typesKept = true;
  for (const [index, file] of after.entries()) {
    let old: ts.SourceFile | undefined = before[index];
    if (old?.fileName !== file.fileName) {
      byName ??= new Map(before.map((candidate) => [candidate.fileName, candidate]));
      old = byName.get(file.fileName);
    }
    if (!old) return undefined;
    if (old === file) continue;
    changed.push([old, file]);
    if (outlineOf(old) === outlineOf(file) || sameOutlineSyntax(old, file)) {
      typesKept &&= bodiesKeepTypes(old, file);
      continue;
    }
    if (declaresGlobals(old) || declaresGlobals(file)) return undefined;
    reshaped.add(file.fileName);
  }
  if (otherFilesChanged(beforeProgram, program, new Set(after))) return undefined;
  const dependents =
    reshaped.size === 0
      ? []
      : importersOf(program, after, reshaped).filter((file) => !reshaped.has(file.fileName));
  return { changed, dependents, typesKept: typesKept && reshaped.size === 0 };
}

/**
 * True when every function body that differs between two versions of a file with the same
 * outline belongs to a function whose type is declared. That is a function with a written return
 * type, a setter, or a constructor of a class whose fields all have a written type or an
 * initializer.
 */
function bodiesKeepTypes(old: ts.SourceFile, file: ts.SourceFile): boolean {
  const before = outermostFunctions(old);
  const after = outermostFunctions(file);
  if (before.length !== after.length) return false;
  return before.every((fn, i) => {
    const other = after[i]!;
    const body = (source: ts.SourceFile, node: FunctionNode) =>
      source.text.slice(node.body!.pos, node.body!.end);
    if (fn.kind !== other.kind) return false;
    return body(old, fn) === body(file, other) || (typeIsDeclared(fn) && typeIsDeclared(other));
  });
}

function typeIsDeclared(fn: FunctionNode): boolean {
  if (ts.isConstructorDeclaration(fn)) {
    // A field declared without a type or an initializer takes its type from the constructor.
    return fn.parent.members.every(
      (member) => !ts.isPropertyDeclaration(member) || member.type || member.initializer,
    );
  }
  return ts.isSetAccessorDeclaration(fn) || fn.type !== undefined;
}

/** The functions of a file that no other function contains, in source order. */
export function outermostFunctions(file: ts.SourceFile): FunctionNode[] {
  const functions: FunctionNode[] = [];
  const visit = (node: ts.Node): void => {
    if (isFunctionNode(node)) functions.push(node);
    else ts.forEachChild(node, visit);
  };
  ts.forEachChild(file, visit);
  return functions;
}

/** True when a script (not a module) or a global augmentation can name declarations anywhere. */
function declaresGlobals(file: ts.SourceFile): boolean {
  return !ts.isExternalModule(file) || /\bdeclare\s+(global|module)\b/.test(outlineOf(file));
}

/** True when a file of the program that the analysis does not cover was edited, added or removed. */
function otherFilesChanged(
  before: ts.Program,
  after: ts.Program,
  analysed: Set<ts.SourceFile>,
): boolean {
  if (before === after) return false;
  const old = new Map(before.getSourceFiles().map((file) => [file.fileName, file]));
  const current = after.getSourceFiles();
  if (current.length !== old.size) return true;
  return current.some((file) => !analysed.has(file) && old.get(file.fileName) !== file);
}

/** Lists the files of `files` that import one of `targets`, directly or through re-exports. */
function importersOf(
  program: ts.Program,
  files: readonly ts.SourceFile[],
  targets: Set<string>,
): ts.SourceFile[] {
  const checker = program.getTypeChecker();
  const importers = new Map<string, ts.SourceFile[]>();
  for (const file of files) {
    for (const specifier of moduleSpecifiers(file)) {
      const resolved = checker.getSymbolAtLocation(specifier)?.valueDeclaration;
      if (!resolved || !ts.isSourceFile(resolved)) continue;
      const list = importers.get(resolved.fileName);
      if (list) list.push(file);
      else importers.set(resolved.fileName, [file]);
    }
  }
  const found = new Set<string>(targets);
  const result: ts.SourceFile[] = [];
  const stack = [...targets];
  while (stack.length > 0) {
    for (const importer of importers.get(stack.pop()!) ?? []) {
      if (found.has(importer.fileName)) continue;
      found.add(importer.fileName);
      result.push(importer);
      if (reexports(importer)) stack.push(importer.fileName);
    }
  }
  return result;
}

/**
 * Lists the module names of a file's top-level imports, exports and `require` calls.
 * NOTE: `import()` and `require` inside functions are not listed. A file that loads another only
 * that way is evaluated again where it read from the changed file, and by the idle verification.
 */
function moduleSpecifiers(file: ts.SourceFile): ts.StringLiteral[] {
  const specifiers: ts.StringLiteral[] = [];
  const add = (node: ts.Node | undefined) => {
    if (node && ts.isStringLiteral(node)) specifiers.push(node);
  };
  for (const statement of file.statements) {
    if (ts.isImportDeclaration(statement) || ts.isExportDeclaration(statement)) {
      add(statement.moduleSpecifier);
    } else if (
      ts.isImportEqualsDeclaration(statement) &&
      ts.isExternalModuleReference(statement.moduleReference)
    ) {
      add(statement.moduleReference.expression);
    } else if (ts.isVariableStatement(statement)) {
      for (const declaration of statement.declarationList.declarations) {
        let initializer = declaration.initializer;
        while (initializer && ts.isPropertyAccessExpression(initializer))
          initializer = initializer.expression;
        if (
          initializer &&
          ts.isCallExpression(initializer) &&
          ts.isIdentifier(initializer.expression) &&
          initializer.expression.text === "require"
        )
          add(initializer.arguments[0]);
      }
    }
  }
  return specifiers;
}

/** True when a file exports names it may have imported: `export ... from`, `export { x }`. */
function reexports(file: ts.SourceFile): boolean {
  return file.statements.some(
    (statement) => ts.isExportDeclaration(statement) || ts.isExportAssignment(statement),
  );
}
