import { maxSlugLength, reasonCodes, slugPattern } from "@bedrock/core";
import { actionName, clientId, description, label, meta, ref, resourcePattern } from "./common.js";
import { z } from "./zod.js";

const stamps = { createdAt: z.string(), updatedAt: z.string() };
const nullableText = z.string().max(200).nullable();

export const tenantKind = z.enum(["standard", "sandbox", "enterprise"]);
export const tenantStatus = z.enum(["active", "suspended"]);
export const subjectType = z.enum(["user", "agent"]);
export const subjectStatus = z.enum(["active", "disabled"]);
export const overrideState = z.enum(["enabled", "disabled"]);
export const scopeKind = z.enum(["tenant", "workspace", "project", "environment"]);
export const apiKeyPermission = z.enum(["manage", "evaluate"]);

export const tenant = z
  .object({
    id: z.string(),
    name: z.string(),
    slug: z.string(),
    kind: tenantKind,
    planKey: z.string().nullable(),
    maxUsers: z.number().int().nullable(),
    externalId: z.string().nullable(),
    status: tenantStatus,
    scopeId: z.string(),
    revision: z.number().int(),
    ...stamps,
  })
  .openapi("Tenant");

export const tenantInput = z
  .object({
    id: clientId.optional(),
    name: label,
    slug: z
      .string()
      .max(maxSlugLength)
      .regex(slugPattern, "must be lower-case kebab case, such as acme-corp"),
    kind: tenantKind.optional(),
    planKey: nullableText.optional(),
    maxUsers: z.number().int().min(0).max(10_000_000).nullable().optional(),
    externalId: nullableText.optional(),
    status: tenantStatus.optional(),
  })
  .strict()
  .openapi("TenantInput");

export const tenantPatch = tenantInput.omit({ id: true }).partial().strict().openapi("TenantPatch");

const scoped = (name: string, parentField: string) =>
  z
    .object({
      id: z.string(),
      tenantId: z.string(),
      ...(parentField === "" ? {} : { [parentField]: z.string() }),
      name: z.string(),
      description: z.string().nullable(),
      scopeId: z.string(),
      ...stamps,
    })
    .openapi(name);

export const workspace = scoped("Workspace", "");
export const project = scoped("Project", "workspaceId");
export const environment = scoped("Environment", "projectId");

export const workspaceInput = z
  .object({
    id: clientId.optional(),
    tenantId: ref,
    name: label,
    description: description.optional(),
  })
  .strict()
  .openapi("WorkspaceInput");

export const projectInput = z
  .object({
    id: clientId.optional(),
    tenantId: ref.optional(),
    workspaceId: ref,
    name: label,
    description: description.optional(),
  })
  .strict()
  .openapi("ProjectInput");

export const environmentInput = z
  .object({
    id: clientId.optional(),
    tenantId: ref.optional(),
    projectId: ref,
    name: label,
    description: description.optional(),
  })
  .strict()
  .openapi("EnvironmentInput");

export const namedPatch = z
  .object({ name: label.optional(), description: description.optional() })
  .strict()
  .openapi("NamedPatch");

export const scope = z
  .object({
    id: z.string(),
    tenantId: z.string(),
    kind: scopeKind,
    entityId: z.string(),
    parentScopeId: z.string().nullable(),
    ...stamps,
  })
  .openapi("Scope");

export const scopeWithAncestors = scope
  .extend({ ancestors: z.array(scope).openapi({ description: "Parent first, tenant last." }) })
  .openapi("ScopeWithAncestors");

export const subject = z
  .object({
    id: z.string(),
    subjectType,
    externalId: z.string().nullable(),
    displayName: z.string().nullable(),
    meta: z.record(z.string(), z.unknown()),
    status: subjectStatus,
    tenantId: z.string().nullable(),
    ...stamps,
  })
  .openapi("Subject");

export const subjectInput = z
  .object({
    id: clientId.optional(),
    subjectType,
    externalId: nullableText.optional(),
    displayName: nullableText.optional(),
    meta: meta.optional(),
    status: subjectStatus.optional(),
    tenantId: ref.nullable().optional(),
  })
  .strict()
  .openapi("SubjectInput");

export const subjectPatch = z
  .object({
    displayName: nullableText.optional(),
    meta: meta.optional(),
    status: subjectStatus.optional(),
  })
  .strict()
  .openapi("SubjectPatch");

export const user = z
  .object({
    id: z.string(),
    subjectId: z.string(),
    kindeId: z.string().nullable(),
    email: z.string().nullable(),
    firstName: z.string().nullable(),
    lastName: z.string().nullable(),
    defaultTenantId: z.string().nullable(),
    externalId: z.string().nullable(),
    ...stamps,
  })
  .openapi("User");

const email = z.email().max(254);

export const userInput = z
  .object({
    id: clientId.optional(),
    subjectId: clientId.optional(),
    kindeId: nullableText.optional(),
    email: email.nullable().optional(),
    firstName: nullableText.optional(),
    lastName: nullableText.optional(),
    defaultTenantId: ref.nullable().optional(),
    externalId: nullableText.optional(),
  })
  .strict()
  .openapi("UserInput");

export const userPatch = userInput
  .omit({ id: true, subjectId: true })
  .partial()
  .strict()
  .openapi("UserPatch");

export const membership = z
  .object({
    id: z.string(),
    subjectId: z.string(),
    scopeId: z.string(),
    tenantId: z.string(),
    ...stamps,
  })
  .openapi("Membership");

export const membershipInput = z
  .object({ id: clientId.optional(), subjectId: ref, scopeId: ref })
  .strict()
  .openapi("MembershipInput");

export const role = z
  .object({
    id: z.string(),
    tenantId: z.string(),
    scopeId: z.string(),
    name: z.string(),
    description: z.string().nullable(),
    ...stamps,
  })
  .openapi("Role");

export const roleInput = z
  .object({
    id: clientId.optional(),
    scopeId: ref,
    name: label,
    description: description.optional(),
    permissionIds: z.array(ref).max(1000).optional(),
  })
  .strict()
  .openapi("RoleInput");

export const rolePatch = namedPatch.openapi("RolePatch");

export const permission = z
  .object({
    id: z.string(),
    tenantId: z.string(),
    scopeId: z.string(),
    action: z.string(),
    resourceType: z.string(),
    resourcePattern: z.string(),
    key: z.string(),
    description: z.string().nullable(),
    ...stamps,
  })
  .openapi("Permission");

export const permissionInput = z
  .object({
    id: clientId.optional(),
    scopeId: ref,
    action: actionName,
    resourceType: actionName,
    resourcePattern: resourcePattern.optional(),
    key: z.string().min(1).max(400).optional(),
    description: description.optional(),
  })
  .strict()
  .openapi("PermissionInput");

export const grant = z
  .object({
    id: z.string(),
    tenantId: z.string(),
    roleId: z.string(),
    permissionId: z.string(),
    ...stamps,
  })
  .openapi("Grant");

export const grantInput = z
  .object({ permissionIds: z.array(ref).min(1).max(1000) })
  .strict()
  .openapi("GrantInput");

export const roleAssignment = z
  .object({
    id: z.string(),
    tenantId: z.string(),
    roleId: z.string(),
    membershipId: z.string(),
    expiresAt: z.string().nullable(),
    ...stamps,
  })
  .openapi("RoleAssignment");

export const roleAssignmentInput = z
  .object({
    id: clientId.optional(),
    roleId: ref,
    membershipId: ref,
    expiresAt: z.iso.datetime({ offset: true }).nullable().optional(),
  })
  .strict()
  .openapi("RoleAssignmentInput");

export const permissionOverride = z
  .object({
    id: z.string(),
    tenantId: z.string(),
    childScopeId: z.string(),
    permissionId: z.string(),
    state: overrideState,
    ...stamps,
  })
  .openapi("PermissionOverride");

export const permissionOverrideInput = z
  .object({ id: clientId.optional(), childScopeId: ref, permissionId: ref, state: overrideState })
  .strict()
  .openapi("PermissionOverrideInput");

export const rolePermissionOverride = permissionOverride
  .extend({ roleId: z.string() })
  .openapi("RolePermissionOverride");

export const rolePermissionOverrideInput = permissionOverrideInput
  .extend({ roleId: ref })
  .strict()
  .openapi("RolePermissionOverrideInput");

const subjectRef = z
  .object({ subjectId: z.string().min(1).max(200), subjectType })
  .strict()
  .openapi("SubjectRef");

export const evaluateRequest = z
  .object({
    actor: subjectRef,
    onBehalfOf: subjectRef.optional(),
    scopeId: z.string().min(1).max(200),
    action: actionName,
    resource: z
      .object({ resourceType: actionName, resourceId: z.string().min(1).max(512).optional() })
      .strict(),
    explain: z.boolean().optional(),
    minRevision: z.number().int().min(0).optional(),
  })
  .strict()
  .openapi("EvaluateRequest");

const reason = z.enum(reasonCodes as [string, ...string[]]).openapi("ReasonCode");
const verdict = z.enum(["ALLOWED", "DENIED"]);
const match = z
  .object({
    membershipId: z.string(),
    roleId: z.string(),
    permissionId: z.string(),
    permissionKey: z.string(),
  })
  .openapi("Match");

const subjectDecision = z
  .object({
    subjectId: z.string(),
    allowed: z.boolean(),
    decision: verdict,
    reason,
    matched: match.optional(),
  })
  .openapi("SubjectDecision");

const traceStep = z
  .object({
    step: z.enum([
      "subject",
      "scope",
      "tenant",
      "membership",
      "assignment",
      "permission",
      "override",
      "result",
    ]),
    subjectId: z.string(),
    outcome: z.enum(["pass", "fail", "skip"]),
    message: z.string(),
    scopeId: z.string().optional(),
    membershipId: z.string().optional(),
    assignmentId: z.string().optional(),
    roleId: z.string().optional(),
    permissionId: z.string().optional(),
    overrideId: z.string().optional(),
  })
  .openapi("TraceStep");

export const decision = z
  .object({
    allowed: z.boolean(),
    decision: verdict,
    reason,
    matched: match.optional(),
    actor: subjectDecision.optional(),
    onBehalfOf: subjectDecision.optional(),
    revision: z.number().int(),
    trace: z.array(traceStep).optional(),
  })
  .openapi("Decision");

export const apiKey = z
  .object({
    id: z.string(),
    name: z.string(),
    tenantId: z.string().nullable(),
    permissions: z.array(apiKeyPermission),
    tokenPrefix: z
      .string()
      .openapi({ description: "The token's first characters, to recognise it." }),
    revokedAt: z.string().nullable(),
    lastUsedAt: z.string().nullable(),
    ...stamps,
  })
  .openapi("ApiKey");

export const createdApiKey = apiKey
  .extend({ token: z.string().openapi({ description: "The secret; shown only in this answer." }) })
  .openapi("CreatedApiKey");

export const apiKeyInput = z
  .object({
    id: clientId.optional(),
    name: label,
    tenantId: ref.nullable().optional().openapi({
      description: "Binds the key to one tenant; omitted, a tenant-bound caller's own tenant.",
    }),
    permissions: z.array(apiKeyPermission).min(1).max(2),
  })
  .strict()
  .openapi("ApiKeyInput");

export const auditEvent = z
  .object({
    id: z.string(),
    tenantId: z.string().nullable(),
    actorKeyId: z.string().nullable().openapi({ description: "null for the admin token" }),
    operation: z.string(),
    targetType: z.string(),
    targetId: z.string(),
    before: z.unknown(),
    after: z.unknown(),
    createdAt: z.string(),
  })
  .openapi("AuditEvent");

export const membershipBatchItem = membershipInput
  .extend({
    roleIds: z.array(ref).max(100).optional(),
    expiresAt: z.iso.datetime({ offset: true }).nullable().optional(),
  })
  .strict()
  .openapi("MembershipBatchItem");

export const membershipWithAssignments = membership
  .extend({ roleAssignments: z.array(roleAssignment) })
  .openapi("MembershipWithAssignments");
