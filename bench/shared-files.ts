/**
 * Files that every generated project shares: the compiler configuration, ambient declarations of
 * the libraries it imports, and the library wrappers that the modules call.
 */

/** The tsconfig.json of a generated project: strict, and no `@types` packages loaded. */
export const TSCONFIG = `${JSON.stringify(
  {
    compilerOptions: {
      target: "ES2022",
      module: "ES2022",
      moduleResolution: "bundler",
      lib: ["ES2022"],
      types: [],
      strict: true,
      noEmit: true,
      skipLibCheck: true,
    },
    include: ["src"],
  },
  null,
  2,
)}\n`;

/**
 * Ambient declarations of the imported libraries, trimmed to the members the generated code
 * calls, so that `tsc` passes without node_modules. They follow each library's public API.
 */
export const VENDOR_DECLARATIONS = `/** Declarations of the libraries this service imports, so it type-checks without installing them. */

interface Console {
  log(...data: unknown[]): void;
  warn(...data: unknown[]): void;
  error(...data: unknown[]): void;
}

declare var console: Console;

declare function setTimeout(callback: () => void, ms?: number): unknown;

declare module "pino" {
  export interface Logger {
    info(objectOrMessage: object | string, message?: string): void;
    warn(objectOrMessage: object | string, message?: string): void;
    error(objectOrMessage: object | string, message?: string): void;
    debug(objectOrMessage: object | string, message?: string): void;
    child(bindings: object): Logger;
  }

  export interface LoggerOptions {
    level?: string;
    base?: object;
  }

  export default function pino(options?: LoggerOptions): Logger;
}

declare module "@segment/analytics-node" {
  export interface TrackParams {
    userId: string;
    event: string;
    properties?: Record<string, unknown>;
  }

  export interface IdentifyParams {
    userId: string;
    traits?: Record<string, unknown>;
  }

  export class Analytics {
    constructor(settings: { writeKey: string });
    track(params: TrackParams): void;
    identify(params: IdentifyParams): void;
  }
}

declare module "openai" {
  interface ChatMessage {
    role: "system" | "user" | "assistant";
    content: string;
  }

  interface ChatCompletion {
    choices: { message: { content: string | null } }[];
  }

  export default class OpenAI {
    constructor(options?: { apiKey?: string });
    chat: {
      completions: {
        create(body: { model: string; messages: ChatMessage[] }): Promise<ChatCompletion>;
      };
    };
  }
}

declare module "express" {
  export interface Request {
    body: any;
    params: Record<string, string>;
    get(name: string): string | undefined;
  }

  export interface Response {
    status(code: number): Response;
    json(body: unknown): Response;
  }
}
`;

/** Library wrappers under src/lib/, by path relative to the project folder. */
export const LIBRARY_FILES: Record<string, string> = {
  "src/lib/logger.ts": `import pino from "pino";

/** The root logger; each module logs through a child logger that names it. */
export const logger = pino({ level: "info", base: { service: "bench-app" } });
`,
  "src/lib/analytics.ts": `import { Analytics } from "@segment/analytics-node";

/** The product analytics client shared by every module. */
export const analytics = new Analytics({ writeKey: "bench-write-key" });
`,
  "src/lib/llm.ts": `import OpenAI from "openai";

/** The model client shared by every module. */
export const openai = new OpenAI({ apiKey: "bench-api-key" });

/** Sends one prompt to the model and returns its answer, or "" when it has none. */
export async function complete(prompt: string): Promise<string> {
  const completion = await openai.chat.completions.create({
    model: "gpt-4o-mini",
    messages: [{ role: "user", content: prompt }],
  });
  return completion.choices[0]?.message.content ?? "";
}
`,
  "src/lib/privacy.ts": `/**
 * Replaces an identifier with a stable pseudonym.
 * @reclassify PII -> PSEUDONYMOUS -- salted FNV-1a hash of the identifier
 */
export function pseudonymize(value: string): string {
  let hash = 0x811c9dc5;
  for (const char of "bench-salt:" + value) {
    hash = Math.imul(hash ^ char.charCodeAt(0), 0x01000193) >>> 0;
  }
  return hash.toString(16);
}
`,
  "src/lib/async.ts": `/** Resolves after \`ms\` milliseconds, as a stand-in for I/O. */
export function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Runs \`task\` on each item with at most \`limit\` tasks at a time. */
export async function mapLimit<T, R>(
  items: T[],
  limit: number,
  task: (item: T) => Promise<R>,
): Promise<R[]> {
  const results: R[] = [];
  for (let start = 0; start < items.length; start += limit) {
    const batch = items.slice(start, start + limit);
    results.push(...(await Promise.all(batch.map(task))));
  }
  return results;
}
`,
  "src/models/common.ts": `/** The personal fields that every domain's customer record has. */
export interface CustomerRef {
  id: string;
  /** @zone PII */
  email: string;
  phoneNumber: string;
}

/** A page of results. */
export interface Page<T> {
  items: T[];
  next?: string;
}
`,
};
