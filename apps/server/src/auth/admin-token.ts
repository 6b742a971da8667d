import { generateToken, hashToken } from "@bedrock/core";

/** Where the admin token's hash is kept between starts. */
export interface SettingsStore {
  getSetting(key: string): Promise<string | undefined>;
  setSetting(key: string, value: string): Promise<void>;
  /** Stores the value unless one is there, and returns what is stored. */
  claimSetting(key: string, value: string): Promise<string>;
}

const settingKey = "admin_token_hash";

/** The admin token's hash, and the token itself only when it was just generated. */
export interface AdminToken {
  hash: string;
  generated?: string;
}

/**
 * The token from the environment wins. Without one, a token generated on the
 * first start is kept as a hash; its plain form is returned that once only.
 */
export async function resolveAdminToken(
  settings: SettingsStore,
  fromEnv: string | undefined,
): Promise<AdminToken> {
  if (fromEnv !== undefined) return { hash: await hashToken(fromEnv) };
  const stored = await settings.getSetting(settingKey);
  if (stored !== undefined) return { hash: stored };
  const generated = generateToken("bdr_admin_");
  const hash = await hashToken(generated);
  // Replicas starting together may both generate one; the first stored wins,
  // and only its generator prints it.
  const winner = await settings.claimSetting(settingKey, hash);
  return winner === hash ? { hash, generated } : { hash: winner };
}

/**
 * Replaces the stored admin token with a new one and returns it. Servers
 * already running keep the old token until they restart.
 */
export async function rotateAdminToken(settings: SettingsStore): Promise<string> {
  const token = generateToken("bdr_admin_");
  await settings.setSetting(settingKey, await hashToken(token));
  return token;
}
