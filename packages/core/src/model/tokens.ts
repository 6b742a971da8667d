/** The prefix of API key tokens, so a leaked one is recognisable. */
export const apiKeyTokenPrefix = "bdr_";

function toBase64Url(bytes: Uint8Array): string {
  let binary = "";
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replaceAll("+", "-").replaceAll("/", "_").replace(/=+$/, "");
}

/** A new secret token: the prefix and 32 random bytes. */
export function generateToken(prefix: string = apiKeyTokenPrefix): string {
  const bytes = new Uint8Array(32);
  crypto.getRandomValues(bytes);
  return prefix + toBase64Url(bytes);
}

/** The stored form of a token: its SHA-256, hex-encoded. */
export async function hashToken(token: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(token));
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, "0")).join("");
}

/** Compares two equal-length hex hashes without an early exit. */
export function sameHash(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let difference = 0;
  for (let i = 0; i < a.length; i++) difference |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return difference === 0;
}
