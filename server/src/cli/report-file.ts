import * as fs from "node:fs";
import * as path from "node:path";
import { UsageError } from "./targets";

/**
 * Checks that `--output FILE` can be written before the analysis starts, so that a wrong path
 * fails at once. Raises a `UsageError` that names the path and the reason.
 */
export function checkReportFile(file: string): void {
  const stat = statIfExists(file);
  if (stat?.isDirectory()) throw cannotWrite(file, "it is a folder");
  const folder = path.dirname(path.resolve(file));
  if (!stat) {
    const folderStat = statIfExists(folder);
    if (!folderStat) throw cannotWrite(file, describeErrorCode("ENOENT", file));
    if (!folderStat.isDirectory()) throw cannotWrite(file, describeErrorCode("ENOTDIR", file));
  }
  raiseIfFails(file, () => fs.accessSync(stat ? file : folder, fs.constants.W_OK));
}

/**
 * Writes the report to `file`. A regular file is written to a temporary file in the same folder
 * and renamed over `file`, so that a failed write leaves no partial report. Other targets, such
 * as /dev/stdout or a named pipe, and files in a folder that only allows writing the file itself,
 * are written in place.
 */
export function writeReportFile(file: string, text: string): void {
  const stat = statIfExists(file);
  if (stat?.isDirectory()) throw cannotWrite(file, "it is a folder");
  const writeInPlace = () => raiseIfFails(file, () => fs.writeFileSync(file, text));
  if (stat && !stat.isFile()) return writeInPlace();
  // The rename replaces the target of a symbolic link, not the link.
  const target = stat ? fs.realpathSync(file) : path.resolve(file);
  const temporary = path.join(path.dirname(target), `.${path.basename(target)}.${process.pid}.tmp`);
  try {
    fs.writeFileSync(temporary, text, { flag: "wx" });
  } catch (error) {
    // "wx" fails with EEXIST on a file of another run, which stays.
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") fs.rmSync(temporary, { force: true });
    if (stat && isPermissionError(error)) return writeInPlace();
    throw cannotWrite(file, describeError(error, file));
  }
  raiseIfFails(file, () => {
    try {
      fs.renameSync(temporary, target);
    } finally {
      fs.rmSync(temporary, { force: true });
    }
  });
}

function raiseIfFails(file: string, action: () => void): void {
  try {
    action();
  } catch (error) {
    throw cannotWrite(file, describeError(error, file));
  }
}

function isPermissionError(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException).code;
  return code === "EACCES" || code === "EPERM" || code === "EROFS";
}

function describeError(error: unknown, file: string): string {
  const code = (error as NodeJS.ErrnoException).code;
  return code ? describeErrorCode(code, file) : String(error);
}

function describeErrorCode(code: string, file: string): string {
  switch (code) {
    case "ENOENT":
      return `the folder ${path.dirname(file)} does not exist`;
    case "ENOTDIR":
      return `${path.dirname(file)} is not a folder`;
    case "EISDIR":
      return "it is a folder";
    case "EACCES":
    case "EPERM":
      return "permission denied";
    case "EROFS":
      return "the file system is read-only";
    case "ENOSPC":
      return "no space left on the device";
    default:
      return `the system reported ${code}`;
  }
}

function cannotWrite(file: string, reason: string): UsageError {
  return new UsageError(`Cannot write the report to ${file}: ${reason}.`);
}

/** Returns the file's status, or undefined when nothing exists at that path. */
function statIfExists(file: string): fs.Stats | undefined {
  try {
    return fs.statSync(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "ENOENT" || code === "ENOTDIR") return undefined;
    throw cannotWrite(file, describeError(error, file));
  }
}
