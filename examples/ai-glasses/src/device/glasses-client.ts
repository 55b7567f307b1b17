/**
 * Code that runs on the glasses: it captures what the wearer sees and says, sends it to the
 * assistant API and reads the answer aloud.
 */
import type { AssistRequest, AssistResponse, GeoPoint } from "../model";

/** The sensors and speaker of the glasses, as the device runtime exposes them. */
export interface DeviceRuntime {
  /** Returns the current camera frame as a base64 JPEG. */
  grabFrame(): Promise<string>;
  /** Records until the wearer stops talking and returns the on-device speech recognition output. */
  listen(): Promise<string>;
  /** Returns a GPS fix, or undefined when there is none (indoors, for example). */
  position(): Promise<GeoPoint | undefined>;
  /** Returns the label of the object that the eye tracker reports the wearer is looking at. */
  gazeLabel(): Promise<string | undefined>;
  /** Reads text aloud through the speaker in the temple. */
  speak(text: string): Promise<void>;
}

/** @zone CAMERA_FRAME */
async function captureFrame(runtime: DeviceRuntime): Promise<string> {
  return runtime.grabFrame();
}

/** @zone VOICE */
async function captureQuestion(runtime: DeviceRuntime): Promise<string> {
  const transcript = await runtime.listen();
  return transcript.trim();
}

function buildRequest(
  /** @zone CAMERA_FRAME */ frameJpegBase64: string,
  /** @zone VOICE */ transcript: string,
  location: GeoPoint | undefined,
  gazeTarget: string | undefined,
): AssistRequest {
  return { frameJpegBase64, transcript, location, gazeTarget };
}

/**
 * Answers one spoken question about what the wearer sees. `session` is the device session that
 * `POST /v1/pair` issued when the glasses were paired with the phone app.
 */
export async function askAssistant(
  runtime: DeviceRuntime,
  apiBaseUrl: string,
  session: string,
): Promise<void> {
  const frame = await captureFrame(runtime);
  const question = await captureQuestion(runtime);
  /** @zone LOCATION */
  const position = await runtime.position();
  /** @zone GAZE */
  const lookedAt = await runtime.gazeLabel();

  const response = await fetch(`${apiBaseUrl}/v1/assist`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${session}` },
    body: JSON.stringify(buildRequest(frame, question, position, lookedAt)),
  });
  if (!response.ok) {
    await runtime.speak("Sorry, the assistant is not available right now.");
    return;
  }
  const { answer } = (await response.json()) as AssistResponse;
  await runtime.speak(answer);
}
