/**
 * Data shapes shared by the glasses and the assistant API. The zone tags on the properties label
 * each value wherever it travels, and privacy-zones.json lists the purposes each zone allows.
 */

/** A GPS fix from the glasses, in decimal degrees. */
export interface GeoPoint {
  latitude: number;
  longitude: number;
}

/** Body of `POST /v1/assist`, sent by the glasses when the wearer asks a question. */
export interface AssistRequest {
  /** @zone CAMERA_FRAME */
  frameJpegBase64: string;
  /** @zone VOICE */
  transcript: string;
  /** @zone LOCATION */
  location?: GeoPoint;
  /**
   * Label of the object that the eye tracker reports the wearer is looking at.
   * @zone GAZE
   */
  gazeTarget?: string;
}

/** Body of a successful `POST /v1/assist` response. */
export interface AssistResponse {
  requestId: string;
  answer: string;
}

/** Body of `POST /v1/notes`: a note the wearer dictated and asked to keep. */
export interface NoteRequest {
  /** @zone USER_CONTENT */
  text: string;
}

/** A wearer's account, loaded from the account service at start-up. */
export interface UserProfile {
  /** Random account id, meaningless outside this service. */
  userId: string;
  /** @zone PII */
  email: string;
  /**
   * True when the wearer asked for detailed scene descriptions because of low vision.
   * @zone HEALTH
   */
  lowVision: boolean;
  /** Account id at the notes app the wearer linked in the phone app, if any. */
  notesAccount?: string;
}

/** One answered question, as the interaction store keeps it for the nightly jobs. */
export interface InteractionRecord {
  requestId: string;
  /** @zone PSEUDONYMOUS */
  userKey: string;
  /** @zone VOICE */
  transcript: string;
  model: string;
  latencyMs: number;
  /** ISO 8601 time at which the request arrived. */
  createdAt: string;
}
