import * as assert from "node:assert/strict";
import { describe, it } from "node:test";
import { analyzeFiles, summarize } from "../support/analyze";

const LIBRARY = `declare module "auth-lib" {
  export interface AuthError { message: string; status: number }
  export function signUp(credentials: { email: string; password: string }): Promise<{ error: AuthError | null }>;
  export function normalize(email: string): string;
  export function wrap<T>(value: T): T;
  export function encode(text: string): Uint8Array;
  export function lookup(key: string): any;
  export function parse(text: string): unknown;
  export function isValid(text: string): boolean;
  export function plan(text: string): Promise<"plus" | "pro">;
}
`;

/**
 * Each case: a statement that logs the result of a library call whose arguments carry zones
 * inferred from names (`email`, `password`) or annotated (`card`), and whether it is reported.
 */
const CASES: [string, string, boolean][] = [
  ["object result", "console.log(await signUp({ email, password }));", false],
  ["field of object result", "console.log((await signUp({ email, password })).error);", false],
  ["string result", "console.log(normalize(email));", true],
  ["generic result", "console.log(wrap(email));", true],
  ["byte result", "console.log(encode(password));", true],
  ["any result", "console.log(lookup(email));", false],
  ["unknown result", "console.log(parse(email));", true],
  ["annotated zone", "console.log(await signUp({ email: card, password: card }));", true],
  ["annotated zone, boolean result", "console.log(isValid(card));", false],
  ["annotated zone, literal result", "console.log(await plan(card));", false],
];

describe("calls into libraries", () => {
  for (const [name, statement, reported] of CASES) {
    it(`${reported ? "keeps" : "drops"} zones: ${name}`, () => {
      const code = `import { signUp, normalize, wrap, encode, lookup, parse, isValid, plan } from "auth-lib";
/** @zone FINANCIAL */
declare const card: string;
export async function f(email: string, password: string) {
  ${statement}
}
`;
      const { findings } = analyzeFiles({ "a.ts": code, "lib.d.ts": LIBRARY });
      assert.equal(
        findings.length,
        reported ? 1 : 0,
        JSON.stringify(findings.map((f) => f.message)),
      );
    });
  }
});

describe("objects passed to libraries", () => {
  it("carry the zones of their annotated fields", () => {
    const library = `declare module "serializer" {
  export function dump(value: unknown): string;
}
`;
    const code = `import { dump } from "serializer";
interface Payment {
  /** @zone FINANCIAL */
  card: string;
  plan: string;
}
export function f(payment: Payment) {
  console.log(dump(payment));
  console.log(dump({ plan: payment.plan }));
}
`;
    const { findings } = analyzeFiles({ "a.ts": code, "lib.d.ts": library });
    assert.deepEqual(summarize(findings), ["8:PZ001"]);
    assert.deepEqual(findings[0]!.zones, ["FINANCIAL"]);
  });
});

describe("calls into libraries from a helper", () => {
  it("drops guessed zones that the helper's caller passes", () => {
    const code = `import { signUp, normalize } from "auth-lib";
/** @zone FINANCIAL */
declare const card: string;
async function register(value: string) {
  return (await signUp({ email: value, password: value })).error;
}
function clean(value: string) {
  return normalize(value);
}
export async function f(password: string) {
  console.log(await register(password));
  console.log(clean(password));
  console.log(await register(card));
}
`;
    const { findings } = analyzeFiles({ "a.ts": code, "lib.d.ts": LIBRARY });
    assert.deepEqual(summarize(findings), ["12:PZ001", "13:PZ001"]);
    assert.deepEqual(findings[0]!.zones, ["CREDENTIALS"]);
    assert.deepEqual(findings[1]!.zones, ["FINANCIAL"]);
  });
});

/** Each case: a statement with a token that `fetch` sends, and the purposes of the sinks reported. */
const NETWORK_CASES: [string, string, string[]][] = [
  [
    "HEALTH data in a header",
    "await fetch(url, { headers: { Authorization: diagnosis } });",
    ["auth"],
  ],
  [
    "token in the Authorization header",
    "await fetch(url, { headers: { Authorization: `Bearer ${token}` } });",
    [],
  ],
  [
    "HEALTH data in a header of options in a variable",
    "const options = { headers: { Authorization: diagnosis } };\n  await fetch(url, options);",
    ["auth"],
  ],
  [
    "token in a header of options in a variable",
    "const options = { headers: { Authorization: token } };\n  await fetch(url, options);",
    [],
  ],
  ["token in the URL", "await fetch(`${url}?token=${token}`);", ["network"]],
  [
    "token in the body beside the header",
    'await fetch(url, { method: "POST", headers: { "x-api-key": token }, body: token });',
    ["network"],
  ],
  [
    "error of fetch without the request",
    "await fetch(url, { body: token }).catch((error) => console.log(error));",
    ["network"],
  ],
  [
    "response of the request",
    "const response = await fetch(url, { body: token });\n  console.log(response.status);",
    ["network"],
  ],
];

describe("network calls", () => {
  for (const [name, statement, purposes] of NETWORK_CASES) {
    it(name, () => {
      const code = `/** @zone CREDENTIALS */
declare const token: string;
/** @zone HEALTH */
declare const diagnosis: string;
export async function f(url: string) {
  ${statement}
}
`;
      const { findings } = analyzeFiles({ "a.ts": code });
      assert.deepEqual(
        findings.map((finding) => finding.sink?.purpose),
        purposes,
      );
    });
  }
});

describe("names of wrapped functions in paths", () => {
  it("names memo component by variable", () => {
    const code = `declare function memo<T>(component: T): T;
/** @zone FINANCIAL */
declare const card: string;
const Row = memo((props: { value: string }) => {
  console.log(props.value);
  return null;
});
export const page = () => <Row value={card} />;
`;
    const { findings } = analyzeFiles({
      "page.tsx": code,
      "tsconfig.json": JSON.stringify({ compilerOptions: { jsx: "preserve", strict: true } }),
    });
    const messages = findings.flatMap((finding) => finding.path.map((step) => step.message));
    assert.ok(
      messages.includes("passed as `props` to `Row`"),
      `no step names the component: ${JSON.stringify(messages)}`,
    );
  });
});
