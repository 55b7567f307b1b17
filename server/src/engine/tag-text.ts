/**
 * The Privacy Zones JSDoc tags, as text. This module loads no TypeScript, so that the language
 * server's main thread can use it too.
 */

/** The names of the Privacy Zones JSDoc tags. */
export const TAG_NAMES: ReadonlySet<string> = new Set(["zone", "sink", "reclassify"]);

const TAG_TEXT = /@(zone|sink|reclassify)\b/;

/** Returns true when a text may contain Privacy Zones tags, which most files do not. */
export function mayHaveTags(text: string): boolean {
  return TAG_TEXT.test(text);
}
