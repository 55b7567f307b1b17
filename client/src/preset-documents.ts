import * as vscode from "vscode";
import type { LanguageClient } from "vscode-languageclient/node";
import {
  PRESET_SCHEME,
  PresetTextRequest,
  type PresetTextParams,
  type PresetTextResult,
} from "../../server/src/protocol";

/**
 * Shows the read-only `privacy-zones-preset:` documents that go to definition opens for zones
 * and purposes of a built-in preset, with the text the language server applies.
 */
export function registerPresetDocuments(client: LanguageClient): vscode.Disposable {
  const provider: vscode.TextDocumentContentProvider = {
    async provideTextDocumentContent(uri, token) {
      const params: PresetTextParams = { uri: uri.toString() };
      const text: PresetTextResult = await client.sendRequest(
        PresetTextRequest.method,
        params,
        token,
      );
      return text ?? `// No Privacy Zones preset is named by ${uri.toString()}.\n`;
    },
  };
  return vscode.workspace.registerTextDocumentContentProvider(PRESET_SCHEME, provider);
}
