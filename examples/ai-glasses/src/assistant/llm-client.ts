import Anthropic from "@anthropic-ai/sdk";
import OpenAI from "openai";
import type { AssistantPrompt } from "./prompt-builder";

/** The model's answer, and which model gave it. */
export interface ModelAnswer {
  text: string;
  model: string;
}

const MAX_ANSWER_TOKENS = 300;

/** Answers prompts with an OpenAI vision model, or with Claude when there is no camera frame. */
export class AssistantModel {
  // Both clients read their API key from the environment (OPENAI_API_KEY, ANTHROPIC_API_KEY).
  private readonly openai = new OpenAI();
  private readonly anthropic = new Anthropic();

  constructor(private readonly models = { vision: "gpt-4o", text: "claude-sonnet-4-5" }) {}

  async answer(prompt: AssistantPrompt): Promise<ModelAnswer> {
    if (prompt.imageJpegBase64 === undefined) {
      return this.answerText(prompt);
    }
    return this.answerWithImage(prompt, prompt.imageJpegBase64);
  }

  private async answerWithImage(prompt: AssistantPrompt, jpegBase64: string): Promise<ModelAnswer> {
    const completion = await this.openai.chat.completions.create({
      model: this.models.vision,
      max_tokens: MAX_ANSWER_TOKENS,
      messages: [
        { role: "system", content: prompt.system },
        {
          role: "user",
          content: [
            { type: "text", text: prompt.question },
            { type: "image_url", image_url: { url: `data:image/jpeg;base64,${jpegBase64}` } },
          ],
        },
      ],
    });
    return { text: completion.choices[0]?.message.content ?? "", model: this.models.vision };
  }

  private async answerText(prompt: AssistantPrompt): Promise<ModelAnswer> {
    const message = await this.anthropic.messages.create({
      model: this.models.text,
      max_tokens: MAX_ANSWER_TOKENS,
      system: prompt.system,
      messages: [{ role: "user", content: prompt.question }],
    });
    const first = message.content[0];
    if (first?.type !== "text") {
      console.warn(`Claude returned no text for: ${prompt.question}`); // expect: PZ001
      return { text: "", model: this.models.text };
    }
    return { text: first.text, model: this.models.text };
  }
}
