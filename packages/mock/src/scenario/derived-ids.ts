import { maxIdLength } from "@bedrock/core";

/** An id without its kind prefix: `role_sales_rep` → `sales_rep`. */
export function suffixOf(id: string): string {
  const cut = id.indexOf("_");
  return cut === -1 ? id : id.slice(cut + 1);
}

/** A scope id without `scope_`: `scope_env_production` → `env_production`. */
export function scopeSuffixOf(scopeId: string): string {
  return scopeId.startsWith("scope_") ? scopeId.slice("scope_".length) : scopeId;
}

/**
 * An id built from the ids around it, such as `membership_acme_user_project_crm`,
 * or undefined when it would be longer than an id may be.
 */
export function derivedId(prefix: string, ...parts: string[]): string | undefined {
  const id = `${prefix}${parts.join("_")}`;
  return id.length <= maxIdLength ? id : undefined;
}

/** A lower-case kebab slug from an id's suffix: `tenant_acme_corp` → `acme-corp`. */
export function slugOf(id: string): string {
  return suffixOf(id).replaceAll("_", "-");
}
