/**
 * Entry point that VS Code's extension host loads for the VS Code API suite: runs the mocha
 * suite and rejects when a test fails. Loading this module has no side effects.
 */
import Mocha from "mocha";
import { defineExtensionSuite } from "./extension.suite";

/** Runs the suite; @vscode/test-electron calls this inside the extension host. */
export function run(): Promise<void> {
  const mocha = new Mocha({ ui: "tdd", color: true, timeout: 120_000 });
  // Install the tdd globals (suite, test, suiteSetup) the way mocha does before loading a file.
  mocha.suite.emit("pre-require", globalThis, "extension.suite", mocha);
  defineExtensionSuite();
  return new Promise((resolve, reject) => {
    mocha.run((failures) =>
      failures > 0 ? reject(new Error(`${failures} VS Code API tests failed`)) : resolve(),
    );
  });
}
