import type { AssistRequest, GeoPoint, UserProfile } from "../model";

/** Model input: the instructions, the spoken question and the camera frame, if any. */
export interface AssistantPrompt {
  system: string;
  question: string;
  imageJpegBase64?: string;
}

/** A city's bounding box, in decimal degrees. */
export interface CityBounds {
  name: string;
  south: number;
  west: number;
  north: number;
  east: number;
}

const BRIEF_STYLE = "Answer in one or two short sentences; the answer is read aloud.";
const DETAILED_STYLE =
  "The wearer has low vision: describe what is in front of them in detail, nearest first.";

/** Offline reverse geocoder over a fixed table of city bounding boxes. */
export class CityGeocoder {
  constructor(private readonly cities: readonly CityBounds[]) {}

  cityAt(point: GeoPoint): string | undefined {
    const { latitude, longitude } = point;
    const city = this.cities.find(
      (box) =>
        latitude >= box.south &&
        latitude <= box.north &&
        longitude >= box.west &&
        longitude <= box.east,
    );
    return city?.name;
  }
}

function isValidPoint(point: GeoPoint): boolean {
  return Math.abs(point.latitude) <= 90 && Math.abs(point.longitude) <= 180;
}

/** Turns an assist request into the prompt that the model answers. */
export class PromptBuilder {
  constructor(private readonly geocoder: CityGeocoder) {}

  build(request: AssistRequest, profile: UserProfile): AssistantPrompt {
    // The city is enough context for the model, so the exact position is not sent.
    const place = request.location ? this.describePlace(request.location) : undefined;
    const lines = [
      "You are the assistant in a pair of camera glasses.",
      profile.lowVision ? DETAILED_STYLE : BRIEF_STYLE,
      place === undefined ? "" : `The wearer is in ${place}.`,
      request.gazeTarget === undefined ? "" : `The wearer is looking at: ${request.gazeTarget}.`,
    ];
    return {
      system: lines.filter((line) => line !== "").join("\n"),
      question: request.transcript,
      imageJpegBase64: request.frameJpegBase64 === "" ? undefined : request.frameJpegBase64,
    };
  }

  private describePlace(point: GeoPoint): string {
    if (!isValidPoint(point)) {
      throw new Error("Invalid location in assist request: latitude or longitude out of range");
    }
    const city = this.geocoder.cityAt(point);
    if (city === undefined) {
      throw new Error(`No known city near ${point.latitude},${point.longitude}`); // expect: PZ001
    }
    return city;
  }
}
