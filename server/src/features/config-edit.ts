import * as fs from "node:fs";
import * as path from "node:path";
import { findNodeAtLocation, modify, parseTree, type Edit } from "jsonc-parser";
import type { TextEdit, WorkspaceEdit } from "vscode-languageserver";
import { TextDocument } from "vscode-languageserver-textdocument";
// NOTE: the engine's public index does not export config resolution yet, so this reaches into
// its config module to learn which file applies and which purposes a zone allows today.
import { CONFIG_FILE_NAME, ConfigResolver } from "../engine/config";
import { DEFAULT_PRESET } from "../engine/presets";
import { pathToUri } from "../workspace/folders";

/** Where the allow-purpose fix looks for and creates the config file. */
export interface ConfigLocation {
  /** A config file set by `privacyZones.configPath`, used in place of the lookup. */
  explicitFile: string | undefined;
  /** The project root: the lookup stops here and a new file is created here. */
  rootDir: string;
}

/**
 * Builds the edit that adds `purpose` to `zones[zone].allow` in the config file that applies
 * to `sourceFile`, or creates that file from the recommended preset. Returns undefined when
 * the purpose is already allowed there.
 */
export function buildAllowPurposeEdit(
  sourceFile: string,
  zone: string,
  purpose: string,
  location: ConfigLocation,
): WorkspaceEdit | undefined {
  const resolver = new ConfigResolver(location.explicitFile);
  const config = resolver.forFile(sourceFile, location.rootDir);
  // A zone's `allow` in a config file replaces the inherited list, so the new list starts from
  // what the zone allows now, including purposes that a preset contributes.
  const allowed = [...(config.zones.get(zone)?.allow ?? [])];
  if (allowed.includes(purpose)) return undefined;
  const configFile = config.file ?? path.join(location.rootDir, CONFIG_FILE_NAME);
  const text = readIfExists(configFile);
  if (text === undefined) return createConfigEdit(configFile, zone, [...allowed, purpose]);
  return updateConfigEdit(configFile, text, zone, purpose, allowed);
}

function createConfigEdit(configFile: string, zone: string, allow: string[]): WorkspaceEdit {
  const content = { extends: DEFAULT_PRESET, zones: { [zone]: { allow } } };
  const uri = pathToUri(configFile);
  return {
    documentChanges: [
      { kind: "create", uri, options: { ignoreIfExists: false, overwrite: false } },
      {
        textDocument: { uri, version: null },
        edits: [
          {
            range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
            newText: `${JSON.stringify(content, null, 2)}\n`,
          },
        ],
      },
    ],
  };
}

function updateConfigEdit(
  configFile: string,
  text: string,
  zone: string,
  purpose: string,
  allowed: string[],
): WorkspaceEdit | undefined {
  const formattingOptions = {
    insertSpaces: true,
    tabSize: 2,
    eol: text.includes("\r\n") ? "\r\n" : "\n",
  };
  const tree = parseTree(text, [], { allowTrailingComma: true });
  const allowNode = tree ? findNodeAtLocation(tree, ["zones", zone, "allow"]) : undefined;
  let edits: Edit[];
  if (allowNode?.type === "array") {
    const index = allowNode.children?.length ?? 0;
    edits = modify(text, ["zones", zone, "allow", index], purpose, {
      isArrayInsertion: true,
      formattingOptions,
    });
  } else {
    edits = modify(text, ["zones", zone, "allow"], [...allowed, purpose], { formattingOptions });
  }
  if (edits.length === 0) return undefined;
  const uri = pathToUri(configFile);
  return {
    documentChanges: [{ textDocument: { uri, version: null }, edits: toTextEdits(text, edits) }],
  };
}

/** Converts jsonc-parser's offset edits to LSP text edits on the original text. */
export function toTextEdits(text: string, edits: Edit[]): TextEdit[] {
  const document = TextDocument.create("file:///config.json", "jsonc", 0, text);
  return edits.map((edit) => ({
    range: {
      start: document.positionAt(edit.offset),
      end: document.positionAt(edit.offset + edit.length),
    },
    newText: edit.content,
  }));
}

function readIfExists(file: string): string | undefined {
  try {
    return fs.readFileSync(file, "utf8");
  } catch {
    return undefined;
  }
}
