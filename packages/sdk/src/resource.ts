import type { Page, paths } from "./types.js";

type HttpMethod = "get" | "post" | "patch" | "delete";

/** Where each method of a resource is served: a path below the resource's own, and a method. */
interface Routes {
  create: ["", "post"];
  createBatch: ["/batch", "post"];
  get: ["/{id}", "get"];
  list: ["", "get"];
  iterate: ["", "get"];
  update: ["/{id}", "patch"];
  delete: ["/{id}", "delete"];
}

/** The operation of a path and method; `never` where the API has none. */
type Operation<Path, M extends HttpMethod> = Path extends keyof paths
  ? NonNullable<paths[Path][M]>
  : never;

/** The operation a method of the resource at `P` is served by. */
type At<P extends string, K extends keyof Routes> = Operation<`${P}${Routes[K][0]}`, Routes[K][1]>;

type JsonOf<T> = T extends { content: { "application/json": infer B } } ? B : never;
type BodyOf<O> = O extends { requestBody?: infer R } ? JsonOf<R> : never;
type AnswerOf<O> = O extends { responses: infer R }
  ? JsonOf<R[Extract<keyof R, 200 | 201>]>
  : never;
type QueryParams<O> = O extends { parameters: { query?: infer Q } } ? NonNullable<Q> : never;

/** What a delete answers: the record where the API returns it, nothing otherwise. */
type Deleted<O> = [AnswerOf<O>] extends [never] ? Promise<void> : Promise<AnswerOf<O>>;
/** What a batch create answers: the records made, in order. */
type Created<O> = AnswerOf<O> extends { data: infer D } ? D : never;
/** The items of the resource's list. */
type Item<P extends string> = AnswerOf<At<P, "list">> extends { data: (infer T)[] } ? T : never;
/** The filters, limit and cursor of the resource's list. */
type Filters<P extends string> = QueryParams<At<P, "list">>;

/** A path of the API whose records also have a path of their own, `{path}/{id}`. */
export type ResourcePath = {
  [P in keyof paths]: `${P}/{id}` extends keyof paths ? P : never;
}[keyof paths];

/** The names of the methods the API offers for the resource at `P`. */
export type ResourceMethod<P extends ResourcePath> = {
  [K in keyof Routes]: [At<P, K>] extends [never] ? never : K;
}[keyof Routes];

/**
 * Every method a resource may have, typed from the API's description of the
 * resource at `P`. Each throws `BedrockApiError` when the call fails.
 */
export interface ResourceMethods<P extends ResourcePath> {
  /** Creates one and returns it as stored. */
  create(input: BodyOf<At<P, "create">>): Promise<AnswerOf<At<P, "create">>>;
  /** Creates up to 1,000, all or none, and returns them in order. */
  createBatch(items: BodyOf<At<P, "createBatch">>): Promise<Created<At<P, "createBatch">>>;
  /** Returns the one with this id. */
  get(id: string): Promise<AnswerOf<At<P, "get">>>;
  /** Returns one page; pass `nextCursor` back as `cursor` for the next. */
  list(query?: Filters<P>): Promise<Page<Item<P>>>;
  /** Yields every item of the list, fetching pages as the loop reaches them. */
  iterate(query?: Omit<Filters<P>, "cursor">): AsyncGenerator<Item<P>, void, undefined>;
  /** Changes the given fields and returns the result. */
  update(id: string, patch: BodyOf<At<P, "update">>): Promise<AnswerOf<At<P, "update">>>;
  /** Deletes it and what can no longer stand without it. */
  delete(id: string): Deleted<At<P, "delete">>;
}

/**
 * The methods of one kind of record: those the API offers at `P`, or only
 * the `M` named.
 *
 * @example
 * type Memberships = Resource<"/memberships">; // no update: the API has none
 */
export type Resource<
  P extends ResourcePath,
  M extends ResourceMethod<P> = ResourceMethod<P>,
> = Pick<ResourceMethods<P>, M>;
