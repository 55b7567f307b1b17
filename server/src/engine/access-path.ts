import { ts } from "./typescript";
import { thisClass } from "./written-types";
import { literalMember } from "./bindings";
import type { ModelPattern } from "./config-types";
import { moveNode, type FileMappings } from "./resolutions";

/**
 * One way to name an expression for model matching: an access path from a module import
 * (`module` set) or from a global or declared name (`module` undefined).
 * `defaultImport` marks paths that start at a module's default export, whose local name is free.
 */
export interface AccessPath {
  module: string | undefined;
  segments: string[];
  defaultImport?: boolean;
}

const MAX_DEPTH = 12;

/** Computes the access paths of expressions, following aliases, imports, destructuring, `new` and calls. */
export class AccessPaths {
  private readonly cache = new Map<ts.Node, AccessPath[]>();
  /** The cached nodes by their file, so that an edit of a file drops them. */
  private readonly cachedIn = new Map<ts.SourceFile, ts.Node[]>();
  /** One path object for each distinct path. */
  private readonly interned = new Map<string, AccessPath>();
  /**
   * Paths that follow function bodies or object literals, such as the `return` statements of a
   * hook, which an edit of that code changes. Each lists the files of the code it followed, and
   * a move to a new program drops it when one of them was replaced.
   */
  private readonly bodyCache = new Map<ts.Node, { paths: AccessPath[]; files: ts.SourceFile[] }>();
  /** The files of the bodies that the path being computed followed, if any. */
  private bodyFiles: Set<ts.SourceFile> | undefined;

  /** @param indexed false when the cache never moves to another program, so needs no index */
  constructor(
    private checker: ts.TypeChecker,
    private readonly indexed = true,
  ) {}

  /**
   * Moves to the checker of a new program. With `keep`, the paths of nodes outside the replaced
   * files, the keys of `mappings`, stay, and those of nodes that the mappings find in the new
   * versions move there. A path follows declarations outside function bodies only, so it stays
   * valid while no file's outline and no type that other files see changed.
   */
  moveTo(checker: ts.TypeChecker, mappings: FileMappings, keep: boolean): void {
    this.checker = checker;
    if (!keep) {
      this.bodyCache.clear();
      this.cache.clear();
      this.cachedIn.clear();
      this.interned.clear();
      return;
    }
    const moved: [ts.Node, AccessPath[]][] = [];
    for (const file of mappings.keys()) {
      for (const node of this.cachedIn.get(file) ?? []) {
        const paths = this.cache.get(node);
        this.cache.delete(node);
        const target = moveNode(node, mappings);
        if (paths && target) moved.push([target, paths]);
      }
      this.cachedIn.delete(file);
    }
    for (const [node, paths] of moved) this.store(node, paths);
    for (const [node, { files }] of this.bodyCache) {
      if (mappings.has(node.getSourceFile()) || files.some((file) => mappings.has(file)))
        this.bodyCache.delete(node);
    }
  }

  of(node: ts.Node): AccessPath[] {
    return this.compute(node, 0, new Set());
  }

  private compute(node: ts.Node, depth: number, visiting: Set<ts.Node>): AccessPath[] {
    const cached = this.cache.get(node);
    if (cached) return cached;
    const fromBody = this.bodyCache.get(node);
    if (fromBody) {
      for (const file of fromBody.files) this.followBody(file);
      return fromBody.paths;
    }
    if (depth > MAX_DEPTH || visiting.has(node)) return [];
    if (depth === 0) this.bodyFiles = undefined;
    visiting.add(node);
    const found = this.computeUncached(node, depth, visiting);
    visiting.delete(node);
    if (depth > 0) return found.length > 1 ? this.unique(found, false) : found;
    const result = found.length > 0 ? this.unique(found, true) : NO_PATHS;
    if (this.bodyFiles) this.bodyCache.set(node, { paths: result, files: [...this.bodyFiles] });
    else this.store(node, result);
    return result;
  }

  /** Records that the path being computed follows code in `file`. */
  private followBody(file: ts.SourceFile): void {
    if (this.bodyFiles) this.bodyFiles.add(file);
    else this.bodyFiles = new Set([file]);
  }

  /**
   * Drops repeated paths. With `shared`, each path returned is the one object for that path in
   * the whole cache, because one model, such as a logger, is reached from thousands of places.
   */
  private unique(paths: AccessPath[], shared: boolean): AccessPath[] {
    const byKey = new Map<string, AccessPath>();
    for (const path of paths) {
      const key = `${path.module ?? ""}|${path.defaultImport ? "d" : ""}|${path.segments.join(".")}`;
      if (byKey.has(key)) continue;
      let canonical = shared ? this.interned.get(key) : path;
      if (!canonical) {
        canonical = path;
        this.interned.set(key, path);
      }
      byKey.set(key, canonical);
    }
    return [...byKey.values()];
  }

  private store(node: ts.Node, paths: AccessPath[]): void {
    this.cache.set(node, paths);
    if (!this.indexed) return;
    const file = node.getSourceFile();
    const nodes = this.cachedIn.get(file);
    if (nodes) nodes.push(node);
    else this.cachedIn.set(file, [node]);
  }

  private computeUncached(node: ts.Node, depth: number, visiting: Set<ts.Node>): AccessPath[] {
    const next = (inner: ts.Node) => this.compute(inner, depth + 1, visiting);
    if (
      ts.isParenthesizedExpression(node) ||
      ts.isAsExpression(node) ||
      ts.isNonNullExpression(node) ||
      ts.isSatisfiesExpression(node) ||
      ts.isTypeAssertionExpression(node) ||
      ts.isAwaitExpression(node)
    ) {
      return next(node.expression);
    }
    if (ts.isCallExpression(node) || ts.isNewExpression(node)) {
      const imported = dynamicImportModule(node);
      if (imported !== undefined) return [{ module: imported, segments: [] }];
      if (isRequireCall(node))
        return [
          {
            // The literal's value, not its spelling: `"de\x62ug"` names the module `debug`.
            module: ((node as ts.CallExpression).arguments[0] as ts.StringLiteral).text,
            segments: [],
          },
        ];
      // `console.log.bind(console)` is the function it binds.
      const callee = node.expression;
      if (ts.isPropertyAccessExpression(callee) && callee.name.text === "bind")
        return next(callee.expression);
      return [...next(node.expression), ...this.ofReturned(callee, next)];
    }
    if (ts.isPropertyAccessExpression(node)) {
      const symbol = this.checker.getSymbolAtLocation(node.name);
      const declaration = symbol?.declarations?.[0];
      let written = append(next(node.expression), node.name.text);
      // A member that a class of the project declares, such as a subclass's override of an SDK
      // method, runs the project's code rather than the package's.
      if (declaration && isProjectClassMember(declaration))
        written = written.filter((path) => path.module === undefined);
      // `ns.PostHog` names the package's class when `ns`, a module of the project, re-exports it.
      if (symbol && symbol.flags & ts.SymbolFlags.Alias)
        return [...this.packagePaths(this.checker.getAliasedSymbol(symbol)), ...written];
      // `this.client` declared as `client = new OpenAI()` or `client: OpenAI` names the same path as `new OpenAI()`.
      if (declaration && (ts.isPropertyDeclaration(declaration) || ts.isParameter(declaration))) {
        return [...this.ofDeclaration(declaration, next), ...written];
      }
      // `log.info` after `const log: Logger = { info: console.info }` names the literal's member,
      // where the checker names the member of `Logger`.
      const receiver = node.expression;
      const member =
        declaration &&
        (ts.isMethodSignature(declaration) || ts.isPropertySignature(declaration)) &&
        ts.isIdentifier(receiver)
          ? (literalMember(
              this.checker.getSymbolAtLocation(receiver)?.valueDeclaration,
              node.name.text,
            ) ?? declaration)
          : declaration;
      // `{ capture: posthog.capture }` returned by a hook names the SDK's method. The literal may
      // sit in a function body, which an edit changes.
      if (member && ts.isPropertyAssignment(member)) {
        this.followBody(member.getSourceFile());
        return [...next(member.initializer), ...written];
      }
      if (member && ts.isShorthandPropertyAssignment(member)) {
        this.followBody(member.getSourceFile());
        const value = this.checker.getShorthandAssignmentValueSymbol(member)?.valueDeclaration;
        if (value) this.followBody(value.getSourceFile());
        return [...(value ? this.ofDeclaration(value, next) : []), ...written];
      }
      return written;
    }
    if (ts.isElementAccessExpression(node) && ts.isStringLiteralLike(node.argumentExpression)) {
      return append(next(node.expression), node.argumentExpression.text);
    }
    if (node.kind === ts.SyntaxKind.ThisKeyword) {
      // In a subclass of a package's class, `this.capture` names the inherited method.
      // NOTE: in a static member `this` is the class itself, which names no model.
      const holder = thisClass(node);
      const inherited = holder ? this.ofBaseClass(holder, next) : [];
      return [{ module: undefined, segments: ["this"] }, ...inherited];
    }
    if (ts.isIdentifier(node)) return this.ofIdentifier(node, next);
    // `options.log ?? console.log` and `verbose ? console.log : quiet` name either function.
    const choices = alternatives(node);
    if (choices.length > 1 || choices[0] !== node) return choices.flatMap(next);
    // `const Tracker = class extends PostHog {}` names the class it extends.
    if (ts.isClassExpression(node)) return this.ofBaseClass(node, next);
    return [];
  }

  /**
   * Returns the paths of what a function of this project returns, for a call of it: those of its
   * declared return type, or else of the values of its `return` statements. `analytics().capture`
   * then names the client that `analytics` returns.
   */
  private ofReturned(callee: ts.Expression, next: (inner: ts.Node) => AccessPath[]): AccessPath[] {
    if (!ts.isIdentifier(callee) && !ts.isPropertyAccessExpression(callee)) return [];
    let symbol = this.checker.getSymbolAtLocation(
      ts.isPropertyAccessExpression(callee) ? callee.name : callee,
    );
    if (symbol && symbol.flags & ts.SymbolFlags.Alias)
      symbol = this.checker.getAliasedSymbol(symbol);
    let fn: ts.Node | undefined = symbol?.valueDeclaration ?? symbol?.declarations?.[0];
    if (fn && ts.isVariableDeclaration(fn)) fn = fn.initializer;
    while (fn && ts.isParenthesizedExpression(fn)) fn = fn.expression;
    if (
      !fn ||
      !(
        ts.isFunctionDeclaration(fn) ||
        ts.isMethodDeclaration(fn) ||
        ts.isArrowFunction(fn) ||
        ts.isFunctionExpression(fn)
      )
    )
      return [];
    // A package's `makeClient(): PostHog` names its client by the declared type.
    if (fn.type) return this.ofTypeNode(fn.type, next);
    if (!fn.body || fn.getSourceFile().isDeclarationFile) return [];
    this.followBody(fn.getSourceFile());
    if (!ts.isBlock(fn.body)) return next(fn.body);
    const paths: AccessPath[] = [];
    for (const returned of returnedExpressions(fn.body, MAX_RETURNS)) paths.push(...next(returned));
    return paths;
  }

  private ofIdentifier(node: ts.Identifier, next: (inner: ts.Node) => AccessPath[]): AccessPath[] {
    const written: AccessPath = { module: undefined, segments: [node.text] };
    const symbol = this.checker.getSymbolAtLocation(node);
    const declaration = symbol?.declarations?.[0];
    if (!declaration) return [written];
    const fromDeclaration = this.ofDeclaration(declaration, next);
    return fromDeclaration.length > 0 ? [...fromDeclaration, written] : [written];
  }

  /** Paths of the value a declaration holds. */
  private ofDeclaration(
    declaration: ts.Declaration,
    next: (inner: ts.Node) => AccessPath[],
  ): AccessPath[] {
    if (ts.isImportSpecifier(declaration)) {
      const module = moduleOf(declaration.parent.parent.parent);
      const imported = (declaration.propertyName ?? declaration.name).text;
      return module && !isRelative(module)
        ? [
            {
              module,
              segments: imported === "default" ? [] : [imported],
              defaultImport: imported === "default",
            },
            ...this.reexported(declaration, module),
          ]
        : this.followAlias(declaration, next);
    }
    if (ts.isImportClause(declaration)) {
      const module = moduleOf(declaration.parent);
      return module && !isRelative(module)
        ? [{ module, segments: [], defaultImport: true }, ...this.reexported(declaration, module)]
        : this.followAlias(declaration, next);
    }
    if (ts.isNamespaceImport(declaration)) {
      const module = moduleOf(declaration.parent.parent);
      return module && !isRelative(module) ? [{ module, segments: [] }] : [];
    }
    if (
      ts.isImportEqualsDeclaration(declaration) &&
      ts.isExternalModuleReference(declaration.moduleReference)
    ) {
      const expression = declaration.moduleReference.expression;
      return ts.isStringLiteral(expression) ? [{ module: expression.text, segments: [] }] : [];
    }
    if (ts.isVariableDeclaration(declaration) && (declaration.initializer || declaration.type)) {
      // `let client: PostHog | undefined` names the SDK's class before anything is assigned.
      const typePaths = declaration.type ? this.ofTypeNode(declaration.type, next) : [];
      const initializer = declaration.initializer ? next(declaration.initializer) : [];
      return [...typePaths, ...initializer];
    }
    if (ts.isBindingElement(declaration)) {
      const key = declaration.propertyName ?? declaration.name;
      const pattern = declaration.parent;
      const holder = pattern.parent;
      const base =
        ts.isVariableDeclaration(holder) && holder.initializer
          ? next(holder.initializer)
          : ts.isBindingElement(holder)
            ? this.ofDeclaration(holder, next)
            : ts.isParameter(holder)
              ? importedModuleParameter(holder)
              : [];
      return ts.isIdentifier(key) || ts.isStringLiteral(key) ? append(base, key.text) : [];
    }
    if (ts.isParameter(declaration)) {
      const module = importedModuleParameter(declaration);
      if (module.length > 0) return module;
    }
    if (
      (ts.isParameter(declaration) ||
        ts.isPropertyDeclaration(declaration) ||
        ts.isPropertySignature(declaration)) &&
      declaration.type
    ) {
      const typePaths = this.ofTypeNode(declaration.type, next);
      const initializer =
        ts.isPropertyDeclaration(declaration) && declaration.initializer
          ? next(declaration.initializer)
          : [];
      return [...typePaths, ...initializer];
    }
    if (ts.isPropertyDeclaration(declaration) && declaration.initializer)
      return next(declaration.initializer);
    if (ts.isFunctionDeclaration(declaration)) {
      return declaration.name ? [{ module: undefined, segments: [declaration.name.text] }] : [];
    }
    if (ts.isClassDeclaration(declaration)) {
      const named: AccessPath[] = declaration.name
        ? [{ module: undefined, segments: [declaration.name.text] }]
        : [];
      return [...named, ...this.ofBaseClass(declaration, next)];
    }
    return [];
  }

  /**
   * Returns the paths of the class that a class of the project extends, so that
   * `class Tracker extends PostHog {}` names posthog-node's `PostHog` too.
   */
  private ofBaseClass(
    declaration: ts.ClassLikeDeclaration,
    next: (inner: ts.Node) => AccessPath[],
  ): AccessPath[] {
    if (declaration.getSourceFile().isDeclarationFile) return [];
    const base = declaration.heritageClauses?.find(
      (clause) => clause.token === ts.SyntaxKind.ExtendsKeyword,
    )?.types[0];
    return base ? next(base.expression) : [];
  }

  /**
   * Returns the path in the package that declares what an import from `module` names, when
   * `module` re-exports it from another package, such as a workspace package that re-exports
   * posthog-node's `PostHog`.
   */
  private reexported(
    declaration: ts.ImportSpecifier | ts.ImportClause,
    module: string,
  ): AccessPath[] {
    const symbol = declaration.name && this.checker.getSymbolAtLocation(declaration.name);
    if (!symbol || !(symbol.flags & ts.SymbolFlags.Alias)) return [];
    return this.packagePaths(this.checker.getAliasedSymbol(symbol)).filter(
      (path) => path.module !== module,
    );
  }

  /**
   * Returns the paths under which a package exports a symbol: its name, its default export, or,
   * for the module itself (`export * as ph from "posthog-node"`), no segment. Project symbols have none.
   */
  private packagePaths(target: ts.Symbol): AccessPath[] {
    const declared = target.declarations?.[0];
    if (!declared) return [];
    if (ts.isModuleDeclaration(declared) && ts.isStringLiteral(declared.name))
      return [{ module: declared.name.text, segments: [] }];
    const origin = packageOf(declared);
    if (!origin) return [];
    if (ts.isSourceFile(declared)) return [{ module: origin, segments: [] }];
    const name = target.getName();
    if (name === "default") return [{ module: origin, segments: [], defaultImport: true }];
    const paths: AccessPath[] = [{ module: origin, segments: [name] }];
    // `const posthog = ...; export default posthog;` exports a value under another name.
    const container = this.moduleSymbolOf(declared);
    const exported = container && this.checker.tryGetMemberInModuleExports("default", container);
    if (exported) {
      const resolved =
        exported.flags & ts.SymbolFlags.Alias ? this.checker.getAliasedSymbol(exported) : exported;
      if (resolved === target) paths.push({ module: origin, segments: [], defaultImport: true });
    }
    return paths;
  }

  /** Returns the symbol of the module, a `declare module` or a file, that declares a node at its top level. */
  private moduleSymbolOf(declared: ts.Node): ts.Symbol | undefined {
    let holder: ts.Node | undefined = declared.parent;
    if (holder && ts.isVariableDeclarationList(holder)) holder = holder.parent?.parent;
    if (holder && ts.isModuleBlock(holder)) holder = holder.parent;
    if (holder && ts.isModuleDeclaration(holder) && ts.isStringLiteral(holder.name))
      return this.checker.getSymbolAtLocation(holder.name);
    return holder && ts.isSourceFile(holder) ? this.checker.getSymbolAtLocation(holder) : undefined;
  }

  private followAlias(
    declaration: ts.Declaration,
    next: (inner: ts.Node) => AccessPath[],
  ): AccessPath[] {
    const symbol = this.checker.getSymbolAtLocation(
      (declaration as ts.ImportSpecifier).name ?? declaration,
    );
    if (!symbol || !(symbol.flags & ts.SymbolFlags.Alias)) return [];
    const aliased = this.checker.getAliasedSymbol(symbol);
    const target = aliased.declarations?.[0];
    // A file of the project that re-exports a package's class, also as its default export.
    const fromPackage = this.packagePaths(aliased);
    return [...fromPackage, ...(target ? this.ofDeclaration(target, next) : [])];
  }

  /** `Request` imported from express names the path `Request` in module express. */
  private ofTypeNode(
    type: ts.TypeNode,
    next: (inner: ts.Node) => AccessPath[],
    depth = 0,
  ): AccessPath[] {
    if (depth > MAX_DEPTH) return [];
    // A value of `PostHog & Extras` is a PostHog client too.
    if (ts.isUnionTypeNode(type) || ts.isIntersectionTypeNode(type))
      return type.types.flatMap((member) => this.ofTypeNode(member, next, depth + 1));
    if (ts.isParenthesizedTypeNode(type)) return this.ofTypeNode(type.type, next, depth + 1);
    if (ts.isTypeReferenceNode(type)) {
      const name = type.typeName;
      if (ts.isIdentifier(name)) {
        const symbol = this.checker.getSymbolAtLocation(name);
        const declaration = symbol?.declarations?.[0];
        if (declaration && (ts.isImportSpecifier(declaration) || ts.isImportClause(declaration))) {
          const module = moduleOf(
            ts.isImportSpecifier(declaration)
              ? declaration.parent.parent.parent
              : declaration.parent,
          );
          const imported = ts.isImportSpecifier(declaration)
            ? (declaration.propertyName ?? declaration.name).text
            : name.text;
          if (module && !isRelative(module)) {
            return [{ module, segments: [imported] }, ...this.reexported(declaration, module)];
          }
          // A class that a file of the project declares or re-exports.
          return [
            ...this.followAlias(declaration, next),
            { module: undefined, segments: [name.text] },
          ];
        }
        // `type Client = PostHog | undefined` in the project names what it stands for.
        if (declaration && ts.isTypeAliasDeclaration(declaration) && !packageOf(declaration))
          return [
            ...this.ofTypeNode(declaration.type, next, depth + 1),
            { module: undefined, segments: [name.text] },
          ];
        // `interface Tracker extends PostHog {}` in the project names the client it extends.
        if (declaration && ts.isInterfaceDeclaration(declaration) && !packageOf(declaration)) {
          const bases = (declaration.heritageClauses ?? []).flatMap((clause) =>
            clause.types.flatMap((base) => next(base.expression)),
          );
          return [...bases, { module: undefined, segments: [name.text] }];
        }
        // A subclass of the project names the class it extends too.
        if (declaration && ts.isClassDeclaration(declaration) && !packageOf(declaration))
          return [
            ...this.ofBaseClass(declaration, next),
            { module: undefined, segments: [name.text] },
          ];
        // A class or interface that a package declares, named inside that package's types.
        const origin =
          declaration &&
          (ts.isClassDeclaration(declaration) || ts.isInterfaceDeclaration(declaration)) &&
          declaration.getSourceFile().isDeclarationFile
            ? packageOf(declaration)
            : undefined;
        if (origin) return [{ module: origin, segments: [name.text] }];
        return [{ module: undefined, segments: [name.text] }];
      }
      if (ts.isQualifiedName(name)) {
        const left = ts.isIdentifier(name.left) ? next(name.left) : [];
        return append(left, name.right.text);
      }
    }
    if (ts.isImportTypeNode(type)) return this.ofImportType(type);
    return [];
  }

  /**
   * `import("posthog-node").PostHog` names `PostHog` in posthog-node. Of a file of the project,
   * it names what the file re-exports from a package.
   */
  private ofImportType(type: ts.ImportTypeNode): AccessPath[] {
    const argument = type.argument;
    if (!ts.isLiteralTypeNode(argument) || !ts.isStringLiteral(argument.literal)) return [];
    const module = argument.literal.text;
    const qualifier: string[] = [];
    for (let name = type.qualifier; name; name = ts.isQualifiedName(name) ? name.left : undefined)
      qualifier.unshift(ts.isQualifiedName(name) ? name.right.text : name.text);
    if (!isRelative(module)) {
      let paths: AccessPath[] = [{ module, segments: [] }];
      for (const segment of qualifier) paths = append(paths, segment);
      return paths;
    }
    const last =
      type.qualifier &&
      (ts.isQualifiedName(type.qualifier) ? type.qualifier.right : type.qualifier);
    const symbol = last && this.checker.getSymbolAtLocation(last);
    if (!symbol) return [];
    return this.packagePaths(
      symbol.flags & ts.SymbolFlags.Alias ? this.checker.getAliasedSymbol(symbol) : symbol,
    );
  }
}

/** The most `return` statements whose values `ofReturned` follows in one function. */
const MAX_RETURNS = 4;

/**
 * Lists the values of the `return` statements of a function body, outside nested functions, up
 * to `max` of them.
 */
export function returnedExpressions(body: ts.Block, max = Infinity): ts.Expression[] {
  const found: ts.Expression[] = [];
  const visit = (node: ts.Node): void => {
    if (found.length >= max || ts.isFunctionLike(node) || ts.isClassLike(node)) return;
    if (ts.isReturnStatement(node) && node.expression) found.push(node.expression);
    else ts.forEachChild(node, visit);
  };
  ts.forEachChild(body, visit);
  return found;
}

/**
 * Returns the expressions whose value `node` may be: both sides of `??` and `||`, the right
 * side of `&&` and of a comma, and both branches of `?:`, through parentheses. An expression of
 * another kind is its own only alternative.
 */
export function alternatives(node: ts.Node, found: ts.Node[] = []): ts.Node[] {
  if (ts.isParenthesizedExpression(node)) return alternatives(node.expression, found);
  if (ts.isConditionalExpression(node)) {
    alternatives(node.whenTrue, found);
    return alternatives(node.whenFalse, found);
  }
  if (ts.isBinaryExpression(node)) {
    const operator = node.operatorToken.kind;
    if (
      operator === ts.SyntaxKind.QuestionQuestionToken ||
      operator === ts.SyntaxKind.BarBarToken
    ) {
      alternatives(node.left, found);
      return alternatives(node.right, found);
    }
    if (operator === ts.SyntaxKind.AmpersandAmpersandToken || operator === ts.SyntaxKind.CommaToken)
      return alternatives(node.right, found);
  }
  found.push(node);
  return found;
}

function append(paths: AccessPath[], segment: string): AccessPath[] {
  return paths.map((path) =>
    // The `default` of a module's namespace object is its default export.
    path.module !== undefined &&
    path.segments.length === 0 &&
    !path.defaultImport &&
    segment === "default"
      ? { ...path, defaultImport: true }
      : { ...path, segments: [...path.segments, segment] },
  );
}

/** Returns the module that `import("x")` loads, or undefined for other nodes. */
function dynamicImportModule(node: ts.Node): string | undefined {
  if (!ts.isCallExpression(node) || node.expression.kind !== ts.SyntaxKind.ImportKeyword)
    return undefined;
  const specifier = node.arguments[0];
  return specifier && ts.isStringLiteralLike(specifier) ? specifier.text : undefined;
}

/**
 * Returns the path of the module namespace that the first parameter of a callback receives in
 * `import("x").then((module) => ...)`, or no path for other parameters.
 */
function importedModuleParameter(parameter: ts.ParameterDeclaration): AccessPath[] {
  const fn = parameter.parent;
  if (fn.parameters[0] !== parameter || !ts.isCallExpression(fn.parent)) return [];
  const call = fn.parent;
  const callee = call.expression;
  if (!ts.isPropertyAccessExpression(callee) || callee.name.text !== "then") return [];
  if (call.arguments[0] !== fn) return [];
  const module = dynamicImportModule(callee.expression);
  return module !== undefined ? [{ module, segments: [] }] : [];
}

const NO_PATHS: AccessPath[] = [];

function moduleOf(importDeclaration: ts.ImportDeclaration | ts.JSDocImportTag): string | undefined {
  return ts.isStringLiteral(importDeclaration.moduleSpecifier)
    ? importDeclaration.moduleSpecifier.text
    : undefined;
}

/**
 * Returns the package that declares a node: the name of the `declare module` around it, or the
 * package folder of its file under `node_modules`, where `@types/x` declares `x`.
 */
function packageOf(node: ts.Node): string | undefined {
  for (let current = node.parent; current; current = current.parent) {
    if (ts.isModuleDeclaration(current) && ts.isStringLiteral(current.name))
      return current.name.text;
  }
  const match =
    /[\\/]node_modules[\\/]((?:@[^\\/]+[\\/])?[^\\/]+)[\\/](?!.*[\\/]node_modules[\\/])/.exec(
      node.getSourceFile().fileName,
    );
  if (!match) return undefined;
  const name = match[1]!.replace(/\\/g, "/");
  if (!name.startsWith("@types/")) return name;
  const typed = name.slice("@types/".length);
  return typed.includes("__") ? `@${typed.replace("__", "/")}` : typed;
}

/** True for a member that a class in a file of the project declares. */
function isProjectClassMember(declaration: ts.Declaration): boolean {
  return (
    (ts.isMethodDeclaration(declaration) ||
      ts.isPropertyDeclaration(declaration) ||
      ts.isGetAccessorDeclaration(declaration)) &&
    ts.isClassLike(declaration.parent) &&
    !declaration.getSourceFile().isDeclarationFile &&
    !packageOf(declaration)
  );
}

function isRelative(module: string): boolean {
  return module.startsWith(".") || module.startsWith("/");
}

function isRequireCall(node: ts.Node): boolean {
  return (
    ts.isCallExpression(node) &&
    ts.isIdentifier(node.expression) &&
    node.expression.text === "require" &&
    node.arguments.length === 1 &&
    ts.isStringLiteral(node.arguments[0]!)
  );
}

/** True when one of the paths matches the model's module and segments. */
export function matchesPattern(paths: readonly AccessPath[], pattern: ModelPattern): boolean {
  // A loop rather than `some`: this runs for every candidate model of every call.
  for (const path of paths) {
    if (path.module !== pattern.module) continue;
    if (matchSegments(path.segments, 0, pattern.segments, 0)) return true;
    // A default import's local name is the user's choice: `import OAI from "openai"` still matches `OpenAI.*`.
    if (
      path.defaultImport === true &&
      pattern.segments.length > 0 &&
      matchSegments(path.segments, 0, pattern.segments, 1)
    )
      return true;
  }
  return false;
}

function matchSegments(
  path: readonly string[],
  i: number,
  pattern: readonly string[],
  j: number,
): boolean {
  if (j === pattern.length) return i === path.length;
  const segment = pattern[j]!;
  if (segment === "**") {
    for (let k = i; k <= path.length; k++) if (matchSegments(path, k, pattern, j + 1)) return true;
    return false;
  }
  if (i === path.length) return false;
  return matchSegment(path[i]!, segment) && matchSegments(path, i + 1, pattern, j + 1);
}

/** The regular expression of each segment pattern with a wildcard, built once per pattern. */
const segmentRegexes = new Map<string, RegExp>();

function matchSegment(name: string, pattern: string): boolean {
  if (pattern === "*") return true;
  if (!pattern.includes("*")) return name === pattern;
  let regex = segmentRegexes.get(pattern);
  if (!regex) {
    regex = new RegExp("^" + pattern.split("*").map(escapeRegex).join(".*") + "$");
    segmentRegexes.set(pattern, regex);
  }
  return regex.test(name);
}

function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** The path as written, such as `logger.info`, for messages. */
export function describeCallee(node: ts.Node): string {
  const text = node
    .getText()
    .replace(/\s*\n\s*/g, "")
    .replace(/\s+/g, " ");
  return text.length > 60 ? text.slice(0, 57) + "..." : text;
}
