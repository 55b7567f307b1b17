import { ts } from "./typescript";
import { getAnnotations, sameLineTags } from "./annotations";
import type { Annotation, NameToken } from "./annotations";
import type { ResolvedConfig } from "./config-types";
import { rangeOf } from "./findings";
import { closestName } from "./suggest";
import { walkDescendants } from "./walk";
import type { Finding } from "./types";

/** PZ003 and PZ004 findings for the `@zone`, `@sink` and `@reclassify` tags of a file. */
export function checkAnnotations(file: ts.SourceFile, config: ResolvedConfig): Finding[] {
  const text = file.text;
  if (!text.includes("@zone") && !text.includes("@sink") && !text.includes("@reclassify"))
    return [];
  const findings: Finding[] = [];
  forEachAnnotated(file, (node) => {
    for (const annotation of getAnnotations(node))
      findings.push(...checkAnnotation(file, annotation, config));
  });
  return findings;
}

/** Calls `visit` for every node that has its own JSDoc. */
export function forEachAnnotated(file: ts.SourceFile, visit: (node: ts.Node) => void): void {
  walkDescendants(file, (node) => {
    if ((node as { jsDoc?: unknown[] }).jsDoc?.length || sameLineTags(node).length > 0) visit(node);
  });
}

function checkAnnotation(
  file: ts.SourceFile,
  annotation: Annotation,
  config: ResolvedConfig,
): Finding[] {
  const findings: Finding[] = [];
  for (const problem of annotation.problems) {
    findings.push(
      problemFinding(
        file,
        problem.kind === "reason" ? "PZ004" : "PZ003",
        problem.start,
        problem.end,
        problem.message,
      ),
    );
  }
  const zones: NameToken[] =
    annotation.kind === "zone"
      ? annotation.zones
      : annotation.kind === "reclassify"
        ? [
            ...(annotation.from === "*" ? [] : annotation.from),
            ...(annotation.to ? [annotation.to] : []),
          ]
        : [];
  for (const token of zones) {
    if (config.zones.has(token.name)) continue;
    findings.push(unknownName(file, token, "zone", config.zones.keys()));
  }
  if (
    annotation.kind === "sink" &&
    annotation.purpose &&
    !config.purposes.has(annotation.purpose.name)
  ) {
    findings.push(unknownName(file, annotation.purpose, "purpose", config.purposes.keys()));
  }
  return findings;
}

function unknownName(
  file: ts.SourceFile,
  token: NameToken,
  kind: "zone" | "purpose",
  known: Iterable<string>,
): Finding {
  const names = [...known];
  const suggestion = closestName(token.name, names);
  const hint = suggestion
    ? ` Did you mean \`${suggestion}\`?`
    : ` Known ${kind}s: ${names.slice(0, 12).join(", ")}${names.length > 12 ? ", ..." : ""}.`;
  const where = kind === "zone" ? "under `zones`" : "under `purposes`";
  const finding = problemFinding(
    file,
    "PZ003",
    token.start,
    token.end,
    `Unknown ${kind} \`${token.name}\`.${hint} Declare it ${where} in privacy-zones.json to add it.`,
  );
  if (suggestion) {
    finding.fixes.push({
      kind: "rename-zone",
      title: `Change to \`${suggestion}\``,
      edits: [{ file: file.fileName, range: finding.range, newText: suggestion }],
    });
  }
  return finding;
}

function problemFinding(
  file: ts.SourceFile,
  code: "PZ003" | "PZ004",
  start: number,
  end: number,
  message: string,
): Finding {
  return {
    code,
    severity: "error",
    message,
    file: file.fileName,
    range: rangeOf(file, start, end),
    zones: [],
    inferred: false,
    sink: null,
    path: [],
    otherPaths: [],
    fixes: [],
  };
}
