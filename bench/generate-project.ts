/**
 * Generates a synthetic TypeScript service of about a given number of lines, deterministically
 * from a seed. Each module has a model, a service class that calls other modules' services, and
 * express handlers; wiring files construct the services in dependency order.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { handlerFile, modelFile } from "./model-and-handler";
import { moduleNames, type ModuleNames } from "./naming";
import { Prng } from "./prng";
import { editMarker, editReplacement, serviceFile } from "./service-template";
import { LIBRARY_FILES, TSCONFIG, VENDOR_DECLARATIONS } from "./shared-files";

/** Modules constructed by one wiring file. */
const MODULES_PER_WIRING_FILE = 20;

/** A one-line edit that the language-server benchmark applies to a file. */
export interface EditTarget {
  file: string;
  /** The exact text of the line to replace, without indentation. */
  line: string;
  replacement: string;
}

/** A generated project: its folder, its size and one edit target per module. */
export interface GeneratedProject {
  dir: string;
  files: number;
  lines: number;
  /** One edit per service file, in module order. */
  edits: EditTarget[];
}

/** Writes a project of about `targetLines` lines into `dir`, replacing what was there. */
export function generateProject(dir: string, targetLines: number, seed: number): GeneratedProject {
  fs.rmSync(dir, { recursive: true, force: true });
  const prng = new Prng(seed);
  const written = new Map<string, string>([
    ["tsconfig.json", TSCONFIG],
    ["src/types/vendor.d.ts", VENDOR_DECLARATIONS],
    ...Object.entries(LIBRARY_FILES),
  ]);
  let lines = countAllLines(written);
  const modules: ModuleNames[] = [];
  const edits: EditTarget[] = [];
  const wiringLines = new Map<number, string[]>();
  while (lines < targetLines) {
    const names = moduleNames(modules.length);
    const deps = pickDependencies(modules, prng);
    const files: [string, string][] = [
      [`src/models/${names.id}.ts`, modelFile(names, prng)],
      [`src/services/${names.id}-service.ts`, serviceFile(names, prng, deps)],
      [`src/handlers/${names.id}-handler.ts`, handlerFile(names, prng)],
    ];
    for (const [file, text] of files) {
      written.set(file, text);
      lines += countLines(text);
    }
    edits.push({
      file: path.join(dir, `src/services/${names.id}-service.ts`),
      line: editMarker(names),
      replacement: editReplacement(names),
    });
    addWiring(wiringLines, names, deps);
    lines += 2;
    modules.push(names);
  }
  for (const [group, body] of wiringLines) {
    const text = wiringFile(group, body);
    written.set(wiringPath(group), text);
  }
  for (const [file, text] of written) {
    const target = path.join(dir, file);
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.writeFileSync(target, text);
  }
  return { dir, files: written.size, lines: countAllLines(written), edits };
}

/** Picks up to two earlier modules, mostly recent ones, as a module's dependencies. */
function pickDependencies(modules: ModuleNames[], prng: Prng): ModuleNames[] {
  if (modules.length === 0) return [];
  const recent = modules.slice(-30);
  return prng.sample(recent, prng.int(1, Math.min(2, recent.length)));
}

function wiringPath(group: number): string {
  return `src/app/wiring-${group}.ts`;
}

/** Adds a module's construction to its wiring file, importing dependencies from other groups. */
function addWiring(wiring: Map<number, string[]>, names: ModuleNames, deps: ModuleNames[]): void {
  const group = Math.floor(names.index / MODULES_PER_WIRING_FILE);
  const body = wiring.get(group) ?? [];
  wiring.set(group, body);
  body.push(`import { ${names.type}Service } from "../services/${names.id}-service";`);
  body.push(`import { create${names.type}Handlers } from "../handlers/${names.id}-handler";`);
  for (const dep of deps) {
    const depGroup = Math.floor(dep.index / MODULES_PER_WIRING_FILE);
    if (depGroup !== group) body.push(`import { ${dep.id} } from "./wiring-${depGroup}";`);
  }
  const args = ["openai", ...deps.map((dep) => dep.id)].join(", ");
  body.push(`export const ${names.id} = new ${names.type}Service(${args});`);
  body.push(`export const ${names.id}Handlers = create${names.type}Handlers(${names.id});`);
}

/** Returns a wiring file, with its import lines first and without duplicate imports. */
function wiringFile(group: number, body: string[]): string {
  const imports = [...new Set(body.filter((line) => line.startsWith("import ")))].sort();
  const statements = body.filter((line) => !line.startsWith("import "));
  return `// Constructs the services and handlers of modules group ${group}.
import { openai } from "../lib/llm";
${imports.join("\n")}

${statements.join("\n")}
`;
}

function countLines(text: string): number {
  return text.split("\n").length - (text.endsWith("\n") ? 1 : 0);
}

function countAllLines(files: Map<string, string>): number {
  let total = 0;
  for (const text of files.values()) total += countLines(text);
  return total;
}
