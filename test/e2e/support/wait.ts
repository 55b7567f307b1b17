/** Polling with a timeout, for conditions that no event reports. */
import { setTimeout as delay } from "node:timers/promises";

/**
 * Calls `check` every `intervalMs` until it returns a value other than undefined, and returns
 * that value. Throws when `timeoutMs` passes first, naming the awaited condition and the last error.
 */
export async function poll<T>(
  description: string,
  check: () => Promise<T | undefined> | T | undefined,
  timeoutMs: number,
  intervalMs = 250,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await check();
      if (value !== undefined) return value;
    } catch (error) {
      // A check that throws on purpose (a process that exited) should fail at once.
      if (error instanceof FatalPollError) throw error;
      lastError = error;
    }
    if (Date.now() > deadline) {
      const detail = lastError instanceof Error ? `; last error: ${lastError.message}` : "";
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${description}${detail}`);
    }
    await delay(intervalMs);
  }
}

/** An error that stops `poll` at once instead of being retried. */
export class FatalPollError extends Error {}
