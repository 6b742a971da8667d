import type { Harness } from "./harness.js";

/** Two tenants, each with a workspace, a CRM project and a Production environment. */
export async function twoTenants(api: Harness) {
  const tenant = async (slug: string) => {
    const t = (await api.call("POST", "/tenants", { id: `tenant_${slug}`, name: slug, slug })).body;
    const w = (
      await api.call("POST", "/workspaces", {
        id: `workspace_${slug}`,
        tenantId: t.id,
        name: "Main",
      })
    ).body;
    const p = (
      await api.call("POST", "/projects", { id: `project_${slug}`, workspaceId: w.id, name: "CRM" })
    ).body;
    const e = (
      await api.call("POST", "/environments", {
        id: `env_${slug}_prod`,
        projectId: p.id,
        name: "Production",
      })
    ).body;
    return { tenant: t, workspace: w, project: p, production: e };
  };
  return { acme: await tenant("acme"), globex: await tenant("globex") };
}
