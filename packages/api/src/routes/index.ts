import type { Route } from "../route.js";
import { apiKeyRoutes } from "./api-keys.js";
import { auditRoutes } from "./audit-events.js";
import { evaluateRoutes } from "./evaluate.js";
import { healthRoutes } from "./health.js";
import { lookupRoutes } from "./lookup.js";
import { membershipRoutes } from "./memberships.js";
import { overrideRoutes } from "./overrides.js";
import { roleRoutes } from "./roles.js";
import { subjectRoutes } from "./subjects.js";
import { tenantRoutes } from "./tenants.js";

/** Every operation of the API, in documentation order. */
export const routes: Route[] = [
  ...tenantRoutes,
  ...subjectRoutes,
  ...membershipRoutes,
  ...roleRoutes,
  ...overrideRoutes,
  ...evaluateRoutes,
  ...lookupRoutes,
  ...apiKeyRoutes,
  ...auditRoutes,
  ...healthRoutes,
];
