/**
 * Maps the quick fix titles that the extension offers for a finding to the change each title
 * promises, so a test can check that a fix did what its title states.
 */

/** A quick fix title together with the change its title promises. */
export interface QuickFixExpectation {
  title: string;
  /** What the text must show afterwards, in words, for the assertion message. */
  promise: string;
  /** True when the text after the fix shows the promised change. */
  isApplied(before: string, after: string): boolean;
}

type Matcher = (title: string) => QuickFixExpectation | undefined;

function count(text: string, part: string): number {
  return text.split(part).length - 1;
}

/** Matchers in order of preference: remediations that remove the flow before the escape hatch. */
const MATCHERS: Matcher[] = [
  (title) => {
    const match = /^Remove `(.+)` from this call/.exec(title);
    const removed = match?.[1];
    if (!removed) return undefined;
    return {
      title,
      promise: `\`${removed}\` occurs once less`,
      isApplied: (before, after) => count(after, removed) < count(before, removed),
    };
  },
  (title) => {
    const match = /^Pass through `(\w+)\(\)`/.exec(title);
    const reclassifier = match?.[1];
    if (!reclassifier) return undefined;
    return {
      title,
      promise: `a call of \`${reclassifier}(\` appears`,
      isApplied: (before, after) =>
        count(after, `${reclassifier}(`) > count(before, `${reclassifier}(`),
    };
  },
  (title) => {
    const match = /^Disable (PZ\d{3}) for this line/.exec(title);
    const code = match?.[1];
    if (!code) return undefined;
    const pattern = new RegExp(`privacy-zones-disable-(next-)?line ${code}`, "g");
    return {
      title,
      promise: `a privacy-zones-disable comment for ${code} appears`,
      isApplied: (before, after) =>
        (after.match(pattern) ?? []).length > (before.match(pattern) ?? []).length,
    };
  },
  (title) => {
    const match = /^Add @zone (\S+) to `(.+)`/.exec(title);
    const zone = match?.[1];
    if (!zone) return undefined;
    return {
      title,
      promise: `an @zone tag with ${zone} appears`,
      isApplied: (before, after) => count(after, "@zone") > count(before, "@zone"),
    };
  },
];

/** Picks the preferred known quick fix among the offered titles. */
export function chooseQuickFix(titles: string[]): QuickFixExpectation | undefined {
  for (const matcher of MATCHERS) {
    for (const title of titles) {
      const expectation = matcher(title);
      if (expectation) return expectation;
    }
  }
  return undefined;
}
