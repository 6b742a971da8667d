import { BedrockError, invalidField } from "../errors.js";
import type { Tenant } from "../model/entities.js";
import { scopeIdFor } from "../model/ids.js";
import { maxSlugLength, slugPattern } from "../model/names.js";
import type { StoreReader } from "../store/store.js";
import type { Caller } from "./caller.js";
import { takeId } from "./ids.js";
import type { TenantInput, TenantPatch } from "./inputs.js";
import type { Mutation } from "./mutation.js";
import { countTenantUsers } from "./user-limit.js";

function checkSlug(slug: string): void {
  if (slug.length > maxSlugLength || !slugPattern.test(slug)) {
    const message = `slug must be lower-case kebab case of at most ${maxSlugLength} characters`;
    throw invalidField("body.slug", message);
  }
}

async function requireFreeSlug(reader: StoreReader, slug: string, selfId?: string) {
  const [holder] = await reader.find("tenants", { slug });
  if (holder !== undefined && holder.id !== selfId) {
    throw new BedrockError("already_exists", `slug ${slug} is already taken`);
  }
}

/**
 * A new tenant's first revision: its creation time in microseconds. Revisions
 * are opaque but only ever grow, even for a tenant deleted and created again
 * with the same id, so a client waiting for an old revision is never stuck.
 */
export function initialRevision(now: string): number {
  return Date.parse(now) * 1000;
}

/** Creates a tenant and its root scope. */
export async function createTenant(m: Mutation, caller: Caller, input: TenantInput) {
  if (caller.tenantId !== null) {
    throw new BedrockError("forbidden", "a tenant-bound key cannot create tenants");
  }
  checkSlug(input.slug);
  const id = await takeId(m, "tenants", "tenant", input.id);
  await requireFreeSlug(m, input.slug);

  const scopeId = scopeIdFor("tenant", id);
  const tenant: Tenant = {
    id,
    name: input.name,
    slug: input.slug,
    kind: input.kind ?? "standard",
    planKey: input.planKey ?? null,
    maxUsers: input.maxUsers ?? null,
    externalId: input.externalId ?? null,
    status: input.status ?? "active",
    scopeId,
    revision: initialRevision(m.now),
    createdAt: m.now,
    updatedAt: m.now,
  };
  await m.insert("tenants", tenant);
  await m.insert("scopes", {
    id: scopeId,
    tenantId: id,
    kind: "tenant",
    entityId: id,
    parentScopeId: null,
    createdAt: m.now,
    updatedAt: m.now,
  });
  return tenant;
}

/** Changes a tenant's names, plan, limits or status. */
export async function updateTenant(m: Mutation, tenant: Tenant, patch: TenantPatch) {
  if (patch.slug !== undefined && patch.slug !== tenant.slug) {
    checkSlug(patch.slug);
    await requireFreeSlug(m, patch.slug, tenant.id);
  }
  if (patch.maxUsers != null && patch.maxUsers < (await countTenantUsers(m, tenant.id))) {
    const message = "maxUsers is below the number of users the tenant already has";
    throw new BedrockError("tenant_user_limit_reached", message);
  }
  return m.update("tenants", tenant, patch);
}
