import type { Authenticate } from "@bedrock/api";
import { adminCaller, type Bedrock } from "@bedrock/core";
import { hashToken, sameHash } from "./tokens.js";

/**
 * Accepts the admin token (by its hash) and API keys that are not revoked.
 * Tokens are hashed before lookup; the plain token is never stored or logged.
 */
export function createAuthenticator(bedrock: Bedrock, adminTokenHash: string): Authenticate {
  return async (token) => {
    const hash = hashToken(token);
    if (sameHash(hash, adminTokenHash)) return adminCaller;
    const [key] = await bedrock.read((r) => r.find("apiKeys", { tokenHash: hash }));
    if (key === undefined || key.revokedAt !== null) return undefined;
    return { keyId: key.id, tenantId: key.tenantId, rights: key.permissions };
  };
}
