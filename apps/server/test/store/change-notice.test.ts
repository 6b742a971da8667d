import { describe, expect, it } from "vitest";
import {
  decodeNotice,
  encodeNotice,
  maxPayloadBytes,
  TouchedIds,
} from "../../src/store/internal/change-notice.js";

describe("TouchedIds", () => {
  it("names a tenant by its own row or by a row that belongs to it", () => {
    const touched = new TouchedIds();

    touched.record("tenants", { id: "tenant_a" });
    touched.record("roles", { id: "role_1", tenantId: "tenant_b" });
    touched.record("subjects", { id: "subject_1", tenantId: null });
    touched.record("scopes", { id: "scope_1", tenantId: "tenant_c" });
    touched.record("users", { id: "user_1" });

    expect(touched.tenantIds).toEqual(new Set(["tenant_a", "tenant_b", "tenant_c"]));
    expect(touched.subjectIds).toEqual(new Set(["subject_1"]));
    expect(touched.scopeIds).toEqual(new Set(["scope_1"]));
  });
});

describe("a change notice", () => {
  it("round-trips the ids and the origin", () => {
    const touched = new TouchedIds();
    touched.record("subjects", { id: "subject_1", tenantId: "tenant_a" });

    const notice = decodeNotice(encodeNotice("origin-1", touched));

    expect(notice).toEqual({
      origin: "origin-1",
      everything: false,
      tenantIds: ["tenant_a"],
      subjectIds: ["subject_1"],
      scopeIds: [],
    });
  });

  it("says everything changed when the ids would not fit", () => {
    const touched = new TouchedIds();
    for (let i = 0; i < 1000; i++) touched.record("scopes", { id: `scope_${i}`, tenantId: "t" });

    const payload = encodeNotice("origin-1", touched);

    expect(Buffer.byteLength(payload)).toBeLessThanOrEqual(maxPayloadBytes);
    expect(decodeNotice(payload)).toMatchObject({ origin: "origin-1", everything: true });
  });

  it.each([
    "not json",
    "null",
    '"text"',
    '{"origin":"o","tenantIds":[1],"subjectIds":[],"scopeIds":[]}',
    '{"origin":"o","tenantIds":[]}',
  ])("reads the malformed payload %s as everything changed", (payload) => {
    expect(decodeNotice(payload)).toMatchObject({ everything: true });
  });
});
