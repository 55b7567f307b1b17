import type { Request, Response } from "express";
import { randomUUID } from "node:crypto";
import type { UserStore } from "../accounts/user-store";
import { noteAssistantUse } from "../ads/ads-features";
import type { AssistantModel } from "../assistant/llm-client";
import type { PromptBuilder } from "../assistant/prompt-builder";
import { logAnswered } from "../logging/logger";
import type { AssistRequest, AssistResponse } from "../model";
import { pseudonymize } from "../privacy/reclassify";
import type { InteractionStore } from "../storage/interaction-store";

/** Services that the assist endpoint calls. */
export interface AssistDependencies {
  users: UserStore;
  prompts: PromptBuilder;
  model: AssistantModel;
  interactions: InteractionStore;
}

/**
 * Creates the handler of `POST /v1/assist`, which answers a question about what the wearer
 * sees. Express 5 passes a rejected promise to the error middleware in server.ts.
 */
export function createAssistHandler(deps: AssistDependencies) {
  return async (req: Request, res: Response): Promise<void> => {
    const startedAt = Date.now();
    const requestId = randomUUID();
    const profile = deps.users.authenticate(req.get("authorization"));
    if (profile === undefined) {
      res.status(401).json({ error: "Missing or expired device session; pair the glasses again" });
      return;
    }

    const body = req.body as AssistRequest;
    const prompt = deps.prompts.build(body, profile);
    const answer = await deps.model.answer(prompt);
    const latencyMs = Date.now() - startedAt;
    if (answer.text === "") {
      console.warn(`Empty answer from ${answer.model} for request ${requestId}`);
    }

    await deps.interactions.save({
      requestId,
      userKey: pseudonymize(profile.email),
      transcript: body.transcript,
      model: answer.model,
      latencyMs,
      createdAt: new Date(startedAt).toISOString(),
    });
    logAnswered(requestId, body, answer.model, latencyMs);
    noteAssistantUse(profile, body.gazeTarget);
    res.json({ requestId, answer: answer.text } satisfies AssistResponse);
  };
}
