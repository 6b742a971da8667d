import { describe, expect, it } from "vitest";
import { defaultNowMs, ModelBuilder } from "../../test/model-builder.js";
import type { SubjectType } from "../model/entities.js";
import type { Decision, EvaluateRequest, Match, ReasonCode, SubjectRef } from "./decision.js";
import { evaluate } from "./evaluate.js";

const acme = "scope_tenant_acme";
const main = "scope_workspace_main";
const crm = "scope_project_crm";
const production = "scope_env_production";
const staging = "scope_env_staging";
const globexCrm = "scope_project_globex_crm";

const salesRep = "subject_acme_user";
const admin = "subject_acme_admin";
const agent = "subject_acme_agent";

const hourMs = 60 * 60 * 1000;
const past = new Date(defaultNowMs - hourMs).toISOString();
const future = new Date(defaultNowMs + hourMs).toISOString();

/**
 * The guide's two tenants: Acme's CRM project with Admin, Sales Rep and Viewer
 * roles over four permissions, and Globex with a CRM project of its own.
 */
function guideModel(): ModelBuilder {
  const model = new ModelBuilder();
  model.tenant("tenant_acme", { revision: 7 });
  model.workspace("workspace_main", acme);
  model.project("project_crm", main);
  model.environment("env_production", crm);
  model.environment("env_staging", crm);

  model.permission("perm_read", crm, { action: "read", resourceType: "customer" });
  model.permission("perm_write", crm, { action: "write", resourceType: "customer" });
  model.permission("perm_delete", crm, { action: "delete", resourceType: "customer" });
  model.permission("perm_export", crm, { action: "export", resourceType: "report" });
  model.role("role_admin", crm, "Admin");
  model.role("role_sales_rep", crm, "Sales Rep");
  model.role("role_viewer", crm, "Viewer");
  for (const permission of ["perm_read", "perm_write", "perm_delete", "perm_export"]) {
    model.grant("role_admin", permission);
    model.grant("role_sales_rep", permission);
  }
  model.grant("role_viewer", "perm_read");

  model.subject(salesRep);
  model.membership("membership_acme_user_crm", salesRep, crm);
  model.assign("role_sales_rep", "membership_acme_user_crm");
  model.subject(admin);
  model.membership("membership_acme_admin_crm", admin, crm);
  model.assign("role_admin", "membership_acme_admin_crm");
  model.subject(agent, { subjectType: "agent", tenantId: "tenant_acme" });
  model.membership("membership_agent_crm", agent, crm);
  model.assign("role_viewer", "membership_agent_crm");

  model.tenant("tenant_globex", { revision: 3 });
  model.workspace("workspace_globex_main", "scope_tenant_globex");
  model.project("project_globex_crm", "scope_workspace_globex_main");
  model.environment("env_globex_production", globexCrm);
  model.permission("perm_globex_read", globexCrm, { action: "read", resourceType: "customer" });
  model.role("role_globex_admin", globexCrm, "Admin");
  model.grant("role_globex_admin", "perm_globex_read");
  model.subject("subject_globex_user");
  model.membership("membership_globex_user_crm", "subject_globex_user", globexCrm);
  model.assign("role_globex_admin", "membership_globex_user_crm");
  return model;
}

/** A request in the few words a table row needs. */
interface Ask {
  subject?: string;
  as?: SubjectType;
  scope?: string;
  action?: string;
  resourceType?: string;
  resourceId?: string;
  onBehalfOf?: SubjectRef;
}

function request(ask: Ask): EvaluateRequest {
  const built: EvaluateRequest = {
    actor: { subjectId: ask.subject ?? salesRep, subjectType: ask.as ?? "user" },
    scopeId: ask.scope ?? crm,
    action: ask.action ?? "read",
    resource: { resourceType: ask.resourceType ?? "customer" },
  };
  if (ask.resourceId !== undefined) built.resource.resourceId = ask.resourceId;
  if (ask.onBehalfOf !== undefined) built.onBehalfOf = ask.onBehalfOf;
  return built;
}

/** One row of a rule's table. */
interface Case {
  name: string;
  arrange?: (model: ModelBuilder) => void;
  ask: Ask;
  reason: ReasonCode;
  matched?: Partial<Match>;
  nowMs?: number;
}

function decide(base: () => ModelBuilder, row: Case): Decision {
  const model = base();
  row.arrange?.(model);
  return evaluate(request(row.ask), model.context(row.nowMs));
}

function expectOutcome(decision: Decision, row: Case): void {
  expect(decision.reason).toBe(row.reason);
  expect(decision.allowed).toBe(row.reason === "allowed");
  expect(decision.decision).toBe(row.reason === "allowed" ? "ALLOWED" : "DENIED");
  if (row.reason !== "allowed") expect(decision.matched).toBeUndefined();
  if (row.matched !== undefined) expect(decision.matched).toMatchObject(row.matched);
}

describe("evaluate", () => {
  describe("subject checks, in order", () => {
    const cases: Case[] = [
      {
        name: "allows when the subject exists, is active and has the stated type",
        ask: {},
        reason: "allowed",
      },
      {
        name: "denies subject_not_found when no subject has the id",
        ask: { subject: "subject_ghost" },
        reason: "subject_not_found",
      },
      {
        name: "denies subject_inactive when the subject is disabled",
        arrange: (m) => m.subject(salesRep, { status: "disabled" }),
        ask: {},
        reason: "subject_inactive",
      },
      {
        name: "denies subject_type_mismatch when a user is stated as an agent",
        ask: { as: "agent" },
        reason: "subject_type_mismatch",
      },
      {
        name: "denies subject_type_mismatch when an agent is stated as a user",
        ask: { subject: agent, as: "user" },
        reason: "subject_type_mismatch",
      },
      {
        name: "denies subject_not_found when the subject and the scope are both unknown",
        ask: { subject: "subject_ghost", scope: "scope_project_ghost" },
        reason: "subject_not_found",
      },
      {
        name: "denies subject_inactive when a disabled subject is also stated with the wrong type",
        arrange: (m) => m.subject(salesRep, { status: "disabled" }),
        ask: { as: "agent", scope: "scope_project_ghost" },
        reason: "subject_inactive",
      },
      {
        name: "denies subject_type_mismatch when the scope is unknown as well",
        ask: { as: "agent", scope: "scope_project_ghost" },
        reason: "subject_type_mismatch",
      },
    ];

    it.each(cases)("$name", (row) => {
      const decision = decide(guideModel, row);

      expectOutcome(decision, row);
    });
  });

  describe("scope and tenant", () => {
    const cases: Case[] = [
      {
        name: "denies scope_not_found when the scope does not exist",
        ask: { scope: "scope_project_ghost" },
        reason: "scope_not_found",
      },
      {
        name: "denies scope_not_found when an entity id is given instead of a scope id",
        ask: { scope: "project_crm" },
        reason: "scope_not_found",
      },
      {
        name: "denies tenant_inactive when the tenant is suspended despite a granted role",
        arrange: (m) => {
          m.snapshotOf("tenant_acme").tenant.status = "suspended";
        },
        ask: {},
        reason: "tenant_inactive",
      },
      {
        name: "denies tenant_inactive when the tenant is suspended and the subject has no membership",
        arrange: (m) => {
          m.snapshotOf("tenant_acme").tenant.status = "suspended";
        },
        ask: { subject: "subject_globex_user" },
        reason: "tenant_inactive",
      },
    ];

    it.each(cases)("$name", (row) => {
      const decision = decide(guideModel, row);

      expectOutcome(decision, row);
    });
  });

  describe("memberships apply downward only", () => {
    /** Projects `a1` and `a10` share an id prefix and nothing else. */
    function ancestryModel(): ModelBuilder {
      const model = new ModelBuilder();
      const tenant = model.tenant("tenant_t");
      const workspace = model.workspace("workspace_w", tenant);
      const a1 = model.project("project_a1", workspace);
      const a10 = model.project("project_a10", workspace);
      model.environment("env_a1_prod", a1);
      model.environment("env_a1_staging", a1);
      model.environment("env_a10_prod", a10);

      model.permission("perm_t_read", tenant, { action: "read", resourceType: "customer" });
      model.role("role_t_reader", tenant);
      model.grant("role_t_reader", "perm_t_read");
      model.role("role_a1_reader", a1);
      model.grant("role_a1_reader", "perm_t_read");

      model.subject("subject_project_member");
      model.membership("membership_project", "subject_project_member", a1);
      model.assign("role_a1_reader", "membership_project");
      model.subject("subject_env_member");
      model.membership("membership_env", "subject_env_member", "scope_env_a1_prod");
      model.assign("role_a1_reader", "membership_env");
      model.subject("subject_tenant_member");
      model.membership("membership_tenant", "subject_tenant_member", tenant);
      model.assign("role_t_reader", "membership_tenant");
      return model;
    }

    const cases: Case[] = [
      {
        name: "allows a project membership at its project",
        ask: { subject: "subject_project_member", scope: "scope_project_a1" },
        reason: "allowed",
        matched: { membershipId: "membership_project" },
      },
      {
        name: "allows a project membership in one of its environments",
        ask: { subject: "subject_project_member", scope: "scope_env_a1_prod" },
        reason: "allowed",
        matched: { membershipId: "membership_project" },
      },
      {
        name: "denies no_membership when a project membership is asked about the workspace",
        ask: { subject: "subject_project_member", scope: "scope_workspace_w" },
        reason: "no_membership",
      },
      {
        name: "denies no_membership when the project only shares an id prefix (a1 vs a10)",
        ask: { subject: "subject_project_member", scope: "scope_project_a10" },
        reason: "no_membership",
      },
      {
        name: "denies no_membership when the environment belongs to the prefix-sharing project",
        ask: { subject: "subject_project_member", scope: "scope_env_a10_prod" },
        reason: "no_membership",
      },
      {
        name: "allows an environment membership at its environment",
        ask: { subject: "subject_env_member", scope: "scope_env_a1_prod" },
        reason: "allowed",
        matched: { membershipId: "membership_env" },
      },
      {
        name: "denies no_membership when an environment membership is asked about its project",
        ask: { subject: "subject_env_member", scope: "scope_project_a1" },
        reason: "no_membership",
      },
      {
        name: "denies no_membership when an environment membership is asked about a sibling",
        ask: { subject: "subject_env_member", scope: "scope_env_a1_staging" },
        reason: "no_membership",
      },
      {
        name: "allows a tenant membership in an environment three levels down",
        ask: { subject: "subject_tenant_member", scope: "scope_env_a10_prod" },
        reason: "allowed",
        matched: { membershipId: "membership_tenant" },
      },
      {
        name: "allows through the nearest membership when the subject holds several on the path",
        arrange: (m) => {
          m.membership("membership_project_env", "subject_project_member", "scope_env_a1_prod");
          m.assign("role_a1_reader", "membership_project_env");
        },
        ask: { subject: "subject_project_member", scope: "scope_env_a1_prod" },
        reason: "allowed",
        matched: { membershipId: "membership_project_env" },
      },
    ];

    it.each(cases)("$name", (row) => {
      const decision = decide(ancestryModel, row);

      expectOutcome(decision, row);
    });
  });

  describe("role assignments and their expiry", () => {
    const cases: Case[] = [
      {
        name: "denies no_matching_permission when the only assignment expired",
        arrange: (m) => {
          m.subject("subject_temp");
          m.membership("membership_temp", "subject_temp", crm);
          m.assign("role_sales_rep", "membership_temp", past);
        },
        ask: { subject: "subject_temp" },
        reason: "no_matching_permission",
      },
      {
        name: "allows when the assignment expires in the future",
        arrange: (m) => {
          m.subject("subject_temp");
          m.membership("membership_temp", "subject_temp", crm);
          m.assign("role_sales_rep", "membership_temp", future);
        },
        ask: { subject: "subject_temp" },
        reason: "allowed",
        matched: { roleId: "role_sales_rep" },
      },
      {
        name: "denies no_matching_permission when the assignment expires at this very instant",
        arrange: (m) => {
          m.subject("subject_temp");
          m.membership("membership_temp", "subject_temp", crm);
          m.assign("role_sales_rep", "membership_temp", new Date(defaultNowMs).toISOString());
        },
        ask: { subject: "subject_temp" },
        reason: "no_matching_permission",
      },
      {
        name: "allows when the same assignment is read one hour earlier",
        arrange: (m) => {
          m.subject("subject_temp");
          m.membership("membership_temp", "subject_temp", crm);
          m.assign("role_sales_rep", "membership_temp", past);
        },
        ask: { subject: "subject_temp" },
        nowMs: defaultNowMs - 2 * hourMs,
        reason: "allowed",
      },
      {
        name: "allows through the unexpired role when another role expired",
        arrange: (m) => {
          m.subject("subject_temp");
          m.membership("membership_temp", "subject_temp", crm);
          m.assign("role_admin", "membership_temp", past);
          m.assign("role_viewer", "membership_temp");
        },
        ask: { subject: "subject_temp" },
        reason: "allowed",
        matched: { roleId: "role_viewer" },
      },
      {
        name: "denies no_matching_permission when the membership has no assignment",
        arrange: (m) => {
          m.subject("subject_bare");
          m.membership("membership_bare", "subject_bare", crm);
        },
        ask: { subject: "subject_bare" },
        reason: "no_matching_permission",
      },
    ];

    it.each(cases)("$name", (row) => {
      const decision = decide(guideModel, row);

      expectOutcome(decision, row);
    });
  });

  describe("grants and wildcards", () => {
    function grant(spec: { action: string; resourceType: string }) {
      return (m: ModelBuilder) => {
        m.permission("perm_extra", crm, spec);
        m.role("role_extra", crm);
        m.grant("role_extra", "perm_extra");
        m.subject("subject_extra");
        m.membership("membership_extra", "subject_extra", crm);
        m.assign("role_extra", "membership_extra");
      };
    }

    const cases: Case[] = [
      {
        name: "allows when the permission's action and resource type equal the request's",
        ask: { action: "write" },
        reason: "allowed",
        matched: { permissionId: "perm_write" },
      },
      {
        name: "denies no_matching_permission when the role lacks the action",
        ask: { subject: agent, as: "agent", action: "write" },
        reason: "no_matching_permission",
      },
      {
        name: "denies no_matching_permission when the resource type differs",
        ask: { action: "read", resourceType: "invoice" },
        reason: "no_matching_permission",
      },
      {
        name: "denies no_matching_permission when the action differs only in case",
        ask: { action: "Read" },
        reason: "no_matching_permission",
      },
      {
        name: "denies no_matching_permission when the resource type differs only in case",
        ask: { resourceType: "Customer" },
        reason: "no_matching_permission",
      },
      {
        name: "allows any action when the permission's action is *",
        arrange: grant({ action: "*", resourceType: "customer" }),
        ask: { subject: "subject_extra", action: "archive" },
        reason: "allowed",
        matched: { permissionId: "perm_extra", permissionKey: "customer:*:*" },
      },
      {
        name: "denies no_matching_permission when the request's action is * and the permission names one",
        ask: { action: "*" },
        reason: "no_matching_permission",
      },
      {
        name: "allows a request for action * when the permission's action is *",
        arrange: grant({ action: "*", resourceType: "customer" }),
        ask: { subject: "subject_extra", action: "*" },
        reason: "allowed",
      },
      {
        name: "allows any resource type when the permission's resource type is *",
        arrange: grant({ action: "read", resourceType: "*" }),
        ask: { subject: "subject_extra", resourceType: "invoice" },
        reason: "allowed",
        matched: { permissionId: "perm_extra" },
      },
      {
        name: "allows a request for resource type * when the permission names one",
        ask: { resourceType: "*" },
        reason: "allowed",
        matched: { permissionId: "perm_read" },
      },
      {
        name: "denies no_matching_permission when the action matches only on another resource type",
        arrange: grant({ action: "*", resourceType: "invoice" }),
        ask: { subject: "subject_extra", action: "read", resourceType: "customer" },
        reason: "no_matching_permission",
      },
      {
        name: "denies no_matching_permission when the permission exists but the role has no grant",
        arrange: (m) => {
          m.role("role_empty", crm);
          m.subject("subject_extra");
          m.membership("membership_extra", "subject_extra", crm);
          m.assign("role_empty", "membership_extra");
        },
        ask: { subject: "subject_extra" },
        reason: "no_matching_permission",
      },
    ];

    it.each(cases)("$name", (row) => {
      const decision = decide(guideModel, row);

      expectOutcome(decision, row);
    });
  });

  describe("resource patterns", () => {
    function patterned(resourcePattern: string) {
      return (m: ModelBuilder) => {
        m.permission("perm_pattern", crm, {
          action: "view",
          resourceType: "customer",
          resourcePattern,
        });
        m.role("role_pattern", crm);
        m.grant("role_pattern", "perm_pattern");
        m.subject("subject_pattern");
        m.membership("membership_pattern", "subject_pattern", crm);
        m.assign("role_pattern", "membership_pattern");
      };
    }

    const cases: Case[] = [
      {
        name: "allows when the resource id matches the pattern",
        arrange: patterned("cust_*"),
        ask: { subject: "subject_pattern", action: "view", resourceId: "cust_42" },
        reason: "allowed",
        matched: { permissionId: "perm_pattern", permissionKey: "customer:view:cust_*" },
      },
      {
        name: "denies no_matching_permission when the resource id misses the pattern",
        arrange: patterned("cust_*"),
        ask: { subject: "subject_pattern", action: "view", resourceId: "acct_42" },
        reason: "no_matching_permission",
      },
      {
        name: "denies no_matching_permission when the pattern matches only in another case",
        arrange: patterned("cust_*"),
        ask: { subject: "subject_pattern", action: "view", resourceId: "CUST_42" },
        reason: "no_matching_permission",
      },
      {
        name: "denies no_matching_permission when the pattern is not * and no resource id is given",
        arrange: patterned("cust_*"),
        ask: { subject: "subject_pattern", action: "view" },
        reason: "no_matching_permission",
      },
      {
        name: "allows when the pattern is * and no resource id is given",
        arrange: patterned("*"),
        ask: { subject: "subject_pattern", action: "view" },
        reason: "allowed",
      },
      {
        name: "allows when the pattern is * and any resource id is given",
        arrange: patterned("*"),
        ask: { subject: "subject_pattern", action: "view", resourceId: "anything" },
        reason: "allowed",
      },
      {
        name: "allows a request for resource type * without a resource id whatever the pattern",
        arrange: patterned("cust_*"),
        ask: { subject: "subject_pattern", action: "view", resourceType: "*" },
        reason: "allowed",
        matched: { permissionId: "perm_pattern" },
      },
      {
        name: "allows when an exact pattern equals the resource id",
        arrange: patterned("cust_42"),
        ask: { subject: "subject_pattern", action: "view", resourceId: "cust_42" },
        reason: "allowed",
      },
      {
        name: "denies no_matching_permission when an exact pattern is only a prefix of the id",
        arrange: patterned("cust_4"),
        ask: { subject: "subject_pattern", action: "view", resourceId: "cust_42" },
        reason: "no_matching_permission",
      },
    ];

    it.each(cases)("$name", (row) => {
      const decision = decide(guideModel, row);

      expectOutcome(decision, row);
    });
  });

  describe("overrides", () => {
    const cases: Case[] = [
      {
        name: "denies disabled_by_override when the permission is disabled at the scope",
        arrange: (m) => m.permissionOverride(production, "perm_delete", "disabled"),
        ask: { action: "delete", scope: production },
        reason: "disabled_by_override",
      },
      {
        name: "allows in a sibling environment when the permission is disabled in another",
        arrange: (m) => m.permissionOverride(production, "perm_delete", "disabled"),
        ask: { action: "delete", scope: staging },
        reason: "allowed",
      },
      {
        name: "allows at the project when the permission is disabled in one of its environments",
        arrange: (m) => m.permissionOverride(production, "perm_delete", "disabled"),
        ask: { action: "delete", scope: crm },
        reason: "allowed",
      },
      {
        name: "allows when the permission is explicitly enabled at the scope",
        arrange: (m) => m.permissionOverride(production, "perm_delete", "enabled"),
        ask: { action: "delete", scope: production },
        reason: "allowed",
      },
      {
        name: "allows other permissions when one permission is disabled",
        arrange: (m) => m.permissionOverride(production, "perm_delete", "disabled"),
        ask: { action: "write", scope: production },
        reason: "allowed",
      },
      {
        name: "denies disabled_by_override when a role-permission override disables the pair",
        arrange: (m) =>
          m.rolePermissionOverride(production, "role_sales_rep", "perm_export", "disabled"),
        ask: { action: "export", resourceType: "report", scope: production },
        reason: "disabled_by_override",
      },
      {
        name: "allows another role when a role-permission override disables one role's pair",
        arrange: (m) =>
          m.rolePermissionOverride(production, "role_sales_rep", "perm_export", "disabled"),
        ask: { subject: admin, action: "export", resourceType: "report", scope: production },
        reason: "allowed",
        matched: { roleId: "role_admin" },
      },
      {
        name: "allows through a second role when the first role's pair is disabled",
        arrange: (m) => {
          m.rolePermissionOverride(production, "role_sales_rep", "perm_read", "disabled");
          m.assign("role_viewer", "membership_acme_user_crm");
        },
        ask: { scope: production },
        reason: "allowed",
        matched: { roleId: "role_viewer", permissionId: "perm_read" },
      },
      {
        name: "allows when the role-permission override enables what the permission override disables at the same scope",
        arrange: (m) => {
          m.permissionOverride(production, "perm_delete", "disabled");
          m.rolePermissionOverride(production, "role_sales_rep", "perm_delete", "enabled");
        },
        ask: { action: "delete", scope: production },
        reason: "allowed",
      },
      {
        name: "denies disabled_by_override when the role-permission override disables what the permission override enables",
        arrange: (m) => {
          m.permissionOverride(production, "perm_delete", "enabled");
          m.rolePermissionOverride(production, "role_sales_rep", "perm_delete", "disabled");
        },
        ask: { action: "delete", scope: production },
        reason: "disabled_by_override",
      },
      {
        name: "allows when the permission's own scope holds a disabling override (overrides apply only below it)",
        arrange: (m) => m.permissionOverride(crm, "perm_delete", "disabled"),
        ask: { action: "delete", scope: production },
        reason: "allowed",
      },
      {
        name: "allows when a disabling override sits above the permission's scope",
        arrange: (m) => {
          m.permissionOverride(main, "perm_delete", "disabled");
          m.rolePermissionOverride(acme, "role_sales_rep", "perm_delete", "disabled");
        },
        ask: { action: "delete", scope: production },
        reason: "allowed",
      },
    ];

    it.each(cases)("$name", (row) => {
      const decision = decide(guideModel, row);

      expectOutcome(decision, row);
    });
  });

  describe("overrides: the first level walking up decides", () => {
    /** A workspace permission, so both the project and an environment lie strictly below it. */
    function layeredModel(): ModelBuilder {
      const model = guideModel();
      model.permission("perm_audit", main, { action: "audit", resourceType: "customer" });
      model.role("role_auditor", main, "Auditor");
      model.grant("role_auditor", "perm_audit");
      model.subject("subject_auditor");
      model.membership("membership_auditor", "subject_auditor", main);
      model.assign("role_auditor", "membership_auditor");
      return model;
    }

    const auditor = { subject: "subject_auditor", action: "audit" };

    const cases: Case[] = [
      {
        name: "allows at the environment when it enables what the project disables",
        arrange: (m) => {
          m.permissionOverride(crm, "perm_audit", "disabled");
          m.permissionOverride(production, "perm_audit", "enabled");
        },
        ask: { ...auditor, scope: production },
        reason: "allowed",
      },
      {
        name: "denies disabled_by_override at the project when only the environment enables",
        arrange: (m) => {
          m.permissionOverride(crm, "perm_audit", "disabled");
          m.permissionOverride(production, "perm_audit", "enabled");
        },
        ask: { ...auditor, scope: crm },
        reason: "disabled_by_override",
      },
      {
        name: "denies disabled_by_override in an environment inheriting the project's disable",
        arrange: (m) => {
          m.permissionOverride(crm, "perm_audit", "disabled");
          m.permissionOverride(production, "perm_audit", "enabled");
        },
        ask: { ...auditor, scope: staging },
        reason: "disabled_by_override",
      },
      {
        name: "denies disabled_by_override at the environment when it disables what the project enables",
        arrange: (m) => {
          m.permissionOverride(crm, "perm_audit", "enabled");
          m.permissionOverride(production, "perm_audit", "disabled");
        },
        ask: { ...auditor, scope: production },
        reason: "disabled_by_override",
      },
      {
        name: "allows at the project when only the environment below disables",
        arrange: (m) => {
          m.permissionOverride(crm, "perm_audit", "enabled");
          m.permissionOverride(production, "perm_audit", "disabled");
        },
        ask: { ...auditor, scope: crm },
        reason: "allowed",
      },
      {
        name: "allows when a nearer permission override enables what a farther role-permission override disables",
        arrange: (m) => {
          m.rolePermissionOverride(crm, "role_auditor", "perm_audit", "disabled");
          m.permissionOverride(production, "perm_audit", "enabled");
        },
        ask: { ...auditor, scope: production },
        reason: "allowed",
      },
      {
        name: "denies disabled_by_override when a nearer permission override disables what a farther role-permission override enables",
        arrange: (m) => {
          m.rolePermissionOverride(crm, "role_auditor", "perm_audit", "enabled");
          m.permissionOverride(production, "perm_audit", "disabled");
        },
        ask: { ...auditor, scope: production },
        reason: "disabled_by_override",
      },
    ];

    it.each(cases)("$name", (row) => {
      const decision = decide(layeredModel, row);

      expectOutcome(decision, row);
    });
  });

  describe("the guide's 'delete is disabled in Production, but enabled there for Admin'", () => {
    function guideOverrides(model: ModelBuilder): void {
      model.permissionOverride(production, "perm_delete", "disabled");
      model.rolePermissionOverride(production, "role_admin", "perm_delete", "enabled");
    }

    const cases: Case[] = [
      {
        name: "allows an Admin to delete in Production",
        arrange: guideOverrides,
        ask: { subject: admin, action: "delete", scope: production },
        reason: "allowed",
        matched: { roleId: "role_admin", permissionId: "perm_delete" },
      },
      {
        name: "denies disabled_by_override when a Sales Rep deletes in Production",
        arrange: guideOverrides,
        ask: { action: "delete", scope: production },
        reason: "disabled_by_override",
      },
      {
        name: "allows a Sales Rep to delete in Staging",
        arrange: guideOverrides,
        ask: { action: "delete", scope: staging },
        reason: "allowed",
      },
      {
        name: "allows a Sales Rep to read in Production",
        arrange: guideOverrides,
        ask: { action: "read", scope: production },
        reason: "allowed",
      },
    ];

    it.each(cases)("$name", (row) => {
      const decision = decide(guideModel, row);

      expectOutcome(decision, row);
    });
  });

  describe("which denial is named", () => {
    const cases: Case[] = [
      {
        name: "denies no_membership when an Acme user asks about a Globex project",
        ask: { scope: globexCrm },
        reason: "no_membership",
      },
      {
        name: "denies no_membership when a Globex user asks about an Acme environment",
        ask: { subject: "subject_globex_user", scope: production },
        reason: "no_membership",
      },
      {
        name: "denies no_matching_permission when a member's roles grant nothing that matches",
        ask: { subject: agent, as: "agent", action: "delete" },
        reason: "no_matching_permission",
      },
      {
        name: "denies disabled_by_override when every matching pair is disabled",
        arrange: (m) => m.permissionOverride(production, "perm_delete", "disabled"),
        ask: { action: "delete", scope: production },
        reason: "disabled_by_override",
      },
      {
        name: "denies disabled_by_override when one membership matches but is disabled and another does not match",
        arrange: (m) => {
          m.permissionOverride(production, "perm_delete", "disabled");
          m.membership("membership_acme_user_production", salesRep, production);
          m.assign("role_viewer", "membership_acme_user_production");
        },
        ask: { action: "delete", scope: production },
        reason: "disabled_by_override",
      },
    ];

    it.each(cases)("$name", (row) => {
      const decision = decide(guideModel, row);

      expectOutcome(decision, row);
    });
  });

  describe("delegation", () => {
    interface DelegationCase {
      name: string;
      actor: SubjectRef;
      onBehalfOf: SubjectRef;
      action?: string;
      reason: ReasonCode;
      actorReason: ReasonCode;
      onBehalfOfReason: ReasonCode;
    }

    const agentRef: SubjectRef = { subjectId: agent, subjectType: "agent" };
    const salesRepRef: SubjectRef = { subjectId: salesRep, subjectType: "user" };

    const cases: DelegationCase[] = [
      {
        name: "allows when both the agent and the user are allowed",
        actor: agentRef,
        onBehalfOf: salesRepRef,
        reason: "allowed",
        actorReason: "allowed",
        onBehalfOfReason: "allowed",
      },
      {
        name: "denies actor_denied when the agent lacks the permission the user holds",
        actor: agentRef,
        onBehalfOf: salesRepRef,
        action: "write",
        reason: "actor_denied",
        actorReason: "no_matching_permission",
        onBehalfOfReason: "allowed",
      },
      {
        name: "denies actor_denied when the actor does not exist",
        actor: { subjectId: "subject_ghost", subjectType: "agent" },
        onBehalfOf: salesRepRef,
        reason: "actor_denied",
        actorReason: "subject_not_found",
        onBehalfOfReason: "allowed",
      },
      {
        name: "denies actor_denied when the actor is stated with the wrong type",
        actor: { subjectId: agent, subjectType: "user" },
        onBehalfOf: salesRepRef,
        reason: "actor_denied",
        actorReason: "subject_type_mismatch",
        onBehalfOfReason: "allowed",
      },
      {
        name: "denies actor_denied when both are denied",
        actor: agentRef,
        onBehalfOf: { subjectId: "subject_globex_user", subjectType: "user" },
        action: "write",
        reason: "actor_denied",
        actorReason: "no_matching_permission",
        onBehalfOfReason: "no_membership",
      },
      {
        name: "denies on_behalf_of_denied when the agent is allowed and the user has no membership",
        actor: agentRef,
        onBehalfOf: { subjectId: "subject_globex_user", subjectType: "user" },
        reason: "on_behalf_of_denied",
        actorReason: "allowed",
        onBehalfOfReason: "no_membership",
      },
      {
        name: "denies on_behalf_of_denied when the user does not exist",
        actor: agentRef,
        onBehalfOf: { subjectId: "subject_ghost", subjectType: "user" },
        reason: "on_behalf_of_denied",
        actorReason: "allowed",
        onBehalfOfReason: "subject_not_found",
      },
    ];

    it.each(cases)("$name", (row) => {
      const context = guideModel().context();
      const delegated: EvaluateRequest = {
        actor: row.actor,
        onBehalfOf: row.onBehalfOf,
        scopeId: crm,
        action: row.action ?? "read",
        resource: { resourceType: "customer" },
      };

      const decision = evaluate(delegated, context);

      expect(decision.reason).toBe(row.reason);
      expect(decision.allowed).toBe(row.reason === "allowed");
      expect(decision.actor).toMatchObject({
        subjectId: row.actor.subjectId,
        reason: row.actorReason,
        allowed: row.actorReason === "allowed",
      });
      expect(decision.onBehalfOf).toMatchObject({
        subjectId: row.onBehalfOf.subjectId,
        reason: row.onBehalfOfReason,
        allowed: row.onBehalfOfReason === "allowed",
      });
      if (row.reason !== "allowed") expect(decision.matched).toBeUndefined();
    });

    it("allows with each sub-decision naming its own match when both are allowed", () => {
      const context = guideModel().context();
      const delegated: EvaluateRequest = {
        actor: { subjectId: agent, subjectType: "agent" },
        onBehalfOf: { subjectId: salesRep, subjectType: "user" },
        scopeId: production,
        action: "read",
        resource: { resourceType: "customer" },
      };

      const decision = evaluate(delegated, context);

      expect(decision).toEqual({
        allowed: true,
        decision: "ALLOWED",
        reason: "allowed",
        matched: {
          membershipId: "membership_agent_crm",
          roleId: "role_viewer",
          permissionId: "perm_read",
          permissionKey: "customer:read:*",
        },
        actor: {
          subjectId: agent,
          allowed: true,
          decision: "ALLOWED",
          reason: "allowed",
          matched: {
            membershipId: "membership_agent_crm",
            roleId: "role_viewer",
            permissionId: "perm_read",
            permissionKey: "customer:read:*",
          },
        },
        onBehalfOf: {
          subjectId: salesRep,
          allowed: true,
          decision: "ALLOWED",
          reason: "allowed",
          matched: {
            membershipId: "membership_acme_user_crm",
            roleId: "role_sales_rep",
            permissionId: "perm_read",
            permissionKey: "customer:read:*",
          },
        },
        revision: 7,
      });
    });
  });

  describe("matched and revision", () => {
    it("allows with matched naming the membership, role and permission", () => {
      const context = guideModel().context();

      const decision = evaluate(request({ action: "export", resourceType: "report" }), context);

      expect(decision).toEqual({
        allowed: true,
        decision: "ALLOWED",
        reason: "allowed",
        matched: {
          membershipId: "membership_acme_user_crm",
          roleId: "role_sales_rep",
          permissionId: "perm_export",
          permissionKey: "report:export:*",
        },
        revision: 7,
      });
    });

    it("denies with the evaluated scope's tenant revision and no matched", () => {
      const context = guideModel().context();

      const decision = evaluate(request({ scope: globexCrm }), context);

      expect(decision).toEqual({
        allowed: false,
        decision: "DENIED",
        reason: "no_membership",
        revision: 3,
      });
    });

    it("denies with revision 0 when the scope is unknown", () => {
      const context = guideModel().context();

      const decision = evaluate(request({ scope: "scope_project_ghost" }), context);

      expect(decision).toEqual({
        allowed: false,
        decision: "DENIED",
        reason: "scope_not_found",
        revision: 0,
      });
    });

    it("denies with the tenant's revision when the subject is unknown but the scope exists", () => {
      const context = guideModel().context();

      const decision = evaluate(request({ subject: "subject_ghost" }), context);

      expect(decision.reason).toBe("subject_not_found");
      expect(decision.revision).toBe(7);
    });
  });

  describe("explain", () => {
    /** Two memberships on the path, an expired assignment and a disabled delete. */
    function explainedModel(): ModelBuilder {
      const model = guideModel();
      model.assign("role_admin", "membership_acme_user_crm", past);
      model.membership("membership_acme_user_production", salesRep, production);
      model.assign("role_viewer", "membership_acme_user_production");
      model.permissionOverride(production, "perm_delete", "disabled");
      return model;
    }

    it("denies without a trace when explain is not asked for", () => {
      const context = explainedModel().context();

      const decision = evaluate(request({ action: "delete", scope: production }), context);

      expect(decision.reason).toBe("disabled_by_override");
      expect(decision).not.toHaveProperty("trace");
    });

    it("denies with a trace of every step considered when explain is true", () => {
      const context = explainedModel().context();
      const explained = { ...request({ action: "delete", scope: production }), explain: true };

      const decision = evaluate(explained, context);

      expect(decision.reason).toBe("disabled_by_override");
      const trace = decision.trace ?? [];
      const steps = trace.map((entry) => entry.step);
      expect(steps[0]).toBe("subject");
      expect(steps).toContain("scope");
      expect(trace).toContainEqual(
        expect.objectContaining({
          step: "membership",
          outcome: "pass",
          membershipId: "membership_acme_user_production",
          scopeId: production,
        }),
      );
      expect(trace).toContainEqual(
        expect.objectContaining({
          step: "membership",
          outcome: "pass",
          membershipId: "membership_acme_user_crm",
          scopeId: crm,
        }),
      );
      expect(trace).toContainEqual(
        expect.objectContaining({ step: "assignment", outcome: "skip", roleId: "role_admin" }),
      );
      expect(trace).toContainEqual(
        expect.objectContaining({ step: "assignment", outcome: "pass", roleId: "role_sales_rep" }),
      );
      expect(trace).toContainEqual(
        expect.objectContaining({ step: "assignment", outcome: "pass", roleId: "role_viewer" }),
      );
      expect(trace).toContainEqual(
        expect.objectContaining({
          step: "permission",
          outcome: "pass",
          roleId: "role_sales_rep",
          permissionId: "perm_delete",
        }),
      );
      expect(trace).toContainEqual(
        expect.objectContaining({
          step: "override",
          outcome: "fail",
          roleId: "role_sales_rep",
          permissionId: "perm_delete",
          overrideId: expect.stringMatching(/^ovr_/),
        }),
      );
      expect(trace.at(-1)).toEqual({
        step: "result",
        subjectId: salesRep,
        outcome: "fail",
        message: "disabled_by_override",
      });
    });

    it("denies with a trace listing memberships, roles, permissions and overrides in the order walked", () => {
      const model = explainedModel();
      model.permission("perm_delete_eu", crm, {
        action: "delete",
        resourceType: "customer",
        resourcePattern: "*_eu",
      });
      model.grant("role_viewer", "perm_delete_eu");
      const explained: EvaluateRequest = {
        ...request({ action: "delete", scope: production, resourceId: "cust_1" }),
        explain: true,
      };

      const decision = evaluate(explained, model.context());

      const assignmentId = expect.stringMatching(/^ra_/);
      const subjectId = salesRep;
      expect(decision.trace).toEqual([
        { step: "subject", subjectId, outcome: "pass", message: "active user" },
        {
          step: "scope",
          subjectId,
          outcome: "pass",
          message: "environment scope",
          scopeId: production,
        },
        {
          step: "membership",
          subjectId,
          outcome: "pass",
          message: "membership applies",
          scopeId: production,
          membershipId: "membership_acme_user_production",
        },
        {
          step: "assignment",
          subjectId,
          outcome: "pass",
          message: "role Viewer",
          membershipId: "membership_acme_user_production",
          assignmentId,
          roleId: "role_viewer",
        },
        {
          step: "permission",
          subjectId,
          outcome: "skip",
          message: "customer:delete:*_eu does not match the resource",
          roleId: "role_viewer",
          permissionId: "perm_delete_eu",
        },
        {
          step: "membership",
          subjectId,
          outcome: "pass",
          message: "membership applies",
          scopeId: crm,
          membershipId: "membership_acme_user_crm",
        },
        {
          step: "assignment",
          subjectId,
          outcome: "pass",
          message: "role Sales Rep",
          membershipId: "membership_acme_user_crm",
          assignmentId,
          roleId: "role_sales_rep",
        },
        {
          step: "permission",
          subjectId,
          outcome: "pass",
          message: "matches customer:delete:*",
          roleId: "role_sales_rep",
          permissionId: "perm_delete",
        },
        {
          step: "override",
          subjectId,
          outcome: "fail",
          message: "disabled by override",
          overrideId: expect.stringMatching(/^ovr_/),
          roleId: "role_sales_rep",
          permissionId: "perm_delete",
        },
        {
          step: "assignment",
          subjectId,
          outcome: "skip",
          message: "assignment expired",
          membershipId: "membership_acme_user_crm",
          assignmentId,
          roleId: "role_admin",
        },
        { step: "result", subjectId, outcome: "fail", message: "disabled_by_override" },
      ]);
    });

    it("allows with the same decision and a trace ending in a passing result", () => {
      const model = explainedModel();
      model.rolePermissionOverride(production, "role_sales_rep", "perm_delete", "enabled");
      const context = model.context();
      const plain = request({ action: "delete", scope: production });

      const explained = evaluate({ ...plain, explain: true }, context);
      const unexplained = evaluate(plain, context);

      const { trace, ...decision } = explained;
      expect(decision).toEqual(unexplained);
      expect(trace).toContainEqual(
        expect.objectContaining({ step: "override", outcome: "pass", roleId: "role_sales_rep" }),
      );
      expect(trace?.at(-1)).toEqual({
        step: "result",
        subjectId: salesRep,
        outcome: "pass",
        message: "allowed",
      });
    });

    it("denies with a trace covering both subjects when delegated", () => {
      const context = explainedModel().context();
      const delegated: EvaluateRequest = {
        actor: { subjectId: agent, subjectType: "agent" },
        onBehalfOf: { subjectId: "subject_globex_user", subjectType: "user" },
        scopeId: crm,
        action: "read",
        resource: { resourceType: "customer" },
        explain: true,
      };

      const decision = evaluate(delegated, context);

      expect(decision.reason).toBe("on_behalf_of_denied");
      const subjects = new Set(decision.trace?.map((entry) => entry.subjectId));
      expect(subjects).toEqual(new Set([agent, "subject_globex_user"]));
      expect(decision.trace).toContainEqual(
        expect.objectContaining({
          step: "membership",
          outcome: "fail",
          subjectId: "subject_globex_user",
        }),
      );
      expect(decision.trace?.at(-1)).toMatchObject({
        step: "result",
        outcome: "fail",
        message: "on_behalf_of_denied",
      });
    });

    it("denies with a trace stopping at the subject when the subject is unknown", () => {
      const context = explainedModel().context();
      const explained = { ...request({ subject: "subject_ghost" }), explain: true };

      const decision = evaluate(explained, context);

      expect(decision.trace).toEqual([
        expect.objectContaining({ step: "subject", outcome: "fail" }),
        expect.objectContaining({ step: "result", outcome: "fail", message: "subject_not_found" }),
      ]);
    });
  });
});
