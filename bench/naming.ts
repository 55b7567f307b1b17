/** Names of one generated module, derived from its domain noun and index. */
export interface ModuleNames {
  /** File-name stem and variable name, such as `booking12`. */
  id: string;
  /** Type-name stem, such as `Booking12`. */
  type: string;
  /** Index in generation order; a module depends only on modules with a lower index. */
  index: number;
}

const NOUNS = [
  "account",
  "booking",
  "invoice",
  "shipment",
  "ticket",
  "order",
  "payment",
  "review",
  "message",
  "session",
  "referral",
  "coupon",
  "delivery",
  "claim",
  "visit",
  "enrolment",
  "donation",
  "rental",
  "survey",
  "appointment",
];

/** Returns the names of the module generated at `index`. */
export function moduleNames(index: number): ModuleNames {
  const noun = NOUNS[index % NOUNS.length] ?? "module";
  const id = `${noun}${index}`;
  return { id, type: id.charAt(0).toUpperCase() + id.slice(1), index };
}
