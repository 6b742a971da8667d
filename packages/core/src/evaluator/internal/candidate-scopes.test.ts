import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { defaultNowMs, ModelBuilder } from "../../../test/model-builder.js";
import { randomModel } from "../../../test/random-model.js";
import type { ScopeKind } from "../../model/entities.js";
import { candidateScopes } from "./candidate-scopes.js";

const kinds: readonly ScopeKind[] = ["tenant", "workspace", "project", "environment"];

/** One workspace of ten projects with three environments each. */
function wideModel(): ModelBuilder {
  const model = new ModelBuilder();
  const workspace = model.workspace("workspace_wide", model.tenant("tenant_wide"));
  for (let p = 0; p < 10; p++) {
    const project = model.project(`project_p${p}`, workspace);
    for (let e = 0; e < 3; e++) model.environment(`env_p${p}_e${e}`, project);
  }
  return model;
}

describe("candidateScopes", () => {
  it("finds, by walking or by scanning, every scope of the kind at or below a membership after the cursor", () => {
    fc.assert(
      fc.property(randomModel, fc.string({ maxLength: 3 }), (model, noise) => {
        const context = model.builder.context(defaultNowMs);
        for (const snapshot of model.builder.snapshots()) {
          const index = context.tenantOfScope(snapshot.tenant.scopeId);
          if (index === undefined) throw new Error("random model lost a tenant");
          const scopeIds = [...index.scopes.keys()].sort();
          // Cursors on every id, between ids, and before the first.
          const cursors = [undefined, "", `scope_${noise}`, ...scopeIds];

          for (const memberAt of index.memberships.values()) {
            for (const kind of kinds) {
              for (const after of cursors) {
                const expected = scopeIds.filter(
                  (id) =>
                    index.scopes.get(id)?.kind === kind &&
                    index.scopes.get(id)?.path.some((at) => memberAt.has(at)) &&
                    (after === undefined || id > after),
                );
                const walked = [...candidateScopes(index, memberAt, kind, after, "walk")];
                const scanned = [...candidateScopes(index, memberAt, kind, after, "scan")];
                expect(walked).toEqual(expected);
                expect(scanned).toEqual(expected);
              }
            }
          }
        }
      }),
      { numRuns: 100 },
    );
  });

  it("finds the environments of one project membership in a wide tenant", () => {
    const index = wideModel().context(defaultNowMs).tenantOfScope("scope_tenant_wide");
    if (index === undefined) throw new Error("wide model lost its tenant");
    const memberAt = new Map([["scope_project_p3", "membership_one"]]);

    const found = [...candidateScopes(index, memberAt, "environment", undefined)];

    expect(found).toEqual(["scope_env_p3_e0", "scope_env_p3_e1", "scope_env_p3_e2"]);
  });
});
