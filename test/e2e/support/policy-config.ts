/** Edits `privacy-zones.json` the way a developer does, keeping its comments. */
import * as fs from "node:fs/promises";
import { applyEdits, modify, parse, type ParseError } from "jsonc-parser";

const FORMAT = { formattingOptions: { insertSpaces: true, tabSize: 2 } };

interface ZoneEntry {
  allow?: string[];
}

/**
 * Adds a purpose to the `allow` list of each zone, writing the file back in place. A zone that
 * the file does not list yet gets an entry with only that purpose.
 */
export async function allowPurpose(file: string, zones: string[], purpose: string): Promise<void> {
  let text = await fs.readFile(file, "utf8").catch((error: NodeJS.ErrnoException) => {
    if (error.code === "ENOENT") return "{}\n";
    throw error;
  });
  const errors: ParseError[] = [];
  const config = parse(text, errors, { allowTrailingComma: true }) as {
    zones?: Record<string, ZoneEntry>;
  };
  if (errors.length > 0) throw new Error(`${file} is not valid JSON with comments`);
  for (const zone of zones) {
    const allow = config.zones?.[zone]?.allow ?? [];
    if (allow.includes(purpose)) continue;
    text = applyEdits(text, modify(text, ["zones", zone, "allow"], [...allow, purpose], FORMAT));
  }
  await fs.writeFile(file, text);
}
