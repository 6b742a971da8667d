export {
  type Bedrock,
  type BedrockOptions,
  type Consistency,
  createBedrock,
  maxBatchChecks,
  type PermissionOptions,
  type RolePermissionQuery,
} from "./client.js";
export {
  BedrockApiError,
  type ClientErrorCode,
  type FieldIssue,
  type Problem,
} from "./errors.js";
export { paginate } from "./paginate.js";
export type {
  Resource,
  ResourceMethod,
  ResourceMethods,
  ResourcePath,
} from "./resource.js";
export type * from "./types.js";
