import * as fs from "node:fs";
import * as path from "node:path";
import { parseArgs } from "node:util";
import { runCheck } from "./check";
import { runLineage } from "./lineage-command";
import { CONFIG_FILE_NAME, InstallationError, ProjectConfigError } from "../engine";
import { UsageError } from "./targets";

const VERSION = "0.1.0";

const HELP = `Usage:
  privacy-zones check [paths...] [options]
      Checks TypeScript and JavaScript files for flows of zoned data that the policy does not allow.
      Paths are files or folders (default: the current folder).
      --config FILE         use this privacy-zones.json for every file
      --format FORMAT       text (default), json or sarif
      --output FILE         write the report to FILE instead of standard output
      --no-detection        do not infer zones from names such as email or phone
      --max-file-size N     skip files larger than N bytes (default 1048576)
      --fail-on-incomplete  exit 1 when an analysis stops early, or a file is skipped or has
                            syntax errors, even without enforced findings

  privacy-zones lineage FILE:LINE:COLUMN [options]
      Prints where the value at that position comes from and where it goes.
      --direction DIR       both (default), upstream or downstream
      --format FORMAT       tree (default), json, dot or mermaid
      --config FILE         as for check

  privacy-zones [check | lineage] --help
      Prints this text.

Exit codes: 0 no enforced findings, 1 enforced findings (or, with --fail-on-incomplete, an
incomplete check), 2 usage or config errors, 3 internal errors or an incomplete installation.
`;

function main(argv: string[]): number {
  const [command, ...rest] = argv;
  if (command === undefined || command === "--help" || command === "-h" || command === "help") {
    process.stdout.write(HELP);
    return command === undefined ? 2 : 0;
  }
  if (command === "--version" || command === "-v") {
    process.stdout.write(`${VERSION}\n`);
    return 0;
  }
  const { values, positionals } = parseArgs({
    args: rest,
    allowPositionals: true,
    options: {
      config: { type: "string" },
      format: { type: "string" },
      output: { type: "string" },
      detection: { type: "boolean", default: true },
      "no-detection": { type: "boolean" },
      "max-file-size": { type: "string" },
      "fail-on-incomplete": { type: "boolean" },
      direction: { type: "string" },
      "max-depth": { type: "string" },
      help: { type: "boolean", short: "h" },
    },
  });
  if (values.help) {
    process.stdout.write(HELP);
    return 0;
  }
  if (values.config !== undefined) checkConfigFile(values.config);
  const maxFileSize =
    values["max-file-size"] === undefined ? undefined : Number(values["max-file-size"]);
  if (maxFileSize !== undefined && !(maxFileSize > 0))
    throw new UsageError(
      `--max-file-size must be a positive number of bytes, not ${values["max-file-size"]}`,
    );
  const common = { configFile: values.config, detection: !values["no-detection"], maxFileSize };
  switch (command) {
    case "check":
      return runCheck(positionals.length > 0 ? positionals : ["."], {
        ...common,
        format: values.format ?? "text",
        output: values.output,
        version: VERSION,
        failOnIncomplete: values["fail-on-incomplete"] === true,
      });
    case "lineage":
      return runLineage(positionals, {
        ...common,
        format: values.format ?? "tree",
        direction: values.direction ?? "both",
        maxDepth: values["max-depth"],
      });
    default:
      throw new UsageError(
        `Unknown command \`${command}\`. Commands: check, lineage. Run \`privacy-zones --help\` for usage.`,
      );
  }
}

/** Raises a `UsageError` unless `--config FILE` names an existing file. */
function checkConfigFile(file: string): void {
  if (!fs.existsSync(file)) throw new UsageError(`Config file not found: ${file}`);
  if (!fs.statSync(file).isDirectory()) return;
  const inside = path.join(file, CONFIG_FILE_NAME);
  const hint = fs.existsSync(inside) ? ` Did you mean ${inside}?` : "";
  throw new UsageError(`--config names a folder, not a file: ${file}.${hint}`);
}

/** Runs the command line in `process.argv` and sets the process's exit code. */
export function runCli(): void {
  process.stdout.on("error", (error: NodeJS.ErrnoException) => {
    // A reader that closes the pipe early, as `| head` does, has what it wanted: stop quietly.
    if (error.code === "EPIPE") process.exit(process.exitCode ?? 0);
    process.stderr.write(`privacy-zones: cannot write to standard output: ${error.message}\n`);
    process.exit(3);
  });

  try {
    process.exitCode = main(process.argv.slice(2));
  } catch (error) {
    process.exitCode = reportError(error);
  }
}

/** Writes the message of an error that stopped the command and returns the exit code for it. */
function reportError(error: unknown): number {
  if (
    error instanceof UsageError ||
    error instanceof ProjectConfigError ||
    (error as { code?: string }).code?.startsWith("ERR_PARSE_ARGS")
  ) {
    process.stderr.write(`privacy-zones: ${(error as Error).message}\n`);
    return 2;
  }
  if (error instanceof InstallationError) {
    process.stderr.write(`privacy-zones: ${error.message}\n`);
    return 3;
  }
  process.stderr.write(
    `privacy-zones: internal error: ${(error as Error).stack ?? String(error)}\n`,
  );
  return 3;
}
