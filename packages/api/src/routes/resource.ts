import {
  type Caller,
  listPage,
  loadChangeable,
  loadVisible,
  type Mutation,
  type StoreReader,
  type TableName,
  type Tables,
  type Where,
} from "@bedrock/core";
import { defineRoute, json, type ResponseSpec, type Route } from "../route.js";
import { idParam, pageOf, pageQuery } from "../schemas/common.js";
import { z } from "../schemas/zod.js";

/** A list's filters once the caller's visibility is applied, or "none". */
export type Restricted<Row> = Where<Row> | "none";

/** How a resource is read, listed and shown. */
export interface ResourceSpec<T extends TableName> {
  table: T;
  /** Singular name in operation ids: `Tenant` → getTenant, listTenants. */
  name: string;
  plural: string;
  path: string;
  tag: string;
  schema: z.ZodType;
  filters?: Record<string, z.ZodType>;
  present?: (row: Tables[T], caller: Caller) => unknown;
  /** Adds the caller's tenant restriction to a list's filters; "none" lists nothing. */
  restrict?: (
    caller: Caller,
    where: Where<Tables[T]>,
    reader: StoreReader,
  ) => Restricted<Tables[T]> | Promise<Restricted<Tables[T]>>;
}

function tenantRestriction<T extends TableName>(caller: Caller, where: Where<Tables[T]>) {
  if (caller.tenantId === null) return where;
  const asked = (where as { tenantId?: string }).tenantId;
  if (asked !== undefined && asked !== caller.tenantId) return "none" as const;
  return { ...where, tenantId: caller.tenantId } as Where<Tables[T]>;
}

const ok = (description: string, schema: z.ZodType): ResponseSpec => ({ description, schema });

/** The get and list operations of a resource. */
export function readRoutes<T extends TableName>(spec: ResourceSpec<T>): Route[] {
  const present = spec.present ?? ((row: Tables[T]) => row);
  const restrict = spec.restrict ?? tenantRestriction;
  const getRoute = defineRoute({
    operationId: `get${spec.name}`,
    method: "get",
    path: `${spec.path}/{id}`,
    summary: `Get a ${spec.name.toLowerCase()}`,
    tag: spec.tag,
    right: "manage",
    params: idParam,
    responses: { 200: ok(`The ${spec.name.toLowerCase()}`, spec.schema) },
    async handle({ bedrock, caller, params }) {
      const row = await bedrock.read((r) => loadVisible(r, caller, spec.table, params.id));
      return json(200, present(row, caller));
    },
  });
  const listRoute = defineRoute({
    operationId: `list${spec.plural}`,
    method: "get",
    path: spec.path,
    summary: `List ${spec.plural.toLowerCase()}`,
    tag: spec.tag,
    right: "manage",
    query: z.object({ ...pageQuery, ...spec.filters }).strict(),
    responses: { 200: ok(`A page of ${spec.plural.toLowerCase()}`, pageOf(spec.schema)) },
    async handle({ bedrock, caller, query }) {
      const { limit, cursor, ...filters } = query as Record<string, string | undefined> & {
        limit?: number;
      };
      const page = await bedrock.read(async (r) => {
        const where = await restrict(caller, filters as Where<Tables[T]>, r);
        if (where === "none") return { data: [], nextCursor: null };
        return listPage(r, spec.table, where, { limit, cursor });
      });
      const data = page.data.map((row) => present(row, caller));
      return json(200, { data, nextCursor: page.nextCursor });
    },
  });
  return [getRoute, listRoute];
}

/** The delete operation of a resource, cascading through `remove`. */
export function deleteRoute<T extends TableName>(
  spec: Pick<ResourceSpec<T>, "table" | "name" | "path" | "tag">,
  remove: (m: Mutation, row: Tables[T], caller: Caller) => Promise<void>,
): Route {
  return defineRoute({
    operationId: `delete${spec.name}`,
    method: "delete",
    path: `${spec.path}/{id}`,
    summary: `Delete a ${spec.name.toLowerCase()} and what depends on it`,
    tag: spec.tag,
    right: "manage",
    params: idParam,
    responses: { 204: { description: "Deleted" } },
    async handle({ bedrock, caller, params }) {
      const operation = `delete${spec.name}`;
      const { revision } = await bedrock.write(caller, operation, async (m) => {
        await remove(m, await loadChangeable(m, caller, spec.table, params.id), caller);
      });
      return { ...json(204, undefined, revision), body: undefined };
    },
  });
}
