/**
 * Expected lineage of symbols of examples/ai-glasses. A node reads "id zones [inferred]
 * [purpose] [violation]"; an edge reads "from -kind-> to". Node ids end with the node kind.
 */

/** Nodes and edges of one expected graph, in the compact form above. */
export interface ExpectedLineage {
  nodes: string[];
  edges: string[];
}

/** `prompt` in src/api/assist-handler.ts: built from the request and sent to the models. */
export const PROMPT: ExpectedLineage = {
  nodes: [
    "assist-handler.ts:35:11:variable CAMERA_FRAME,GAZE,USER_INPUT,VOICE",
    "prompt-builder.ts:57:12:return CAMERA_FRAME,GAZE,USER_INPUT,VOICE",
    "prompt-builder.ts:51:11:variable GAZE,USER_INPUT",
    "prompt-builder.ts:48:9:parameter USER_INPUT",
    "prompt-builder.ts:59:25:source VOICE",
    "prompt-builder.ts:60:77:source CAMERA_FRAME",
    "prompt-builder.ts:55:84:source GAZE",
    "assist-handler.ts:35:39:parameter USER_INPUT",
    "assist-handler.ts:34:11:variable USER_INPUT",
    "assist-handler.ts:34:18:source USER_INPUT",
    "assist-handler.ts:36:44:parameter CAMERA_FRAME,GAZE,USER_INPUT,VOICE",
    "llm-client.ts:21:16:parameter CAMERA_FRAME,GAZE,USER_INPUT,VOICE",
    "llm-client.ts:25:33:parameter GAZE,USER_INPUT,VOICE",
    "llm-client.ts:25:41:parameter CAMERA_FRAME",
    "llm-client.ts:23:30:parameter GAZE,USER_INPUT,VOICE",
    "llm-client.ts:28:33:parameter GAZE,USER_INPUT,VOICE",
    "llm-client.ts:28:58:parameter CAMERA_FRAME",
    "llm-client.ts:46:28:parameter GAZE,USER_INPUT,VOICE",
    "llm-client.ts:29:30:call CAMERA_FRAME,GAZE,USER_INPUT,VOICE inferred",
    "llm-client.ts:29:66:sink CAMERA_FRAME,GAZE,USER_INPUT,VOICE llm_inference",
    "llm-client.ts:47:58:sink GAZE,USER_INPUT,VOICE llm_inference",
    "llm-client.ts:55:20:sink USER_INPUT,VOICE logging violation",
    "llm-client.ts:29:11:variable CAMERA_FRAME,GAZE,USER_INPUT,VOICE",
    "llm-client.ts:43:12:return CAMERA_FRAME,GAZE,USER_INPUT,VOICE",
    "llm-client.ts:25:12:return CAMERA_FRAME,GAZE,USER_INPUT,VOICE",
    "assist-handler.ts:36:11:variable CAMERA_FRAME,GAZE,USER_INPUT,VOICE",
    "assist-handler.ts:52:14:sink CAMERA_FRAME,GAZE,USER_INPUT,VOICE response",
  ],
  edges: [
    "prompt-builder.ts:57:12:return -assign-> assist-handler.ts:35:11:variable",
    "prompt-builder.ts:51:11:variable -return-> prompt-builder.ts:57:12:return",
    "prompt-builder.ts:48:9:parameter -return-> prompt-builder.ts:57:12:return",
    "prompt-builder.ts:59:25:source -return-> prompt-builder.ts:57:12:return",
    "prompt-builder.ts:60:77:source -return-> prompt-builder.ts:57:12:return",
    "prompt-builder.ts:55:84:source -assign-> prompt-builder.ts:51:11:variable",
    "prompt-builder.ts:48:9:parameter -assign-> prompt-builder.ts:51:11:variable",
    "assist-handler.ts:35:39:parameter -argument-> prompt-builder.ts:48:9:parameter",
    "assist-handler.ts:34:11:variable -argument-> assist-handler.ts:35:39:parameter",
    "assist-handler.ts:34:18:source -assign-> assist-handler.ts:34:11:variable",
    "assist-handler.ts:35:11:variable -argument-> assist-handler.ts:36:44:parameter",
    "assist-handler.ts:36:44:parameter -argument-> llm-client.ts:21:16:parameter",
    "llm-client.ts:21:16:parameter -argument-> llm-client.ts:25:33:parameter",
    "llm-client.ts:21:16:parameter -argument-> llm-client.ts:25:41:parameter",
    "llm-client.ts:21:16:parameter -argument-> llm-client.ts:23:30:parameter",
    "llm-client.ts:25:33:parameter -argument-> llm-client.ts:28:33:parameter",
    "llm-client.ts:25:41:parameter -argument-> llm-client.ts:28:58:parameter",
    "llm-client.ts:23:30:parameter -argument-> llm-client.ts:46:28:parameter",
    "llm-client.ts:28:33:parameter -call-> llm-client.ts:29:30:call",
    "llm-client.ts:28:33:parameter -sink-> llm-client.ts:29:66:sink",
    "llm-client.ts:28:58:parameter -call-> llm-client.ts:29:30:call",
    "llm-client.ts:28:58:parameter -sink-> llm-client.ts:29:66:sink",
    "llm-client.ts:46:28:parameter -sink-> llm-client.ts:47:58:sink",
    "llm-client.ts:46:28:parameter -sink-> llm-client.ts:55:20:sink",
    "llm-client.ts:29:30:call -assign-> llm-client.ts:29:11:variable",
    "llm-client.ts:29:11:variable -return-> llm-client.ts:43:12:return",
    "llm-client.ts:43:12:return -return-> llm-client.ts:25:12:return",
    "llm-client.ts:25:12:return -assign-> assist-handler.ts:36:11:variable",
    "assist-handler.ts:36:11:variable -sink-> assist-handler.ts:52:14:sink",
  ],
};

/** `lookedAt` in src/ads/ads-features.ts: fed from src/api/assist-handler.ts, so its upstream crosses files. */
export const LOOKED_AT: ExpectedLineage = {
  nodes: [
    "ads-features.ts:32:56:parameter GAZE,USER_INPUT",
    "assist-handler.ts:51:31:parameter GAZE,USER_INPUT",
    "assist-handler.ts:34:11:variable USER_INPUT",
    "assist-handler.ts:51:36:source GAZE",
    "assist-handler.ts:34:18:source USER_INPUT",
    "ads-features.ts:38:21:sink GAZE,USER_INPUT analytics violation",
  ],
  edges: [
    "assist-handler.ts:51:31:parameter -argument-> ads-features.ts:32:56:parameter",
    "assist-handler.ts:34:11:variable -argument-> assist-handler.ts:51:31:parameter",
    "assist-handler.ts:51:36:source -argument-> assist-handler.ts:51:31:parameter",
    "assist-handler.ts:34:18:source -assign-> assist-handler.ts:34:11:variable",
    "ads-features.ts:32:56:parameter -sink-> ads-features.ts:38:21:sink",
  ],
};

/** `subject` in src/accounts/user-store.ts: an email tagged PSEUDONYMOUS, signed into a JWT. */
export const SUBJECT: ExpectedLineage = {
  nodes: [
    "user-store.ts:45:11:variable PII,PSEUDONYMOUS",
    "user-store.ts:45:29:source PII",
    "user-store.ts:46:21:sink PII,PSEUDONYMOUS auth",
    "user-store.ts:46:12:call PII,PSEUDONYMOUS",
    "server.ts:61:14:sink PII,PSEUDONYMOUS response",
  ],
  edges: [
    "user-store.ts:45:29:source -assign-> user-store.ts:45:11:variable",
    "user-store.ts:45:11:variable -sink-> user-store.ts:46:21:sink",
    "user-store.ts:45:11:variable -call-> user-store.ts:46:12:call",
    "user-store.ts:46:12:call -sink-> server.ts:61:14:sink",
  ],
};
