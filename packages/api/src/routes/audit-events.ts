import type { Route } from "../route.js";
import { filter } from "../schemas/common.js";
import * as s from "../schemas/entities.js";
import { readRoutes } from "./resource.js";

/** The record of every write: who, what, when, before and after. */
export const auditRoutes: Route[] = readRoutes({
  table: "auditEvents",
  name: "AuditEvent",
  plural: "AuditEvents",
  path: "/audit-events",
  tag: "Audit",
  schema: s.auditEvent,
  filters: { tenantId: filter, targetId: filter, targetType: filter, actorKeyId: filter },
});
