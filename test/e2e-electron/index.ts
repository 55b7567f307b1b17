/**
 * Entry point that VS Code's extension host loads for the VS Code API suite: runs the mocha
 * suite and rejects when a test fails. Loading this module has no side effects.
 */
import * as fs from "node:fs";
import Mocha from "mocha";
import { defineExtensionSuite } from "./extension.suite";

/** Environment variable naming a file that receives the results as JSON, for runners that cannot read the extension host's exit code. */
export const RESULT_FILE_ENV = "PRIVACY_ZONES_E2E_RESULT_FILE";

/** Outcome of one run, as written to the result file. */
export interface SuiteResult {
  passed: string[];
  pending: string[];
  failed: { title: string; error: string }[];
}

/** Runs the suite inside the extension host, where @vscode/test-electron or code-server load it. */
export function run(): Promise<void> {
  const mocha = new Mocha({ ui: "tdd", color: true, timeout: 120_000 });
  // Install the tdd globals (suite, test, suiteSetup) the way mocha does before loading a file.
  mocha.suite.emit("pre-require", globalThis, "extension.suite", mocha);
  defineExtensionSuite();
  const result: SuiteResult = { passed: [], pending: [], failed: [] };
  return new Promise((resolve, reject) => {
    const runner = mocha.run((failures) => {
      const resultFile = process.env[RESULT_FILE_ENV];
      if (resultFile) fs.writeFileSync(resultFile, JSON.stringify(result, null, 2));
      if (failures > 0) reject(new Error(`${failures} VS Code API tests failed`));
      else resolve();
    });
    runner.on("pass", (test) => result.passed.push(test.fullTitle()));
    runner.on("pending", (test) => result.pending.push(test.fullTitle()));
    runner.on("fail", (test, error: Error) =>
      result.failed.push({ title: test.fullTitle(), error: error.stack ?? error.message }),
    );
  });
}
