/**
 * Colours of zones in the lineage graph. A zone keeps its colour in every graph because the
 * colour is picked by a hash of its name.
 */

/** Distinct hues that read on light and dark themes (Tableau 10 with two additions). */
const PALETTE = [
  "#4e79a7",
  "#f28e2b",
  "#59a14f",
  "#b07aa1",
  "#edc948",
  "#76b7b2",
  "#ff9da7",
  "#9c755f",
  "#8cd17d",
  "#a0cbe8",
  "#d4a6c8",
  "#86bcb6",
];

/** Returns the colour of a zone, as a `#rrggbb` string. */
export function zoneColour(zone: string): string {
  // FNV-1a, so that the colour depends on every character of the name.
  let hash = 0x811c9dc5;
  for (let index = 0; index < zone.length; index++) {
    hash ^= zone.charCodeAt(index);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return PALETTE[hash % PALETTE.length]!;
}
