import { describe, expect, it } from "vitest";
import { normalizeBaseUrl, toApiRequest, toResponse } from "./http-bridge.js";

describe("normalizeBaseUrl", () => {
  it.each([
    ["https://bedrock.test", "https://bedrock.test"],
    ["https://bedrock.test/", "https://bedrock.test"],
    ["http://localhost:4000/api/v1/", "http://localhost:4000/api/v1"],
  ])("keeps %s as %s", (given, expected) => {
    expect(normalizeBaseUrl(given)).toBe(expected);
  });

  it.each([
    ["/api", /must be an absolute URL/],
    ["https://bedrock.test/?x=1", /must not carry a query/],
  ])("refuses %s", (given, message) => {
    expect(() => normalizeBaseUrl(given)).toThrow(message);
  });
});

describe("toApiRequest", () => {
  it("hands over the path below the base, the query, the headers and the body text", async () => {
    const request = new Request("https://bedrock.test/v1/memberships?subjectId=s_1&limit=2", {
      method: "POST",
      headers: { Authorization: "Bearer t", "Idempotency-Key": "k1" },
      body: '{"a":1}',
    });

    const converted = await toApiRequest(request, "https://bedrock.test/v1");

    expect(converted).toEqual({
      method: "POST",
      path: "/memberships",
      query: { subjectId: "s_1", limit: "2" },
      headers: {
        authorization: "Bearer t",
        "content-type": "text/plain;charset=UTF-8",
        "idempotency-key": "k1",
      },
      body: '{"a":1}',
    });
  });

  it("hands over no body for a request without one, and / for the base itself", async () => {
    const converted = await toApiRequest(
      new Request("https://bedrock.test"),
      "https://bedrock.test",
    );

    expect(converted).toMatchObject({ method: "GET", path: "/", body: undefined });
  });
});

describe("toResponse", () => {
  it("writes a JSON body with the answer's headers", async () => {
    const response = toResponse({
      status: 201,
      body: { id: "x" },
      headers: { "bedrock-revision": "3" },
    });

    expect(response.status).toBe(201);
    expect(Object.fromEntries(response.headers)).toEqual({
      "bedrock-revision": "3",
      "content-type": "application/json; charset=utf-8",
    });
    expect(await response.json()).toEqual({ id: "x" });
  });

  it("keeps the problem content type of an error, naming the charset as the server does", () => {
    const response = toResponse({
      status: 404,
      body: { code: "not_found" },
      headers: { "content-type": "application/problem+json" },
    });

    expect(response.headers.get("content-type")).toBe("application/problem+json; charset=utf-8");
  });

  it("writes no body for a 204", async () => {
    const response = toResponse({ status: 204, body: null, headers: { "bedrock-revision": "4" } });

    expect(response.body).toBeNull();
    expect(response.headers.get("bedrock-revision")).toBe("4");
  });
});
