import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { describe, test } from "node:test";
import type { TextDocumentEdit, TextEdit } from "vscode-languageserver";
import { TextDocument } from "vscode-languageserver-textdocument";
import { buildAllowPurposeEdit } from "../../server/src/features/config-edit";
import { writeTempProject } from "../support/paths";

/** Applies the allow-purpose edit for `zone` and `purpose` to the project's config and returns the text. */
function allowInConfig(configText: string, zone: string, purpose: string): string {
  const root = writeTempProject({ "privacy-zones.json": configText, "src/a.ts": "" });
  try {
    const edit = buildAllowPurposeEdit(path.join(root, "src", "a.ts"), zone, purpose, {
      explicitFile: undefined,
      rootDir: root,
    });
    assert.ok(edit?.documentChanges, "an edit of the config file");
    const change = edit.documentChanges[0] as TextDocumentEdit;
    const document = TextDocument.create("file:///c.json", "jsonc", 0, configText);
    return TextDocument.applyEdits(document, change.edits as TextEdit[]);
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
}

describe("allow-purpose edit", () => {
  test("appends to an allow list", () => {
    const text = '{\n  "zones": {\n    "PII": { "allow": ["auth"] }\n  }\n}\n';
    const edited = allowInConfig(text, "PII", "logging");
    assert.deepEqual(JSON.parse(edited).zones.PII.allow, ["auth", "logging"]);
  });

  test("keeps byte order mark and comments", () => {
    const text =
      '\ufeff{\n  // the team policy\n  "zones": {\n    "PII": { "mode": "log" }\n  }\n}\n';
    const edited = allowInConfig(text, "PII", "logging");
    assert.equal(edited.charCodeAt(0), 0xfeff);
    assert.ok(edited.includes("// the team policy"), edited);
    const zone = JSON.parse(edited.slice(1).replace(/\/\/.*$/m, "")).zones.PII;
    assert.equal(zone.mode, "log");
    assert.ok(zone.allow.includes("logging"));
    assert.ok(zone.allow.includes("auth"), "the preset's purposes are kept");
  });
});
