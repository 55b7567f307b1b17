import type { UserStore } from "../accounts/user-store";
import { countInCohort } from "../privacy/reclassify";
import type { InteractionStore } from "../storage/interaction-store";

const DAY_MS = 24 * 60 * 60 * 1000;

/** Client of the data warehouse's row-ingest API, which the analytics team queries. */
export class WarehouseClient {
  constructor(private readonly ingestUrl: string) {}

  /**
   * Appends rows to a warehouse table.
   * @sink analytics
   */
  async insertRows(table: string, rows: object[]): Promise<void> {
    const url = `${this.ingestUrl}/tables/${encodeURIComponent(table)}/rows`;
    const response = await fetch(url, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(rows),
    });
    if (!response.ok) {
      throw new Error(`Warehouse rejected the rows for table ${table}`);
    }
  }
}

/**
 * Exports one UTC day (`day` is YYYY-MM-DD) of assistant usage: requests per pseudonymous user,
 * and how many wearers use low-vision descriptions, as a count over at least 50 users.
 */
export async function exportDailyStats(
  day: string,
  users: UserStore,
  interactions: InteractionStore,
  warehouse: WarehouseClient,
): Promise<void> {
  const start = `${day}T00:00:00.000Z`;
  const end = new Date(Date.parse(start) + DAY_MS).toISOString();
  const requestsByUser = new Map<string, number>();
  for (const record of interactions.createdBetween(start, end)) {
    requestsByUser.set(record.userKey, (requestsByUser.get(record.userKey) ?? 0) + 1);
  }
  const usageRows = [...requestsByUser].map(([userKey, requests]) => ({ day, userKey, requests }));
  await warehouse.insertRows("assistant_usage_daily", usageRows);

  const detailedDescriptionUsers = countInCohort(users.all().map((profile) => profile.lowVision));
  await warehouse.insertRows("assistant_accessibility_daily", [
    { day, detailedDescriptionUsers: detailedDescriptionUsers ?? null },
  ]);
}
