/** Runs a command under GNU time and returns its wall time and peak resident set size. */
import { spawn } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

const GNU_TIME = "/usr/bin/time";

/** The outcome of one timed run. */
export interface ProcessRun {
  wallMs: number;
  /** Peak resident set size in MiB, as GNU time reports it (`%M`, in KiB). */
  maxRssMb: number;
  exitCode: number | null;
  timedOut: boolean;
  /** The last lines of stdout and stderr, for failure messages. */
  outputTail: string;
}

/** Fails early with the fix when GNU time is missing. */
export function assertGnuTime(): void {
  if (!fs.existsSync(GNU_TIME)) {
    throw new Error(`${GNU_TIME} not found; install it with \`apt-get install time\`.`);
  }
}

/**
 * Runs `command` with `args` in `cwd`, and kills it after `timeoutMs`. Wall time is measured here
 * from spawn to exit, because GNU time prints it with only 10 ms resolution.
 */
export function runTimed(
  command: string,
  args: string[],
  cwd: string,
  timeoutMs: number,
): Promise<ProcessRun> {
  const rssFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "pz-bench-")), "rss");
  const started = performance.now();
  const child = spawn(GNU_TIME, ["-f", "%M", "-o", rssFile, command, ...args], {
    cwd,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  const keep = (chunk: Buffer): void => {
    output = (output + chunk.toString()).slice(-4000);
  };
  child.stdout.on("data", keep);
  child.stderr.on("data", keep);
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    child.kill("SIGKILL");
  }, timeoutMs);
  return new Promise((resolve, reject) => {
    child.on("error", reject);
    child.on("close", (exitCode) => {
      clearTimeout(timer);
      const wallMs = performance.now() - started;
      const rssKb = readRss(rssFile);
      fs.rmSync(path.dirname(rssFile), { recursive: true, force: true });
      const tail = output.split("\n").slice(-15).join("\n");
      resolve({ wallMs, maxRssMb: rssKb / 1024, exitCode, timedOut, outputTail: tail });
    });
  });
}

/** Reads the KiB figure that GNU time wrote last; it writes a status line first on failure. */
function readRss(file: string): number {
  try {
    const lines = fs.readFileSync(file, "utf8").trim().split("\n");
    const value = Number(lines.at(-1));
    return Number.isFinite(value) ? value : Number.NaN;
  } catch {
    return Number.NaN;
  }
}
