import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import {
  LANGUAGES,
  type Language,
  type ScopedToken,
  type TokenizedFile,
  loadGrammar,
  scopeMatches,
  tokenizeFixture,
  tokensCovering,
  withoutScopesEndingIn,
} from "./textmate-harness";

const SCOPES = {
  tag: "storage.type.class.jsdoc",
  tagPunctuation: "punctuation.definition.block.tag.jsdoc",
  zone: "entity.name.type.zone.privacy-zones",
  purpose: "variable.other.enummember.purpose.privacy-zones",
  parameter: "variable.parameter.privacy-zones",
  arrow: "keyword.operator.arrow.privacy-zones",
  separator: "keyword.operator.separator.reason.privacy-zones",
  reason: "string.unquoted.reason.privacy-zones",
  directive: "keyword.control.directive.privacy-zones",
  code: "variable.other.constant.code.privacy-zones",
} as const;

/** A part of a fixture line (found by its full trimmed text) and the scope it must carry. */
type ScopedCase = [line: string, part: string, scope: string];

const ZONE_CASES: ScopedCase[] = [
  ["* @zone PII", "@", SCOPES.tagPunctuation],
  ["* @zone PII", "@zone", SCOPES.tag],
  ["* @zone PII", "PII", SCOPES.zone],
  ["/** @zone PII HEALTH */", "@zone", SCOPES.tag],
  ["/** @zone PII HEALTH */", "PII", SCOPES.zone],
  ["/** @zone PII HEALTH */", "HEALTH", SCOPES.zone],
  ['/** @zone DEVICE_ID */ export const deviceId = "d-1";', "DEVICE_ID", SCOPES.zone],
];

const SINK_CASES: ScopedCase[] = [
  ["* @sink logging message detail", "@sink", SCOPES.tag],
  ["* @sink logging message detail", "logging", SCOPES.purpose],
  ["* @sink logging message detail", "message", SCOPES.parameter],
  ["* @sink logging message detail", "detail", SCOPES.parameter],
];

const RECLASSIFY_LINE = "/** @reclassify PII -> PSEUDONYMOUS -- salted SHA-256 */";
const RECLASSIFY_CASES: ScopedCase[] = [
  [RECLASSIFY_LINE, "@reclassify", SCOPES.tag],
  [RECLASSIFY_LINE, "PII", SCOPES.zone],
  [RECLASSIFY_LINE, "->", SCOPES.arrow],
  [RECLASSIFY_LINE, "PSEUDONYMOUS", SCOPES.zone],
  [RECLASSIFY_LINE, "--", SCOPES.separator],
  [RECLASSIFY_LINE, "salted SHA-256", SCOPES.reason],
  ["* @reclassify PII -- aggregated count", "PII", SCOPES.zone],
  ["* @reclassify PII -- aggregated count", "--", SCOPES.separator],
  ["* @reclassify PII -- aggregated count", "aggregated count", SCOPES.reason],
];

const NEXT_LINE = "// privacy-zones-disable-next-line PZ001 -- reviewed: consented export";
const SAME_LINE =
  'writeLog(contact.phone, "call"); // privacy-zones-disable-line PZ001 PZ002 -- reason';
const BLOCK_LINE =
  'writeLog(contact.email, "block"); /* privacy-zones-disable-line PZ003 -- block reason */';
const DIRECTIVE_CASES: ScopedCase[] = [
  [NEXT_LINE, "privacy-zones-disable-next-line", SCOPES.directive],
  [NEXT_LINE, "PZ001", SCOPES.code],
  [NEXT_LINE, "--", SCOPES.separator],
  [NEXT_LINE, "reviewed: consented export", SCOPES.reason],
  [SAME_LINE, "privacy-zones-disable-line", SCOPES.directive],
  [SAME_LINE, "PZ001", SCOPES.code],
  [SAME_LINE, "PZ002", SCOPES.code],
  [SAME_LINE, "--", SCOPES.separator],
  [SAME_LINE, "reason", SCOPES.reason],
  [BLOCK_LINE, "privacy-zones-disable-line", SCOPES.directive],
  [BLOCK_LINE, "PZ003", SCOPES.code],
  [BLOCK_LINE, "--", SCOPES.separator],
  [BLOCK_LINE, "block reason", SCOPES.reason],
];

const JSX_CHILD_LINE = "{/* privacy-zones-disable-next-line PZ001 -- shown to its owner */}";
const JSX_CASES: ScopedCase[] = [
  ["/** @zone USER_CONTENT */", "USER_CONTENT", SCOPES.zone],
  [JSX_CHILD_LINE, "privacy-zones-disable-next-line", SCOPES.directive],
  [JSX_CHILD_LINE, "PZ001", SCOPES.code],
  [JSX_CHILD_LINE, "shown to its owner", SCOPES.reason],
];

/** A part of a fixture line that must carry no annotation scope. */
type PlainCase = [line: string, part: string];

const PLAIN_CASES: PlainCase[] = [
  ['export const PII = "zone-like word outside a comment";', "PII"],
  ['export const label = "@zone HEALTH in a string";', "HEALTH"],
  ["// @zone LOCATION in a line comment", "LOCATION"],
  ["* @zone BIOMETRIC in a plain block comment", "@zone"],
  ["* @zone BIOMETRIC in a plain block comment", "BIOMETRIC"],
  ["/** Mentions @zone VOICE mid-line, which TypeScript reads as text. */", "VOICE"],
  ["/** @zone pii */", "pii"],
  ["/** @sink Logging message */", "Logging"],
  ["/** @sink Logging message */", "message"],
  [
    "// see privacy-zones-disable-line PZ004 -- not at the start of the comment",
    "privacy-zones-disable-line",
  ],
  ["// see privacy-zones-disable-line PZ004 -- not at the start of the comment", "PZ004"],
  [
    "/** privacy-zones-disable-line PZ005 -- JSDoc is not a disable comment */",
    "privacy-zones-disable-line",
  ],
  ["/** privacy-zones-disable-line PZ005 -- JSDoc is not a disable comment */", "PZ005"],
];

const JSX_PLAIN_CASES: PlainCase[] = [['<p title="@zone PII in an attribute">', "PII"]];

function describeTokens(tokens: ScopedToken[]): string {
  return tokens
    .map((token) => `${JSON.stringify(token.text)}: ${token.scopes.join(" ")}`)
    .join("\n");
}

/** Checks whether a scope comes from the injection grammar and colours text, unlike its meta scope. */
function isAnnotationScope(scope: string): boolean {
  return scope.endsWith(".privacy-zones") && !scope.startsWith("meta.");
}

function assertScoped(file: TokenizedFile, [line, part, scope]: ScopedCase): void {
  const tokens = tokensCovering(file, line, part);
  // Equal text means the part starts and ends on token boundaries, so it is scoped as a unit.
  assert.equal(
    tokens.map((token) => token.text).join(""),
    part,
    `"${part}" should be whole tokens in ${line}:\n${describeTokens(tokens)}`,
  );
  for (const token of tokens) {
    assert.ok(
      token.scopes.some((candidate) => scopeMatches(candidate, scope)),
      `"${token.text}" in ${line} should have ${scope}:\n${describeTokens(tokens)}`,
    );
    assert.ok(
      token.scopes.some((candidate) => scopeMatches(candidate, "comment")),
      `"${token.text}" in ${line} should stay inside its comment scope`,
    );
  }
}

function assertPlain(file: TokenizedFile, [line, part]: PlainCase): void {
  const tokens = tokensCovering(file, line, part);
  assert.ok(tokens.length > 0, `no tokens cover "${part}" in ${line}`);
  for (const token of tokens) {
    assert.deepEqual(
      token.scopes.filter(isAnnotationScope),
      [],
      `"${part}" in ${line} should have no annotation scope:\n${describeTokens(tokens)}`,
    );
  }
}

function isJsx(language: Language): boolean {
  return language.scopeName === "source.tsx" || language.scopeName === "source.js.jsx";
}

for (const language of LANGUAGES) {
  describe(`injection into ${language.scopeName}`, () => {
    let injected: TokenizedFile;
    let base: TokenizedFile;

    before(async () => {
      injected = tokenizeFixture(await loadGrammar(language, { withInjection: true }), language);
      base = tokenizeFixture(await loadGrammar(language, { withInjection: false }), language);
    });

    it("scopes @zone tags and zone names", () => {
      ZONE_CASES.forEach((scopedCase) => assertScoped(injected, scopedCase));
    });

    it("scopes @sink purpose and parameters", () => {
      SINK_CASES.forEach((scopedCase) => assertScoped(injected, scopedCase));
    });

    it("scopes @reclassify parts and reasons", () => {
      RECLASSIFY_CASES.forEach((scopedCase) => assertScoped(injected, scopedCase));
    });

    it("scopes disable comments", () => {
      DIRECTIVE_CASES.forEach((scopedCase) => assertScoped(injected, scopedCase));
    });

    it("scopes annotations in JSX", { skip: !isJsx(language) && "no JSX here" }, () => {
      JSX_CASES.forEach((scopedCase) => assertScoped(injected, scopedCase));
      JSX_PLAIN_CASES.forEach((plainCase) => assertPlain(injected, plainCase));
    });

    it("leaves look-alikes unscoped", () => {
      PLAIN_CASES.forEach((plainCase) => assertPlain(injected, plainCase));
    });

    it("keeps ordinary JSDoc scopes", () => {
      const line = "* @param {string} message the text to log";
      assertPlain(injected, [line, "message"]);
      const expectations: [part: string, scope: string][] = [
        ["@param", "storage.type.class.jsdoc"],
        ["{", "punctuation.definition.bracket.curly.begin.jsdoc"],
        ["string", "entity.name.type.instance.jsdoc"],
        ["message", "variable.other.jsdoc"],
      ];
      for (const [part, scope] of expectations) {
        const scopes = tokensCovering(injected, line, part).flatMap((token) => token.scopes);
        assert.ok(
          scopes.some((candidate) => scopeMatches(candidate, scope)),
          `"${part}" should have ${scope}, got ${scopes.join(" ")}`,
        );
      }
    });

    it("ends the comment before following code", () => {
      const line = '/** @zone DEVICE_ID */ export const deviceId = "d-1";';
      for (const part of ["export", "deviceId"]) {
        const scopes = tokensCovering(injected, line, part).flatMap((token) => token.scopes);
        assert.ok(
          !scopes.some((scope) => scopeMatches(scope, "comment")),
          `"${part}" should be code, got ${scopes.join(" ")}`,
        );
      }
      const exportScopes = tokensCovering(injected, line, "export").flatMap(
        (token) => token.scopes,
      );
      assert.ok(exportScopes.some((scope) => scopeMatches(scope, "keyword.control.export")));
    });

    it("matches the base grammar without its scopes", () => {
      // Removing the injection's scopes must give back the base grammar's tokens on every line,
      // so the injection never swallows or splits what TypeScript's grammar scopes.
      assert.deepEqual(
        withoutScopesEndingIn(injected, ".privacy-zones"),
        withoutScopesEndingIn(base, ".privacy-zones"),
      );
    });
  });
}
