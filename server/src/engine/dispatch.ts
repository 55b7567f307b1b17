import { ts } from "./typescript";
import type { FlowAnalysis, FunctionNode } from "./flow";
import { isFunctionNode } from "./flow";

/**
 * Calls of methods through an interface or a base class: `this.formatter.format(user)` with
 * `formatter: Formatter` may run the `format` of each class of the project that implements
 * `Formatter`, and `base.describe()` the `describe` of each subclass that overrides it. The
 * classes come from the `extends` and `implements` clauses of the project's files, and from
 * JSDoc's `@implements` and `@extends` in JavaScript.
 */

type TypeDeclaration = ts.ClassLikeDeclaration | ts.InterfaceDeclaration;

/** A class or interface of a file, with the names of the types it extends or implements. */
interface Heritage {
  readonly subtype: TypeDeclaration;
  readonly supertypes: readonly ts.Expression[];
}

/** The classes and interfaces that extend or implement each class, interface or type alias. */
type SubtypeIndex = Map<ts.Declaration, TypeDeclaration[]>;

/** The heritage of each file version, which edits of other files leave as it is. */
const heritages = new WeakMap<ts.SourceFile, readonly Heritage[]>();

/** The index of each checker, built on the first call through an interface or a base class. */
const indexes = new WeakMap<ts.TypeChecker, SubtypeIndex>();

/**
 * The results of `overridesOf` by checker, method and the type whose subtypes were searched,
 * since a method is called from many places.
 */
const overrides = new WeakMap<
  ts.TypeChecker,
  Map<ts.Node, Map<ts.Declaration, readonly FunctionNode[]>>
>();

/**
 * The maximum number of methods that one method dispatches to.
 * NOTE: a call through an interface with more implementations runs the first 64 that the
 * project's files declare, in the order of the program's files.
 */
const MAX_IMPLEMENTATIONS = 64;

/**
 * Returns the methods with a body, other than `own`, that a call of a method with
 * `declarations` may run. They are the methods of the same name in the project's classes that
 * implement or extend the declaring class, interface or type alias, directly or through others.
 */
export function dispatchTargets(
  flow: FlowAnalysis,
  declarations: readonly ts.Node[],
  own: FunctionNode | undefined,
  receiverClass?: ts.ClassLikeDeclaration,
): FunctionNode[] {
  let found: FunctionNode[] | undefined;
  for (const declaration of declarations) {
    const declaring = ownerOf(flow, declaration);
    if (!declaring) continue;
    // A receiver typed as a subclass runs only the overrides below that subclass.
    const owner =
      receiverClass && receiverClass !== declaring && isSubtype(flow, receiverClass, declaring)
        ? receiverClass
        : declaring;
    // An edit that adds or removes a subtype of one of these types evaluates this call again.
    flow.noteDispatch(() => typeNames(flow, owner));
    for (const method of overridesOf(flow, declaration, owner)) {
      if (method === own || found?.includes(method)) continue;
      (found ??= []).push(method);
      flow.track(method);
    }
  }
  return found ?? [];
}

/**
 * Returns the class, interface or type alias of the project that declares a method, or
 * undefined for other declarations and for those of TypeScript's library and of packages.
 */
function ownerOf(flow: FlowAnalysis, declaration: ts.Node): ts.Declaration | undefined {
  const known = owners.get(declaration);
  if (known !== undefined) return known ?? undefined;
  const owner = findOwner(flow, declaration);
  owners.set(declaration, owner ?? null);
  return owner;
}

/** The results of `findOwner` by declaration, or null where it found none. */
const owners = new WeakMap<ts.Node, ts.Declaration | null>();

function findOwner(flow: FlowAnalysis, declaration: ts.Node): ts.Declaration | undefined {
  if (
    !ts.isMethodSignature(declaration) &&
    !ts.isMethodDeclaration(declaration) &&
    !ts.isPropertySignature(declaration) &&
    !ts.isPropertyDeclaration(declaration) &&
    !ts.isGetAccessorDeclaration(declaration)
  )
    return undefined;
  if (memberName(declaration) === undefined) return undefined;
  let owner: ts.Node = declaration.parent;
  if (ts.isTypeLiteralNode(owner) && ts.isTypeAliasDeclaration(owner.parent)) owner = owner.parent;
  if (
    !ts.isInterfaceDeclaration(owner) &&
    !ts.isClassLike(owner) &&
    !ts.isTypeAliasDeclaration(owner)
  )
    return undefined;
  const file = owner.getSourceFile();
  const program = flow.options.program;
  if (program.isSourceFileDefaultLibrary(file) || program.isSourceFileFromExternalLibrary(file))
    return undefined;
  return owner;
}

function memberName(member: ts.ClassElement | ts.TypeElement): string | undefined {
  const name = member.name;
  return name && (ts.isIdentifier(name) || ts.isStringLiteral(name)) ? name.text : undefined;
}

/** Lists the functions that override or implement `declaration` in the subtypes of `owner`. */
function overridesOf(
  flow: FlowAnalysis,
  declaration: ts.Node,
  owner: ts.Declaration,
): readonly FunctionNode[] {
  let byMethod = overrides.get(flow.checker);
  if (!byMethod) overrides.set(flow.checker, (byMethod = new Map()));
  let byOwner = byMethod.get(declaration);
  if (!byOwner) byMethod.set(declaration, (byOwner = new Map()));
  let found = byOwner.get(owner);
  if (found) return found;

  const name = memberName(declaration as ts.ClassElement);
  const methods: FunctionNode[] = [];
  for (const subtype of subtypesOf(flow, owner)) {
    if (ts.isInterfaceDeclaration(subtype)) continue;
    for (const member of subtype.members) {
      if (memberName(member) !== name) continue;
      if (ts.getCombinedModifierFlags(member) & ts.ModifierFlags.Static) continue;
      // `format = (value) => ...` overrides a method as a method declaration does.
      const fn = ts.isPropertyDeclaration(member) ? member.initializer : member;
      if (fn && isFunctionNode(fn) && fn.body !== undefined) methods.push(fn);
    }
    if (methods.length >= MAX_IMPLEMENTATIONS) break;
  }
  found = methods.slice(0, MAX_IMPLEMENTATIONS);
  byOwner.set(owner, found);
  return found;
}

/** The names of `owner` and of its subtypes, by checker and type. */
const namesByType = new WeakMap<ts.TypeChecker, Map<ts.Declaration, readonly string[]>>();

/** Lists the names of `owner` and of each of its subtypes. */
function typeNames(flow: FlowAnalysis, owner: ts.Declaration): readonly string[] {
  let byType = namesByType.get(flow.checker);
  if (!byType) namesByType.set(flow.checker, (byType = new Map()));
  let names = byType.get(owner);
  if (!names) {
    const found = new Set<string>();
    for (const type of [owner, ...subtypesOf(flow, owner)]) {
      const name = (type as ts.NamedDeclaration).name;
      if (name && ts.isIdentifier(name)) found.add(name.text);
    }
    names = [...found];
    byType.set(owner, names);
  }
  return names;
}

/** Lists the names of the types that the classes and interfaces of a file extend or implement. */
export function supertypeNames(file: ts.SourceFile): string[] {
  return heritageOf(file).flatMap(({ supertypes }) =>
    supertypes.map((expression) =>
      ts.isPropertyAccessExpression(expression) ? expression.name.text : expression.getText(file),
    ),
  );
}

function isSubtype(flow: FlowAnalysis, subtype: ts.Declaration, owner: ts.Declaration): boolean {
  return (subtypesOf(flow, owner) as ts.Declaration[]).includes(subtype);
}

/** Lists the classes and interfaces that extend or implement `owner`, through any number of steps. */
function subtypesOf(flow: FlowAnalysis, owner: ts.Declaration): TypeDeclaration[] {
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
  const program = flow.options.program;
  for (const file of program.getSourceFiles()) {
    if (program.isSourceFileDefaultLibrary(file) || program.isSourceFileFromExternalLibrary(file))
      continue;
    for (const { subtype, supertypes } of heritageOf(file)) {
      for (const expression of supertypes) {
        const name = ts.isPropertyAccessExpression(expression) ? expression.name : expression;
        for (const declaration of flow.resolutions.resolve(name).declarations) {
          if (
            !ts.isClassLike(declaration) &&
            !ts.isInterfaceDeclaration(declaration) &&
            !ts.isTypeAliasDeclaration(declaration)
          )
            continue;
          const subtypes = index.get(declaration);
          if (subtypes) subtypes.push(subtype);
          else index.set(declaration, [subtype]);
        }
      }
    }
  }
  indexes.set(flow.checker, index);
  return index;
}

/**
 * Lists the classes and interfaces of a file that extend or implement another type, anywhere in
 * the file: in namespaces, in functions, and as class expressions.
 */
export function heritageOf(file: ts.SourceFile): readonly Heritage[] {
  const known = heritages.get(file);
  if (known) return known;
  const list: Heritage[] = [];
  // Most files declare no subtype, and a search of their text finds that without a walk.
  if (file.text.includes("extends") || file.text.includes("implements")) {
    const visit = (node: ts.Node): void => {
      if (ts.isClassLike(node) || ts.isInterfaceDeclaration(node)) {
        const supertypes: ts.Expression[] = [];
        for (const clause of node.heritageClauses ?? [])
          for (const type of clause.types) supertypes.push(type.expression);
        if (ts.isClassLike(node)) {
          for (const tag of ts.getJSDocImplementsTags(node)) supertypes.push(tag.class.expression);
          const augments = ts.getJSDocAugmentsTag(node);
          if (augments) supertypes.push(augments.class.expression);
        }
        if (supertypes.length > 0) list.push({ subtype: node, supertypes });
      }
      ts.forEachChild(node, visit);
    };
    visit(file);
  }
  heritages.set(file, list);
  return list;
}

/**
 * Returns a text that changes when an edit adds or removes a subtype, a supertype or a member of
 * a subtype, so that calls that dispatch are evaluated again.
 */
export function heritageSignature(file: ts.SourceFile): string {
  return heritageOf(file)
    .map(({ subtype, supertypes }) => {
      const members = (subtype.members as ts.NodeArray<ts.ClassElement | ts.TypeElement>)
        .map((member) => memberName(member) ?? "")
        .join(",");
      const names = supertypes.map((expression) => expression.getText(file)).join(",");
      return `${subtype.name?.getText(file) ?? ""}<${names}>{${members}}`;
    })
    .join(";");
}
