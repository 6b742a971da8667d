import { adminCaller, type Bedrock, hashToken, sameHash } from "@bedrock/core";
import type { Authenticate } from "./handler.js";

/**
 * Accepts the admin token (by its hash) and API keys that are not revoked.
 * Tokens are hashed before lookup; the plain token is never stored or logged.
 */
export function createKeyAuthenticator(
  bedrock: Bedrock,
  adminTokenHash: string | (() => string | undefined),
): Authenticate {
  const adminHash = typeof adminTokenHash === "string" ? () => adminTokenHash : adminTokenHash;
  return async (token) => {
    const hash = await hashToken(token);
    const admin = adminHash();
    if (admin !== undefined && sameHash(hash, admin)) return adminCaller;
    const [key] = await bedrock.read((r) => r.find("apiKeys", { tokenHash: hash }));
    if (key === undefined || key.revokedAt !== null) return undefined;
    return { keyId: key.id, tenantId: key.tenantId, rights: key.permissions };
  };
}
