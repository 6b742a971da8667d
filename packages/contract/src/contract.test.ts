import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { loadApiDocument } from "./api-document.js";
import { accessContract } from "./contract/access.js";
import { accessModelContract } from "./contract/access-model.js";
import { batchesContract } from "./contract/batches.js";
import { cascadesContract } from "./contract/cascades.js";
import { conflictsContract } from "./contract/conflicts.js";
import { crossTenantContract } from "./contract/cross-tenant.js";
import { evaluateContract } from "./contract/evaluate.js";
import { guideFlowContract } from "./contract/guide-flow.js";
import { lookupsContract } from "./contract/lookups.js";
import { missingRecordsContract } from "./contract/missing-records.js";
import { overridesContract } from "./contract/overrides.js";
import { paginationContract } from "./contract/pagination.js";
import { structureContract } from "./contract/structure.js";
import { subjectsContract } from "./contract/subjects.js";
import { validationContract } from "./contract/validation.js";
import { type ContractContext, contextFor } from "./contract-context.js";
import { OperationCoverage, operationsOf } from "./operation-coverage.js";
import { mockTarget, serverTarget } from "./targets.js";

// One suite, two targets: what passes against the server must pass against the mock.
describe.each([serverTarget(), mockTarget()])("the contract against the $name", (target) => {
  const coverage = new OperationCoverage(operationsOf(loadApiDocument()));
  let context: ContractContext | undefined;
  const use = (): ContractContext => {
    if (context === undefined) throw new Error("the target is not ready: use() inside a test");
    return context;
  };

  beforeAll(() => target.setUp());
  beforeEach(async () => {
    context = contextFor(await target.fresh(), coverage);
  });
  afterAll(() => target.tearDown());

  guideFlowContract(use);
  structureContract(use);
  subjectsContract(use);
  accessModelContract(use);
  validationContract(use);
  missingRecordsContract(use);
  conflictsContract(use);
  crossTenantContract(use);
  batchesContract(use);
  overridesContract(use);
  cascadesContract(use);
  evaluateContract(use);
  lookupsContract(use);
  paginationContract(use);
  accessContract(use);

  describe("coverage", () => {
    it("calls every operation openapi.json lists", () => {
      const missing = coverage
        .missing()
        .map((operation) => `${operation.operationId} (${operation.method} ${operation.path})`);

      expect(missing).toEqual([]);
    });

    it("answers no request with a 5xx", () => {
      expect(coverage.serverErrors()).toEqual([]);
    });
  });
});
