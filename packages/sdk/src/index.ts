export {
  type Bedrock,
  type BedrockOptions,
  type Creates,
  createBedrock,
  type RecordMethods,
} from "./client.js";
export {
  BedrockApiError,
  type ClientErrorCode,
  type FieldIssue,
  type Problem,
} from "./errors.js";
export type * from "./types.js";
