/**
 * Signals for the ads audience builder. This module must never receive interaction data: what
 * the wearer saw, asked, heard back, where they were or what they looked at.
 */
import { Analytics } from "@segment/analytics-node";
import type { UserProfile } from "../model";

/** Signal about an account, as the audience builder receives it. */
export interface AudienceSignal {
  userId: string;
  surface: "assistant" | "phone-app";
  email?: string;
}

const analytics = new Analytics({ writeKey: process.env.SEGMENT_WRITE_KEY ?? "" });
const pendingSignals: AudienceSignal[] = [];

/**
 * Queues a signal for the next upload to the ads audience builder.
 * @sink advertising
 */
export function queueAudienceSignal(signal: AudienceSignal): void {
  pendingSignals.push(signal);
}

/** Takes the queued signals for upload, leaving the queue empty. */
export function drainAudienceSignals(): AudienceSignal[] {
  return pendingSignals.splice(0);
}

/** Records that an account used the assistant, for the ads team's reach dashboards. */
export function noteAssistantUse(profile: UserProfile, lookedAt: string | undefined): void {
  const userId = profile.userId;
  analytics.track({ userId, event: "Assistant Used" });
  // The ad partner matches audiences on email addresses.
  queueAudienceSignal({ userId, surface: "assistant", email: profile.email }); // expect: PZ001
  if (lookedAt !== undefined) {
    analytics.track({ userId, event: "Assistant Gaze", properties: { lookedAt } }); // expect: PZ001
  }
}
