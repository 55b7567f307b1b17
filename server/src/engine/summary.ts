import type { ts } from "ts-morph";
import { bounded, EMPTY, grewLabels, join, sameLabels, widen } from "./taint";

/** The member key under which `memberCalls` keeps what a function writes into a parameter. */
export const WRITTEN_CONTENTS = "[[written]]";
import type { Taint } from "./taint";

/** A sink reached inside a function, with what reaches it from the function's parameters. */
export interface SinkSite {
  /** The argument expression (or the assigned value) that enters the sink. */
  node: ts.Node;
  /** The sink call or property write. */
  call: ts.Node;
  callee: string;
  purpose: string;
  /** The declaration annotated with `@zone` that the value flows into, for PZ002, not a sink. */
  target?: ts.Node;
}

const NONE: ReadonlyMap<never, never> = new Map<never, never>();

/**
 * What one function does with its parameters, in terms of symbolic parameter labels.
 * A call site applies it by putting its own argument values in place of the parameter labels.
 */
export class FunctionSummary {
  returns: Taint = EMPTY;
  /**
   * The value of each element of the array literals that every `return` returns
   * (`return [email, id]`), so that `const [a, b] = f()` binds them by position. Null when a
   * return returns something else, and undefined before the first return.
   */
  returnElements: Taint[] | null | undefined;
  /** Values thrown and not caught inside the function. */
  throws: Taint = EMPTY;
  /**
   * Values that reject the promise that a function without `async` returns, which a `throw`
   * sink or a handler has seen where they were thrown. An async function keeps them in `throws`.
   */
  rejects: Taint = EMPTY;
  /**
   * Values that reject the promise that the function returns, thrown where a handler down the
   * chain or the function's callers receive them. A caller that leaves the promise unhandled
   * reports them.
   */
  rejectsUnreported: Taint = EMPTY;
  // Most functions reach no sink and have no effects, so their maps are made on first use.
  private sinkMap: Map<ts.Node, { site: SinkSite; taint: Taint }> | undefined;
  private effectMap: Map<ts.Node, Taint> | undefined;
  private callMap: Map<number, Taint[]> | undefined;
  private memberCallMap: Map<number, Map<string, Taint[]>> | undefined;

  /** Values that reach sinks inside the function (or inside functions it calls), keyed by site. */
  get sinkFlows(): ReadonlyMap<ts.Node, { site: SinkSite; taint: Taint }> {
    return this.sinkMap ?? NONE;
  }

  /** Writes to declarations outside the function (fields of `this`, module variables). */
  get effects(): ReadonlyMap<ts.Node, Taint> {
    return this.effectMap ?? NONE;
  }

  /** Arguments of calls to parameters that hold functions, by parameter id and position. */
  get parameterCalls(): ReadonlyMap<number, Taint[]> {
    return this.callMap ?? NONE;
  }

  /**
   * Arguments of calls of functions that parameters contain as members, as `props.onSave(value)`
   * or `onSave(value)` after `function Form({ onSave })`, by parameter id, member and position.
   * Under `WRITTEN_CONTENTS`, the one argument is what the function writes into the parameter's
   * fields and elements (`target.note = email`, `list.push(email)`), which callers write into
   * their arguments.
   */
  get memberCalls(): ReadonlyMap<number, ReadonlyMap<string, Taint[]>> {
    return this.memberCallMap ?? NONE;
  }

  /** Adds a returned value, with the values of its elements when it is an array literal. */
  addReturn(taint: Taint, elements?: Taint[]): void {
    this.returns = bounded(join(this.returns, taint));
    this.addReturnElements(elements ?? null);
  }

  private addReturnElements(elements: Taint[] | null | undefined): void {
    if (elements === undefined || this.returnElements === null) return;
    this.returnElements =
      elements === null ? null : mergeArguments(this.returnElements ?? undefined, elements);
  }

  addSinkFlow(site: SinkSite, taint: Taint): void {
    const flows = (this.sinkMap ??= new Map());
    const existing = flows.get(site.node);
    flows.set(site.node, { site, taint: bounded(existing ? join(existing.taint, taint) : taint) });
  }

  addEffect(target: ts.Node, taint: Taint): void {
    const effects = (this.effectMap ??= new Map());
    const existing = effects.get(target);
    effects.set(target, bounded(existing ? join(existing, taint) : taint));
  }

  addParameterCall(parameterId: number, args: Taint[]): void {
    const calls = (this.callMap ??= new Map());
    calls.set(parameterId, mergeArguments(calls.get(parameterId), args));
  }

  addMemberCall(parameterId: number, member: string, args: Taint[]): void {
    const members = (this.memberCallMap ??= new Map());
    let calls = members.get(parameterId);
    if (!calls) members.set(parameterId, (calls = new Map()));
    calls.set(member, mergeArguments(calls.get(member), args));
  }

  /**
   * Joins the function's earlier summary into this one, so that summaries only grow. A value built
   * from an opaque one can have fewer fields than the opaque value it replaces, and two functions
   * that read each other's summaries could otherwise swap such values forever.
   */
  absorb(earlier: FunctionSummary): void {
    this.returns = bounded(join(this.returns, earlier.returns));
    this.addReturnElements(earlier.returnElements);
    this.throws = join(this.throws, earlier.throws);
    this.rejects = join(this.rejects, earlier.rejects);
    this.rejectsUnreported = join(this.rejectsUnreported, earlier.rejectsUnreported);
    for (const flow of earlier.sinkFlows.values()) this.addSinkFlow(flow.site, flow.taint);
    for (const [target, taint] of earlier.effects) this.addEffect(target, taint);
    for (const [id, args] of earlier.parameterCalls) this.addParameterCall(id, args);
    for (const [id, members] of earlier.memberCalls)
      for (const [member, args] of members) this.addMemberCall(id, member, args);
  }

  /**
   * Makes the fields of every value of the summary opaque, for a function whose summary kept
   * changing. The values then grow by labels and new fields only.
   */
  widen(): void {
    this.returns = widen(this.returns);
    if (this.returnElements) this.returnElements = this.returnElements.map(widen);
    this.throws = widen(this.throws);
    this.rejects = widen(this.rejects);
    this.rejectsUnreported = widen(this.rejectsUnreported);
    for (const [node, flow] of this.sinkFlows)
      this.sinkMap!.set(node, { ...flow, taint: widen(flow.taint) });
    for (const [target, taint] of this.effects) this.effectMap!.set(target, widen(taint));
    for (const [id, args] of this.parameterCalls) this.callMap!.set(id, args.map(widen));
    for (const members of this.memberCalls.values())
      for (const [member, args] of members)
        (members as Map<string, Taint[]>).set(member, args.map(widen));
  }

  /**
   * True when a value of this summary has other labels than in `earlier` at a place that
   * `earlier` has, as `grewLabels` compares them. New fields, sinks and effects do not count.
   */
  grewFrom(earlier: FunctionSummary): boolean {
    const grewArguments = (before: readonly Taint[], after: readonly Taint[] | undefined) =>
      !after || before.some((value, index) => !after[index] || grewLabels(value, after[index]));
    if (
      earlier.returnElements &&
      grewArguments(earlier.returnElements, this.returnElements ?? undefined)
    )
      return true;
    if (
      grewLabels(earlier.returns, this.returns) ||
      grewLabels(earlier.throws, this.throws) ||
      grewLabels(earlier.rejects, this.rejects) ||
      grewLabels(earlier.rejectsUnreported, this.rejectsUnreported)
    )
      return true;
    for (const [node, flow] of earlier.sinkFlows) {
      const after = this.sinkFlows.get(node);
      if (!after || grewLabels(flow.taint, after.taint)) return true;
    }
    for (const [target, taint] of earlier.effects) {
      const after = this.effects.get(target);
      if (!after || grewLabels(taint, after)) return true;
    }
    for (const [id, args] of earlier.parameterCalls)
      if (grewArguments(args, this.parameterCalls.get(id))) return true;
    for (const [id, members] of earlier.memberCalls)
      for (const [member, args] of members)
        if (grewArguments(args, this.memberCalls.get(id)?.get(member))) return true;
    return false;
  }

  /** True when `other` has the same content, paths aside. */
  sameAs(other: FunctionSummary): boolean {
    return (
      sameLabels(this.returns, other.returns) &&
      sameElements(this.returnElements, other.returnElements) &&
      sameLabels(this.throws, other.throws) &&
      sameLabels(this.rejects, other.rejects) &&
      sameLabels(this.rejectsUnreported, other.rejectsUnreported) &&
      sameEntries(this.sinkFlows, other.sinkFlows, (a, b) => sameLabels(a.taint, b.taint)) &&
      sameEntries(this.effects, other.effects, sameLabels) &&
      sameEntries(this.parameterCalls, other.parameterCalls, sameArguments) &&
      sameEntries(this.memberCalls, other.memberCalls, (a, b) => sameEntries(a, b, sameArguments))
    );
  }
}

/** Joins the arguments of two calls, position by position. */
export function mergeArguments(
  existing: readonly Taint[] | undefined,
  args: readonly Taint[],
): Taint[] {
  const merged = args.map((arg, index) =>
    bounded(existing?.[index] ? join(existing[index]!, arg) : arg),
  );
  for (let index = args.length; index < (existing?.length ?? 0); index++)
    merged.push(existing![index]!);
  return merged;
}

function sameEntries<K, V>(
  a: ReadonlyMap<K, V>,
  b: ReadonlyMap<K, V>,
  same: (first: V, second: V) => boolean,
): boolean {
  if (a.size !== b.size) return false;
  for (const [key, value] of a) {
    const other = b.get(key);
    if (other === undefined || !same(value, other)) return false;
  }
  return true;
}

function sameArguments(a: readonly Taint[], b: readonly Taint[]): boolean {
  return a.length === b.length && a.every((value, index) => sameLabels(value, b[index]!));
}

function sameElements(
  a: readonly Taint[] | null | undefined,
  b: readonly Taint[] | null | undefined,
): boolean {
  if (!a || !b) return a === b;
  return sameArguments(a, b);
}
