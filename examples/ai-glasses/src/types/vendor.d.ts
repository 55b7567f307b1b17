/**
 * Ambient declarations of the library members this service calls, so that the example
 * type-checks without installing the libraries. They follow the shape of each library's public
 * API, trimmed to what the example uses; they are not the libraries' own typings.
 */

declare module "openai" {
  type ContentPart =
    { type: "text"; text: string } | { type: "image_url"; image_url: { url: string } };

  interface ChatMessage {
    role: "system" | "user" | "assistant";
    content: string | ContentPart[];
  }

  interface ChatCompletion {
    choices: { message: { content: string | null } }[];
  }

  export default class OpenAI {
    constructor(options?: { apiKey?: string });
    chat: {
      completions: {
        create(body: {
          model: string;
          messages: ChatMessage[];
          max_tokens?: number;
        }): Promise<ChatCompletion>;
      };
    };
  }
}

declare module "@anthropic-ai/sdk" {
  type ContentBlock = { type: "text"; text: string } | { type: "tool_use"; id: string };

  interface Message {
    content: ContentBlock[];
  }

  export default class Anthropic {
    constructor(options?: { apiKey?: string });
    messages: {
      create(body: {
        model: string;
        max_tokens: number;
        system?: string;
        messages: { role: "user" | "assistant"; content: string }[];
      }): Promise<Message>;
    };
  }
}

declare module "express" {
  export interface Request {
    // `any`, as in @types/express, so handlers state the shape they expect with `as`.
    body: any;
    get(name: string): string | undefined;
  }

  export interface Response {
    status(code: number): Response;
    json(body: unknown): Response;
    end(): Response;
  }

  export type NextFunction = (error?: unknown) => void;
  type Handler = (req: Request, res: Response, next: NextFunction) => unknown;
  type ErrorHandler = (error: unknown, req: Request, res: Response, next: NextFunction) => unknown;

  export interface Express {
    use(handler: Handler | ErrorHandler): Express;
    post(path: string, handler: Handler): Express;
    listen(port: number, callback?: () => void): unknown;
  }

  interface ExpressFactory {
    (): Express;
    json(options?: { limit?: string }): Handler;
  }

  const express: ExpressFactory;
  export default express;
}

declare module "pino" {
  export interface Logger {
    fatal(object: object, message?: string): void;
    error(object: object, message?: string): void;
    info(objectOrMessage: object | string, message?: string): void;
    child(bindings: object): Logger;
  }

  export interface LoggerOptions {
    level?: string;
    base?: object;
  }

  export default function pino(options?: LoggerOptions): Logger;
}

declare module "jsonwebtoken" {
  interface SignOptions {
    expiresIn?: string | number;
  }

  interface JsonWebToken {
    sign(payload: object, secretOrPrivateKey: string, options?: SignOptions): string;
    verify(token: string, secretOrPublicKey: string): string | object;
  }

  const jwt: JsonWebToken;
  export default jwt;
}

declare module "@segment/analytics-node" {
  export interface TrackParams {
    userId: string;
    event: string;
    properties?: Record<string, unknown>;
  }

  export class Analytics {
    constructor(settings: { writeKey: string });
    track(params: TrackParams): void;
  }
}
