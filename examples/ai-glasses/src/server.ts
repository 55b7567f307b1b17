/**
 * The assistant API: wires the stores, the model and the nightly jobs into an Express app.
 * Settings come from environment variables, whose names and defaults are in `readSettings`.
 */
import express, { type NextFunction, type Request, type Response } from "express";
import { UserStore } from "./accounts/user-store";
import { createAssistHandler } from "./api/assist-handler";
import { createNotesHandler, NotesAppClient } from "./api/notes-handler";
import { AssistantModel } from "./assistant/llm-client";
import { CityGeocoder, PromptBuilder } from "./assistant/prompt-builder";
import { logger } from "./logging/logger";
import { InteractionStore } from "./storage/interaction-store";
import { TrainingJob } from "./training/training-job";
import { exportDailyStats, WarehouseClient } from "./warehouse/daily-export";

const DAY_MS = 24 * 60 * 60 * 1000;

const CITIES = [
  { name: "Amsterdam", south: 52.28, west: 4.73, north: 52.43, east: 5.08 },
  { name: "Lisbon", south: 38.69, west: -9.23, north: 38.8, east: -9.09 },
];

function readSettings() {
  const env = process.env;
  return {
    port: Number(env.PORT ?? "8080"),
    accountsFile: env.ACCOUNTS_FILE ?? "data/accounts.json",
    interactionsFile: env.INTERACTIONS_FILE ?? "data/interactions.jsonl",
    trainingSpoolFile: env.TRAINING_SPOOL_FILE ?? "data/training-examples.jsonl",
    notesAppUrl: env.NOTES_APP_URL ?? "https://api.notes.example",
    warehouseUrl: env.WAREHOUSE_INGEST_URL ?? "https://warehouse.internal.example",
  };
}

/** Logs a failed request and responds with status 500, without details. */
function handleError(error: unknown, _req: Request, res: Response, _next: NextFunction): void {
  logger.error({ err: error }, "request failed");
  res.status(500).json({ error: "Internal error" });
}

async function main(): Promise<void> {
  const settings = readSettings();
  const users = new UserStore();
  await users.load(settings.accountsFile);
  const interactions = new InteractionStore(settings.interactionsFile);
  const training = new TrainingJob(interactions, settings.trainingSpoolFile);
  const warehouse = new WarehouseClient(settings.warehouseUrl);
  const prompts = new PromptBuilder(new CityGeocoder(CITIES));
  const model = new AssistantModel();
  const notes = new NotesAppClient(settings.notesAppUrl);

  const app = express();
  app.use(express.json({ limit: "2mb" }));
  // The phone app's sign-in gateway sets x-user-id once the wearer has signed in.
  app.post("/v1/pair", (req, res) => {
    const profile = users.get(req.get("x-user-id") ?? "");
    if (profile === undefined) {
      res.status(404).json({ error: "Unknown account" });
      return;
    }
    res.json({ session: users.signDeviceSession(profile) });
  });
  app.post("/v1/assist", createAssistHandler({ users, prompts, model, interactions }));
  app.post("/v1/notes", createNotesHandler({ users, notes }));
  app.use(handleError);
  app.listen(settings.port, () => logger.info({ port: settings.port }, "assistant API listening"));

  // Runs every 24 hours from start-up. Each run exports the previous UTC day.
  setInterval(async () => {
    const day = new Date(Date.now() - DAY_MS).toISOString().slice(0, 10);
    try {
      await training.run();
      await exportDailyStats(day, users, interactions, warehouse);
      logger.info({ day }, "nightly jobs finished");
    } catch (error) {
      logger.error({ err: error, day }, "nightly jobs failed");
    }
  }, DAY_MS);
}

if (require.main === module) {
  main().catch((error: unknown) => {
    logger.fatal({ err: error }, "assistant API failed to start");
    process.exit(1);
  });
}
