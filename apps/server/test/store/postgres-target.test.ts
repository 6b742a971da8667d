import { describe, expect, it } from "vitest";
import {
  isPostgresUrl,
  postgresTarget,
  redactUrl,
} from "../../src/store/internal/postgres-target.js";

describe("postgresTarget", () => {
  it("takes the schema from the URL and leaves the rest for the driver", () => {
    const target = postgresTarget(
      "postgres://app:pw@db:5432/bedrock?schema=tenant_a&sslmode=require",
    );

    expect(target).toEqual({
      connectionString: "postgres://app:pw@db:5432/bedrock?sslmode=require",
      schema: "tenant_a",
      channel: "bedrock_changes_tenant_a",
    });
  });

  it("uses public without a schema, and a given schema over the URL's", () => {
    expect(postgresTarget("postgresql://db/bedrock").schema).toBe("public");
    expect(postgresTarget("postgres://db/bedrock?schema=one", "two").schema).toBe("two");
  });

  it.each(["Upper", "9starts_with_digit", "has-dash", 'quote"', "x".repeat(49)])(
    "refuses the schema name %s",
    (schema) => {
      expect(() => postgresTarget(`postgres://db/bedrock?schema=${schema}`)).toThrow(
        /^schema must be 1 to 48 lower-case letters/,
      );
    },
  );

  it("refuses a URL of another database", () => {
    expect(() => postgresTarget("mysql://db/bedrock")).toThrow(/postgres:\/\//);
  });
});

describe("isPostgresUrl", () => {
  it.each([
    ["postgres://db/x", true],
    ["POSTGRESQL://db/x", true],
    ["postgres:/db/x", false],
    ["sqlite://file", false],
    ["", false],
  ])("answers %s with %s", (url, expected) => {
    expect(isPostgresUrl(url)).toBe(expected);
  });
});

describe("redactUrl", () => {
  it("replaces a password in the authority or the query", () => {
    expect(redactUrl("postgres://app:s3cret@db:5432/bedrock?schema=a")).toBe(
      "postgres://app:redacted@db:5432/bedrock?schema=a",
    );
    expect(redactUrl("postgres://app@db/bedrock?password=s3cret")).toBe(
      "postgres://app@db/bedrock?password=redacted",
    );
  });

  it("keeps a URL without a password, and hides one that does not parse", () => {
    expect(redactUrl("postgres://app@db/bedrock")).toBe("postgres://app@db/bedrock");
    expect(redactUrl("not a url :s3cret@")).toBe("(a URL that does not parse)");
  });
});
