/** The performance targets of the analysis, checked against measured results. */
import type { ProjectResult } from "./measure-project";

/** One target checked on one project, or on the whole series. */
export interface TargetCheck {
  target: string;
  scope: string;
  /** The measured value in the target's unit, or NaN when it was not measured. */
  measured: number;
  limit: number;
  unit: string;
  met: boolean | undefined;
}

const LARGE = ["100k", "300k"];

/** Checks every target that the results allow; missing projects give `met: undefined`. */
export function checkTargets(results: ProjectResult[]): TargetCheck[] {
  const byName = new Map(results.map((result) => [result.name, result]));
  const checks: TargetCheck[] = [];
  const add = (target: string, scope: string, measured: number, limit: number, unit: string) =>
    checks.push({ target, scope, measured, limit, unit, met: verdict(measured, limit) });
  for (const name of LARGE) {
    const result = byName.get(name);
    const check = result?.check.wallMs ?? Number.NaN;
    add(
      "cold check ≤ 0.8 × tsc --noEmit",
      name,
      check / (result?.tsc.wallMs ?? Number.NaN),
      0.8,
      "×",
    );
    add(
      "cold check ≤ 0.5 × type-aware ESLint",
      name,
      check / (result?.eslint.wallMs ?? Number.NaN),
      0.5,
      "×",
    );
  }
  const mid = byName.get("100k");
  add("edit to diagnostics p95 ≤ 100 ms", "100k", mid?.editor.editP95Ms ?? Number.NaN, 100, "ms");
  for (const result of results) {
    const { editor } = result;
    add(
      "edit p95 ≤ tsserver semantic diagnostics p95",
      result.name,
      editor.editP95Ms / editor.tsserverP95Ms,
      1,
      "×",
    );
  }
  for (const name of LARGE) {
    const result = byName.get(name);
    const tscRss = result?.tsc.maxRssMb ?? Number.NaN;
    add(
      "check peak memory ≤ 1.5 × tsc",
      name,
      (result?.check.maxRssMb ?? Number.NaN) / tscRss,
      1.5,
      "×",
    );
    add(
      "server peak memory ≤ 1.5 × tsc",
      name,
      (result?.editor.peakRssMb ?? Number.NaN) / tscRss,
      1.5,
      "×",
    );
  }
  add(
    "check time per 10k lines grows ≤ 20 % from 10k to 300k",
    "10k–300k",
    linearityGrowth(results),
    0.2,
    "",
  );
  return checks;
}

/** Returns the cold-check time per 10k lines of a project, in ms. */
export function msPer10kLines(result: ProjectResult): number {
  return (result.check.wallMs / result.lines) * 10_000;
}

/**
 * Returns the largest growth of the check's time per 10k lines from the 10k project to the 100k
 * or 300k one, as a fraction (0.2 is 20 %), or NaN unless the 10k and 300k projects were measured.
 * A project that costs less per line than the 10k one counts as no growth, because fixed start-up
 * costs make small projects dear per line.
 */
function linearityGrowth(results: ProjectResult[]): number {
  const base = results.find((result) => result.name === "10k");
  const largest = results.find((result) => result.name === "300k");
  if (!base || !largest) return Number.NaN;
  const baseRate = msPer10kLines(base);
  const larger = results.filter((result) => ["100k", "300k"].includes(result.name));
  return Math.max(0, ...larger.map((result) => msPer10kLines(result) / baseRate - 1));
}

function verdict(measured: number, limit: number): boolean | undefined {
  return Number.isFinite(measured) ? measured <= limit : undefined;
}
