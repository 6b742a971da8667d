import pg from "pg";

const schemaPattern = /^[a-z_][a-z0-9_]{0,47}$/;
const schemes = ["postgres:", "postgresql:"];

/** Where a PostgreSQL store lives: a server, a database and a schema in it. */
export interface PostgresTarget {
  /** The URL without Bedrock's own `schema` parameter, as `pg` reads it. */
  connectionString: string;
  schema: string;
  /** The channel on which writes to this schema are announced. */
  channel: string;
}

/** Whether `url` names a PostgreSQL server. */
export function isPostgresUrl(url: string): boolean {
  return schemes.some((scheme) => url.toLowerCase().startsWith(`${scheme}//`));
}

/**
 * Reads a `postgres://` URL. Its `?schema=` parameter, or `schema` when
 * given, names the schema holding Bedrock's tables (`public` by default).
 */
export function postgresTarget(url: string, schema?: string): PostgresTarget {
  if (!isPostgresUrl(url)) {
    throw new Error("the database URL must start with postgres:// or postgresql://");
  }
  const parsed = new URL(url);
  const chosen = schema ?? parsed.searchParams.get("schema") ?? "public";
  if (!schemaPattern.test(chosen)) {
    throw new Error(
      `schema must be 1 to 48 lower-case letters, digits or _, not starting with a digit, not "${chosen}"`,
    );
  }
  parsed.searchParams.delete("schema");
  return {
    connectionString: parsed.toString(),
    schema: chosen,
    channel: `bedrock_changes_${chosen}`,
  };
}

/** The URL fit for a log line: any password is replaced. */
export function redactUrl(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return "(a URL that does not parse)";
  }
  if (parsed.password !== "") parsed.password = "redacted";
  if (parsed.searchParams.has("password")) parsed.searchParams.set("password", "redacted");
  return parsed.toString();
}

const int8 = 20;
const json = 114;
const jsonb = 3802;

function safeInteger(text: string): number {
  const value = Number(text);
  if (!Number.isSafeInteger(value)) {
    throw new RangeError(`the integer ${text} is too large for a JavaScript number`);
  }
  return value;
}

function unchanged(text: string): string {
  return text;
}

/**
 * How columns are read: bigints as numbers, and JSON as its text, which the
 * row codec parses as it does SQLite's.
 */
const columnTypes: pg.CustomTypesConfig = {
  getTypeParser: ((oid: number, format?: "text" | "binary") => {
    if (oid === int8) return safeInteger;
    if (oid === json || oid === jsonb) return unchanged;
    return pg.types.getTypeParser(oid, format as "text");
  }) as pg.CustomTypesConfig["getTypeParser"],
};

/** The connection settings of every client a store opens. */
export function clientConfig(target: PostgresTarget, name: string): pg.ClientConfig {
  return {
    connectionString: target.connectionString,
    application_name: name,
    types: columnTypes,
    keepAlive: true,
    // A database that stops answering fails a connect instead of hanging it.
    connectionTimeoutMillis: 5000,
  };
}
