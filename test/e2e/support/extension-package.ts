/** Finds or builds the extension's .vsix and reads what the installed manifest contributes. */
import { execFile } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { promisify } from "node:util";
import { REPO_ROOT, TIMEOUTS } from "./environment";

const execFileAsync = promisify(execFile);

/** The parts of an extension manifest (package.json) that the scenarios check. */
export interface ExtensionManifest {
  name: string;
  publisher: string;
  version: string;
  displayName?: string;
  scripts?: Record<string, string>;
  contributes?: {
    commands?: { command: string; title: string; category?: string }[];
    viewsContainers?: Record<string, { id: string; title: string }[]>;
    views?: Record<string, { id: string; name: string }[]>;
  };
}

/** A contributed command, with the title the command palette shows. */
export interface ContributedCommand {
  id: string;
  /** "Category: Title", as typed into the command palette. */
  paletteTitle: string;
}

/** A contributed view and the activity bar container that contains it. */
export interface ContributedView {
  id: string;
  name: string;
  containerTitle: string;
}

/** Reads and parses a package.json. */
export function readManifest(file: string): ExtensionManifest {
  return JSON.parse(fs.readFileSync(file, "utf8")) as ExtensionManifest;
}

/**
 * Returns the .vsix to install: PRIVACY_ZONES_E2E_VSIX if set, else `<name>-<version>.vsix` in the
 * repository root. Runs `npm run package` when that file is missing or older than the bundles.
 */
export async function resolveVsix(log: (line: string) => void): Promise<string> {
  const override = process.env.PRIVACY_ZONES_E2E_VSIX;
  if (override) {
    if (!fs.existsSync(override)) {
      throw new Error(`PRIVACY_ZONES_E2E_VSIX points to ${override}, which does not exist`);
    }
    return path.resolve(override);
  }
  const manifest = readManifest(path.join(REPO_ROOT, "package.json"));
  const expected = path.join(REPO_ROOT, `${manifest.name}-${manifest.version}.vsix`);
  if (fs.existsSync(expected) && !isOlderThanBundles(expected)) return expected;

  if (!manifest.scripts?.package) {
    throw new Error(
      `${expected} does not exist and package.json has no "package" script to build it; ` +
        `add one that runs "vsce package", or set PRIVACY_ZONES_E2E_VSIX to a built .vsix`,
    );
  }
  log(`building ${path.basename(expected)} with npm run package`);
  const started = Date.now();
  try {
    await execFileAsync("npm", ["run", "package"], {
      cwd: REPO_ROOT,
      timeout: TIMEOUTS.command,
      maxBuffer: 64 * 1024 * 1024,
    });
  } catch (error) {
    const { stdout, stderr } = error as { stdout?: string; stderr?: string };
    throw new Error(`npm run package failed:\n${stdout ?? ""}\n${stderr ?? ""}`, { cause: error });
  }
  log(`npm run package finished in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  if (fs.existsSync(expected)) return expected;
  const built = newestVsixSince(started);
  if (!built) throw new Error(`npm run package succeeded but wrote no .vsix into ${REPO_ROOT}`);
  return built;
}

/** True when a bundle that goes into the package was built after the package. */
function isOlderThanBundles(vsix: string): boolean {
  const packaged = fs.statSync(vsix).mtimeMs;
  const bundles = [
    "client/out/extension.js",
    "server/out/server.js",
    "server/out/analysis-thread.js",
    "server/out/engine.bundle.js",
  ];
  return bundles.some((bundle) => {
    const file = path.join(REPO_ROOT, bundle);
    return fs.existsSync(file) && fs.statSync(file).mtimeMs > packaged;
  });
}

function newestVsixSince(since: number): string | undefined {
  return fs
    .readdirSync(REPO_ROOT)
    .filter((name) => name.endsWith(".vsix"))
    .map((name) => path.join(REPO_ROOT, name))
    .filter((file) => fs.statSync(file).mtimeMs >= since - 1000)
    .sort((a, b) => fs.statSync(b).mtimeMs - fs.statSync(a).mtimeMs)[0];
}

/** Finds a contributed command by its title, such as "Open Lineage Graph". */
export function findCommand(
  manifest: ExtensionManifest,
  title: RegExp,
): ContributedCommand | undefined {
  const command = manifest.contributes?.commands?.find((entry) => title.test(entry.title));
  if (!command) return undefined;
  const paletteTitle = command.category ? `${command.category}: ${command.title}` : command.title;
  return { id: command.command, paletteTitle };
}

/** Finds a view by its name, such as "Lineage", that sits in an activity bar container. */
export function findActivityBarView(
  manifest: ExtensionManifest,
  name: RegExp,
): ContributedView | undefined {
  const containers = manifest.contributes?.viewsContainers?.activitybar ?? [];
  for (const container of containers) {
    const view = manifest.contributes?.views?.[container.id]?.find((entry) =>
      name.test(entry.name),
    );
    if (view) return { id: view.id, name: view.name, containerTitle: container.title };
  }
  return undefined;
}
