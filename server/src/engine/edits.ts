import { ts } from "./typescript";
import { isFunctionNode } from "./flow";

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
  if (/\.[cm]?jsx?$/.test(file.fileName)) return file.text;
  const parts: string[] = [];
  let position = 0;
  const visit = (node: ts.Node): void => {
    if (isFunctionNode(node)) {
      const body = node.body!;
      parts.push(file.text.slice(position, body.pos), "{}");
      position = body.end;
      return;
    }
    ts.forEachChild(node, visit);
  };
  ts.forEachChild(file, visit);
  parts.push(file.text.slice(position));
  outline = parts.join("");
  outlines.set(file, outline);
  return outline;
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
  const byName = new Map(before.map((file) => [file.fileName, file]));
  const changed: [ts.SourceFile, ts.SourceFile][] = [];
  const reshaped = new Set<string>();
  for (const file of after) {
    const old = byName.get(file.fileName);
    if (!old) return undefined;
    if (old === file) continue;
    changed.push([old, file]);
    if (outlineOf(old) === outlineOf(file)) continue;
    if (declaresGlobals(old) || declaresGlobals(file)) return undefined;
    reshaped.add(file.fileName);
  }
  if (otherFilesChanged(beforeProgram, program, new Set(after))) return undefined;
  const dependents =
    reshaped.size === 0
      ? []
      : importersOf(program, after, reshaped).filter((file) => !reshaped.has(file.fileName));
  return { changed, dependents };
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
