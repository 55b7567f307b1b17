import { appendFile } from "node:fs/promises";
import type { InteractionRecord } from "../model";
import type { InteractionStore } from "../storage/interaction-store";

/** One example for the model trainer. */
export type TrainingExample =
  | { task: "latency"; userKey: string; model: string; latencyMs: number }
  | { task: "suggestions"; text: string };

/**
 * Collects saved interactions and turns them into training examples for two models: the router
 * that predicts each model's latency per user, and the follow-up question suggester.
 */
export class TrainingJob {
  private readonly batch: InteractionRecord[] = [];

  constructor(
    interactions: InteractionStore,
    private readonly spoolFile: string,
  ) {
    interactions.onSaved((record) => this.batch.push(record));
  }

  /** Submits the examples of every interaction saved since the previous run. */
  async run(): Promise<void> {
    const records = this.batch.splice(0);
    for (const record of records) {
      const { userKey, model, latencyMs } = record;
      await this.submit({ task: "latency", userKey, model, latencyMs });
      await this.submit({ task: "suggestions", text: record.transcript }); // expect: PZ001
    }
  }

  /**
   * Appends an example to the spool file that the trainer picks up every night.
   * @sink training
   */
  private async submit(example: TrainingExample): Promise<void> {
    await appendFile(this.spoolFile, `${JSON.stringify(example)}\n`, "utf8");
  }
}
