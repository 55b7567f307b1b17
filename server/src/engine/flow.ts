import * as path from "node:path";
import * as v8 from "node:v8";
import { ts } from "./typescript";
import { AccessPaths } from "./access-path";
import { reclassifyAnnotations, zoneAnnotations } from "./annotations";
import { forEachAnnotated } from "./annotation-checks";
import type { ResolvedConfig } from "./config-types";
import { evaluateExpression, returnedElements } from "./expressions";
import { heritageSignature, supertypeNames } from "./dispatch";
import { hidesFields, isErasingAssertion, typedValue } from "./erased-types";
import { FindingCollector } from "./findings";
import { collectGarbage } from "./memory";
import { handledErrorKey } from "./middleware";
import { NodeMapping } from "./node-mapping";
import { Resolutions, type FileMappings } from "./resolutions";
import { bindPattern } from "./bindings";
import { FunctionSummary } from "./summary";
import { walkDescendants } from "./walk";
import { isRejectionHandled, promiseCallOf } from "./rejections";
import { versionWritten } from "./reassignment";
import { constructedKey } from "./properties";
import {
  bounded,
  EMPTY,
  fromLabel,
  isEmpty,
  join,
  keysIn,
  mapLabels,
  grewLabels,
  sameLabels,
  widen,
  withStep,
} from "./taint";
import type { FlowStep, Label, Taint } from "./taint";
import type { PathStepKind } from "./types";

/** Function-like nodes that have a body the engine summarises. */
export type FunctionNode =
  | ts.FunctionDeclaration
  | ts.MethodDeclaration
  | ts.ConstructorDeclaration
  | ts.GetAccessorDeclaration
  | ts.SetAccessorDeclaration
  | ts.ArrowFunction
  | ts.FunctionExpression;

export type Unit = FunctionNode | ts.SourceFile;

/** The values that may reject a promise. */
export interface Rejection {
  /** Values thrown in functions whose bodies the analysis evaluates. */
  thrown: Taint;
  /** The value of a promise from code that the analysis cannot see, whose errors may contain it. */
  unseen: Taint;
  /**
   * Values thrown where the chain was known to handle them, so that no sink has seen them. Where
   * the promise ends without a handler after all, they reach the `throw` sink there.
   */
  unreported: Taint;
}

/** State while one function body (or a file's top level) is evaluated. */
export interface UnitContext {
  unit: Unit;
  sourceFile: ts.SourceFile;
  config: ResolvedConfig;
  summary: FunctionSummary;
  /** Holders for values thrown inside enclosing `try` blocks of this unit. */
  catchStack: { thrown: Taint }[];
  /** The rejection of each call's promise, kept for the handler down its chain. */
  rejections?: Map<ts.Node, Rejection>;
  /** The argument values of calls of functions that return closures, for calls of those closures. */
  makerArguments?: Map<ts.Node, Taint[]>;
  depth: number;
}

export interface FlowOptions {
  program: ts.Program;
  files: readonly ts.SourceFile[];
  configFor: (file: ts.SourceFile) => ResolvedConfig;
  detection: boolean;
  cancelled?: () => boolean;
  maxPasses?: number;
  log?: (message: string) => void;
  /** Heap use at which the analysis stops early. Default: 70% of V8's heap limit. */
  maxHeapBytes?: number;
  /** Time after which the analysis stops early. Default: none. */
  maxMilliseconds?: number;
  /** When false, findings offer no fixes, and no values of expressions are kept for them. */
  fixes?: boolean;
  /**
   * When false, the analysis keeps no record of what each function read and wrote, which only
   * `update` needs, and cannot be updated. Default true.
   */
  incremental?: boolean;
  /**
   * When true, a full garbage collection runs between the last evaluation and the findings, so
   * that building them reuses the heap that the evaluations left as garbage rather than growing
   * it. The language server sets it for the first analysis of a project. Default false.
   */
  collectBeforeFindings?: boolean;
}

const MAX_EXPRESSION_DEPTH = 400;

/** How many label changes a store entry or a summary takes before the fields of its values become opaque. */
const WIDEN_AFTER = 8;

/**
 * Returns true once the labels of `key` have changed WIDEN_AFTER times where its value already
 * had them, after which the fields of its values become opaque. On a large application a value with many fields can otherwise gain one label at
 * one field per evaluation, through long chains of functions that each run again for it.
 */
function widened(changes: Map<ts.Node, number>, key: ts.Node): boolean {
  return (changes.get(key) ?? 0) >= WIDEN_AFTER;
}

function countChange(changes: Map<ts.Node, number>, key: ts.Node): void {
  changes.set(key, (changes.get(key) ?? 0) + 1);
}

function isStackOverflow(error: unknown): boolean {
  return error instanceof RangeError && /call stack/i.test(error.message);
}
const NO_UNITS: readonly Unit[] = [];

export function isFunctionNode(node: ts.Node): node is FunctionNode {
  return (
    (ts.isFunctionDeclaration(node) ||
      ts.isMethodDeclaration(node) ||
      ts.isConstructorDeclaration(node) ||
      ts.isGetAccessorDeclaration(node) ||
      ts.isSetAccessorDeclaration(node) ||
      ts.isArrowFunction(node) ||
      ts.isFunctionExpression(node)) &&
    node.body !== undefined
  );
}

/** Thrown to stop a pass when the caller cancels the analysis. */
export class CancelledError extends Error {
  constructor() {
    super("Analysis cancelled.");
  }
}

/**
 * The whole-program flow analysis: evaluates every function body and every file's top level
 * until no store or summary changes, then keeps the findings of the last, stable pass.
 */
export class FlowAnalysis {
  checker: ts.TypeChecker;
  readonly paths: AccessPaths;
  /** Concrete values of declarations: variables, parameters bound by callbacks, properties. */
  readonly store = new Map<ts.Node, Taint>();
  /**
   * Functions stored in fields and variables to be called later, by the declaration of the field
   * or variable (`stored-functions.ts`). Entries live and reset with those of `store`.
   */
  private readonly functionStore = new Map<ts.Node, FunctionNode[]>();
  readonly summaries = new Map<ts.Node, FunctionSummary>();
  /**
   * The last computed value that carries a label of each value in an object literal, for fixes,
   * and of each name and property read at the top level of a file, for hovers.
   */
  readonly expressionTaints = new Map<ts.Node, Taint>();
  /** The unit that `expressionValue` evaluates again, and the values of its expressions. */
  private capture: { unit: Unit; values: Map<ts.Node, Taint> } | undefined;
  findings: FindingCollector;
  /** Reason the analysis stopped before its fixpoint, or undefined when it reached it. */
  incomplete: string | undefined;
  /** Evaluations divided by the number of units: how many passes the worklist amounted to. */
  passes = 0;
  private current: Unit | undefined;
  /**
   * Units that called a method through an interface or a base class, by the name of that type
   * and of each of its subtypes, for updates.
   */
  private readonly dispatchers = new Map<string, Set<Unit>>();
  /** The keys that the unit being evaluated has read so far in this evaluation. */
  private readNow = new Set<ts.Node>();
  private configs = new WeakMap<ts.SourceFile, ResolvedConfig>();
  private queue: Unit[] = [];
  private queued = new Set<Unit>();
  /**
   * The units of the files edited since the last completed run, and those of them queued again.
   * They run before the rest, so that the functions of other files that read them run once they
   * are settled rather than at every step.
   */
  private readonly edited = new Set<Unit>();
  private editedQueue: Unit[] = [];
  /** Units that read each store entry or summary, to evaluate again when it changes. */
  private readonly readers = new Map<ts.Node, Units>();
  private readonly nodeIds = new WeakMap<ts.Node, number>();
  private nextNodeId = 1;
  /** The units of each analysed file, and every unit of the current files. */
  private readonly unitsByFile = new Map<ts.SourceFile, Unit[]>();
  private readonly live = new Set<Unit>();
  /** The entries each unit wrote since it was last reset, so that an edit can undo them. */
  private readonly writes = new Map<Unit, UnitWrites>();
  /** How many units matched each config model. */
  private readonly modelUses = new Map<object, number>();
  /** How often the labels of each store entry and each unit's summary changed, for widening. */
  private readonly storeChanges = new Map<ts.Node, number>();
  private readonly summaryChanges = new Map<Unit, number>();
  private countingChanges = true;
  /** The units that wrote each store entry, and the entries by the file they are declared in. */
  private readonly writers = new Map<ts.Node, Units>();
  private readonly keysByFile = new Map<ts.SourceFile, ts.Node[]>();
  /** The keys that units read, by the file they are declared in. */
  private readonly readKeysByFile = new Map<ts.SourceFile, ts.Node[]>();
  /**
   * The keys in other files that each unit read. A unit that an update resets or removes leaves
   * their reader lists, which would otherwise keep its old syntax tree alive.
   */
  private readonly readsElsewhere = new Map<Unit, ts.Node[]>();
  private reclassifierList: ReclassifierFunction[] | undefined;
  /** Parameters by the id their symbolic labels carry. */
  private readonly parameters = new Map<number, ts.ParameterDeclaration>();
  /** False when the analysis keeps no record for updates. */
  private readonly records: boolean;
  /**
   * The nested units that call a parameter of each function, or a member of one, as the
   * callback of `items.forEach((item) => onItem(item))` calls `onItem`. A call of the function
   * applies their calls too. `outerOwners` lists the other way round, for `reset`.
   */
  private readonly outerCalls = new Map<FunctionNode, Set<Unit>>();
  private readonly outerOwners = new Map<Unit, FunctionNode[]>();
  /** One copy of each step message. */
  private readonly messages = new Map<string, string>();

  constructor(public options: FlowOptions) {
    this.records = options.incremental !== false;
    this.checker = options.program.getTypeChecker();
    this.paths = new AccessPaths(this.checker, this.records);
    this.resolutions = new Resolutions(this.checker, this.records);
    this.findings = new FindingCollector(this);
    for (const [index, file] of options.files.entries()) {
      // Listing the functions of a large project takes a while, and a request may be waiting.
      if (index % 64 === 63 && options.cancelled?.()) throw new CancelledError();
      this.addFile(file);
    }
    this.queue = [...this.live];
    this.queued = new Set(this.live);
  }

  /** The unit being evaluated, or undefined while the analysis runs a query. */
  /**
   * Records that the current unit called a method through an interface or a base class, whose
   * implementations an edit of another file can change.
   */
  noteDispatch(typeNames: () => Iterable<string>): void {
    if (!this.current || !this.records) return;
    for (const name of typeNames()) {
      const units = this.dispatchers.get(name);
      if (units) units.add(this.current);
      else this.dispatchers.set(name, new Set([this.current]));
    }
  }

  get currentUnit(): Unit | undefined {
    return this.current;
  }

  /** The files of the current program that the analysis covers. */
  get files(): readonly ts.SourceFile[] {
    return this.options.files;
  }

  /** Resolved names, kept across updates that change no type other files see. */
  readonly resolutions: Resolutions;

  /** Config models that matched a call, a property read or a property write. */
  get matchedModels(): Set<object> {
    return new Set(this.modelUses.keys());
  }

  private addFile(file: ts.SourceFile): void {
    const units: Unit[] = [];
    collectUnits(file, units);
    this.unitsByFile.set(file, units);
    for (const unit of units) {
      this.live.add(unit);
    }
  }

  /**
   * Moves the analysis to a new program in which the `changed` files were edited. Undoes what
   * the old units of those files and the units of `dependents` wrote, and what every unit that
   * read it wrote in turn. Then queues those units and the new ones, so that `run` brings the
   * rest up to date. `typesKept` is true when no type outside the edited files changed, so names
   * there resolve as before.
   */
  update(
    options: FlowOptions,
    changed: readonly [ts.SourceFile, ts.SourceFile][],
    dependents: readonly ts.SourceFile[] = [],
    typesKept = false,
  ): void {
    if (!this.records) throw new Error("An analysis without records for updates was updated.");
    // An update evaluates the edited functions before the functions they read, so how often a
    // value changes depends on that order. Values widen only in a full analysis.
    this.countingChanges = false;
    // Names that edits removed would otherwise stay in the messages for good.
    if (this.messages.size > 100_000) this.messages.clear();
    const oldFiles = new Set(changed.map(([old]) => old));
    const removed = changed.flatMap(([old]) => this.unitsByFile.get(old) ?? []);
    const redone = dependents.flatMap((file) => this.unitsByFile.get(file) ?? []);
    // A subtype that an edit added, removed or changed may take calls in other files.
    for (const [old, file] of changed) {
      if (heritageSignature(old) === heritageSignature(file)) continue;
      for (const name of [...supertypeNames(old), ...supertypeNames(file)]) {
        for (const unit of this.dispatchers.get(name) ?? [])
          if (this.live.has(unit)) redone.push(unit);
      }
    }
    // Units that read anything declared in an old file: values, summaries, annotated types.
    const readOld = [...oldFiles].flatMap((old) => [...(this.readKeysByFile.get(old) ?? [])]);
    const affected = this.readersClosure([...removed, ...redone], readOld);
    for (const old of oldFiles) {
      for (const key of this.readKeysByFile.get(old) ?? []) this.readers.delete(key);
      this.readKeysByFile.delete(old);
    }
    const resetStore = new Set<ts.Node>();
    for (const unit of affected) {
      for (const key of this.writes.get(unit)?.store ?? []) resetStore.add(key);
    }
    // Units outside the closure that wrote the same entries read nothing that changed, so
    // evaluating them again restores their part of those entries.
    const rerun = new Set<Unit>();
    const addWriters = (key: ts.Node) => {
      for (const unit of this.writers.get(key) ?? []) if (!affected.has(unit)) rerun.add(unit);
    };
    for (const key of resetStore) addWriters(key);
    for (const old of oldFiles) {
      // Entries of the old file are gone for good; their writers write the new file's ones.
      for (const key of this.keysByFile.get(old) ?? []) {
        addWriters(key);
        for (const unit of this.writers.get(key) ?? []) {
          const store = this.writes.get(unit)?.store;
          if (store) removeFrom(store, key);
        }
        this.writers.delete(key);
        this.store.delete(key);
        this.functionStore.delete(key);
        this.storeChanges.delete(key);
      }
      this.keysByFile.delete(old);
    }
    for (const unit of affected) this.reset(unit);
    for (const key of resetStore) {
      this.store.delete(key);
      this.functionStore.delete(key);
      this.storeChanges.delete(key);
    }
    // Their findings may name declarations of the old file, so they are built again.
    for (const unit of rerun) {
      const written = this.writes.get(unit);
      if (!written) continue;
      for (const key of written.hits ?? []) this.findings.forget(key, unit);
      delete written.hits;
    }
    for (const unit of removed) {
      this.live.delete(unit);
      if (ts.isSourceFile(unit)) continue;
      for (const parameter of unit.parameters) {
        const id = this.nodeIds.get(parameter);
        if (id !== undefined) this.parameters.delete(id);
      }
    }
    for (const [old] of changed) this.unitsByFile.delete(old);
    const added: Unit[] = [];
    for (const [, file] of changed) {
      this.addFile(file);
      added.push(...this.unitsByFile.get(file)!);
    }
    for (const unit of added) this.edited.add(unit);
    this.options = options;
    this.configs = new WeakMap();
    this.checker = options.program.getTypeChecker();
    // Where types are kept, what was resolved in the unchanged parts of an edited file moves
    // to its new version.
    const mappings: FileMappings = new Map(
      changed.map(([old, file]) => [old, typesKept ? NodeMapping.between(old, file) : undefined]),
    );
    this.paths.moveTo(this.checker, mappings, typesKept);
    const moved = this.resolutions.moveTo(this.checker, mappings, typesKept);
    // Every finding offers the reclassifiers of the project as fixes.
    const reclassifiers = (file: ts.SourceFile) => file.text.includes("@reclassify");
    if (changed.some(([old, file]) => reclassifiers(old) || reclassifiers(file)))
      this.findings.rebuildAll();
    this.reclassifierList = undefined;
    // The new units go first, so that their callers read the new summaries on their first run.
    for (const unit of [...added, ...affected, ...rerun]) {
      if (!this.live.has(unit) || this.queued.has(unit)) continue;
      this.queued.add(unit);
      this.queue.push(unit);
    }
    this.options.log?.(
      `Edit of ${changed.length} files and ${dependents.length} importers: ${affected.size - removed.length} units read what they wrote, ${rerun.size} share entries with them, ${added.length} are new${typesKept ? `; names resolve as before, ${moved} moved to the edited files` : ""}.`,
    );
  }

  /**
   * `units`, the readers of `keys`, and every unit that read a value or a summary that one of
   * them wrote, transitively.
   */
  private readersClosure(units: Unit[], keys: ts.Node[]): Set<Unit> {
    const affected = new Set<Unit>(units);
    const stack = [...units];
    const visit = (key: ts.Node) => {
      for (const reader of this.readers.get(key) ?? []) {
        if (affected.has(reader) || !this.live.has(reader)) continue;
        affected.add(reader);
        stack.push(reader);
      }
    };
    for (const key of keys) visit(key);
    while (stack.length > 0) {
      const unit = stack.pop()!;
      visit(unit);
      for (const key of this.writes.get(unit)?.store ?? []) visit(key);
    }
    return affected;
  }

  /** Deletes what a unit wrote, before it is evaluated again or removed. */
  private reset(unit: Unit): void {
    // The unit runs again and records its reads afresh. Keys of its own file lose their readers
    // when the file is replaced.
    for (const key of this.readsElsewhere.get(unit) ?? []) deleteUnit(this.readers, key, unit);
    this.readsElsewhere.delete(unit);
    for (const owner of this.outerOwners.get(unit) ?? []) {
      const units = this.outerCalls.get(owner);
      units?.delete(unit);
      if (units?.size === 0) this.outerCalls.delete(owner);
    }
    this.outerOwners.delete(unit);
    const written = this.writes.get(unit);
    this.summaries.delete(unit);
    this.summaryChanges.delete(unit);
    if (!written) return;
    for (const key of written.store ?? []) deleteUnit(this.writers, key, unit);
    for (const node of written.remembered ?? []) this.expressionTaints.delete(node);
    for (const key of written.hits ?? []) this.findings.forget(key, unit);
    for (const model of written.models ?? []) {
      const uses = this.modelUses.get(model)! - 1;
      if (uses === 0) this.modelUses.delete(model);
      else this.modelUses.set(model, uses);
    }
    this.writes.delete(unit);
  }

  private written(): UnitWrites | undefined {
    const unit = this.current;
    if (!unit || !this.records) return undefined;
    let written = this.writes.get(unit);
    if (!written) {
      written = {};
      this.writes.set(unit, written);
    }
    return written;
  }

  /** Records that the current unit added to the finding at `key`. */
  noteHit(key: ts.Node): void {
    const written = this.written();
    if (!written) return;
    if (!written.hits) written.hits = [key];
    else if (!written.hits.includes(key)) written.hits.push(key);
  }

  /** Records that the current unit matched config models. */
  noteModels(models: readonly object[]): void {
    if (models.length === 0 || !this.current) return;
    if (!this.records) {
      for (const model of models) this.modelUses.set(model, 1);
      return;
    }
    const written = this.written();
    if (!written) return;
    for (const model of models) {
      if (written.models?.includes(model)) continue;
      (written.models ??= []).push(model);
      this.modelUses.set(model, (this.modelUses.get(model) ?? 0) + 1);
    }
  }

  /** Runs passes until nothing changes, then returns the findings of the final pass. */
  run(): FindingCollector {
    // A worklist: every unit is evaluated once, then again only when a store entry or a
    // summary that it read has changed. Values only grow, so this reaches the same fixpoint
    // as repeated passes over the whole program, with far fewer evaluations.
    const maxEvaluations = this.live.size * (this.options.maxPasses ?? 12);
    const started = performance.now();
    let checked = started;
    let evaluations = 0;
    let index = 0;
    while (this.editedQueue.length > 0 || index < this.queue.length) {
      if (this.options.cancelled?.()) {
        // The units still queued run first when the analysis resumes.
        this.queue = [...this.editedQueue, ...this.queue.slice(index)];
        this.editedQueue = [];
        this.current = undefined;
        throw new CancelledError();
      }
      const unit = this.editedQueue.shift() ?? this.queue[index++]!;
      this.queued.delete(unit);
      // A unit of a file that was edited after it was queued is gone.
      if (!this.live.has(unit)) continue;
      if (++evaluations > maxEvaluations) {
        this.incomplete = `stopped after ${maxEvaluations} function evaluations`;
        break;
      }
      // Every 128 evaluations, or sooner where evaluations are slow, since the heap can grow by
      // hundreds of MiB in 128 of them on large objects.
      const now = performance.now();
      if (evaluations % 128 === 0 || now - checked > 250) {
        checked = now;
        if (this.overBudget(started)) break;
      }
      this.current = unit;
      try {
        this.evaluateUnit(unit);
      } catch (error) {
        if (!isStackOverflow(error)) throw error;
        // A long chain of types that only inference gives (each hook returning the next one's
        // result) can overflow the stack inside the checker. The unit keeps its last summary.
        const { line } = unit.getSourceFile().getLineAndCharacterOfPosition(unit.getStart());
        this.incomplete ??= `skipped \`${ts.isSourceFile(unit) ? "top level" : functionName(unit)}\` (${path.basename(unit.getSourceFile().fileName)}:${line + 1}), where the type checker ran out of stack`;
      }
    }
    this.current = undefined;
    this.queue = [];
    this.editedQueue = [];
    this.edited.clear();
    this.queued.clear();
    if (this.incomplete) this.options.log?.(`Analysis incomplete: ${this.incomplete}.`);
    this.passes = Math.ceil(evaluations / Math.max(1, this.live.size));
    this.options.log?.(
      `Evaluated ${this.live.size} functions ${evaluations} times in ${(performance.now() - started).toFixed(0)} ms.`,
    );
    if (this.options.collectBeforeFindings) {
      const durationMs = collectGarbage();
      this.options.log?.(`Garbage collection before the findings: ${durationMs.toFixed(0)} ms.`);
    }
    this.findings.finish(this.options.files);
    return this.findings;
  }

  /**
   * True when the analysis must stop early to keep the process alive: its heap is near the
   * limit, or it ran past the time budget. The findings so far are still reported.
   */
  private overBudget(started: number): boolean {
    const maxHeap = this.options.maxHeapBytes ?? 0.7 * v8.getHeapStatistics().heap_size_limit;
    // `process.memoryUsage` also reads the resident set size from the system, which costs more.
    let heap = v8.getHeapStatistics().used_heap_size;
    if (heap > maxHeap) {
      // The heap in use counts garbage that V8 has not collected yet. In a monorepo that can be
      // several times what the analysis keeps, so the decision waits for a full collection.
      collectGarbage();
      heap = v8.getHeapStatistics().used_heap_size;
    }
    if (heap > maxHeap) {
      this.incomplete = `stopped at ${Math.round(heap / 2 ** 20)} MiB of heap, near the limit of ${Math.round(maxHeap / 2 ** 20)} MiB`;
      return true;
    }
    const maxMilliseconds = this.options.maxMilliseconds;
    if (maxMilliseconds !== undefined && performance.now() - started > maxMilliseconds) {
      this.incomplete = `stopped after the time budget of ${maxMilliseconds} ms`;
      return true;
    }
    return false;
  }

  /** Reads a declaration's stored value, and records that the current unit depends on it. */
  read(key: ts.Node): Taint | undefined {
    this.track(key);
    return this.store.get(key);
  }

  /** Records that the current unit depends on `key`, a declaration or a function. */
  track(key: ts.Node): void {
    const unit = this.current;
    // A key read earlier in this evaluation is on record already.
    if (!unit || this.readNow.has(key)) return;
    this.readNow.add(key);
    const added = addUnit(this.readers, key, unit);
    if (!this.records || added === "present") return;
    const file = key.getSourceFile();
    if (added === "new key") addTo(this.readKeysByFile, file, key);
    if (file !== unit.getSourceFile()) {
      const keys = this.readsElsewhere.get(unit);
      if (keys) keys.push(key);
      else this.readsElsewhere.set(unit, [key]);
    }
  }

  /** Queues every unit that read `key` for another evaluation. */
  private invalidate(key: ts.Node): void {
    for (const reader of this.readers.get(key) ?? []) {
      if (this.queued.has(reader) || !this.live.has(reader)) continue;
      // The unit being evaluated reads the new value from here on. It runs again only when it
      // read the old value earlier in this evaluation: its reads of the last one are stale.
      if (reader === this.current && !this.readNow.has(key)) continue;
      this.queued.add(reader);
      if (this.edited.has(reader)) this.editedQueue.push(reader);
      else this.queue.push(reader);
    }
  }

  nodeId(node: ts.Node): number {
    let id = this.nodeIds.get(node);
    if (id === undefined) {
      id = this.nextNodeId++;
      this.nodeIds.set(node, id);
    }
    return id;
  }

  /** Returns the config of a file, kept per file since each evaluation reads it. */
  configFor(file: ts.SourceFile): ResolvedConfig {
    let config = this.configs.get(file);
    if (!config) {
      config = this.options.configFor(file);
      this.configs.set(file, config);
    }
    return config;
  }

  summaryOf(fn: ts.Node): FunctionSummary | undefined {
    this.track(fn);
    return this.summaries.get(fn);
  }

  /**
   * Records that the current unit calls a parameter of `owner`, a function that encloses it.
   * The first such record makes the callers of `owner` run again.
   */
  noteOuterCall(owner: FunctionNode): void {
    const unit = this.current;
    if (!unit || unit === owner) return;
    let units = this.outerCalls.get(owner);
    if (!units) this.outerCalls.set(owner, (units = new Set()));
    if (units.has(unit)) return;
    units.add(unit);
    const owners = this.outerOwners.get(unit);
    if (owners) owners.push(owner);
    else this.outerOwners.set(unit, [owner]);
    this.invalidate(owner);
  }

  /** Returns the units nested in `fn` that call its parameters (`noteOuterCall`). */
  outerCallers(fn: FunctionNode): readonly Unit[] {
    const units = this.outerCalls.get(fn);
    return units ? [...units].filter((unit) => this.live.has(unit)) : NO_UNITS;
  }

  /** True when the parameter belongs to `unit` or to a function that encloses it. */
  isParameterInScope(id: number, unit: Unit): boolean {
    const owner = this.parameters.get(id)?.parent;
    return owner !== undefined && isInside(unit, owner);
  }

  /**
   * Returns the value of a name or a property read, for hovers. The analysis stores such values
   * only for the top level of files, because all of them took about 20 MiB of the language
   * server's heap on a project of 100k lines. Elsewhere this evaluates the function around the
   * expression again, which changes nothing once the analysis is complete.
   */
  expressionValue(expression: ts.Node): Taint {
    const stored = this.expressionTaints.get(expression);
    if (stored) return stored;
    if (this.current) return EMPTY;
    // Some expressions belong to an outer unit, such as a class field's initializer.
    for (let unit = unitAround(expression); unit; unit = unitAround(unit)) {
      if (!this.live.has(unit)) continue;
      // `remember` stored the values of a file's top level, so evaluating it finds nothing new.
      if (this.records && ts.isSourceFile(unit)) return EMPTY;
      this.capture = { unit, values: new Map() };
      this.current = unit;
      try {
        this.evaluateUnit(unit);
      } finally {
        this.current = undefined;
      }
      const value = this.capture.values.get(expression);
      this.capture = undefined;
      if (value) return value;
      // No outer unit evaluates what this one does, and evaluating the file again costs time in
      // proportion to its length on each hover.
      if (evaluatesNode(unit, expression)) return EMPTY;
    }
    return EMPTY;
  }

  /** A context for queries after the analysis, such as hovers; its summary is thrown away. */
  queryContext(sourceFile: ts.SourceFile): UnitContext {
    return {
      unit: sourceFile,
      sourceFile,
      config: this.configFor(sourceFile),
      summary: new FunctionSummary(),
      catchStack: [],
      depth: 0,
    };
  }

  /** Evaluates one unit and records whether its summary changed. */
  private evaluateUnit(unit: Unit): void {
    this.readNow = new Set();
    const sourceFile = unit.getSourceFile();
    const ctx: UnitContext = {
      unit,
      sourceFile,
      config: this.configFor(sourceFile),
      summary: new FunctionSummary(),
      catchStack: [],
      depth: 0,
    };
    if (ts.isSourceFile(unit)) {
      this.evaluateStatements(unit.statements, ctx);
    } else {
      this.bindParameters(unit, ctx);
      const body = unit.body!;
      if (ts.isBlock(body)) this.evaluateStatements(body.statements, ctx);
      else this.addReturn(unit, evaluateExpression(this, body, ctx), body, ctx);
      this.checkDeclaredReturn(unit, ctx);
    }
    const previous = this.summaries.get(unit);
    if (previous) ctx.summary.absorb(previous);
    if (previous && widened(this.summaryChanges, unit)) ctx.summary.widen();
    this.summaries.set(unit, ctx.summary);
    if (previous && previous.sameAs(ctx.summary)) return;
    if (this.countingChanges && previous && ctx.summary.grewFrom(previous))
      countChange(this.summaryChanges, unit);
    this.invalidate(unit);
  }

  private bindParameters(fn: FunctionNode, ctx: UnitContext): void {
    for (const parameter of fn.parameters) {
      const value = this.parameterValue(parameter, ctx);
      if (!ts.isIdentifier(parameter.name)) bindPattern(this, parameter.name, value, ctx);
      if (parameter.initializer)
        this.write(
          parameter,
          evaluateExpression(this, parameter.initializer, ctx),
          ctx,
          parameter.initializer,
        );
    }
  }

  /** The symbolic value of a parameter, plus what callbacks bound to it and its annotations. */
  parameterValue(parameter: ts.ParameterDeclaration, ctx: UnitContext): Taint {
    const id = this.nodeId(parameter);
    this.parameters.set(id, parameter);
    const symbolic: Label = {
      param: { id, fields: [] },
      inferred: false,
      steps: undefined,
    };
    let value = join(
      join(fromLabel(symbolic), this.read(parameter) ?? EMPTY),
      this.declaredZones(parameter, ctx),
    );
    // An error handler `(error, req, res, next)` receives what middleware passes to `next`.
    const errors = handledErrorKey(this, parameter);
    if (errors) value = join(value, this.read(errors) ?? EMPTY);
    return value;
  }

  /** Zones from `@zone` tags on a declaration and on the type it is declared with. */
  declaredZones(declaration: ts.Node, ctx: UnitContext): Taint {
    let result = EMPTY;
    for (const annotation of zoneAnnotations(declaration)) {
      for (const zone of annotation.zones) {
        const label: Label = {
          zone: zone.name,
          inferred: false,
          steps: undefined,
        };
        result = join(
          result,
          withStep(
            fromLabel(label),
            this.step(
              nameNodeOf(declaration),
              `${zone.name} from \`${declarationName(declaration)}\``,
              "source",
            ),
          ),
        );
      }
    }
    const type = (declaration as { type?: ts.TypeNode }).type;
    if (type) result = join(result, this.typeZones(type, ctx));
    return result;
  }

  /** Zones carried by every value of a type: `@zone` on an interface, class or type alias. */
  typeZones(type: ts.TypeNode, ctx: UnitContext): Taint {
    let node: ts.TypeNode = type;
    while (ts.isArrayTypeNode(node)) node = node.elementType;
    if (ts.isUnionTypeNode(node))
      return node.types.reduce((acc, member) => join(acc, this.typeZones(member, ctx)), EMPTY);
    if (!ts.isTypeReferenceNode(node)) return EMPTY;
    let result = EMPTY;
    for (const declaration of this.resolutions.resolve(node.typeName).declarations) {
      this.track(declaration);
      if (
        !ts.isInterfaceDeclaration(declaration) &&
        !ts.isClassDeclaration(declaration) &&
        !ts.isTypeAliasDeclaration(declaration)
      )
        continue;
      for (const annotation of zoneAnnotations(declaration)) {
        for (const zone of annotation.zones) {
          const label: Label = { zone: zone.name, inferred: false, steps: undefined };
          const name = declaration.name?.text ?? "type";
          result = join(
            result,
            withStep(
              fromLabel(label),
              this.step(node, `${zone.name} from type \`${name}\``, "source"),
            ),
          );
        }
      }
    }
    void ctx;
    return result;
  }

  evaluateStatements(statements: readonly ts.Statement[], ctx: UnitContext): void {
    for (const statement of statements) this.evaluateStatement(statement, ctx);
  }

  private evaluateStatement(statement: ts.Statement, ctx: UnitContext): void {
    if (ts.isVariableStatement(statement)) {
      for (const declaration of statement.declarationList.declarations)
        this.evaluateVariable(declaration, ctx);
    } else if (ts.isExpressionStatement(statement)) {
      evaluateExpression(this, statement.expression, ctx);
    } else if (ts.isReturnStatement(statement)) {
      if (statement.expression && !ts.isSourceFile(ctx.unit)) {
        const value = evaluateExpression(this, statement.expression, ctx);
        this.addReturn(ctx.unit, value, statement.expression, ctx);
      }
    } else if (ts.isIfStatement(statement)) {
      evaluateExpression(this, statement.expression, ctx);
      this.evaluateStatement(statement.thenStatement, ctx);
      if (statement.elseStatement) this.evaluateStatement(statement.elseStatement, ctx);
    } else if (ts.isBlock(statement)) {
      this.evaluateStatements(statement.statements, ctx);
    } else if (ts.isTryStatement(statement)) {
      this.evaluateTry(statement, ctx);
    } else if (ts.isThrowStatement(statement)) {
      this.evaluateThrow(statement, ctx);
    } else if (ts.isForOfStatement(statement) || ts.isForInStatement(statement)) {
      const iterated = evaluateExpression(this, statement.expression, ctx);
      // The key of `for (const key in counts)` carries what the object's computed keys carry.
      const element = ts.isForOfStatement(statement) ? iterated : keysIn(iterated);
      this.bindLoopVariable(statement.initializer, element, ctx);
      this.evaluateStatement(statement.statement, ctx);
    } else if (ts.isForStatement(statement)) {
      if (statement.initializer) {
        if (ts.isVariableDeclarationList(statement.initializer)) {
          for (const declaration of statement.initializer.declarations)
            this.evaluateVariable(declaration, ctx);
        } else {
          evaluateExpression(this, statement.initializer, ctx);
        }
      }
      if (statement.condition) evaluateExpression(this, statement.condition, ctx);
      if (statement.incrementor) evaluateExpression(this, statement.incrementor, ctx);
      this.evaluateStatement(statement.statement, ctx);
    } else if (ts.isWhileStatement(statement) || ts.isDoStatement(statement)) {
      evaluateExpression(this, statement.expression, ctx);
      this.evaluateStatement(statement.statement, ctx);
    } else if (ts.isSwitchStatement(statement)) {
      evaluateExpression(this, statement.expression, ctx);
      for (const clause of statement.caseBlock.clauses) {
        if (ts.isCaseClause(clause)) evaluateExpression(this, clause.expression, ctx);
        this.evaluateStatements(clause.statements, ctx);
      }
    } else if (ts.isLabeledStatement(statement)) {
      this.evaluateStatement(statement.statement, ctx);
    } else if (ts.isClassDeclaration(statement)) {
      this.evaluateClassMembers(statement, ctx);
    } else if (ts.isExportAssignment(statement)) {
      evaluateExpression(this, statement.expression, ctx);
    }
  }

  private evaluateVariable(declaration: ts.VariableDeclaration, ctx: UnitContext): void {
    if (!declaration.initializer) return;
    let value = evaluateExpression(this, declaration.initializer, ctx);
    // `const data: unknown = user` keeps the zones of `user`'s fields, which `data`'s type hides.
    if (
      (declaration.type && hidesFields(this, declaration)) ||
      isErasingAssertion(this, declaration.initializer)
    )
      value = join(value, typedValue(this, declaration.initializer, ctx));
    if (ts.isIdentifier(declaration.name)) {
      this.write(declaration, value, ctx, declaration.initializer);
    } else {
      bindPattern(this, declaration.name, value, ctx, declaration.initializer);
    }
  }

  private bindLoopVariable(initializer: ts.ForInitializer, element: Taint, ctx: UnitContext): void {
    if (ts.isVariableDeclarationList(initializer)) {
      for (const declaration of initializer.declarations) {
        if (ts.isIdentifier(declaration.name))
          this.write(declaration, element, ctx, declaration.name);
        else bindPattern(this, declaration.name, element, ctx);
      }
    }
  }

  evaluateClassMembers(declaration: ts.ClassLikeDeclaration, ctx: UnitContext): void {
    for (const member of declaration.members) {
      if (ts.isPropertyDeclaration(member) && member.initializer) {
        this.write(
          member,
          evaluateExpression(this, member.initializer, ctx),
          ctx,
          member.initializer,
        );
      } else if (ts.isClassStaticBlockDeclaration(member)) {
        this.evaluateStatements(member.body.statements, ctx);
      }
    }
  }

  private evaluateTry(statement: ts.TryStatement, ctx: UnitContext): void {
    const holder = { thrown: EMPTY };
    if (statement.catchClause) ctx.catchStack.push(holder);
    this.evaluateStatements(statement.tryBlock.statements, ctx);
    if (statement.catchClause) {
      ctx.catchStack.pop();
      const variable = statement.catchClause.variableDeclaration;
      if (variable) {
        if (ts.isIdentifier(variable.name)) this.write(variable, holder.thrown, ctx, variable.name);
        else bindPattern(this, variable.name, holder.thrown, ctx);
      }
      this.evaluateStatements(statement.catchClause.block.statements, ctx);
    }
    if (statement.finallyBlock) this.evaluateStatements(statement.finallyBlock.statements, ctx);
  }

  private evaluateThrow(statement: ts.ThrowStatement, ctx: UnitContext): void {
    const value = evaluateExpression(this, statement.expression, ctx);
    this.throwValue(value, statement, statement.expression, ctx);
  }

  /** Sends a thrown value to the nearest `catch`, or to the error_reporting sink when none catches it. */
  throwValue(value: Taint, statement: ts.Node, valueNode: ts.Node, ctx: UnitContext): void {
    const holder = ctx.catchStack[ctx.catchStack.length - 1];
    if (holder) {
      holder.thrown = join(
        holder.thrown,
        withStep(value, this.step(valueNode, "thrown", "assign")),
      );
      return;
    }
    // A throw in a callback of `then`, `catch` or `finally` rejects the promise of that call,
    // which the call passes on to a handler down its chain or to a `catch` around its `await`.
    const call = promiseCallOf(ctx.unit);
    if (call && this.isLibraryMethod(call) && isRejectionHandled(call)) {
      ctx.summary.rejectsUnreported = join(
        ctx.summary.rejectsUnreported,
        withStep(value, this.step(valueNode, "rejects the promise", "assign")),
      );
      return;
    }
    ctx.summary.throws = join(ctx.summary.throws, value);
    this.findings.checkSink(
      value,
      { node: valueNode, call: statement, callee: "throw", purpose: "error_reporting" },
      ctx,
    );
  }

  /**
   * Returns true when the method that `call` calls is declared only in declaration files, as
   * `Promise.prototype.then` is, or resolves to nothing. A `then` of this project's own class
   * runs its callback in its own way.
   */
  private isLibraryMethod(call: ts.CallExpression): boolean {
    const callee = call.expression;
    if (!ts.isPropertyAccessExpression(callee)) return false;
    return this.resolutions
      .resolve(callee.name)
      .declarations.every((declaration) => declaration.getSourceFile().isDeclarationFile);
  }

  /** Reports values that reject a promise that nothing handles, at `node` where it ends. */
  reportUnhandled(value: Taint, node: ts.Node, ctx: UnitContext): void {
    if (isEmpty(value)) return;
    this.findings.checkSink(
      value,
      { node, call: node, callee: "throw", purpose: "error_reporting" },
      ctx,
    );
  }

  /** Sends what a called function throws to the nearest `catch`, or on to this unit's callers. */
  propagateThrow(value: Taint, ctx: UnitContext): void {
    const holder = ctx.catchStack[ctx.catchStack.length - 1];
    if (holder) holder.thrown = join(holder.thrown, value);
    else ctx.summary.throws = join(ctx.summary.throws, value);
  }

  /** Adds a returned value to the summary, with its elements when it is an array literal. */
  private addReturn(fn: FunctionNode, value: Taint, node: ts.Expression, ctx: UnitContext): void {
    const elements = returnedElements(node)?.map((element) => this.returnValue(fn, element, node));
    ctx.summary.addReturn(this.returnValue(fn, value, node), elements);
  }

  /** A returned value, with a step and with `@zone` and `@reclassify` of the function applied by callers. */
  private returnValue(fn: FunctionNode, value: Taint, node: ts.Node): Taint {
    return withStep(value, this.step(node, `returned from \`${functionName(fn)}\``, "return"));
  }

  /** PZ002 for a function annotated `@zone` whose return value carries zones it does not list. */
  private checkDeclaredReturn(fn: FunctionNode, ctx: UnitContext): void {
    const declaration =
      ts.isArrowFunction(fn) || ts.isFunctionExpression(fn) ? (variableOf(fn) ?? fn) : fn;
    const annotated = zoneAnnotations(declaration);
    if (annotated.length === 0) return;
    this.findings.checkAnnotatedTarget(declaration, ctx.summary.returns, fn.body ?? fn, ctx);
  }

  /**
   * The `new` calls being applied, innermost last: the constructor, and the values that it
   * stores in the fields of the object it builds, by field name.
   */
  readonly constructions: { fn: ts.ConstructorDeclaration; fields: Map<string, Taint> }[] = [];

  /** Checks a value written to `target` against its annotations, and adds the step of the write. */
  private assigned(
    target: ts.Node,
    value: Taint,
    ctx: UnitContext,
    valueNode: ts.Node,
    message: string | undefined,
    addStep: boolean,
  ): Taint {
    if (!addStep) return value;
    this.findings.checkAnnotatedTarget(target, value, valueNode, ctx);
    const label = message ?? `assigned to \`${declarationName(target)}\``;
    return withStep(value, this.step(assignedName(target, valueNode), label, "assign"));
  }

  /**
   * Writes what a constructor stores in a field of its object, at a `new` call that is being
   * applied. The value goes to the object that the call builds, and to the field's entry for
   * constructors (`constructedKey`), which reads of the field through `this` join in. A read
   * through a `const` that the call initialised takes the object's own value instead.
   */
  writeConstructed(
    target: ts.Node,
    value: Taint,
    ctx: UnitContext,
    valueNode: ts.Node,
    message?: string,
    addStep = true,
  ): void {
    if (isEmpty(value)) return;
    const stepped = this.assigned(target, value, ctx, valueNode, message, addStep);
    const construction = this.constructions[this.constructions.length - 1];
    const key = constructedKey(target);
    if (construction && key)
      construction.fields.set(key.text, join(construction.fields.get(key.text) ?? EMPTY, stepped));
    // What depends on the caller's arguments is written where the caller is called.
    if (!ts.isSourceFile(ctx.unit)) {
      const symbolic = mapLabels(stepped, (label) => (label.param ? label : undefined));
      if (!isEmpty(symbolic)) ctx.summary.addEffect(target, symbolic);
    }
    const concrete = mapLabels(stepped, (label) => (label.param ? undefined : label));
    if (key) this.writeStore(key, concrete);
  }

  /**
   * Writes a value into a declaration. Symbolic parameter labels stay in the store only when the
   * declaration is local to the unit; otherwise they become an effect in the unit's summary.
   */
  write(
    target: ts.Node,
    value: Taint,
    ctx: UnitContext,
    valueNode: ts.Node,
    message?: string,
    addStep = true,
  ): void {
    if (isEmpty(value)) return;
    const stepped = this.assigned(target, value, ctx, valueNode, message, addStep);
    const local =
      ts.isSourceFile(ctx.unit) || (isVariableLike(target) && isInside(target, ctx.unit));
    const concrete = local
      ? stepped
      : mapLabels(stepped, (label) => (label.param ? undefined : label));
    if (!local) {
      const symbolic = mapLabels(stepped, (label) => (label.param ? label : undefined));
      if (!isEmpty(symbolic)) ctx.summary.addEffect(target, symbolic);
    }
    this.writeStore(target, concrete);
    const version = ts.isVariableDeclaration(target)
      ? versionWritten(target, valueNode)
      : undefined;
    if (version) this.writeStore(version, concrete);
  }

  writeStore(target: ts.Node, value: Taint): void {
    if (isEmpty(value)) return;
    const previous = this.store.get(target);
    let next = bounded(previous ? join(previous, value) : value);
    if (previous && widened(this.storeChanges, target)) next = widen(next);
    this.store.set(target, next);
    this.noteWriter(target);
    if (previous && sameLabels(previous, next)) return;
    // New fields do not count towards widening: `bounded` limits how many a value takes, and
    // records and state objects that many functions each add a key to are common.
    if (this.countingChanges && previous && grewLabels(previous, next))
      countChange(this.storeChanges, target);
    this.invalidate(target);
  }

  /**
   * Stores functions in a field or variable (`storage`), for the calls through it. The units
   * that read the storage run again when a function is new there.
   */
  writeFunctions(storage: ts.Node, functions: readonly FunctionNode[]): void {
    let list = this.functionStore.get(storage);
    const before = list?.length ?? 0;
    for (const fn of functions)
      if (!list?.includes(fn) && (list?.length ?? 0) < MAX_STORED_FUNCTIONS) (list ??= []).push(fn);
    if (!list) return;
    this.functionStore.set(storage, list);
    this.noteWriter(storage);
    if (list.length > before) this.invalidate(storage);
  }

  /** Returns the functions stored in a field or variable, and records the read. */
  readFunctions(storage: ts.Node): readonly FunctionNode[] {
    this.track(storage);
    return this.functionStore.get(storage) ?? [];
  }

  /** Records that the current unit wrote the entry at `target`, so that an edit can undo it. */
  private noteWriter(target: ts.Node): void {
    const written = this.written();
    // The writers of a key and the keys a unit wrote list each other.
    const added = written ? addUnit(this.writers, target, this.current!) : "present";
    if (added !== "present") (written!.store ??= []).push(target);
    if (added === "new key") addTo(this.keysByFile, target.getSourceFile(), target);
  }

  /** Records an expression's value for fixes and for `expressionValue`. */
  remember(node: ts.Node, value: Taint): Taint {
    const capture = this.capture;
    if (capture && this.current === capture.unit && !isEmpty(value) && isHoverTarget(node)) {
      const previous = capture.values.get(node);
      capture.values.set(node, previous ? join(previous, value) : value);
    }
    // Queries evaluate without a unit, and what they see is not kept. A file's top level can be
    // long, so an analysis that is kept for the editor stores its values for hovers.
    if (
      this.current &&
      !isEmpty(value) &&
      ((this.options.fixes !== false && isPropertyValue(node)) ||
        (this.records && ts.isSourceFile(this.current) && isHoverTarget(node)))
    ) {
      const previous = this.expressionTaints.get(node);
      this.expressionTaints.set(node, previous ? join(previous, value) : value);
      const written = this.written();
      if (!previous && written) (written.remembered ??= []).push(node);
    }
    return value;
  }

  step(
    node: ts.Node,
    message: string,
    kind: PathStepKind,
    inferred = false,
    parameter?: ts.ParameterDeclaration,
  ): FlowStep {
    // Many steps share a message ("returned from `getUser`" at every call of it), and each
    // evaluation builds its messages again, so one copy of each is kept.
    let shared = this.messages.get(message);
    if (shared === undefined) this.messages.set(message, (shared = message));
    return parameter
      ? { node, message: shared, kind, inferred, parameter }
      : { node, message: shared, kind, inferred };
  }

  /** Guards against stack overflow on very deep expressions. */
  enter(ctx: UnitContext): boolean {
    return ctx.depth < MAX_EXPRESSION_DEPTH;
  }

  /** Marks the analysis incomplete where `enter` left out an expression nested too deeply. */
  noteTooDeep(node: ts.Node): void {
    if (this.incomplete) return;
    const file = node.getSourceFile();
    const { line } = file.getLineAndCharacterOfPosition(node.getStart());
    this.incomplete = `skipped an expression nested more than ${MAX_EXPRESSION_DEPTH} levels deep (${path.basename(file.fileName)}:${line + 1})`;
  }

  /** Functions annotated with a reasoned `@reclassify`, for "Pass through" fixes. */
  reclassifiers(): ReclassifierFunction[] {
    if (!this.reclassifierList) {
      const list: ReclassifierFunction[] = [];
      this.reclassifierList = list;
      for (const file of this.options.files) {
        let own = reclassifiersByFile.get(file);
        if (!own) reclassifiersByFile.set(file, (own = fileReclassifiers(file)));
        list.push(...own);
      }
    }
    return this.reclassifierList;
  }
}

/**
 * The reclassifier functions that each file declares, by file version. An update lists them
 * again, and unchanged files keep their version, so only edited files are searched again.
 */
const reclassifiersByFile = new WeakMap<ts.SourceFile, ReclassifierFunction[]>();

/** Lists the functions of `file` annotated `@reclassify` with a reason. */
function fileReclassifiers(file: ts.SourceFile): ReclassifierFunction[] {
  const list: ReclassifierFunction[] = [];
  if (!file.text.includes("@reclassify")) return list;
  forEachAnnotated(file, (node) => {
    const declaration = ts.isVariableStatement(node) ? node.declarationList.declarations[0] : node;
    if (
      !declaration ||
      !(ts.isFunctionDeclaration(declaration) || ts.isVariableDeclaration(declaration))
    )
      return;
    if (!declaration.name || !ts.isIdentifier(declaration.name)) return;
    for (const annotation of reclassifyAnnotations(declaration)) {
      if (!annotation.reason) continue;
      const from = annotation.from === "*" ? "*" : annotation.from.map((token) => token.name);
      const holder = ts.isVariableStatement(node) ? node : declaration;
      const exported =
        ts.canHaveModifiers(holder) &&
        (ts
          .getModifiers(holder)
          ?.some((modifier) => modifier.kind === ts.SyntaxKind.ExportKeyword) ??
          false);
      list.push({ name: declaration.name.text, file, from, exported });
    }
  });
  return list;
}

/** Adds a key to the keys of its file. Callers add each key once, so a list needs no check. */
function addTo(keysByFile: Map<ts.SourceFile, ts.Node[]>, file: ts.SourceFile, key: ts.Node) {
  const keys = keysByFile.get(file);
  if (keys) keys.push(key);
  else keysByFile.set(file, [key]);
}

function removeFrom<T>(list: T[], item: T): void {
  const index = list.indexOf(item);
  if (index >= 0) list.splice(index, 1);
}

/**
 * The units of one key. Most keys have a few, and an array of them takes far less memory than a
 * set. Past SMALL_UNITS they move to a set, so that adding one stays cheap.
 */
type Units = Unit[] | Set<Unit>;
const SMALL_UNITS = 8;

/** The maximum number of functions that one field or variable stores. */
const MAX_STORED_FUNCTIONS = 32;

/** Adds `unit` under `key`. Returns "present" when it was there already and "new key" for a new key. */
function addUnit(
  unitsByKey: Map<ts.Node, Units>,
  key: ts.Node,
  unit: Unit,
): "new key" | "added" | "present" {
  const units = unitsByKey.get(key);
  if (!units) {
    unitsByKey.set(key, [unit]);
    return "new key";
  }
  if (!Array.isArray(units)) {
    if (units.has(unit)) return "present";
    units.add(unit);
  } else {
    if (units[units.length - 1] === unit || units.includes(unit)) return "present";
    if (units.length < SMALL_UNITS) units.push(unit);
    else unitsByKey.set(key, new Set([...units, unit]));
  }
  return "added";
}

function deleteUnit(unitsByKey: Map<ts.Node, Units>, key: ts.Node, unit: Unit): void {
  const units = unitsByKey.get(key);
  if (!units) return;
  if (!Array.isArray(units)) units.delete(unit);
  else {
    const index = units.indexOf(unit);
    if (index >= 0) units.splice(index, 1);
  }
}

/**
 * Entries that one unit wrote, by the map they are in. Most units write few entries, so each list
 * is an array, made at the first entry.
 */
interface UnitWrites {
  store?: ts.Node[];
  /** Keys of sink and annotated-target hits. */
  hits?: ts.Node[];
  /** Expressions whose values the unit recorded first. */
  remembered?: ts.Node[];
  models?: object[];
}

export interface ReclassifierFunction {
  name: string;
  file: ts.SourceFile;
  from: string[] | "*";
  exported: boolean;
}

function collectUnits(file: ts.SourceFile, units: Unit[]): void {
  const functions: Unit[] = [];
  walkDescendants(file, (node) => {
    if (isFunctionNode(node)) functions.push(node);
  });
  // Inner functions go first, so that callee summaries are more often ready before their callers run.
  units.push(...functions.reverse(), file);
}

/** Returns the unit that evaluates `node`, which is the function around it or its file. */
export function unitAround(node: ts.Node): Unit | undefined {
  for (let parent = node.parent; parent; parent = parent.parent) {
    if (isFunctionNode(parent)) return parent;
    if (ts.isSourceFile(parent)) return parent;
  }
  return undefined;
}

/**
 * True when evaluating `unit` evaluates `node`: a node of a file's top level, or one in a
 * function's body or parameters rather than in its decorators, name or types.
 */
function evaluatesNode(unit: Unit, node: ts.Node): boolean {
  if (ts.isSourceFile(unit)) return true;
  if (unit.body && isInside(node, unit.body)) return true;
  return unit.parameters.some(
    (parameter) =>
      isInside(node, parameter.name) ||
      (parameter.initializer !== undefined && isInside(node, parameter.initializer)),
  );
}

/** True for the expressions that hovers show the value of: names and property reads. */
function isHoverTarget(node: ts.Node): boolean {
  return ts.isIdentifier(node) || ts.isPropertyAccessExpression(node);
}

/** True for the value of an object literal's property, which the "remove the field" fix reads. */
function isPropertyValue(node: ts.Node): boolean {
  const parent = node.parent;
  return (
    (ts.isPropertyAssignment(parent) && parent.initializer === node) ||
    (ts.isShorthandPropertyAssignment(parent) && parent.name === node)
  );
}

/** Variables and parameters, whose values live in one call; not properties, which outlive it. */
function isVariableLike(declaration: ts.Node): boolean {
  if (ts.isParameter(declaration))
    return !ts.isParameterPropertyDeclaration(declaration, declaration.parent);
  return ts.isVariableDeclaration(declaration) || ts.isBindingElement(declaration);
}

export function isInside(node: ts.Node, ancestor: ts.Node): boolean {
  for (let current: ts.Node | undefined = node; current; current = current.parent) {
    if (current === ancestor) return true;
  }
  return false;
}

/**
 * Returns the node that a write's step points at: the variable's name where an assignment such
 * as `text = user.email` writes it, and the declaration's name otherwise.
 */
function assignedName(target: ts.Node, valueNode: ts.Node): ts.Node {
  const parent = valueNode.parent;
  if (
    ts.isVariableDeclaration(target) &&
    parent &&
    ts.isBinaryExpression(parent) &&
    (parent.left === valueNode || parent.right === valueNode) &&
    ts.isIdentifier(parent.left) &&
    parent.operatorToken.kind >= ts.SyntaxKind.FirstAssignment &&
    parent.operatorToken.kind <= ts.SyntaxKind.LastAssignment
  )
    return parent.left;
  return nameNodeOf(target);
}

export function nameNodeOf(declaration: ts.Node): ts.Node {
  // JavaScript declares `this.x = value` and `Box.prototype.m = f` by assignment.
  if (ts.isBinaryExpression(declaration)) return nameNodeOf(declaration.left);
  const name = (declaration as { name?: ts.Node }).name;
  return name ?? declaration;
}

export function declarationName(declaration: ts.Node): string {
  if (ts.isBinaryExpression(declaration)) return declaration.left.getText();
  const name = (declaration as { name?: ts.Node }).name;
  if (name && (ts.isIdentifier(name) || ts.isPrivateIdentifier(name) || ts.isStringLiteral(name))) {
    const owner = declaration.parent;
    if (
      (ts.isPropertyDeclaration(declaration) ||
        ts.isPropertySignature(declaration) ||
        ts.isGetAccessor(declaration)) &&
      owner &&
      (ts.isClassLike(owner) || ts.isInterfaceDeclaration(owner)) &&
      owner.name
    ) {
      return `${owner.name.text}.${name.text}`;
    }
    return name.text;
  }
  if (ts.isFunctionLike(declaration)) return functionName(declaration as FunctionNode);
  return declaration.getText().slice(0, 40);
}

export function functionName(fn: ts.Node): string {
  if (ts.isConstructorDeclaration(fn))
    return `${(fn.parent as ts.ClassLikeDeclaration).name?.text ?? "class"} constructor`;
  const name = (fn as { name?: ts.Node }).name;
  if (name && (ts.isIdentifier(name) || ts.isPrivateIdentifier(name))) {
    const owner = fn.parent;
    if (ts.isClassLike(owner) && owner.name) return `${owner.name.text}.${name.text}`;
    return name.text;
  }
  const variable = variableOf(fn) ?? wrapperVariable(fn);
  if (variable && ts.isIdentifier(variable.name)) return variable.name.text;
  if (ts.isPropertyAssignment(fn.parent) && ts.isIdentifier(fn.parent.name))
    return fn.parent.name.text;
  return "anonymous function";
}

/**
 * Returns the variable that React's wrapper of a function initialises, as `Row` in
 * `const Row = memo((props) => ...)` or `save` in `const save = useCallback((value) => ...)`.
 */
function wrapperVariable(fn: ts.Node): ts.VariableDeclaration | undefined {
  const call = fn.parent;
  if (!call || !ts.isCallExpression(call) || call.arguments[0] !== fn) return undefined;
  const callee = call.expression;
  const name = ts.isPropertyAccessExpression(callee) ? callee.name : callee;
  return ts.isIdentifier(name) && NAMED_WRAPPERS.has(name.text) ? variableOf(call) : undefined;
}

const NAMED_WRAPPERS = new Set(["memo", "forwardRef", "useCallback", "useEvent", "useEffectEvent"]);

/** The variable that a function expression initialises, as in `const f = () => ...`. */
export function variableOf(fn: ts.Node): ts.VariableDeclaration | undefined {
  let parent = fn.parent;
  while (
    parent &&
    (ts.isParenthesizedExpression(parent) ||
      ts.isAsExpression(parent) ||
      ts.isSatisfiesExpression(parent))
  )
    parent = parent.parent;
  return parent && ts.isVariableDeclaration(parent) && parent.initializer !== undefined
    ? parent
    : undefined;
}
