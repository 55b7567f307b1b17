import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { scanAnnotations } from "../../server/src/features/annotation-tokens";

/** Lists each `@zone` tag's zone names and the name that its hint follows. */
function zoneTags(file: string, text: string): string[] {
  return scanAnnotations(file, text).zoneTags.map((tag) => {
    const zones = tag.zones.map((zone) => zone.name).join(",");
    const end = tag.declarationNameEnd;
    return `${zones} after ${end === undefined ? "nothing" : JSON.stringify(text.slice(0, end).split(/\W/).at(-1))}`;
  });
}

describe("annotation scan", () => {
  test("reads tags after a token on their line", () => {
    const text = [
      "export type Contact = { /** @zone PII */ email: string; /** @zone HEALTH */ note: string };",
      "export interface Visit { /** @zone HEALTH */ reason: string }",
      "export function send(/** @zone PII */ address: string) {}",
    ].join("\n");
    assert.deepEqual(zoneTags("contact.ts", text), [
      'PII after "email"',
      'HEALTH after "note"',
      'HEALTH after "reason"',
      'PII after "address"',
    ]);
  });

  test("reads same-line tags in TSX", () => {
    const text =
      "type Props = { /** @zone PII */ name: string };\nexport const A = (p: Props) => <b>{p.name}</b>;\n";
    assert.deepEqual(zoneTags("view.tsx", text), ['PII after "name"']);
  });

  test("skips files nested too deeply", () => {
    const depth = 20_000;
    const text = `/** @zone PII */\nexport const deep = ${"[".repeat(depth)}${"]".repeat(depth)};\n`;
    const logged: string[] = [];
    const scan = scanAnnotations("deep.ts", text, (message) => logged.push(message));
    assert.deepEqual(scan, { names: [], zoneTags: [] });
    assert.equal(logged.length, 1);
    assert.match(logged[0]!, /deep\.ts/);
  });
});
