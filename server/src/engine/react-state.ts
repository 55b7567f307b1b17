import { ts } from "./typescript";
import { functionOfArgument, unwrap } from "./calls";
import { resolveDeclaration } from "./expressions";
import type { FlowAnalysis, FunctionNode, UnitContext } from "./flow";
import { declarationValue } from "./properties";
import type { Taint } from "./taint";

/**
 * React's state hooks. After `const [draft, setDraft] = useState(initial)`, `draft` contains the
 * initial value and every value passed to `setDraft`, also through an updater such as
 * `setDraft((previous) => [...previous, value])`. After
 * `const [state, dispatch] = useReducer(reducer, initial)`, `state` also contains what `reducer`
 * returns for each action passed to `dispatch`.
 */

/** A state variable and what writes it. */
export interface StateSetter {
  /** The state's binding, `draft` in `const [draft, setDraft] = useState()`. */
  state: ts.BindingElement;
  /** For `useReducer`: the reducer, called with the state and each action. */
  reducer: FunctionNode | undefined;
  /** The hook's name, for path steps. */
  hook: string;
}

const HOOKS = new Set(["useState", "useReducer"]);

/** Returns the state that a setter or `dispatch` named by `callee` writes, or undefined. */
export function stateSetter(flow: FlowAnalysis, callee: ts.Node): StateSetter | undefined {
  if (!ts.isIdentifier(callee)) return undefined;
  const declaration = resolveDeclaration(flow, callee);
  if (!declaration || !ts.isBindingElement(declaration)) return undefined;
  const pattern = declaration.parent;
  if (!ts.isArrayBindingPattern(pattern) || pattern.elements[1] !== declaration) return undefined;
  const holder = pattern.parent;
  if (!ts.isVariableDeclaration(holder) || !holder.initializer) return undefined;
  const call = unwrap(holder.initializer);
  if (!ts.isCallExpression(call)) return undefined;
  const hook = hookName(call.expression);
  if (!hook) return undefined;
  const state = pattern.elements[0];
  if (!state || !ts.isBindingElement(state)) return undefined;
  const reducer =
    hook === "useReducer" && call.arguments[0]
      ? functionOfArgument(flow, unwrap(call.arguments[0]))
      : undefined;
  return { state, reducer, hook };
}

/**
 * Writes what a setter call passes into its state: the argument, or what an updater function
 * returns for the state. `argument` is the expression passed, or the call when a callback's
 * caller passes the value. `apply` runs a function of the project with argument values, as a
 * call of it would.
 */
export function applySetter(
  flow: FlowAnalysis,
  setter: StateSetter,
  argument: ts.Node,
  passed: Taint,
  ctx: UnitContext,
  apply: (fn: FunctionNode, argumentNodes: ts.Node[], values: Taint[]) => Taint,
): void {
  const current = (): Taint => declarationValue(flow, setter.state, ctx);
  let value: Taint;
  if (setter.reducer) {
    value = apply(setter.reducer, [argument, argument], [current(), passed]);
  } else {
    const updater = functionOfArgument(flow, argument);
    value = updater ? apply(updater, [argument], [current()]) : passed;
  }
  const name = ts.isIdentifier(setter.state.name) ? setter.state.name.text : "state";
  flow.write(setter.state, value, ctx, argument, `stored in \`${name}\` by \`${setter.hook}\``);
}

function hookName(callee: ts.Expression): string | undefined {
  const name = ts.isIdentifier(callee)
    ? callee.text
    : ts.isPropertyAccessExpression(callee)
      ? callee.name.text
      : undefined;
  return name && HOOKS.has(name) ? name : undefined;
}
