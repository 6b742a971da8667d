export {
  type Bedrock,
  type BedrockOptions,
  type Consistency,
  type Creates,
  createBedrock,
  maxBatchChecks,
  type PermissionOptions,
  type RecordMethods,
} from "./client.js";
export {
  BedrockApiError,
  type ClientErrorCode,
  type FieldIssue,
  type Problem,
} from "./errors.js";
export { paginate } from "./paginate.js";
export type * from "./types.js";
