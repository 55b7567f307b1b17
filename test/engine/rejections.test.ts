import * as assert from "node:assert/strict";
import { describe, it } from "node:test";
import { analyzeFiles } from "../support/analyze";

const PRELUDE = `interface User {
  /** @zone PII */
  email: string;
}
declare function save(user: User): Promise<void>;
declare function send(text: string): Promise<void>;
async function check(user: User): Promise<User> {
  if (!user.email.includes("@")) throw new Error("invalid");
  return user;
}
async function emailOf(user: User): Promise<string> {
  if (!user.email) throw new Error("no email");
  return user.email;
}
async function reject(user: User): Promise<User> {
  throw new Error(user.email);
}
`;

/**
 * Each case: a function body that throws the user's email in a promise callback, and the sinks
 * reported for it. A throw that nothing handles reaches the `throw` sink where it is. A
 * rejection that a handler or a `catch` receives reaches only the sinks they pass it to.
 */
const CASES: [string, string, string[]][] = [
  ["floating chain", "save(user).then(() => {\n    throw new Error(user.email);\n  });", ["throw"]],
  [
    "handler that drops it",
    "save(user).then(() => {\n    throw new Error(user.email);\n  }).catch(() => undefined);",
    [],
  ],
  [
    "handler that logs it",
    "save(user).then(() => {\n    throw new Error(user.email);\n  }).catch((error) => console.log(error));",
    ["console.log"],
  ],
  [
    "logger as handler",
    "save(user).then(() => {\n    throw new Error(user.email);\n  }).catch(console.error);",
    ["console.error"],
  ],
  [
    "handler after finally",
    "save(user).then(() => {\n    throw new Error(user.email);\n  }).finally(() => undefined).then(undefined, (error) => console.warn(error));",
    ["console.warn"],
  ],
  [
    "awaited in try",
    "try {\n    await save(user).then(() => {\n      throw new Error(user.email);\n    });\n  } catch (error) {\n    console.info(error);\n  }",
    ["console.info"],
  ],
  [
    "awaited without try",
    "await save(user).then(() => {\n    throw new Error(user.email);\n  });",
    ["throw"],
  ],
  [
    "handler of a function that resolves to the user",
    "await check(user).catch((error) => console.log(error));",
    [],
  ],
  [
    "handler of a function that throws the user's email",
    "await reject(user).catch((error) => console.log(error));",
    ["console.log"],
  ],
  [
    "handler of an unseen promise",
    "await send(user.email).catch((error) => console.log(error));",
    ["console.log"],
  ],
  [
    "stored chain with a handler later",
    "const pending = save(user).then(() => {\n    throw new Error(user.email);\n  });\n  pending.catch((error) => console.log(error));",
    ["console.log"],
  ],
  [
    "stored call awaited in try",
    "const pending = reject(user);\n  try {\n    await pending;\n  } catch (error) {\n    console.info(error);\n  }",
    ["console.info"],
  ],
  [
    "asserted call with a handler",
    "await (emailOf(user) as Promise<string>).catch((error) => console.log(error));",
    [],
  ],
  [
    "second callback of the same then",
    "save(user).then(() => {\n    throw new Error(user.email);\n  }, () => undefined);",
    ["throw"],
  ],
];

describe("promise rejections", () => {
  for (const [name, body, sinks] of CASES) {
    it(name, () => {
      const code = `${PRELUDE}export async function f(user: User) {\n  ${body}\n}\n`;
      const { findings } = analyzeFiles({ "a.ts": code }, { detection: false });
      // The prelude's own throw is reported in every case, so only the function's findings count.
      const start = PRELUDE.split("\n").length - 1;
      const inCase = findings.filter((finding) => finding.range.start.line >= start);
      assert.deepEqual(inCase.map((finding) => finding.sink?.callee).sort(), sinks);
    });
  }
});
