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

/** A function that returns a chain whose callback throws the user's email. */
const LOAD = `function load(user: User) {
  return save(user).then(() => {
    throw new Error(user.email);
  });
}
`;

/**
 * Each case: a function body that throws the user's email in a promise callback, the sinks
 * reported for it, and any functions the body calls. A throw that nothing handles reaches the `throw` sink where it is. A
 * rejection that a handler or a `catch` receives reaches only the sinks they pass it to.
 */
const CASES: [string, string, string[], string?][] = [
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
  [
    "returned chain, caller handles",
    "await load(user).catch((error) => console.log(error));",
    ["console.log"],
    LOAD,
  ],
  [
    "returned chain, caller awaits in try",
    "try {\n    await load(user);\n  } catch (error) {\n    console.info(error);\n  }",
    ["console.info"],
    LOAD,
  ],
  ["returned chain, awaited without try", "await load(user);", ["throw"], LOAD],
  ["returned chain left floating", "load(user);", ["throw"], LOAD],
  [
    "returned chain, one caller handles",
    "load(user).catch((error) => console.log(error));\n  load(user);",
    ["console.log", "throw"],
    LOAD,
  ],
  [
    "returned chain, exported function",
    "await load(user).catch((error) => console.log(error));",
    ["console.log", "throw"],
    `export ${LOAD}`,
  ],
  [
    "returned chain, exported by name",
    "await load(user).catch((error) => console.log(error));",
    ["console.log", "throw"],
    `${LOAD}export { load };\n`,
  ],
  [
    "returned chain, exported class method",
    "await new Loader().load(user).catch((error) => console.log(error));",
    ["console.log", "throw"],
    `export class Loader {\n  ${LOAD.replace("function ", "").replace(/\n/g, "\n  ")}}\n`,
  ],
  [
    "returned chain, module class method",
    "await new Loader().load(user).catch((error) => console.log(error));",
    ["console.log"],
    `class Loader {\n  ${LOAD.replace("function ", "").replace(/\n/g, "\n  ")}}\n`,
  ],
  [
    "returned chain, arrow function",
    "await load(user).catch((error) => console.log(error));",
    ["console.log"],
    "const load = (user: User) =>\n  save(user).then(() => {\n    throw new Error(user.email);\n  });\n",
  ],
  [
    "returned chain, async function",
    "await load(user).catch((error) => console.log(error));",
    ["console.log"],
    `async ${LOAD}`,
  ],
  [
    "returned chain through two functions",
    "await outer(user).catch((error) => console.log(error));",
    ["console.log"],
    `${LOAD}function outer(user: User) {\n  return load(user);\n}\n`,
  ],
  [
    "returned chain through a const",
    "await load(user).catch((error) => console.log(error));",
    ["console.log"],
    "function load(user: User) {\n  const pending = save(user).then(() => {\n    throw new Error(user.email);\n  });\n  return pending;\n}\n",
  ],
  [
    "callback returns a rejecting chain",
    "await save(user).then(() => load(user)).catch((error) => console.log(error));",
    ["console.log"],
    LOAD,
  ],
  [
    "Promise.all with a handler",
    'await Promise.all([\n    save(user).then(() => {\n      throw new Error(user.email);\n    }),\n    send("done"),\n  ]).catch((error) => console.log(error));',
    ["console.log"],
  ],
  [
    "Promise.all awaited in try",
    "try {\n    await Promise.all([\n      save(user).then(() => {\n        throw new Error(user.email);\n      }),\n    ]);\n  } catch (error) {\n    console.info(error);\n  }",
    ["console.info"],
  ],
  [
    "Promise.all of a returned chain",
    'try {\n    await Promise.all([load(user), send("done")]);\n  } catch (error) {\n    console.info(error);\n  }',
    ["console.info"],
    LOAD,
  ],
  [
    "Promise.all left floating",
    "Promise.all([\n    save(user).then(() => {\n      throw new Error(user.email);\n    }),\n  ]);",
    ["throw"],
  ],
  [
    "Promise.all of mapped callbacks awaited in try",
    "try {\n    await Promise.all(\n      [user].map((u) =>\n        save(u).then(() => {\n          throw new Error(u.email);\n        }),\n      ),\n    );\n  } catch (error) {\n    console.info(error);\n  }",
    ["console.info"],
  ],
  [
    "Promise.all of a mapped async function awaited in try",
    "try {\n    await Promise.all([user].map(reject));\n  } catch (error) {\n    console.info(error);\n  }",
    ["console.info"],
  ],
  [
    "Promise.all of mapped callbacks left floating",
    "Promise.all(\n    [user].map((u) =>\n      save(u).then(() => {\n        throw new Error(u.email);\n      }),\n    ),\n  );",
    ["throw"],
  ],
  [
    "Promise.allSettled of a mapped async function",
    "await Promise.allSettled([user].map(reject));",
    [],
  ],
  [
    "Promise.allSettled",
    "await Promise.allSettled([\n    save(user).then(() => {\n      throw new Error(user.email);\n    }),\n  ]);",
    [],
  ],
  [
    "stored let with a handler later",
    "let pending = save(user).then(() => {\n    throw new Error(user.email);\n  });\n  pending.catch((error) => console.log(error));",
    ["console.log"],
  ],
  [
    "stored let awaited in try",
    "let pending = save(user).then(() => {\n    throw new Error(user.email);\n  });\n  try {\n    await pending;\n  } catch (error) {\n    console.info(error);\n  }",
    ["console.info"],
  ],
  [
    "conditional chain with a handler",
    'await (user.email\n    ? save(user).then(() => {\n        throw new Error(user.email);\n      })\n    : send("none")\n  ).catch((error) => console.log(error));',
    ["console.log"],
  ],
  [
    "const handled in a nested function",
    "const pending = save(user).then(() => {\n    throw new Error(user.email);\n  });\n  setTimeout(() => pending.catch(() => undefined));",
    ["throw"],
  ],
  [
    "let reassigned before the handler",
    'let pending = save(user).then(() => {\n    throw new Error(user.email);\n  });\n  pending = send("done");\n  pending.catch((error) => console.log(error));',
    ["throw"],
  ],
  [
    "timer callback in async function",
    "await later(user).catch((error) => console.log(error));",
    ["throw"],
    "async function later(user: User) {\n  setTimeout(() => {\n    throw new Error(user.email);\n  }, 10);\n}\n",
  ],
  [
    "try without await, chain",
    "try {\n    save(user).then(() => {\n      throw new Error(user.email);\n    });\n  } catch (error) {\n    console.info(error);\n  }",
    ["throw"],
  ],
  [
    "try without await, async call",
    "try {\n    reject(user);\n  } catch (error) {\n    console.info(error);\n  }",
    [],
  ],
  [
    "Promise.resolve before a handler",
    "await Promise.resolve(user.email)\n    .then(() => undefined)\n    .catch((error) => console.log(error));",
    [],
  ],
  [
    "Promise.reject before a handler",
    "await Promise.reject(user.email).catch((error) => console.log(error));",
    ["Promise.reject", "console.log"],
  ],
];

describe("promise rejections", () => {
  for (const [name, body, sinks, helpers = ""] of CASES) {
    it(name, () => {
      const code = `${PRELUDE}export async function f(user: User) {\n  ${body}\n}\n${helpers}`;
      const { findings } = analyzeFiles({ "a.ts": code }, { detection: false });
      // The prelude's own throw is reported in every case, so only the function's findings count.
      const start = PRELUDE.split("\n").length - 1;
      const inCase = findings.filter((finding) => finding.range.start.line >= start);
      assert.deepEqual(inCase.map((finding) => finding.sink?.callee).sort(), sinks);
    });
  }
});

describe("rejections of requests", () => {
  it("keeps the request out of fetch's rejection only", () => {
    const code = `import { post } from "http-client";
export async function run(url: string, accessToken: string) {
  const headers = { Authorization: \`Bearer \${accessToken}\` };
  await fetch(url, { method: "POST", headers }).catch((error: unknown) => console.error(error));
  await post(url, { headers }).catch((error: unknown) => console.warn(error));
}
`;
    const library = `declare module "http-client" {
  export function post(url: string, init: object): Promise<unknown>;
}
`;
    const { findings } = analyzeFiles({ "a.ts": code, "lib.d.ts": library });
    const sinks = findings.map((finding) => finding.path[finding.path.length - 1]!.message);
    assert.ok(!sinks.some((message) => message.includes("console.error")), `${sinks}`);
    assert.ok(
      sinks.some((message) => message.includes("console.warn")),
      `${sinks}`,
    );
  });
});
