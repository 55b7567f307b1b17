import type { ts } from "ts-morph";
import { EMPTY, join, signature } from "./taint";
import type { Taint } from "./taint";

/** A sink reached inside a function, with what reaches it from the function's parameters. */
export interface SinkSite {
  /** The argument expression (or the assigned value) that enters the sink. */
  node: ts.Node;
  /** The sink call or property write. */
  call: ts.Node;
  callee: string;
  purpose: string;
}

/**
 * What one function does with its parameters, in terms of symbolic parameter labels.
 * A call site applies it by putting its own argument values in place of the parameter labels.
 */
export class FunctionSummary {
  returns: Taint = EMPTY;
  /** Values that reach sinks inside the function (or inside functions it calls), keyed by site. */
  readonly sinkFlows = new Map<ts.Node, { site: SinkSite; taint: Taint }>();
  /** Writes to declarations outside the function (fields of `this`, module variables). */
  readonly effects = new Map<ts.Node, Taint>();
  /** Arguments of calls to parameters that hold functions, by parameter id and position. */
  readonly parameterCalls = new Map<number, Taint[]>();
  /** Values thrown and not caught inside the function. */
  throws: Taint = EMPTY;

  addReturn(taint: Taint): void {
    this.returns = join(this.returns, taint);
  }

  addSinkFlow(site: SinkSite, taint: Taint): void {
    const existing = this.sinkFlows.get(site.node);
    this.sinkFlows.set(site.node, { site, taint: existing ? join(existing.taint, taint) : taint });
  }

  addEffect(target: ts.Node, taint: Taint): void {
    const existing = this.effects.get(target);
    this.effects.set(target, existing ? join(existing, taint) : taint);
  }

  addParameterCall(parameterId: number, args: Taint[]): void {
    const existing = this.parameterCalls.get(parameterId) ?? [];
    const merged = args.map((arg, index) => (existing[index] ? join(existing[index]!, arg) : arg));
    for (let index = args.length; index < existing.length; index++) merged.push(existing[index]!);
    this.parameterCalls.set(parameterId, merged);
  }

  /** A string that changes exactly when the summary's content changes (paths aside). */
  signature(nodeId: (node: ts.Node) => number): string {
    const parts = [`r:${signature(this.returns)}`, `t:${signature(this.throws)}`];
    for (const [node, flow] of this.sinkFlows)
      parts.push(`s${nodeId(node)}:${signature(flow.taint)}`);
    for (const [node, taint] of this.effects) parts.push(`e${nodeId(node)}:${signature(taint)}`);
    for (const [id, args] of this.parameterCalls)
      parts.push(`c${id}:${args.map(signature).join("/")}`);
    return parts.join("|");
  }
}
