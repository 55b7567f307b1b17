/**
 * Transformations that remove the sensitive part of a value. Each carries a `@reclassify` tag
 * with the reason, so the analyser lets the result go where the original could not.
 */
import { createHash } from "node:crypto";

/** Smallest group whose size an exported count may describe. */
const MIN_COHORT = 50;

function pseudonymSalt(): string {
  const salt = process.env.PSEUDONYM_SALT;
  if (salt === undefined || salt === "") {
    throw new Error("PSEUDONYM_SALT is not set; set it to the salt kept in the key store");
  }
  return salt;
}

/**
 * Returns a stable key for an identifier such as an email address. Without the salt, which
 * only this service holds, the key cannot be reversed or matched against other data sets.
 * @reclassify PII -> PSEUDONYMOUS -- salted SHA-256
 */
export function pseudonymize(identifier: string): string {
  const normalized = identifier.trim().toLowerCase();
  return createHash("sha256").update(pseudonymSalt()).update(normalized).digest("hex");
}

/**
 * Counts the true flags, one per user, or returns undefined for fewer than 50 users, so that
 * no exported count describes a small group whose members could be singled out.
 * @reclassify HEALTH -- aggregated count over >= 50 users
 */
export function countInCohort(flagPerUser: readonly boolean[]): number | undefined {
  if (flagPerUser.length < MIN_COHORT) {
    return undefined;
  }
  return flagPerUser.filter((flag) => flag).length;
}
