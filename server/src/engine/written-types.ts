import { ts } from "./typescript";

/** The declarations of a name, with the one that declares its value. */
export interface MemberDeclarations {
  declarations: readonly ts.Declaration[];
  main: ts.Declaration | undefined;
  /**
   * True for a member whose declarations do not give its type: a member of a mapped type
   * (`{ [K in keyof T]: () => Promise<T[K]> }`) keeps the declarations of `T`'s member.
   */
  reshaped?: boolean;
}

/**
 * Lists the declarations of a symbol that the checker resolved a name to. A mapped type's member
 * has declarations but no value declaration, and a union or an intersection of such members may
 * list one declaration twice: both are marked `reshaped`.
 */
export function symbolDeclarations(symbol: ts.Symbol): MemberDeclarations {
  const declarations = symbol.declarations ?? [];
  const main = symbol.valueDeclaration ?? declarations[0];
  const isTransient = (symbol.flags & ts.SymbolFlags.Transient) !== 0;
  const reshaped =
    isTransient &&
    declarations.length > 0 &&
    (!symbol.valueDeclaration || new Set(declarations).size !== declarations.length);
  return reshaped ? { declarations, main, reshaped } : { declarations, main };
}

/** Resolves a name through the cache of resolved names, which calls the checker once per name. */
export type ResolveName = (name: ts.Node) => MemberDeclarations;

/** How many type aliases and property hops a lookup follows before it gives up. */
const MAX_DEPTH = 6;

const JS_FILE = /\.[cm]?jsx?$/i;

/**
 * Finds the declaration of the member that `access` reads from the types written in the source,
 * without typing the receiver: `this.log` through the enclosing class, `customer.email` through
 * the annotation of `customer`, and `this.log.info` through the annotation of the field `log`.
 *
 * Returns undefined wherever the written types do not settle the member, for the checker to
 * decide: a receiver without a written type, a member that two bases declare, intersections,
 * mapped types, type parameters, and unions of more than one object type.
 *
 * NOTE: where control flow narrows the receiver to a subtype that declares the member again
 * (`if (a instanceof Dog) a.name`), the checker names the subtype's member and this the written
 * type's. Where it narrows a receiver written `Customer | null` to `null`
 * (`let c: Customer | null = null; c?.email`), the checker names no member and this `email`.
 */
export function declaredMember(
  access: ts.PropertyAccessExpression,
  resolve: ResolveName,
  depth = 0,
): MemberDeclarations | undefined {
  if (depth > MAX_DEPTH || !ts.isIdentifier(access.name)) return undefined;
  const receiver = skipOuter(access.expression);
  const name = access.name.text;
  if (receiver.kind === ts.SyntaxKind.ThisKeyword) {
    const owner = thisClass(receiver);
    return owner && found(membersOf(classDeclarations(owner, resolve), name, false, resolve));
  }
  let declaration: ts.Declaration | undefined;
  if (ts.isIdentifier(receiver)) {
    const resolved = resolve(receiver);
    if (resolved.declarations.length !== 1) return undefined;
    declaration = resolved.main;
    // `Service.moduleName` reads a static member of the class that the name declares.
    if (declaration && ts.isClassDeclaration(declaration))
      return found(membersOf(classDeclarations(declaration, resolve), name, true, resolve));
  } else if (ts.isPropertyAccessExpression(receiver)) {
    const inner = declaredMember(receiver, resolve, depth + 1);
    if (!inner || inner.declarations.length !== 1) return undefined;
    declaration = inner.main;
  }
  const written = declaration && annotationOf(declaration, resolve);
  if (!written) return undefined;
  const owners = isTypeNode(written) ? typeDeclarations(written, resolve, depth) : written;
  return owners && found(membersOf(owners, name, false, resolve));
}

/** Marks a member that neither the owners nor their bases declare. */
const NONE = "none";

/** Leaves a member that no declaration has to the checker, since an index signature may apply. */
function found(members: MemberDeclarations | typeof NONE | undefined) {
  return members === NONE ? undefined : members;
}

function isTypeNode(written: readonly ts.Declaration[] | ts.TypeNode): written is ts.TypeNode {
  return !Array.isArray(written);
}

function skipOuter(node: ts.Expression): ts.Expression {
  while (ts.isParenthesizedExpression(node) || ts.isNonNullExpression(node)) node = node.expression;
  return node;
}

/**
 * Finds the class whose instance `this` is at `node`, through arrow functions; undefined in
 * static code, in functions and in computed member names.
 */
export function thisClass(node: ts.Node): ts.ClassLikeDeclaration | undefined {
  for (let current = node.parent; current; current = current.parent) {
    if (ts.isArrowFunction(current)) continue;
    // A decorator runs outside the class, where `this` is the enclosing code's.
    if (ts.isDecorator(current)) return undefined;
    // A method's `this` parameter gives `this` its written type.
    if (ts.isMethodDeclaration(current) && hasThisParameter(current)) return undefined;
    if (
      ts.isMethodDeclaration(current) ||
      ts.isConstructorDeclaration(current) ||
      ts.isGetAccessorDeclaration(current) ||
      ts.isSetAccessorDeclaration(current) ||
      ts.isPropertyDeclaration(current)
    ) {
      if (ts.isComputedPropertyName(current.name ?? current)) return undefined;
      if (!ts.isClassLike(current.parent)) return undefined;
      const isStatic = ts.getCombinedModifierFlags(current) & ts.ModifierFlags.Static;
      return isStatic ? undefined : current.parent;
    }
    if (ts.isFunctionLike(current) || ts.isClassStaticBlockDeclaration(current)) return undefined;
    if (ts.isSourceFile(current) || ts.isModuleBlock(current)) return undefined;
  }
  return undefined;
}

/** Returns true when a signature declares a `this` parameter. */
function hasThisParameter(signature: ts.SignatureDeclaration): boolean {
  const [first] = signature.parameters;
  return first !== undefined && ts.isIdentifier(first.name) && first.name.text === "this";
}

/** Lists the declarations of a class's symbol, interfaces merged into it included. */
function classDeclarations(
  declaration: ts.ClassLikeDeclaration,
  resolve: ResolveName,
): readonly ts.Declaration[] | undefined {
  if (!declaration.name) return [declaration];
  const resolved = resolve(declaration.name);
  return resolved.declarations.includes(declaration) ? resolved.declarations : undefined;
}

/**
 * Returns the type written for a variable, parameter or property: its annotation, the type that
 * its initializer asserts (`req.body as Input`), or the class that its initializer constructs.
 */
function annotationOf(
  declaration: ts.Declaration,
  resolve: ResolveName,
): readonly ts.Declaration[] | ts.TypeNode | undefined {
  if (
    !(ts.isParameter(declaration) && !declaration.dotDotDotToken) &&
    !ts.isVariableDeclaration(declaration) &&
    !ts.isPropertyDeclaration(declaration) &&
    !ts.isPropertySignature(declaration)
  )
    return undefined;
  if (!ts.isIdentifier(declaration.name)) return undefined;
  if (declaration.type) return declaration.type;
  // In JavaScript, a JSDoc `@type` gives the type, and `/** @type {T} */ (value)` asserts one.
  const isJs = JS_FILE.test(declaration.getSourceFile().fileName);
  if (isJs && ts.getJSDocType(declaration)) return undefined;

  // A `let` or `var` may later hold a value of another type.
  const initializer = (declaration as ts.VariableDeclaration).initializer;
  if (!initializer || !isFixed(declaration)) return undefined;
  if (isJs && ts.isParenthesizedExpression(initializer)) return undefined;
  const value = ts.isParenthesizedExpression(initializer) ? initializer.expression : initializer;
  if (ts.isAsExpression(value) || ts.isTypeAssertionExpression(value)) {
    const type = value.type;
    const isConst =
      ts.isTypeReferenceNode(type) &&
      ts.isIdentifier(type.typeName) &&
      type.typeName.text === "const";
    return isConst ? undefined : type;
  }
  if (ts.isNewExpression(value) && ts.isIdentifier(value.expression)) {
    const created = resolve(value.expression);
    const isClass =
      created.declarations.some((d) => ts.isClassDeclaration(d)) &&
      created.declarations.every((d) => ts.isClassDeclaration(d) || ts.isInterfaceDeclaration(d));
    return isClass ? created.declarations : undefined;
  }
  return undefined;
}

/** True for a `const`, or a `readonly` property, whose initializer's type is its type. */
function isFixed(declaration: ts.Declaration): boolean {
  if (ts.isVariableDeclaration(declaration))
    return (
      ts.isVariableDeclarationList(declaration.parent) &&
      (declaration.parent.flags & ts.NodeFlags.Const) !== 0
    );
  return (
    ts.isPropertyDeclaration(declaration) &&
    (ts.getCombinedModifierFlags(declaration) & ts.ModifierFlags.Readonly) !== 0
  );
}

/** Finds the declarations of the object type that `node` names, through type aliases. */
function typeDeclarations(
  node: ts.TypeNode,
  resolve: ResolveName,
  depth: number,
): readonly ts.Declaration[] | undefined {
  if (depth > MAX_DEPTH) return undefined;
  while (ts.isParenthesizedTypeNode(node)) node = node.type;
  if (ts.isUnionTypeNode(node)) {
    const only = onlyNonNullish(node);
    return only && typeDeclarations(only, resolve, depth + 1);
  }
  if (ts.isTypeLiteralNode(node)) return [node];
  if (!ts.isTypeReferenceNode(node)) return undefined;
  const name = ts.isIdentifier(node.typeName) ? node.typeName : node.typeName.right;
  const declarations = typeMeaning(resolve(name).declarations);
  if (declarations.length === 0) return undefined;
  if (declarations.every((d) => ts.isInterfaceDeclaration(d) || ts.isClassDeclaration(d)))
    return declarations;
  const [only] = declarations;
  if (declarations.length === 1 && only && ts.isTypeAliasDeclaration(only))
    return typeDeclarations(only.type, resolve, depth + 1);
  return undefined;
}

/** Returns the one member of a union besides `null` and `undefined`, if there is exactly one. */
function onlyNonNullish(union: ts.UnionTypeNode): ts.TypeNode | undefined {
  const members = union.types.filter((member) => !isNullish(member));
  return members.length === 1 ? members[0] : undefined;
}

function isNullish(node: ts.TypeNode): boolean {
  return (
    node.kind === ts.SyntaxKind.UndefinedKeyword ||
    node.kind === ts.SyntaxKind.NullKeyword ||
    (ts.isLiteralTypeNode(node) && node.literal.kind === ts.SyntaxKind.NullKeyword)
  );
}

/**
 * Finds the members named `name` that `owners` declare, constructor parameters that declare
 * fields included, or else those of their base types. Returns `NONE` when neither declares one,
 * and undefined when the members come from more than one declaration or a base is not a name.
 */
function membersOf(
  owners: readonly ts.Declaration[] | undefined,
  name: string,
  statics: boolean,
  resolve: ResolveName,
  depth = 0,
): MemberDeclarations | typeof NONE | undefined {
  if (!owners || depth > MAX_DEPTH) return undefined;
  let own: ts.Declaration[] | undefined;
  for (const owner of owners) {
    const members = ownMembers(owner, name, statics);
    if (members === undefined) return undefined;
    if (members.length === 0) continue;
    if (own) return undefined;
    own = members;
  }
  if (own) return { declarations: own, main: own[0] };
  // The checker takes a member that no owner declares from the bases, in the order written.
  let inherited: MemberDeclarations | undefined;
  for (const owner of owners) {
    for (const base of basesOf(owner, statics)) {
      const bases = base && resolve(base).declarations;
      if (!bases || bases.length === 0) return undefined;
      if (!bases.every((d) => ts.isInterfaceDeclaration(d) || ts.isClassDeclaration(d)))
        return undefined;
      const members = membersOf(bases, name, statics, resolve, depth + 1);
      if (members === NONE) continue;
      if (!members || inherited) return undefined;
      inherited = members;
    }
  }
  return inherited ?? NONE;
}

/**
 * Lists the `extends` names of a class or interface, with undefined for a base that is not a
 * name. A class's `implements` declares no members, and interfaces have no static members.
 */
function basesOf(owner: ts.Declaration, statics: boolean): (ts.Identifier | undefined)[] {
  if (!ts.isClassLike(owner) && !ts.isInterfaceDeclaration(owner)) return [];
  const bases: (ts.Identifier | undefined)[] = [];
  for (const clause of owner.heritageClauses ?? []) {
    if (clause.token !== ts.SyntaxKind.ExtendsKeyword) continue;
    for (const base of clause.types) {
      const expression = base.expression;
      bases.push(ts.isIdentifier(expression) ? expression : undefined);
    }
  }
  if (statics && ts.isInterfaceDeclaration(owner)) return [];
  return bases;
}

/** Lists the members of one declaration named `name`; undefined for a declaration of another kind. */
function ownMembers(
  owner: ts.Declaration,
  name: string,
  statics: boolean,
): ts.Declaration[] | undefined {
  // In JavaScript, assignments to `this.x` declare members too.
  if (JS_FILE.test(owner.getSourceFile().fileName)) return undefined;
  let members: ts.NodeArray<ts.Node>;
  if (ts.isClassLike(owner)) members = owner.members;
  else if (ts.isInterfaceDeclaration(owner) || ts.isTypeLiteralNode(owner)) members = owner.members;
  else return undefined;
  const found: ts.Declaration[] = [];
  for (const member of members) {
    if (ts.isConstructorDeclaration(member)) {
      if (statics) continue;
      for (const parameter of member.parameters)
        if (
          ts.isParameterPropertyDeclaration(parameter, member) &&
          ts.isIdentifier(parameter.name) &&
          parameter.name.text === name
        )
          found.push(parameter);
      continue;
    }
    const memberName = (member as ts.NamedDeclaration).name;
    if (!memberName) continue;
    if (ts.isComputedPropertyName(memberName) || ts.isPrivateIdentifier(memberName)) {
      // A computed name may be any name.
      if (ts.isComputedPropertyName(memberName)) return undefined;
      continue;
    }
    if (!ts.isIdentifier(memberName) && !ts.isStringLiteral(memberName)) continue;
    if (memberName.text !== name) continue;
    const isStatic =
      (ts.getCombinedModifierFlags(member as ts.Declaration) & ts.ModifierFlags.Static) !== 0;
    if (isStatic !== statics) continue;
    found.push(member as ts.Declaration);
  }
  return found;
}

/** Resolves the declarations of a call's callee, the constructors for `new`. */
export function calleeDeclarations(
  call: ts.CallExpression | ts.NewExpression,
  resolve: ResolveName,
): readonly ts.Declaration[] {
  let callee: ts.Expression = call.expression;
  while (ts.isParenthesizedExpression(callee) || ts.isNonNullExpression(callee))
    callee = callee.expression;
  const name = ts.isPropertyAccessExpression(callee) ? callee.name : callee;
  if (!ts.isIdentifier(name)) return [];
  const resolved = resolve(name);
  if (resolved.reshaped) return [];
  const declarations = resolved.declarations;
  if (ts.isNewExpression(call)) {
    const constructors: ts.Declaration[] = [];
    for (const declaration of declarations)
      if (ts.isClassDeclaration(declaration))
        for (const member of declaration.members)
          if (ts.isConstructorDeclaration(member)) constructors.push(member);
    return constructors;
  }
  return declarations;
}

/**
 * Returns the callee's declaration when it is the only one and a function, a method or a
 * constructor. Overloads and values of a function type are left to the checker, and so are
 * JavaScript functions whose JSDoc `@overload` or `@type` tags give the signatures, or whose body
 * reads `arguments`, which adds a rest parameter.
 */
export function onlySignature(
  declarations: readonly ts.Declaration[],
): ts.SignatureDeclaration | undefined {
  const [only] = declarations;
  if (declarations.length !== 1 || !only) return undefined;
  if (
    !ts.isFunctionDeclaration(only) &&
    !ts.isMethodDeclaration(only) &&
    !ts.isMethodSignature(only) &&
    !ts.isConstructorDeclaration(only)
  )
    return undefined;
  const file = only.getSourceFile();
  if (!JS_FILE.test(file.fileName)) return only;
  if (ts.getJSDocTags(only).some((tag) => ts.isJSDocOverloadTag(tag) || ts.isJSDocTypeTag(tag)))
    return undefined;
  const body = ts.isMethodSignature(only) ? undefined : only.body;
  // A mention in a comment or a string is taken as a read too.
  const readsArguments = body && file.text.slice(body.pos, body.end).includes("arguments");
  return readsArguments ? undefined : only;
}

/**
 * Classifies a call's result by the return types written on the callee's declarations:
 * `nothing` for a boolean, a literal, `void`, `never` or a promise of one, and `data` for any
 * other type, a constructed class included. Returns undefined when the checker has to decide:
 * no written type, a type parameter, an alias, or declarations that disagree.
 */
export function writtenResult(
  call: ts.CallExpression | ts.NewExpression,
  resolve: ResolveName,
): "nothing" | "data" | undefined {
  const declarations = calleeDeclarations(call, resolve);
  if (declarations.length === 0) return undefined;
  if (ts.isNewExpression(call)) return "data";
  let result: "nothing" | "data" | undefined;
  for (const declaration of declarations) {
    const returned = returnTypeOf(declaration, resolve);
    const kind = returned && typeKind(returned, resolve, 0);
    if (!kind || (result && kind !== result)) return undefined;
    result = kind;
  }
  return result;
}

/**
 * Returns the return type written for a function or method, or for a variable, parameter or
 * property whose written type is a function type (`listener: Listener` with
 * `type Listener = (record: Entry) => void`).
 */
function returnTypeOf(declaration: ts.Declaration, resolve: ResolveName): ts.TypeNode | undefined {
  if (
    ts.isFunctionDeclaration(declaration) ||
    ts.isMethodDeclaration(declaration) ||
    ts.isMethodSignature(declaration)
  )
    return declaration.typeParameters ? undefined : declaration.type;
  const written = writtenTypeOf(declaration, resolve, 0);
  const signature = written && functionTypeOf(written, resolve, 0);
  return signature && !signature.typeParameters ? signature.type : undefined;
}

/**
 * Returns the type annotation of a variable, parameter or property, or for a `for...of`
 * variable the element type of the array that the loop walks, when that array's type is written.
 */
function writtenTypeOf(
  declaration: ts.Declaration,
  resolve: ResolveName,
  depth: number,
): ts.TypeNode | undefined {
  if (depth > MAX_DEPTH) return undefined;
  if (
    ts.isParameter(declaration) ||
    ts.isPropertyDeclaration(declaration) ||
    ts.isPropertySignature(declaration)
  )
    return declaration.type;
  if (!ts.isVariableDeclaration(declaration)) return undefined;
  if (declaration.type) return declaration.type;
  const list = declaration.parent;
  const loop = list.parent;
  if (!ts.isForOfStatement(loop) || loop.initializer !== list || loop.awaitModifier)
    return undefined;
  const iterated = skipOuter(loop.expression);
  let source: ts.Declaration | undefined;
  if (ts.isIdentifier(iterated)) source = resolve(iterated).main;
  else if (ts.isPropertyAccessExpression(iterated))
    source = declaredMember(iterated, resolve)?.main;
  const arrayType = source && writtenTypeOf(source, resolve, depth + 1);
  return arrayType && elementTypeOf(arrayType, resolve);
}

/**
 * Returns the element type of `T[]`, `readonly T[]`, `Array<T>` or `ReadonlyArray<T>`, where
 * `Array` and `ReadonlyArray` name the global types of the libraries and not local ones.
 */
function elementTypeOf(node: ts.TypeNode, resolve: ResolveName): ts.TypeNode | undefined {
  while (ts.isParenthesizedTypeNode(node)) node = node.type;
  if (ts.isTypeOperatorNode(node) && node.operator === ts.SyntaxKind.ReadonlyKeyword)
    node = node.type;
  if (ts.isArrayTypeNode(node)) return node.elementType;
  if (
    ts.isTypeReferenceNode(node) &&
    ts.isIdentifier(node.typeName) &&
    (node.typeName.text === "Array" || node.typeName.text === "ReadonlyArray") &&
    node.typeArguments?.length === 1 &&
    resolve(node.typeName).declarations.every(isGlobalLibraryDeclaration)
  )
    return node.typeArguments[0];
  return undefined;
}

/** True for a declaration at the top of a declaration file that is not a module. */
function isGlobalLibraryDeclaration(declaration: ts.Declaration): boolean {
  const file = declaration.parent;
  return ts.isSourceFile(file) && file.isDeclarationFile && !ts.isExternalModule(file);
}

/** Finds the function type that `node` writes, through parentheses, aliases and `| undefined`. */
function functionTypeOf(
  node: ts.TypeNode,
  resolve: ResolveName,
  depth: number,
): ts.FunctionTypeNode | undefined {
  if (depth > MAX_DEPTH) return undefined;
  while (ts.isParenthesizedTypeNode(node)) node = node.type;
  if (ts.isFunctionTypeNode(node)) return node;
  if (ts.isUnionTypeNode(node)) {
    const only = onlyNonNullish(node);
    return only && functionTypeOf(only, resolve, depth + 1);
  }
  if (!ts.isTypeReferenceNode(node) || !ts.isIdentifier(node.typeName)) return undefined;
  const types = typeMeaning(resolve(node.typeName).declarations);
  const [alias] = types;
  return types.length === 1 && alias && ts.isTypeAliasDeclaration(alias)
    ? functionTypeOf(alias.type, resolve, depth + 1)
    : undefined;
}

/**
 * Keeps the declarations that give a name its meaning as a type. The platform's libraries
 * declare `interface Response` next to `declare var Response`, whose value is the constructor.
 */
function typeMeaning(declarations: readonly ts.Declaration[]): readonly ts.Declaration[] {
  return declarations.filter(
    (d) =>
      ts.isInterfaceDeclaration(d) ||
      ts.isClassDeclaration(d) ||
      ts.isTypeAliasDeclaration(d) ||
      ts.isEnumDeclaration(d) ||
      ts.isTypeParameterDeclaration(d),
  );
}

const NOTHING_KEYWORDS = new Set([
  ts.SyntaxKind.VoidKeyword,
  ts.SyntaxKind.UndefinedKeyword,
  ts.SyntaxKind.NeverKeyword,
  ts.SyntaxKind.BooleanKeyword,
  ts.SyntaxKind.NullKeyword,
]);

const DATA_KEYWORDS = new Set([
  ts.SyntaxKind.StringKeyword,
  ts.SyntaxKind.NumberKeyword,
  ts.SyntaxKind.BigIntKeyword,
  ts.SyntaxKind.SymbolKeyword,
  ts.SyntaxKind.ObjectKeyword,
  ts.SyntaxKind.AnyKeyword,
  ts.SyntaxKind.UnknownKeyword,
]);

/** How many promises `holdsNoData` looks into: a promise nested deeper may hold data. */
const MAX_PROMISES = 3;

/**
 * Classifies a written type like `holdsNoData` classifies the checker's. `promises` counts the
 * promises that enclose `node`.
 */
function typeKind(
  node: ts.TypeNode,
  resolve: ResolveName,
  depth: number,
  promises = 0,
): "nothing" | "data" | undefined {
  if (depth > MAX_DEPTH) return undefined;
  while (ts.isParenthesizedTypeNode(node)) node = node.type;

  if (ts.isLiteralTypeNode(node)) return isBigIntLiteral(node.literal) ? "data" : "nothing";
  // `x is T` returns a boolean, and `asserts x` returns nothing.
  if (ts.isTypePredicateNode(node)) return "nothing";
  if (NOTHING_KEYWORDS.has(node.kind)) return "nothing";
  if (DATA_KEYWORDS.has(node.kind)) return "data";
  if (
    node.kind === ts.SyntaxKind.ThisType ||
    ts.isTypeLiteralNode(node) ||
    ts.isArrayTypeNode(node) ||
    ts.isTupleTypeNode(node) ||
    ts.isFunctionTypeNode(node)
  )
    return "data";

  if (ts.isUnionTypeNode(node)) {
    const kinds = node.types.map((member) => typeKind(member, resolve, depth + 1, promises));
    if (kinds.every((kind) => kind === "nothing")) return "nothing";
    // One member that may contain data is enough.
    return kinds.includes("data") ? "data" : undefined;
  }

  if (!ts.isTypeReferenceNode(node) || !ts.isIdentifier(node.typeName)) return undefined;
  const declarations = typeMeaning(resolve(node.typeName).declarations);
  if (
    declarations.length === 0 ||
    !declarations.every((d) => ts.isInterfaceDeclaration(d) || ts.isClassDeclaration(d))
  )
    return undefined;
  // `holdsNoData` takes any type named `Promise`, under whatever name it is imported, for a promise.
  if (!declarations.some((d) => d.name?.text === "Promise")) return "data";
  if (!declarations.every((d) => d.name?.text === "Promise")) return undefined;
  if (promises >= MAX_PROMISES) return "data";
  const [resolved] = node.typeArguments ?? [];
  return resolved && typeKind(resolved, resolve, depth + 1, promises + 1);
}

/** True for `10n` and `-10n`. */
function isBigIntLiteral(literal: ts.LiteralTypeNode["literal"]): boolean {
  if (ts.isPrefixUnaryExpression(literal)) return ts.isBigIntLiteral(literal.operand);
  return ts.isBigIntLiteral(literal);
}
