import type { ts } from "ts-morph";
import type { PathStepKind } from "./types";

/** A path step as the engine records it; turned into a `PathStep` with a location only for output. */
export interface FlowStep {
  readonly node: ts.Node;
  readonly message: string;
  readonly kind: PathStepKind;
  readonly inferred: boolean;
  /** For argument steps: the parameter that receives the value, so that lineage can show it. */
  readonly parameter?: ts.ParameterDeclaration;
}

/**
 * A path as a persistent list, newest step last, so that extending it is O(1). A node is either
 * one step after `prev`, or the concatenation of `head` and `tail`, so that joining two paths at
 * a call site is O(1) as well.
 */
export interface StepList {
  readonly step?: FlowStep;
  readonly prev?: StepList;
  readonly head?: StepList;
  readonly tail?: StepList;
  /** How many steps the list keeps. */
  readonly length: number;
  /** On a concatenation: how many steps were left out between `head` and `tail`. */
  readonly gap?: number;
  /** How many steps were left out in the whole list. */
  readonly skipped?: number;
}

/** Paths keep at most this many steps. */
const MAX_PATH_STEPS = 48;
/**
 * Steps that a path longer than MAX_PATH_STEPS keeps from its start and from its end; the steps
 * between them are left out. The path then grows again from its end.
 */
const KEPT_FIRST_STEPS = 12;
const KEPT_LAST_STEPS = 12;

/** Returns how many steps a path took, those left out included. */
export function pathLength(list: StepList | undefined): number {
  return list ? list.length + (list.skipped ?? 0) : 0;
}

export function appendStep(list: StepList | undefined, step: FlowStep): StepList {
  if (list && list.length >= MAX_PATH_STEPS) list = shortened(list);
  return list?.skipped
    ? { step, prev: list, length: list.length + 1, skipped: list.skipped }
    : { step, prev: list, length: (list?.length ?? 0) + 1 };
}

/** Appends every step of `tail` after `head`. */
export function concatSteps(
  head: StepList | undefined,
  tail: StepList | undefined,
): StepList | undefined {
  if (!tail) return head;
  if (!head) return tail;
  const list = joined(head, tail, 0);
  return list.length > MAX_PATH_STEPS ? shortened(list) : list;
}

function joined(head: StepList, tail: StepList, gap: number): StepList {
  const skipped = (head.skipped ?? 0) + (tail.skipped ?? 0) + gap;
  const length = head.length + tail.length;
  if (gap > 0) return { head, tail, length, gap, skipped };
  return skipped > 0 ? { head, tail, length, skipped } : { head, tail, length };
}

/** Shortened forms of long paths, kept on the path, since one path is often extended many times. */
interface ShortenedCache {
  shortened?: StepList;
  /** The last KEPT_LAST_STEPS steps. */
  last?: StepList;
}

/** Keeps the first KEPT_FIRST_STEPS and the last KEPT_LAST_STEPS steps of `list`. */
function shortened(list: StepList): StepList {
  const cache = list as ShortenedCache;
  if (cache.shortened) return cache.shortened;
  const first = firstSteps(list, KEPT_FIRST_STEPS)!;
  const last = lastSteps(list, KEPT_LAST_STEPS)!;
  const short = joined(first, last, pathLength(list) - pathLength(first) - pathLength(last));
  cache.shortened = short;
  return short;
}

/** Returns the first `count` steps of `list`, which reuses the nodes it can. */
function firstSteps(list: StepList | undefined, count: number): StepList | undefined {
  let node = list;
  // A step node is its `prev` and one newer step.
  while (node && node.step && node.length > count) node = node.prev;
  if (!node || node.length <= count) return node;
  const head = node.head!;
  if (head.length >= count) return firstSteps(head, count);
  return joined(head, firstSteps(node.tail, count - head.length)!, node.gap ?? 0);
}

/** Returns the last `count` steps of `list`, without the steps left out right before them. */
function lastSteps(list: StepList | undefined, count: number): StepList | undefined {
  if (!list || count <= 0) return undefined;
  if (list.length <= count && !list.skipped) return list;
  if (count === KEPT_LAST_STEPS) {
    const cache = list as ShortenedCache;
    return (cache.last ??= stepsFromEnd(list, count));
  }
  return stepsFromEnd(list, count);
}

function stepsFromEnd(list: StepList, count: number): StepList | undefined {
  if (list.step) {
    const prev = lastSteps(list.prev, count - 1);
    return prev?.skipped
      ? { step: list.step, prev, length: prev.length + 1, skipped: prev.skipped }
      : { step: list.step, prev, length: (prev?.length ?? 0) + 1 };
  }
  const tail = list.tail!;
  if (tail.length >= count) return lastSteps(tail, count);
  const head = lastSteps(list.head, count - tail.length);
  return head ? joined(head, tail, list.gap ?? 0) : tail;
}

/**
 * Returns the steps of a path, oldest first. The message of the first step after left-out steps
 * gives their number.
 */
export function stepsToArray(list: StepList | undefined): FlowStep[] {
  const steps: FlowStep[] = [];
  let gap = 0;
  const push = (step: FlowStep): void => {
    steps.push(
      gap > 0 ? { ...step, message: `after ${gap} steps not shown, ${step.message}` } : step,
    );
    gap = 0;
  };
  const collect = (node: StepList | undefined): void => {
    // `prev` chains are followed in a loop; only concatenations recurse, and they nest shallowly.
    const chain: FlowStep[] = [];
    let current = node;
    while (current && current.step) {
      chain.push(current.step);
      current = current.prev;
    }
    if (current) {
      collect(current.head);
      gap += current.gap ?? 0;
      collect(current.tail);
    }
    for (let index = chain.length - 1; index >= 0; index--) push(chain[index]!);
  };
  collect(list);
  return steps;
}

/**
 * One label on a value: a concrete zone, or a symbolic stand-in for "whatever the parameter
 * `param` of the function being summarised carries, read at `fields`". Symbolic labels are
 * replaced by the caller's argument taint when a call site applies a function summary.
 */
export interface Label {
  readonly zone?: string;
  readonly param?: ParamRef;
  /** Reclassifications that a call site applies once it replaces `param` with concrete zones. */
  readonly transforms?: readonly Reclassification[];
  /** True when the zone was inferred from a name rather than annotated or modelled. */
  readonly inferred: boolean;
  /**
   * True when the zone comes from an annotated field of a value's type, where the value reached
   * a sink or a copy whole. A label that flowed there instead has a path back to the data's
   * origin, and takes the place of this one.
   */
  readonly fromType?: boolean;
  readonly steps: StepList | undefined;
}

/** A reclassification waiting to be applied to a parameter's zones at a call site. */
export interface Reclassification {
  readonly from: readonly string[] | "*";
  readonly to: string | undefined;
  readonly reason: string;
  readonly node: ts.Node;
  readonly callee: string;
  /** Applies to zones guessed from names only, which a package call's result type drops. */
  readonly guessedOnly?: boolean;
}

/**
 * Most reclassifications waiting on one symbolic label. A value that passes through reclassifiers
 * in a loop (`v = hash(v)`) would otherwise gain one per evaluation and never settle.
 */
const MAX_TRANSFORMS = 8;

/**
 * Adds a reclassification to a symbolic label. A rule applied twice in a row changes nothing the
 * second time, so it is not added again. Past MAX_TRANSFORMS the label stays as it is.
 */
export function withTransform(label: Label, transform: Reclassification): Label {
  const transforms = label.transforms ?? [];
  const last = transforms[transforms.length - 1];
  if (last && sameRule(last, transform)) return label;
  // NOTE: past the limit, later rules are not applied, so the caller may see zones that they
  // would have removed: a false report rather than a missed flow.
  if (transforms.length >= MAX_TRANSFORMS) return label;
  return { ...label, transforms: [...transforms, transform] };
}

function sameRule(a: Reclassification, b: Reclassification): boolean {
  if (a.to !== b.to || Boolean(a.guessedOnly) !== Boolean(b.guessedOnly)) return false;
  if (a.from === "*" || b.from === "*") return a.from === b.from;
  return a.from.length === b.from.length && a.from.every((zone, index) => zone === b.from[index]);
}

export interface ParamRef {
  /** Unique id of the parameter declaration. */
  readonly id: number;
  /** Property names read from the parameter, outermost first. */
  readonly fields: readonly string[];
}

/**
 * The labels of a value, at most one per key (`labelKey`). Most values carry one to three, so
 * a plain array, searched in order, costs far less than a map.
 */
export type LabelList = readonly Label[];

/**
 * The abstract value of an expression: labels on the whole value, plus labels of individual
 * fields where the value is an object literal whose fields were tracked one by one.
 */
export interface Taint {
  readonly labels: LabelList;
  readonly fields?: ReadonlyMap<string, Taint>;
  /**
   * True for a value that keeps the labels of all its fields as its own, because it had too many
   * fields or kept changing. A join with it adds the other value's labels and no fields.
   */
  readonly opaque?: true;
}

export const EMPTY: Taint = { labels: [] };

const MAX_FIELD_DEPTH = 4;
const MAX_PARAM_FIELDS = 3;

export function labelKey(label: Label): string {
  if (label.zone !== undefined) return label.zone;
  const param = label.param!;
  const base = param.fields.length ? `#${param.id}.${param.fields.join(".")}` : `#${param.id}`;
  return label.transforms?.length
    ? `${base}~${label.transforms.map((rule) => `${rule.guessedOnly ? "?" : ""}${rule.from}>${rule.to ?? ""}`).join(",")}`
    : base;
}

/** True when two labels have the same key, without building it. */
export function sameKey(a: Label, b: Label): boolean {
  if (a.zone !== undefined || b.zone !== undefined) return a.zone === b.zone;
  const first = a.param!;
  const second = b.param!;
  if (first.id !== second.id || first.fields.length !== second.fields.length) return false;
  for (let index = 0; index < first.fields.length; index++)
    if (first.fields[index] !== second.fields[index]) return false;
  if (!a.transforms?.length && !b.transforms?.length) return true;
  return labelKey(a) === labelKey(b);
}

function indexOfKey(labels: LabelList, label: Label): number {
  for (let index = 0; index < labels.length; index++)
    if (sameKey(labels[index]!, label)) return index;
  return -1;
}

/**
 * Puts `label` in place of the label with its key, or adds it. A parameter's own label takes the
 * place of the labels of its fields, as in `mergeLabels`.
 */
function setLabel(labels: Label[], label: Label): void {
  const index = indexOfKey(labels, label);
  if (index >= 0) {
    labels[index] = label;
    return;
  }
  if (isParameterField(label) && hasParameterRoot(labels, label.param!.id)) return;
  if (isParameterRoot(label)) {
    const id = label.param!.id;
    for (let other = labels.length - 1; other >= 0; other--)
      if (isParameterField(labels[other]!) && labels[other]!.param!.id === id)
        labels.splice(other, 1);
  }
  labels.push(label);
}

export function isEmpty(taint: Taint): boolean {
  return taint.labels.length === 0 && (!taint.fields || taint.fields.size === 0);
}

export function fromLabel(label: Label): Taint {
  return { labels: [label] };
}

/**
 * Merges the labels of `from` into those of `base`. Returns `base` itself when nothing changes,
 * which is the common case, since values mostly grow by labels they already carry.
 */
function mergeLabels(base: LabelList, from: LabelList): LabelList {
  let merged: Label[] | undefined;
  for (const label of from) {
    const current = merged ?? base;
    const index = indexOfKey(current, label);
    if (index >= 0 && !prefers(label, current[index]!)) continue;
    if (index < 0 && isParameterField(label) && hasParameterRoot(current, label.param!.id))
      continue;
    merged ??= [...base];
    if (index < 0) merged.push(label);
    else merged[index] = label;
    if (index < 0 && isParameterRoot(label)) {
      const id = label.param!.id;
      merged = merged.filter((other) => !isParameterField(other) || other.param!.id !== id);
    }
  }
  return merged ?? base;
}

/**
 * Returns true for a parameter's own label, which covers all of its value, fields included,
 * so the labels of its fields add nothing beside it. Dropping them keeps joins growing only: otherwise a value past
 * MAX_LABELS collapses its field labels into the root, the next join adds fields again, and the
 * value never settles.
 */
function isParameterRoot(label: Label): boolean {
  return label.param !== undefined && label.param.fields.length === 0 && !label.transforms?.length;
}

/**
 * Returns true for a label that a parameter's own label covers: one of its fields, or the
 * parameter or a field with guessed zones dropped (`guessedOnly`), which carry less.
 */
function isParameterField(label: Label): boolean {
  if (label.param === undefined) return false;
  const transforms = label.transforms ?? [];
  if (!transforms.every((rule) => rule.guessedOnly)) return false;
  return label.param.fields.length > 0 || transforms.length > 0;
}

function hasParameterRoot(labels: LabelList, id: number): boolean {
  for (const label of labels) if (isParameterRoot(label) && label.param!.id === id) return true;
  return false;
}

/**
 * True when `label` replaces `existing`: an annotated label wins, then one that flowed over one
 * taken from a type, then the shorter path.
 */
function prefers(label: Label, existing: Label): boolean {
  const rank = (candidate: Label) => (candidate.inferred ? 2 : 0) + (candidate.fromType ? 1 : 0);
  const difference = rank(label) - rank(existing);
  if (difference !== 0) return difference < 0;
  return pathLength(label.steps) < pathLength(existing.steps);
}

/** Joins two values: the union of their labels, field by field. */
export function join(a: Taint, b: Taint): Taint {
  if (isEmpty(a)) return b;
  if (isEmpty(b)) return a;
  if (a === b) return a;
  if (a.opaque || b.opaque) {
    const base = a.opaque ? a : b;
    const labels = mergeLabels(base.labels, flattenLabels(base === a ? b : a));
    return labels === base.labels ? base : { labels: limitLabels(labels), opaque: true };
  }
  let labels = mergeLabels(a.labels, b.labels);
  // A value that gains nothing is kept, which saves a copy.
  if (labels === a.labels && !b.fields && labels.length <= MAX_LABELS) return a;
  labels = limitLabels(labels);
  if (!a.fields && !b.fields) return { labels };
  const fields = new Map(a.fields ?? []);
  for (const [name, value] of b.fields ?? []) {
    const existing = fields.get(name);
    fields.set(name, existing ? join(existing, value) : value);
  }
  return { labels, fields };
}

/**
 * Beyond this many labels on one value, symbolic labels for fields of a parameter (`p.a.b`)
 * become the parameter's own label: coarser, but the size of a value stays bounded.
 */
const MAX_LABELS = 64;

function limitLabels(labels: LabelList): LabelList {
  return labels.length > MAX_LABELS ? collapseParameterFields(labels) : labels;
}

/**
 * Maximum number of fields, nested ones included, of a stored value or a function's result. A
 * cache keyed by objects (`WeakMap<Element, Shape>` in a static field) otherwise gathers the
 * fields of every value that any function puts in it.
 */
const MAX_VALUE_FIELDS = 256;

/** Returns `taint`, or its opaque form when it has more than MAX_VALUE_FIELDS fields. */
export function bounded(taint: Taint): Taint {
  if (!taint.fields || taint.opaque) return taint;
  let budget = MAX_VALUE_FIELDS;
  const fits = (value: Taint): boolean => {
    if (!value.fields) return true;
    budget -= value.fields.size;
    if (budget < 0) return false;
    for (const field of value.fields.values()) if (!fits(field)) return false;
    return true;
  };
  return fits(taint) ? taint : opaque(taint);
}

/**
 * Returns `taint` with each of its fields opaque: reads of two fields still differ, but each
 * field only grows by labels from then on.
 */
export function widen(taint: Taint): Taint {
  if (!taint.fields || taint.opaque) return taint;
  const fields = new Map<string, Taint>();
  for (const [name, value] of taint.fields) fields.set(name, opaque(value));
  return { labels: taint.labels, fields };
}

/** Returns the opaque form of `taint`: the labels of all its fields as its own. */
export function opaque(taint: Taint): Taint {
  if (taint.opaque || isEmpty(taint)) return taint;
  return { labels: limitLabels(flattenLabels(taint)), opaque: true };
}

function collapseParameterFields(labels: LabelList): Label[] {
  const collapsed = new Map<string, Label>();
  let parameters = 0;
  for (const label of labels) {
    // Dropped guessed zones are forgotten too, since the parameter's own label covers them.
    const reclassifications = label.transforms?.filter((rule) => !rule.guessedOnly);
    const root =
      label.param &&
      (label.param.fields.length > 0 || reclassifications?.length !== label.transforms?.length)
        ? {
            ...label,
            param: { id: label.param.id, fields: [] },
            transforms: reclassifications?.length ? reclassifications : undefined,
          }
        : label;
    const key = labelKey(root);
    if (collapsed.has(key)) continue;
    // NOTE: past MAX_LABELS parameters, further ones are dropped: a flow through such a value
    // from a caller's argument can be missed. Zones themselves are always kept.
    if (root.param && ++parameters > MAX_LABELS) continue;
    collapsed.set(key, root);
  }
  return [...collapsed.values()];
}

export function joinAll(values: Iterable<Taint>): Taint {
  let result = EMPTY;
  for (const value of values) result = join(result, value);
  return result;
}

/** Returns all labels of a value and of its fields: what a sink receives when the whole value reaches it. */
export function flattenLabels(taint: Taint): LabelList {
  if (!taint.fields || taint.fields.size === 0) return taint.labels;
  let labels = taint.labels;
  for (const field of taint.fields.values()) labels = mergeLabels(labels, flattenLabels(field));
  return labels;
}

export function flatten(taint: Taint): Taint {
  return taint.fields ? { labels: flattenLabels(taint) } : taint;
}

/**
 * Builds an object value from its fields. Fields nested deeper than MAX_FIELD_DEPTH are
 * flattened, so that a value that contains itself (`node = { next: node }` in a loop) stays finite.
 */
export function objectOf(fields: Map<string, Taint>, rest: Taint = EMPTY): Taint {
  const kept = new Map<string, Taint>();
  for (const [name, value] of [...(rest.fields ?? []), ...fields])
    if (!isEmpty(value)) kept.set(name, value);
  if (rest.opaque) return opaque({ labels: rest.labels, fields: kept });
  // Fields that carry nothing are left out, so that large plain objects cost nothing.
  if (kept.size === 0) return { labels: rest.labels };
  return truncate({ labels: rest.labels, fields: kept }, MAX_FIELD_DEPTH);
}

function truncate(taint: Taint, depth: number): Taint {
  if (!taint.fields) return taint;
  if (depth === 0) return flatten(taint);
  const fields = new Map<string, Taint>();
  for (const [name, value] of taint.fields) fields.set(name, truncate(value, depth - 1));
  return { labels: taint.labels, fields };
}

/** Reads `taint.name`: the field's own labels, plus the labels of the whole value. */
export function readField(taint: Taint, name: string): Taint {
  // Each field of an opaque value may carry any of its labels, parameters' fields included.
  if (taint.opaque) return taint;
  if (taint.labels.length === 0) return taint.fields?.get(name) ?? EMPTY;
  const labels: Label[] = [];
  for (const label of taint.labels) {
    if (label.param && label.param.fields.length < MAX_PARAM_FIELDS) {
      const param: ParamRef = { id: label.param.id, fields: [...label.param.fields, name] };
      const narrowed: Label = { ...label, param };
      setLabel(labels, narrowed);
    } else {
      setLabel(labels, label);
    }
  }
  const field = taint.fields?.get(name);
  return field ? join({ labels }, field) : { labels };
}

/**
 * The field that keeps what an object's computed keys carry (`counts[user.email] = 1`): read
 * whole and by `Object.keys`, but by no read of a named field. No identifier has this name.
 */
export const KEYS_FIELD = "[keys]";

/** Returns an object whose computed keys carry the labels of `key`, or nothing for a clean key. */
export function keysOf(key: Taint): Taint {
  return isEmpty(key) ? EMPTY : objectOf(new Map([[KEYS_FIELD, flatten(key)]]));
}

/** Returns what the keys of an object carry, as `keysOf` stored them. */
export function keysIn(taint: Taint): Taint {
  if (taint.opaque) return taint;
  const keys = taint.fields?.get(KEYS_FIELD);
  return keys ? flatten(keys) : EMPTY;
}

/** Returns `taint` without the fields `names`. An opaque value keeps them in its own labels. */
export function withoutFields(taint: Taint, names: Iterable<string>): Taint {
  if (!taint.fields || taint.opaque) return taint;
  const fields = new Map(taint.fields);
  for (const name of names) fields.delete(name);
  if (fields.size === taint.fields.size) return taint;
  return fields.size === 0 ? { labels: taint.labels } : { labels: taint.labels, fields };
}

/** Maps every label; a mapper returning undefined drops the label. */
export function mapLabels(taint: Taint, mapper: (label: Label) => Label | undefined): Taint {
  const labels: Label[] = [];
  for (const label of taint.labels) {
    const mapped = mapper(label);
    if (mapped) setLabel(labels, mapped);
  }
  if (!taint.fields) {
    if (labels.length === 0) return EMPTY;
    return taint.opaque ? { labels, opaque: true } : { labels };
  }
  const fields = new Map<string, Taint>();
  for (const [name, value] of taint.fields) {
    const mapped = mapLabels(value, mapper);
    if (!isEmpty(mapped)) fields.set(name, mapped);
  }
  return fields.size > 0 ? { labels, fields } : { labels };
}

/** Adds a step to the path of every label. */
export function withStep(taint: Taint, step: FlowStep): Taint {
  if (isEmpty(taint)) return taint;
  return mapLabels(taint, (label) => ({
    ...label,
    steps: appendStep(label.steps, step),
  }));
}

/**
 * True when two values have the same labels at every field, paths aside: what `signature`
 * compares, without building its strings, which are long for objects with many fields.
 */
export function sameLabels(a: Taint, b: Taint): boolean {
  if (a === b) return true;
  // An opaque value reads differently: its labels stand for each field, parameters' ones whole.
  if (Boolean(a.opaque) !== Boolean(b.opaque)) return false;
  if (a.labels.length !== b.labels.length) return false;
  for (const label of a.labels) if (indexOfKey(b.labels, label) < 0) return false;
  const first = a.fields?.size ? a.fields : undefined;
  const second = b.fields?.size ? b.fields : undefined;
  if (!first || !second) return first === second;
  if (first.size !== second.size) return false;
  for (const [name, value] of first) {
    const other = second.get(name);
    if (!other || !sameLabels(value, other)) return false;
  }
  return true;
}

/**
 * True when `next` has other labels than `previous` at the value or at a field that `previous`
 * has. Fields that only `next` has do not count: what a record or a nested state object gets
 * from writes of new keys (`state = { ...state, profile: { ...state.profile, email } }`).
 */
export function grewLabels(previous: Taint, next: Taint): boolean {
  if (!sameLabels({ labels: previous.labels }, { labels: next.labels })) return true;
  for (const [name, value] of previous.fields ?? []) {
    const other = next.fields?.get(name);
    if (!other || grewLabels(value, other)) return true;
  }
  return false;
}

/** Returns a string that changes exactly when the set of labels (not their paths) changes. */
export function signature(taint: Taint): string {
  const keys = taint.labels.map(labelKey).sort();
  let result = keys.join(",");
  if (taint.fields && taint.fields.size > 0) {
    const names = [...taint.fields.keys()].sort();
    result +=
      "{" + names.map((name) => `${name}:${signature(taint.fields!.get(name)!)}`).join(";") + "}";
  }
  return result;
}

/** Returns the concrete zone labels of a value. */
export function zoneLabels(taint: Taint): Label[] {
  return [...flattenLabels(taint).values()].filter((label) => label.zone !== undefined);
}
