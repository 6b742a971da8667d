import createClient from "openapi-fetch";
import { describe, expect, it } from "vitest";
import type { Resource } from "../resource.js";
import type { paths } from "../types.js";
import { resource } from "./resource.js";

interface Sent {
  method: string;
  path: string;
  body: unknown;
}

/** A client whose fetch records each request and answers from a queue. */
function clientAnswering(...answers: { status: number; body?: unknown }[]) {
  const sent: Sent[] = [];
  const fetch = async (request: Request): Promise<Response> => {
    const url = new URL(request.url);
    const text = await request.text();
    sent.push({
      method: request.method,
      path: url.pathname + url.search,
      body: text === "" ? undefined : JSON.parse(text),
    });
    const answer = answers.shift();
    if (answer === undefined) throw new Error(`unexpected ${request.method} ${url.pathname}`);
    const body = answer.body === undefined ? null : JSON.stringify(answer.body);
    const headers = { "content-type": "application/json" };
    return new Response(body, { status: answer.status, headers });
  };
  return { raw: createClient<paths>({ baseUrl: "https://api.example.com", fetch }), sent };
}

const role = { id: "role_1", name: "Viewer" };

describe("resource", () => {
  it.each([
    {
      call: "create",
      run: (r: Roles) => r.create({ scopeId: "scope_p", name: "Viewer" }),
      sent: { method: "POST", path: "/roles", body: { scopeId: "scope_p", name: "Viewer" } },
      answer: { status: 201, body: role },
      result: role,
    },
    {
      call: "createBatch",
      run: (r: Roles) => r.createBatch([{ scopeId: "scope_p", name: "Viewer" }]),
      sent: {
        method: "POST",
        path: "/roles/batch",
        body: [{ scopeId: "scope_p", name: "Viewer" }],
      },
      answer: { status: 201, body: { data: [role] } },
      result: [role],
    },
    {
      call: "get",
      run: (r: Roles) => r.get("role_1"),
      sent: { method: "GET", path: "/roles/role_1", body: undefined },
      answer: { status: 200, body: role },
      result: role,
    },
    {
      call: "list",
      run: (r: Roles) => r.list({ scopeId: "scope_p", limit: 2 }),
      sent: { method: "GET", path: "/roles?scopeId=scope_p&limit=2", body: undefined },
      answer: { status: 200, body: { data: [role], nextCursor: null } },
      result: { data: [role], nextCursor: null },
    },
    {
      call: "update",
      run: (r: Roles) => r.update("role_1", { name: "Reader" }),
      sent: { method: "PATCH", path: "/roles/role_1", body: { name: "Reader" } },
      answer: { status: 200, body: { ...role, name: "Reader" } },
      result: { ...role, name: "Reader" },
    },
    {
      call: "delete",
      run: (r: Roles) => r.delete("role_1"),
      sent: { method: "DELETE", path: "/roles/role_1", body: undefined },
      answer: { status: 204 },
      result: undefined,
    },
  ])("sends $call as its operation and answers the body", async ({ run, sent, answer, result }) => {
    const client = clientAnswering(answer);
    const roles = resource(client.raw, "/roles", everyRoleMethod);

    const answered = await run(roles);

    expect(answered).toEqual(result);
    expect(client.sent).toEqual([sent]);
  });

  it("iterates with the filters kept and each page's cursor sent back", async () => {
    const client = clientAnswering(
      { status: 200, body: { data: [role], nextCursor: "c1" } },
      { status: 200, body: { data: [{ ...role, id: "role_2" }], nextCursor: null } },
    );
    const roles = resource(client.raw, "/roles", ["iterate"]);

    const ids: string[] = [];
    for await (const each of roles.iterate({ scopeId: "scope_p" })) ids.push(each.id);

    expect(ids).toEqual(["role_1", "role_2"]);
    expect(client.sent.map((s) => s.path)).toEqual([
      "/roles?scopeId=scope_p",
      "/roles?scopeId=scope_p&cursor=c1",
    ]);
  });

  it("has only the methods it is built with", () => {
    const { raw } = clientAnswering();

    const memberships = resource(raw, "/memberships", ["create", "get"]);

    expect(Object.keys(memberships).sort()).toEqual(["create", "get"]);
  });

  it("throws the API's problem as a BedrockApiError", async () => {
    const problem = {
      type: "https://bedrock.dev/problems/not-found",
      title: "Not found",
      status: 404,
      detail: "role role_9 does not exist",
      code: "not_found",
    };
    const { raw } = clientAnswering({ status: 404, body: problem });

    const error = await resource(raw, "/roles", ["get"])
      .get("role_9")
      .catch((caught: unknown) => caught);

    expect(error).toMatchObject({ name: "BedrockApiError", status: 404, code: "not_found" });
  });
});

const everyRoleMethod = [
  "create",
  "createBatch",
  "get",
  "list",
  "iterate",
  "update",
  "delete",
] as const;

type Roles = Resource<"/roles">;
