import { ts } from "./typescript";
import type { FlowAnalysis } from "./flow";

/**
 * Express-style error passing. A handler `(req, res, next)` that calls `next(error)` sends the
 * error to the error handlers `(error, req, res, next)`, which express recognizes by their four
 * parameters. Both sides meet at the declaration of the type of `next` (express's
 * `NextFunction`). A declaration file declares it, so the store entry between them outlives
 * edits of the project's files.
 */

/** Returns the store key for what `next(...)` passes on, where `parameter` is such a `next`. */
export function nextErrorKey(
  flow: FlowAnalysis,
  parameter: ts.ParameterDeclaration,
): ts.Node | undefined {
  const fn = parameter.parent;
  if (!isHandlerShape(fn)) return undefined;
  if (fn.parameters.indexOf(parameter) !== fn.parameters.length - 1) return undefined;
  return nextTypeDeclaration(flow, parameter);
}

/**
 * Returns the store key of the errors that reach `parameter`, where it is the first of four
 * parameters and the last is such a `next`: an error handler.
 */
export function handledErrorKey(
  flow: FlowAnalysis,
  parameter: ts.ParameterDeclaration,
): ts.Node | undefined {
  const fn = parameter.parent;
  if (!isHandlerShape(fn) || fn.parameters.length !== 4 || fn.parameters[0] !== parameter)
    return undefined;
  return nextTypeDeclaration(flow, fn.parameters[3]!);
}

/** True for a function of three or four plain parameters, as middleware has. */
function isHandlerShape(fn: ts.Node): fn is ts.SignatureDeclaration {
  return (
    (ts.isArrowFunction(fn) ||
      ts.isFunctionExpression(fn) ||
      ts.isFunctionDeclaration(fn) ||
      ts.isMethodDeclaration(fn)) &&
    (fn.parameters.length === 3 || fn.parameters.length === 4) &&
    fn.parameters.every((parameter) => !parameter.dotDotDotToken)
  );
}

/** Returns the declaration of the type of `next`, where a declaration file declares it. */
function nextTypeDeclaration(
  flow: FlowAnalysis,
  next: ts.ParameterDeclaration,
): ts.Node | undefined {
  // The type of an optional `next?: NextFunction` includes `undefined`.
  const type = flow.checker.getNonNullableType(flow.checker.getTypeAtLocation(next));
  const symbol = type.aliasSymbol ?? type.getSymbol();
  const declaration = symbol?.declarations?.[0];
  if (!declaration || !declaration.getSourceFile().isDeclarationFile) return undefined;
  // A function type of its own, not `Function` or `any`.
  return type.getCallSignatures().length > 0 ? declaration : undefined;
}
