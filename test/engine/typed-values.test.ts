import * as assert from "node:assert/strict";
import { describe, it } from "node:test";
import { analyzeFiles, summarize } from "../support/analyze";

const PRELUDE = `interface User {
  /** @zone PII */
  email: string;
  id: string;
}
`;

/** Each case: a parameter list and a statement that logs a value built from it. */
const REPORTED: [string, string][] = [
  ["user: User", "console.log({ user });"],
  ["users: User[]", "console.log(users);"],
  ["user: User | null", "console.log(user);"],
  ["user: User", "console.log([user]);"],
  ["user: User", "console.log({ ...user });"],
  ["users: Record<string, User>", "console.log(users);"],
  ["users: Map<string, User>", "console.log(users);"],
  ["pair: [User, number]", "console.log(pair);"],
  ["holder: { inner: { user?: User } }", "console.log(holder);"],
  ["user: User", "console.log(JSON.stringify(user));"],
  ["user: User", "console.log(JSON.stringify({ user }, null, 2));"],
  ["user: User", "console.log(String(user));"],
  ["user: User", "console.log(Object.values(user));"],
  ["user: User", "const copy = {};\n  Object.assign(copy, user);\n  console.log(copy);"],
  ["user: Partial<User>", "console.log(user);"],
  ["user: Readonly<User>", "console.log(user);"],
  ['user: Pick<User, "email">', "console.log(user);"],
  ['user: Omit<User, "id">', "console.log(user);"],
  ["users: Partial<User>[]", "console.log(users);"],
  ["user: User", "console.log(Object.assign({}, user));"],
  ["user: User", 'const key = "email" as const;\n  console.log(user[key]);'],
  ["user: User", "for (const key in user) console.log(user[key as keyof User]);"],
  ["user: User", "for (const key in user) console.log((user as any)[key]);"],
  ["user: User", "console.log(structuredClone(user).email);"],
  ["user: User", "console.log(JSON.parse(JSON.stringify(user)).email);"],
  ["users: User[]", "console.log(Array.from(users, (user) => user.email));"],
  [
    "user: User",
    'const copy = { ...user };\n  if (user.id) copy.email = "";\n  console.log(copy);',
  ],
  ["user: User", "const copy = { ...user };\n  copy.email = user.email;\n  console.log(copy);"],
  [
    "user: User",
    'let copy = { ...user };\n  copy.email = "";\n  copy = { ...user };\n  console.log(copy);',
  ],
];

/** Reads of an annotated field through another view of the type. */
const VIEWS: [string, string][] = [
  ["user: Partial<User>", "const { email } = user;\n  console.log(email);"],
  ['{ email }: Pick<User, "email">', "console.log(email);"],
  ["user: Readonly<User>", "const { email } = user;\n  console.log(email);"],
  ["user: User", "console.log((user as any).email);"],
  ["user: User", "const view: any = user;\n  console.log(view.email);"],
  [
    "user: User",
    "const view = user as unknown as Record<string, string>;\n  console.log(view.email);",
  ],
];

const QUIET: [string, string][] = [
  ["user: User", "console.log(user.id);"],
  ["users: User[]", "console.log(users.length);"],
  ["user: User", "console.log(JSON.stringify({ id: user.id }));"],
  ["ids: Map<string, number>", "console.log(ids);"],
  ['user: Omit<User, "email">', "console.log(user);"],
  ['user: Pick<User, "id">', "console.log(user);"],
  ["user: User", "console.log(Object.assign({}, user).id);"],
  ["user: User", 'const key = "id" as const;\n  console.log(user[key]);'],
  ["user: User", "console.log(structuredClone(user).id);"],
  ["user: User", "console.log(JSON.parse(JSON.stringify(user)).id);"],
  ["users: User[]", "console.log(Array.from(users, (user) => user.id));"],
  ["user: User", 'const copy = { ...user };\n  copy.email = "***";\n  console.log(copy);'],
  ["user: User", 'const copy = { ...user };\n  copy["email"] = "***";\n  console.log(copy);'],
  [
    "user: User",
    "const copy = { ...user };\n  delete (copy as Partial<User>).email;\n  console.log(copy);",
  ],
  [
    "user: User",
    "const copy: Partial<User> = { ...user };\n  delete copy.email;\n  console.log(JSON.stringify(copy));",
  ],
];

function findingLines(parameters: string, statement: string): string[] {
  const body = `export function f(${parameters}) {\n  ${statement}\n}\n`;
  const { findings } = analyzeFiles({ "a.ts": PRELUDE + body }, { detection: false });
  return summarize(findings);
}

describe("zones of typed values reaching a sink whole", () => {
  for (const [parameters, statement] of REPORTED) {
    it(`reports ${statement.split("\n").at(-1)} with ${parameters}`, () => {
      const lines = findingLines(parameters, statement);
      assert.equal(lines.length, 1, lines.join(", "));
      assert.match(lines[0]!, /:PZ001$/);
    });
  }

  for (const [parameters, statement] of VIEWS) {
    it(`reports ${statement.split("\n").at(-1)} after ${parameters}`, () => {
      const lines = findingLines(parameters, statement);
      assert.equal(lines.length, 1, lines.join(", "));
    });
  }

  for (const [parameters, statement] of QUIET) {
    it(`ignores ${statement.replace(/\n\s*/g, " ")} with ${parameters}`, () => {
      assert.deepEqual(findingLines(parameters, statement), []);
    });
  }
});

describe("functions with a this parameter", () => {
  it("binds arguments after the this parameter", () => {
    const code = `${PRELUDE}function show(this: void, first: string, second: string) {\n  console.log(first);\n}\nexport function f(user: User) {\n  show("constant", user.email);\n}\nfunction log(this: void, text: string) {\n  console.log(text);\n}\nexport function g(user: User) {\n  log(user.email);\n}\n`;
    const { findings } = analyzeFiles({ "a.ts": code }, { detection: false });
    assert.deepEqual(summarize(findings), ["13:PZ001"]);
  });
});

/**
 * Each case: a helper, and a statement of `f(user: User)` that calls it. The helper's written
 * type hides the fields of the `User` it receives.
 */
const HIDDEN: [string, string][] = [
  ["function logIt(value: any) { console.log(value); }", "logIt(user);"],
  ["function logIt(value: unknown) { console.log(value); }", "logIt(user);"],
  ["function logIt(value: object) { console.log(value); }", "logIt(user);"],
  ["function logIt<T>(value: T) { console.log(value); }", "logIt(user);"],
  ["function logIt(value: unknown[]) { console.log(value); }", "logIt([user]);"],
  [
    "function logIt(value: string | Record<string, unknown>) { console.log(value); }",
    "logIt({ ...user });",
  ],
  [
    "function logIt(value: { [key: string]: unknown }) { console.log(value); }",
    "logIt({ who: user });",
  ],
  ["function logIt(value) { console.log(value); }", "logIt(user);"],
  [
    "function logIt(value: unknown) { console.log(value); }",
    "const byId: Record<string, User> = { a: user };\n  logIt(byId);",
  ],
  ["const logIt = (value: unknown) => console.log(value);", "logIt(user);"],
  ["class Log { write(value: unknown) { console.log(value); } }", "new Log().write(user);"],
  [
    "interface Chain extends User { next: Chain }\ndeclare const chain: Chain;\nfunction logIt(value: any) { console.log(value.next.email); }",
    "logIt(chain);",
  ],
  ["", "const data: unknown = user;\n  console.log(data);"],
  ["", "let data: any;\n  data = user;\n  console.log(data);"],
  ["", "const data = user as unknown;\n  console.log(data);"],
  ["", "const data: Record<string, unknown> = { ...user };\n  console.log(data);"],
];

/** Helpers that read only unannotated fields of what they receive. */
const HIDDEN_QUIET: [string, string][] = [
  ["function logIt(value: any) { console.log(value.id); }", "logIt(user);"],
  [
    "function logIt(value: Record<string, unknown>) { console.log(value.id); }",
    "logIt({ ...user });",
  ],
  ["function logIt(value: unknown) { console.log(value); }", "logIt(user.id);"],
  ["", "const data: unknown = user.id;\n  console.log(data);"],
  [
    "function logIt(value: any) { console.log(value.map((item: any) => item.id)); }",
    "logIt([user]);",
  ],
];

function hiddenFindingLines(helper: string, statement: string): string[] {
  const body = `${helper}\nexport function f(user: User) {\n  ${statement}\n}\n`;
  const { findings } = analyzeFiles({ "a.ts": PRELUDE + body }, { detection: false });
  return summarize(findings);
}

describe("zones of fields that a written type hides", () => {
  for (const [helper, statement] of HIDDEN) {
    it(`reports ${statement.split("\n").at(-1)} after ${helper || "no helper"}`, () => {
      const lines = hiddenFindingLines(helper, statement);
      assert.equal(lines.length, 1, lines.join(", "));
      assert.match(lines[0]!, /:PZ001$/);
    });
  }

  for (const [helper, statement] of HIDDEN_QUIET) {
    it(`ignores ${statement.split("\n").at(-1)} after ${helper || "no helper"}`, () => {
      assert.deepEqual(hiddenFindingLines(helper, statement), []);
    });
  }

  it("does not widen a callback's parameter", () => {
    const body = [
      "export function f(users: User[]) {",
      "  users.forEach((user) => console.log(user.id));",
      "}",
    ].join("\n");
    const { findings } = analyzeFiles({ "a.ts": PRELUDE + body }, { detection: false });
    assert.deepEqual(summarize(findings), []);
  });
});
