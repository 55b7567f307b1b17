import jwt from "jsonwebtoken";
import { readFile } from "node:fs/promises";
import type { UserProfile } from "../model";

/** Claims of a device session. The glasses send the signed session with every request. */
interface DeviceSessionClaims {
  sub: string;
  uid: string;
}

/** Returns the HMAC key that signs device sessions, from the environment. */
function sessionKey(): string {
  const key = process.env.DEVICE_SESSION_KEY;
  if (key === undefined || key === "") {
    throw new Error("DEVICE_SESSION_KEY is not set; set it to 32 or more random bytes");
  }
  return key;
}

/** The wearers' accounts, and the sessions that paired glasses authenticate with. */
export class UserStore {
  private readonly profiles = new Map<string, UserProfile>();

  /** Loads the accounts from the JSON array that the account service exports. */
  async load(file: string): Promise<void> {
    const profiles = JSON.parse(await readFile(file, "utf8")) as UserProfile[];
    for (const profile of profiles) {
      this.profiles.set(profile.userId, profile);
    }
  }

  get(userId: string): UserProfile | undefined {
    return this.profiles.get(userId);
  }

  all(): UserProfile[] {
    return [...this.profiles.values()];
  }

  /** Signs a 30-day session for glasses that the wearer just paired. */
  signDeviceSession(profile: UserProfile): string {
    // The subject should be a pseudonymous key: a JWT is only base64-encoded, so anyone who
    // captures the session can read its claims.
    /** @zone PSEUDONYMOUS */
    const subject = profile.email; // expect: PZ002
    return jwt.sign({ sub: subject, uid: profile.userId }, sessionKey(), { expiresIn: "30d" });
  }

  /** Returns the account of an `Authorization: Bearer` header, or undefined when it is invalid. */
  authenticate(authorizationHeader: string | undefined): UserProfile | undefined {
    const encoded = authorizationHeader?.replace(/^Bearer /, "") ?? "";
    const key = sessionKey();
    try {
      const claims = jwt.verify(encoded, key) as DeviceSessionClaims;
      return this.get(claims.uid);
    } catch {
      // An expired or forged session is an ordinary 401, not an error worth logging.
      return undefined;
    }
  }
}
