import { type Bedrock, BedrockApiError, type EvaluateRequest } from "@bedrock/sdk";

/** One result the guide states, and what the server answered. */
export interface Check {
  claim: string;
  expected: string;
  actual: string;
  ok: boolean;
}

/** Ids the walkthrough created, in the guide's vocabulary. */
export interface GuideIds {
  tenantAcme: string;
  tenantGlobex: string;
  projectCrm: string;
  scopeProjectCrm: string;
  scopeProjectGlobexCrm: string;
  scopeEnvProduction: string;
  scopeEnvStaging: string;
  subjectAcmeUser: string;
  subjectSalesRep: string;
  subjectAdmin: string;
  subjectAcmeAgent: string;
  subjectGlobexUser: string;
}

type Say = (line: string) => void;

/**
 * Retries a create with a suffixed unique field when an earlier run against
 * the same server already took the guide's value (slugs, emails, external ids).
 */
async function createOnce<B, R>(
  create: (body: B) => Promise<R>,
  body: B,
  unique: (body: B, suffix: string) => B,
  runId: string,
): Promise<R> {
  try {
    return await create(body);
  } catch (error) {
    if (error instanceof BedrockApiError && error.code === "already_exists") {
      return create(unique(body, runId));
    }
    throw error;
  }
}

/** Follows every call of the multi-tenancy guide and checks every result it states. */
export async function runGuideWalkthrough(bedrock: Bedrock, say: Say = () => {}): Promise<Check[]> {
  const runId = Date.now().toString(36);
  const checks: Check[] = [];
  const expect = (claim: string, expected: unknown, actual: unknown) => {
    const check = {
      claim,
      expected: JSON.stringify(expected),
      actual: JSON.stringify(actual),
      ok: JSON.stringify(expected) === JSON.stringify(actual),
    };
    checks.push(check);
    say(
      `${check.ok ? "PASS" : "FAIL"}  ${claim}: guide says ${check.expected}, got ${check.actual}`,
    );
  };
  const bySlug = <B extends { slug: string }>(b: B, s: string) => ({
    ...b,
    slug: `${b.slug}-${s}`,
  });
  const byEmail = <B extends { email?: string | null; kindeId?: string | null }>(
    b: B,
    s: string,
  ) => ({
    ...b,
    email: b.email?.replace("@", `+${s}@`),
    kindeId: b.kindeId === undefined || b.kindeId === null ? b.kindeId : `${b.kindeId}_${s}`,
  });

  say("1. Create tenants");
  const acme = await createOnce(
    bedrock.tenants.create,
    { name: "Acme Corp", slug: "acme-corp", kind: "standard", planKey: "pro", maxUsers: 50 },
    bySlug,
    runId,
  );
  const globex = await createOnce(
    bedrock.tenants.create,
    { name: "Globex Inc", slug: "globex-inc", kind: "standard", planKey: "pro", maxUsers: 100 },
    bySlug,
    runId,
  );

  say("2. Build tenant structure");
  const main = await bedrock.workspaces.create({ tenantId: acme.id, name: "Main" });
  const crm = await bedrock.projects.create({
    tenantId: acme.id,
    workspaceId: main.id,
    name: "CRM Application",
  });
  const production = await bedrock.environments.create({
    tenantId: acme.id,
    projectId: crm.id,
    name: "Production",
  });
  const staging = await bedrock.environments.create({
    tenantId: acme.id,
    projectId: crm.id,
    name: "Staging",
  });
  // The guide's Tenant B has the same shape; its CRM project is what Acme's user is kept out of.
  const globexMain = await bedrock.workspaces.create({ tenantId: globex.id, name: "Main" });
  const globexCrm = await bedrock.projects.create({
    tenantId: globex.id,
    workspaceId: globexMain.id,
    name: "CRM Application",
  });

  say("3. Define project-level roles");
  const [admin, salesRep, viewer] = await bedrock.roles.createBatch([
    { name: "Admin", description: "Full project access", scopeId: crm.scopeId },
    { name: "Sales Rep", description: "Sales data access", scopeId: crm.scopeId },
    { name: "Viewer", description: "Read only", scopeId: crm.scopeId },
  ]);
  if (admin === undefined || salesRep === undefined || viewer === undefined) {
    throw new Error("roles/batch did not return three roles");
  }

  say("4. Users: create one and add it to the CRM project with a role");
  const acmeUser = await createOnce(
    bedrock.users.create,
    {
      kindeId: "kp_acme_user_1",
      email: "user@acme.com",
      firstName: "Acme",
      lastName: "User",
      defaultTenantId: acme.id,
    },
    byEmail,
    runId,
  );
  // The guide's two calls: a membership at the CRM project, then a role on it.
  const joinCrm = async (subjectId: string, roleId: string) => {
    const membership = await bedrock.memberships.create({ subjectId, scopeId: crm.scopeId });
    await bedrock.roleAssignments.create({ roleId, membershipId: membership.id });
  };
  await joinCrm(acmeUser.subjectId, salesRep.id);

  // The guide's sales rep and an Admin, set up the same way, for the later claims.
  const salesRepUser = await createOnce(
    bedrock.users.create,
    { email: "rep@acme.com", firstName: "Sales", lastName: "Rep", defaultTenantId: acme.id },
    byEmail,
    runId,
  );
  await joinCrm(salesRepUser.subjectId, salesRep.id);
  const adminUser = await createOnce(
    bedrock.users.create,
    { email: "admin@acme.com", firstName: "Acme", lastName: "Admin", defaultTenantId: acme.id },
    byEmail,
    runId,
  );
  await joinCrm(adminUser.subjectId, admin.id);
  const globexUser = await createOnce(
    bedrock.users.create,
    { email: "user@globex.com", firstName: "Globex", lastName: "User", defaultTenantId: globex.id },
    byEmail,
    runId,
  );

  say("5. Agents: create Acme's sales assistant, CRM only, Viewer role");
  const agent = await createOnce(
    bedrock.subjects.create,
    {
      subjectType: "agent",
      externalId: "acme-sales-assistant",
      displayName: "Acme Sales Assistant",
      meta: { model: "claude-3", purpose: "sales-support" },
    },
    (b, s) => ({ ...b, externalId: `${b.externalId}-${s}` }),
    runId,
  );
  await joinCrm(agent.id, viewer.id);

  say("6. Project-level permissions, granted to the roles");
  const [read, write, remove, exportReport] = await bedrock.permissions.createBatch([
    {
      scopeId: crm.scopeId,
      action: "read",
      resourceType: "customer",
      resourcePattern: "*",
      key: "customer:read:*",
    },
    {
      scopeId: crm.scopeId,
      action: "write",
      resourceType: "customer",
      resourcePattern: "*",
      key: "customer:write:*",
    },
    {
      scopeId: crm.scopeId,
      action: "delete",
      resourceType: "customer",
      resourcePattern: "*",
      key: "customer:delete:*",
    },
    {
      scopeId: crm.scopeId,
      action: "export",
      resourceType: "report",
      resourcePattern: "*",
      key: "report:export:*",
    },
  ]);
  if (
    read === undefined ||
    write === undefined ||
    remove === undefined ||
    exportReport === undefined
  ) {
    throw new Error("permissions/batch did not return four permissions");
  }
  await bedrock.roles.grant(admin.id, [read.id, write.id, remove.id, exportReport.id]);
  await bedrock.roles.grant(salesRep.id, [read.id, write.id, remove.id, exportReport.id]);
  await bedrock.roles.grant(viewer.id, [read.id]);

  say("7. Environment-specific overrides");
  await bedrock.overrides.permission({
    childScopeId: production.scopeId,
    permissionId: remove.id,
    state: "disabled",
  });
  await bedrock.overrides.rolePermission({
    childScopeId: production.scopeId,
    roleId: salesRep.id,
    permissionId: exportReport.id,
    state: "disabled",
  });

  const ids: GuideIds = {
    tenantAcme: acme.id,
    tenantGlobex: globex.id,
    projectCrm: crm.id,
    scopeProjectCrm: crm.scopeId,
    scopeProjectGlobexCrm: globexCrm.scopeId,
    scopeEnvProduction: production.scopeId,
    scopeEnvStaging: staging.scopeId,
    subjectAcmeUser: acmeUser.subjectId,
    subjectSalesRep: salesRepUser.subjectId,
    subjectAdmin: adminUser.subjectId,
    subjectAcmeAgent: agent.id,
    subjectGlobexUser: globexUser.subjectId,
  };

  say("8. Check what the guide promises");
  await checkClaims(bedrock, ids, expect);
  return checks;
}

type Expect = (claim: string, expected: unknown, actual: unknown) => void;

async function checkClaims(bedrock: Bedrock, ids: GuideIds, expect: Expect): Promise<void> {
  const user = (subjectId: string) => ({ subjectId, subjectType: "user" as const });
  const agent = { subjectId: ids.subjectAcmeAgent, subjectType: "agent" as const };
  const decide = async (request: EvaluateRequest) => (await bedrock.evaluate(request)).decision;
  const customer = { resourceType: "customer" };

  expect(
    "Acme user reading a customer in Globex's project",
    "DENIED",
    await decide({
      actor: user(ids.subjectAcmeUser),
      scopeId: ids.scopeProjectGlobexCrm,
      action: "read",
      resource: customer,
    }),
  );
  expect(
    "Acme user reading a customer in Acme's CRM project",
    "ALLOWED",
    await decide({
      actor: user(ids.subjectAcmeUser),
      scopeId: ids.scopeProjectCrm,
      action: "read",
      resource: customer,
    }),
  );
  expect(
    "Agent (Viewer) reading customers on behalf of the sales rep",
    "ALLOWED",
    await decide({
      actor: agent,
      onBehalfOf: user(ids.subjectSalesRep),
      scopeId: ids.scopeProjectCrm,
      action: "read",
      resource: customer,
    }),
  );
  const delegatedWrite = await bedrock.evaluate({
    actor: agent,
    onBehalfOf: user(ids.subjectSalesRep),
    scopeId: ids.scopeProjectCrm,
    action: "write",
    resource: customer,
  });
  expect(
    "Agent writing customers on behalf of the sales rep (the rep may, the agent may not)",
    ["DENIED", "actor_denied"],
    [delegatedWrite.decision, delegatedWrite.reason],
  );
  const delegatedForOutsider = await bedrock.evaluate({
    actor: agent,
    onBehalfOf: user(ids.subjectGlobexUser),
    scopeId: ids.scopeProjectCrm,
    action: "read",
    resource: customer,
  });
  expect(
    "Agent reading customers on behalf of a Globex user (the agent may, the user may not)",
    ["DENIED", "on_behalf_of_denied"],
    [delegatedForOutsider.decision, delegatedForOutsider.reason],
  );
  expect(
    "Agent reading customers in Globex's project",
    "DENIED",
    await decide({
      actor: agent,
      scopeId: ids.scopeProjectGlobexCrm,
      action: "read",
      resource: customer,
    }),
  );

  for (const [who, subjectId] of [
    ["Admin", ids.subjectAdmin],
    ["Sales Rep", ids.subjectSalesRep],
  ] as const) {
    expect(
      `${who} deleting a customer in Production`,
      "DENIED",
      await decide({
        actor: user(subjectId),
        scopeId: ids.scopeEnvProduction,
        action: "delete",
        resource: customer,
      }),
    );
    expect(
      `${who} deleting a customer in Staging`,
      "ALLOWED",
      await decide({
        actor: user(subjectId),
        scopeId: ids.scopeEnvStaging,
        action: "delete",
        resource: customer,
      }),
    );
  }
  const report = { resourceType: "report" };
  expect(
    "Sales Rep exporting a report in Production",
    "DENIED",
    await decide({
      actor: user(ids.subjectSalesRep),
      scopeId: ids.scopeEnvProduction,
      action: "export",
      resource: report,
    }),
  );
  expect(
    "Admin exporting a report in Production",
    "ALLOWED",
    await decide({
      actor: user(ids.subjectAdmin),
      scopeId: ids.scopeEnvProduction,
      action: "export",
      resource: report,
    }),
  );
  expect(
    "Sales Rep exporting a report in Staging",
    "ALLOWED",
    await decide({
      actor: user(ids.subjectSalesRep),
      scopeId: ids.scopeEnvStaging,
      action: "export",
      resource: report,
    }),
  );

  expect(
    "getUserProjects(Acme user, Acme)",
    [ids.scopeProjectCrm],
    await getUserProjects(bedrock, ids.subjectAcmeUser, ids.tenantAcme),
  );
  expect(
    "getUserProjects(Acme user, Globex)",
    [],
    await getUserProjects(bedrock, ids.subjectAcmeUser, ids.tenantGlobex),
  );
  expect(
    "canAccessProject(Acme user, Acme's CRM)",
    true,
    await canAccessProject(bedrock, ids.subjectAcmeUser, ids.scopeProjectCrm),
  );
  expect(
    "canAccessProject(Acme user, Globex's CRM)",
    false,
    await canAccessProject(bedrock, ids.subjectAcmeUser, ids.scopeProjectGlobexCrm),
  );
}

/** The guide's getUserProjects, over GET /memberships?subjectId=&tenantId=. */
export async function getUserProjects(bedrock: Bedrock, subjectId: string, tenantId: string) {
  const { data: memberships } = await bedrock.memberships.list({ subjectId, tenantId });
  return memberships
    .filter((m) => m.scopeId.startsWith("scope_project_") && m.tenantId === tenantId)
    .map((m) => m.scopeId);
}

/** The guide's canAccessProject: any read access at the project. */
export async function canAccessProject(
  bedrock: Bedrock,
  subjectId: string,
  projectScopeId: string,
) {
  const decision = await bedrock.evaluate({
    actor: { subjectId, subjectType: "user" },
    scopeId: projectScopeId,
    action: "read",
    resource: { resourceType: "*" },
  });
  return decision.allowed;
}
