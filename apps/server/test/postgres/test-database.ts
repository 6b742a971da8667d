import { randomBytes } from "node:crypto";
import pg from "pg";
import { redactUrl } from "../../src/store/internal/postgres-target.js";

/**
 * The database the PostgreSQL tests use; each test file works in a schema
 * of its own there. Point BEDROCK_TEST_DATABASE_URL elsewhere to change it.
 */
export const testDatabaseUrl =
  process.env.BEDROCK_TEST_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/test";

const required = process.env.CI === "true";

function unreachable(error: unknown): string {
  const reason = error instanceof Error ? error.message || error.name : String(error);
  return `PostgreSQL at ${redactUrl(testDatabaseUrl)} is unreachable (${reason})`;
}

async function connect(): Promise<pg.Client> {
  const client = new pg.Client({
    connectionString: testDatabaseUrl,
    connectionTimeoutMillis: 3000,
  });
  try {
    await client.connect();
  } catch (error) {
    await client.end().catch(() => undefined);
    const remedy = required
      ? "CI=true, so the PostgreSQL tests fail rather than skip"
      : "start it, or set BEDROCK_TEST_DATABASE_URL";
    throw new Error(`${unreachable(error)}: ${remedy}`, { cause: error });
  }
  return client;
}

/**
 * Whether the PostgreSQL tests should be skipped: only when PostgreSQL does
 * not answer and CI is not set, saying so once. Under CI=true they run, and
 * fail on the connection error.
 */
export async function skipWithoutPostgres(): Promise<boolean> {
  try {
    const client = await connect();
    await client.end();
    return false;
  } catch (error) {
    if (required) return false;
    // biome-ignore lint/suspicious/noConsole: the notice is for whoever runs the tests.
    console.warn(`Skipping the PostgreSQL tests: ${(error as Error).message}.`);
    return true;
  }
}

/** A fresh, uniquely named schema in the test database, and SQL access to it. */
export class TestSchema {
  private constructor(
    readonly name: string,
    private readonly client: pg.Client,
  ) {}

  static async create(label: string): Promise<TestSchema> {
    const name = `bedrock_test_${label}_${randomBytes(4).toString("hex")}`;
    const client = await connect();
    await client.query(`CREATE SCHEMA ${name}`);
    return new TestSchema(name, client);
  }

  /** The test database's URL, with this schema selected. */
  get url(): string {
    const url = new URL(testDatabaseUrl);
    url.searchParams.set("schema", this.name);
    return url.toString();
  }

  /** Runs SQL with this schema first on the search path. */
  async query<Row extends pg.QueryResultRow>(text: string, values: unknown[] = []): Promise<Row[]> {
    await this.client.query(`SET search_path TO ${this.name}`);
    const result = await this.client.query<Row>(text, values);
    return result.rows;
  }

  /** Empties every table but the migration ledger. */
  async truncate(): Promise<void> {
    const tables = await this.query<{ table_name: string }>(
      `SELECT table_name FROM information_schema.tables
       WHERE table_schema = $1 AND table_name <> 'schema_migrations'`,
      [this.name],
    );
    if (tables.length === 0) return;
    await this.query(`TRUNCATE ${tables.map((row) => `"${row.table_name}"`).join(", ")}`);
  }

  async drop(): Promise<void> {
    await this.client.query(`DROP SCHEMA ${this.name} CASCADE`);
    await this.client.end();
  }
}
