import * as v8 from "node:v8";
import * as vm from "node:vm";

/** V8's full garbage collection, or null where it cannot be exposed. */
let fullCollection: (() => void) | null | undefined;

/**
 * Runs a full garbage collection, where V8 lets the process expose it, and returns its
 * duration in milliseconds.
 */
export function collectGarbage(): number {
  const started = performance.now();
  if (fullCollection === undefined) {
    try {
      v8.setFlagsFromString("--expose-gc");
      fullCollection = vm.runInNewContext("gc") as () => void;
    } catch {
      fullCollection = null;
    }
  }
  fullCollection?.();
  return performance.now() - started;
}
