import { BedrockError } from "../errors.js";
import type { Subject, User } from "../model/entities.js";
import type { StoreReader } from "../store/store.js";
import type { Caller } from "./caller.js";
import { takeId } from "./ids.js";
import type { SubjectInput, UserInput, UserPatch } from "./inputs.js";
import type { Mutation } from "./mutation.js";
import { requireUserSlot } from "./user-limit.js";
import { loadVisible } from "./visible-records.js";

async function requireFreeExternalId(
  reader: StoreReader,
  subjectType: Subject["subjectType"],
  externalId: string | null,
): Promise<void> {
  if (externalId === null) return;
  const [holder] = await reader.find("subjects", { subjectType, externalId });
  if (holder !== undefined) {
    const message = `a ${subjectType} with externalId ${externalId} already exists`;
    throw new BedrockError("already_exists", message);
  }
}

async function requireFreeEmail(reader: StoreReader, email: string, selfId?: string) {
  const [holder] = await reader.find("users", { emailNormalized: email.toLowerCase() });
  if (holder !== undefined && holder.id !== selfId) {
    throw new BedrockError("already_exists", `a user with email ${email} already exists`);
  }
}

/** The home tenant of a new subject: a tenant-bound caller's own tenant. */
async function homeTenant(m: Mutation, caller: Caller, requested: string | null | undefined) {
  const tenantId = requested ?? caller.tenantId;
  if (tenantId === null) return null;
  return (await loadVisible(m, caller, "tenants", tenantId)).id;
}

/** Creates a subject: a user or an agent. */
export async function createSubject(m: Mutation, caller: Caller, input: SubjectInput) {
  const id = await takeId(m, "subjects", "subject", input.id);
  const externalId = input.externalId ?? null;
  await requireFreeExternalId(m, input.subjectType, externalId);
  const subject: Subject = {
    id,
    subjectType: input.subjectType,
    externalId,
    displayName: input.displayName ?? null,
    meta: input.meta ?? {},
    status: input.status ?? "active",
    tenantId: await homeTenant(m, caller, input.tenantId),
    createdAt: m.now,
    updatedAt: m.now,
  };
  return m.insert("subjects", subject);
}

function displayNameOf(input: UserInput): string | null {
  const name = [input.firstName, input.lastName].filter(Boolean).join(" ");
  return name === "" ? (input.email ?? null) : name;
}

/** Creates a user record and its subject together. */
export async function createUser(m: Mutation, caller: Caller, input: UserInput) {
  const id = await takeId(m, "users", "user", input.id);
  const subjectId = await takeId(m, "subjects", "subject", input.subjectId, "subjectId");
  const email = input.email ?? null;
  if (email !== null) await requireFreeEmail(m, email);

  const defaultTenantId = input.defaultTenantId ?? null;
  if (defaultTenantId !== null) {
    await loadVisible(m, caller, "tenants", defaultTenantId);
    await requireUserSlot(m, defaultTenantId, subjectId);
  }
  await createSubject(m, caller, {
    id: subjectId,
    subjectType: "user",
    externalId: input.externalId ?? input.kindeId ?? null,
    displayName: displayNameOf(input),
  });

  const user: User = {
    id,
    subjectId,
    kindeId: input.kindeId ?? null,
    email,
    emailNormalized: email?.toLowerCase() ?? null,
    firstName: input.firstName ?? null,
    lastName: input.lastName ?? null,
    defaultTenantId,
    externalId: input.externalId ?? null,
    createdAt: m.now,
    updatedAt: m.now,
  };
  return m.insert("users", user);
}

/** Changes a user's profile fields. */
export async function updateUser(m: Mutation, caller: Caller, user: User, patch: UserPatch) {
  const next: Partial<User> = { ...patch };
  if (patch.email != null && patch.email !== user.email) {
    await requireFreeEmail(m, patch.email, user.id);
    next.emailNormalized = patch.email.toLowerCase();
  } else if (patch.email === null) {
    next.emailNormalized = null;
  }
  if (patch.defaultTenantId != null && patch.defaultTenantId !== user.defaultTenantId) {
    await loadVisible(m, caller, "tenants", patch.defaultTenantId);
    await requireUserSlot(m, patch.defaultTenantId, user.subjectId);
  }
  return m.update("users", user, next);
}

/** A user as the API shows it, without internal lookup columns. */
export function presentUser(user: User): Omit<User, "emailNormalized"> {
  const { emailNormalized: _hidden, ...shown } = user;
  return shown;
}
