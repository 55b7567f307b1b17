import { appendFile } from "node:fs/promises";
import type { InteractionRecord } from "../model";

/** Called with each record after it is saved. */
export type InteractionListener = (record: InteractionRecord) => void;

/**
 * Answered questions: appended to a JSON Lines file, and kept in memory for the nightly jobs,
 * which subscribe with `onSaved` or read `createdBetween`.
 */
export class InteractionStore {
  private readonly records: InteractionRecord[] = [];
  private readonly listeners: InteractionListener[] = [];

  constructor(private readonly file: string) {}

  onSaved(listener: InteractionListener): void {
    this.listeners.push(listener);
  }

  async save(record: InteractionRecord): Promise<void> {
    await appendFile(this.file, `${JSON.stringify(record)}\n`, "utf8");
    this.records.push(record);
    for (const listener of this.listeners) {
      listener(record);
    }
  }

  /** Returns the records created in [start, end), both ISO 8601 times in UTC. */
  createdBetween(start: string, end: string): InteractionRecord[] {
    return this.records.filter((record) => record.createdAt >= start && record.createdAt < end);
  }
}
