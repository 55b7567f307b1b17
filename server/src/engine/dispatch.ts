import { ts } from "./typescript";
import type { FlowAnalysis, FunctionNode } from "./flow";

/**
 * Calls of methods through an interface or a base class: `this.formatter.format(user)` with
 * `formatter: Formatter` may run the `format` of each class of the project that implements
 * `Formatter`, and `base.describe()` the `describe` of each subclass that overrides it. The
 * classes come from the `implements` and `extends` clauses of the project's files.
 *
 * NOTE: the index of subtypes belongs to one program, and a caller evaluated before an edit that
 * adds an implementation in another file learns of it at the next full analysis.
 */

type TypeDeclaration = ts.ClassLikeDeclaration | ts.InterfaceDeclaration;

/** The classes and interfaces that name each class or interface in a heritage clause. */
type SubtypeIndex = Map<ts.Declaration, TypeDeclaration[]>;

/** The index of each checker, built on the first call through an interface or a base class. */
const indexes = new WeakMap<ts.TypeChecker, SubtypeIndex>();

/** The maximum number of methods a call dispatches to, beyond which it runs only its own target. */
const MAX_IMPLEMENTATIONS = 16;

/**
 * Returns the methods with a body, other than `own`, that a call of a method with
 * `declarations` may run. They are the methods of the same name in the project's classes that
 * implement or extend the declaring class or interface, directly or through others.
 */
export function dispatchTargets(
  flow: FlowAnalysis,
  declarations: readonly ts.Node[],
  own: FunctionNode | undefined,
): FunctionNode[] {
  let found: FunctionNode[] | undefined;
  for (const declaration of declarations) {
    if (!ts.isMethodSignature(declaration) && !ts.isMethodDeclaration(declaration)) continue;
    for (const method of overridesOf(flow, declaration)) {
      if (method === own || found?.includes(method)) continue;
      (found ??= []).push(method);
      flow.track(method);
    }
  }
  return found ?? [];
}

/** The results of `overridesOf` by checker and method, since a method is called from many places. */
const overrides = new WeakMap<ts.TypeChecker, Map<ts.Node, readonly ts.MethodDeclaration[]>>();

/** Lists the methods with a body that override or implement `declaration` in its subtypes. */
function overridesOf(
  flow: FlowAnalysis,
  declaration: ts.MethodSignature | ts.MethodDeclaration,
): readonly ts.MethodDeclaration[] {
  let byMethod = overrides.get(flow.checker);
  if (!byMethod) overrides.set(flow.checker, (byMethod = new Map()));
  let found = byMethod.get(declaration);
  if (found) return found;
  found = [];
  byMethod.set(declaration, found);

  const owner = declaration.parent;
  const named = ts.isIdentifier(declaration.name) || ts.isStringLiteral(declaration.name);
  if (
    !named ||
    (!ts.isInterfaceDeclaration(owner) && !ts.isClassLike(owner)) ||
    owner.getSourceFile().isDeclarationFile
  )
    return found;

  const name = (declaration.name as ts.Identifier | ts.StringLiteral).text;
  const methods: ts.MethodDeclaration[] = [];
  for (const subtype of subtypesOf(flow, owner)) {
    if (ts.isInterfaceDeclaration(subtype)) continue;
    const method = subtype.members.find(
      (member): member is ts.MethodDeclaration =>
        ts.isMethodDeclaration(member) &&
        member.body !== undefined &&
        (ts.isIdentifier(member.name) || ts.isStringLiteral(member.name)) &&
        member.name.text === name &&
        !(ts.getCombinedModifierFlags(member) & ts.ModifierFlags.Static),
    );
    if (method) methods.push(method);
    if (methods.length >= MAX_IMPLEMENTATIONS) break;
  }
  byMethod.set(declaration, methods);
  return methods;
}

/** Lists the classes and interfaces that extend or implement `owner`, through any number of steps. */
function subtypesOf(flow: FlowAnalysis, owner: TypeDeclaration): TypeDeclaration[] {
  const index = indexOf(flow);
  const found: TypeDeclaration[] = [];
  const seen = new Set<ts.Declaration>([owner]);
  const queue: ts.Declaration[] = [owner];
  for (let next = queue.shift(); next; next = queue.shift()) {
    for (const subtype of index.get(next) ?? []) {
      if (seen.has(subtype)) continue;
      seen.add(subtype);
      found.push(subtype);
      queue.push(subtype);
    }
  }
  return found;
}

function indexOf(flow: FlowAnalysis): SubtypeIndex {
  let index = indexes.get(flow.checker);
  if (index) return index;
  index = new Map();
  for (const file of flow.options.program.getSourceFiles()) {
    if (file.isDeclarationFile || flow.options.program.isSourceFileFromExternalLibrary(file))
      continue;
    // Most files declare no subtype, and a search of their text finds that without a walk.
    if (!file.text.includes("extends") && !file.text.includes("implements")) continue;
    indexStatements(flow, file.statements, index);
  }
  indexes.set(flow.checker, index);
  return index;
}

/** Adds the classes and interfaces among `statements`, in namespaces too, to `index`. */
function indexStatements(
  flow: FlowAnalysis,
  statements: readonly ts.Statement[],
  index: SubtypeIndex,
): void {
  for (const statement of statements) {
    if (ts.isModuleDeclaration(statement)) {
      let body = statement.body;
      while (body && ts.isModuleDeclaration(body)) body = body.body;
      if (body && ts.isModuleBlock(body)) indexStatements(flow, body.statements, index);
      continue;
    }
    if (!ts.isClassDeclaration(statement) && !ts.isInterfaceDeclaration(statement)) continue;
    for (const clause of statement.heritageClauses ?? []) {
      for (const type of clause.types) {
        const expression = type.expression;
        const name = ts.isPropertyAccessExpression(expression) ? expression.name : expression;
        for (const declaration of flow.resolutions.resolve(name).declarations) {
          if (!ts.isClassLike(declaration) && !ts.isInterfaceDeclaration(declaration)) continue;
          const subtypes = index.get(declaration);
          if (subtypes) subtypes.push(statement);
          else index.set(declaration, [statement]);
        }
      }
    }
  }
}
