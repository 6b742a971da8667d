import { maxLookupLimit } from "@bedrock/core";
import { actionName, ref } from "./common.js";
import { decision, evaluateRequest, permission, scopeKind } from "./entities.js";
import { z } from "./zod.js";

const subjectRef = evaluateRequest.shape.actor;
const match = decision.shape.matched.unwrap();

const resourceId = z.string().min(1).max(512);
const minRevision = z.number().int().min(0);

/** Page size and cursor of a lookup sent in a body. */
const bodyPage = {
  limit: z.number().int().min(1).max(maxLookupLimit).optional(),
  cursor: z.string().min(1).max(400).optional(),
};

const revision = z.number().int().openapi({
  description: "The tenant revision the page was computed from; 0 when nothing was visible.",
});

function lookupPageOf<T extends z.ZodTypeAny>(item: T, name: string) {
  return z
    .object({ data: z.array(item), nextCursor: z.string().nullable(), revision })
    .openapi(name);
}

export const scopeLookupRequest = z
  .object({
    subject: subjectRef,
    tenantId: ref,
    kind: scopeKind,
    action: actionName,
    resourceType: actionName,
    resourceId: resourceId.optional(),
    minRevision: minRevision.optional(),
    ...bodyPage,
  })
  .strict()
  .openapi("ScopeLookupRequest");

export const scopeMatch = z
  .object({
    scopeId: z.string(),
    kind: scopeKind,
    entityId: z.string(),
    parentScopeId: z.string().nullable(),
    matched: match,
  })
  .openapi("ScopeMatch");

export const scopeLookupPage = lookupPageOf(scopeMatch, "ScopeLookupPage");

export const subjectLookupRequest = z
  .object({
    scopeId: ref,
    action: actionName,
    resourceType: actionName,
    resourceId: resourceId.optional(),
    minRevision: minRevision.optional(),
    ...bodyPage,
  })
  .strict()
  .openapi("SubjectLookupRequest");

export const subjectMatch = z
  .object({ subjectId: z.string(), subjectType: subjectRef.shape.subjectType, matched: match })
  .openapi("SubjectMatch");

export const subjectLookupPage = lookupPageOf(subjectMatch, "SubjectLookupPage");

export const permissionsQuery = z
  .object({
    scopeId: ref,
    minRevision: z.coerce.number().int().min(0).optional().openapi({ type: "integer", minimum: 0 }),
    limit: z.coerce.number().int().min(1).max(maxLookupLimit).optional(),
    cursor: bodyPage.cursor,
  })
  .strict();

const permissionSource = z
  .object({ roleId: z.string(), name: z.string(), membershipId: z.string() })
  .openapi("PermissionSource");

export const effectivePermission = permission
  .pick({
    id: true,
    tenantId: true,
    scopeId: true,
    action: true,
    resourceType: true,
    resourcePattern: true,
    key: true,
  })
  .extend({ roles: z.array(permissionSource) })
  .openapi("EffectivePermission");

export const effectivePermissionPage = lookupPageOf(effectivePermission, "EffectivePermissionPage");
