export { loadApiDocument } from "./api-document.js";
export { type ContractContext, contextFor, type RawAnswer } from "./contract-context.js";
export {
  type OpenApiDocument,
  type Operation,
  OperationCoverage,
  operationsOf,
} from "./operation-coverage.js";
export { type Endpoint, mockTarget, serverTarget, type Target } from "./targets.js";
