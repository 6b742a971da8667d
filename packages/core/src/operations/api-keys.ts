import { BedrockError } from "../errors.js";
import type { ApiKey } from "../model/entities.js";
import { generateToken, hashToken } from "../model/tokens.js";
import type { Caller } from "./caller.js";
import { takeId } from "./ids.js";
import type { ApiKeyInput } from "./inputs.js";
import type { Mutation } from "./mutation.js";
import { loadVisible } from "./visible-records.js";

/** A key as the API shows it: never its hash. */
export type PublicApiKey = Omit<ApiKey, "tokenHash">;

/** Strips the token hash from a stored key. */
export function presentApiKey(key: ApiKey): PublicApiKey {
  const { tokenHash: _hidden, ...shown } = key;
  return shown;
}

/**
 * Creates an API key and returns its token, which is not stored and cannot be
 * shown again. A tenant-bound caller can only create keys bound to its tenant.
 */
export async function createApiKey(m: Mutation, caller: Caller, input: ApiKeyInput) {
  if (caller.tenantId !== null && input.tenantId === null) {
    throw new BedrockError("forbidden", "a tenant-bound key cannot create platform-wide keys");
  }
  const beyond = input.permissions.filter((right) => !caller.rights.includes(right));
  if (beyond.length > 0) {
    throw new BedrockError("forbidden", `a key cannot grant rights it lacks: ${beyond.join(", ")}`);
  }
  const tenantId = input.tenantId === undefined ? caller.tenantId : input.tenantId;
  // Another tenant's id answers 404, as if it did not exist.
  if (tenantId !== null) await loadVisible(m, caller, "tenants", tenantId);

  const id = await takeId(m, "apiKeys", "apiKey", input.id);
  const token = generateToken();
  const key: ApiKey = {
    id,
    name: input.name,
    tenantId,
    permissions: [...new Set(input.permissions)].sort(),
    tokenHash: await hashToken(token),
    tokenPrefix: token.slice(0, 8),
    revokedAt: null,
    lastUsedAt: null,
    createdAt: m.now,
    updatedAt: m.now,
  };
  await m.insert("apiKeys", key);
  return { key: presentApiKey(key), token };
}

/** Revokes a key: it stops working at once, and stays listed as revoked. */
export async function revokeApiKey(m: Mutation, key: ApiKey) {
  if (key.revokedAt !== null) return presentApiKey(key);
  return presentApiKey(await m.update("apiKeys", key, { revokedAt: m.now }));
}
