import type { PageOptions, StoreReader, TableName, Tables, Where } from "@bedrock/core";
import type { Expression, ExpressionBuilder, Kysely, SqlBool } from "kysely";
import { decodeRow, encodeValue, type SqlRow, sqlTable } from "./row-codec.js";

/** The database as kysely sees it: tables are only known at run time. */
export type SqlDatabase = Record<string, SqlRow>;

type Builder = ExpressionBuilder<SqlDatabase, string>;

/** The SQL form of one filter of a `Where`, with the memory store's meaning. */
function condition(
  eb: Builder,
  table: TableName,
  column: string,
  expected: unknown,
): Expression<SqlBool> {
  if (!Array.isArray(expected)) {
    const value = encodeValue(table, column, expected);
    return value === null ? eb(column, "is", null) : eb(column, "=", value);
  }

  // `IN` never matches NULL, so a null element needs its own test.
  const present = expected.filter((value) => value !== null && value !== undefined);
  const values = present.map((value) => encodeValue(table, column, value));
  const alternatives: Expression<SqlBool>[] = [];
  if (values.length > 0) alternatives.push(eb(column, "in", values));
  if (expected.includes(null)) alternatives.push(eb(column, "is", null));
  return alternatives.length === 0 ? eb.lit(false) : eb.or(alternatives);
}

function matching(table: TableName, where: object): (eb: Builder) => Expression<SqlBool> {
  const filters = Object.entries(where).filter(([, expected]) => expected !== undefined);
  return (eb) =>
    eb.and(filters.map(([column, expected]) => condition(eb, table, column, expected)));
}

/**
 * Reads records through one kysely connection, in any SQL dialect whose
 * rows come back as `row-codec` encodes them.
 */
export class SqlReader implements StoreReader {
  constructor(protected readonly db: Kysely<SqlDatabase>) {}

  async get<T extends TableName>(table: T, id: string): Promise<Tables[T] | undefined> {
    const query = this.db.selectFrom(sqlTable(table)).selectAll().where("id", "=", id);
    const row = await this.run(() => query.executeTakeFirst());
    return row === undefined ? undefined : decodeRow(table, row);
  }

  async find<T extends TableName>(
    table: T,
    where: Where<Tables[T]>,
    page?: PageOptions,
  ): Promise<Tables[T][]> {
    let query = this.db
      .selectFrom(sqlTable(table))
      .selectAll()
      .where(matching(table, where))
      .orderBy("id");
    if (page?.afterId !== undefined) query = query.where("id", ">", page.afterId);
    if (page?.limit !== undefined) query = query.limit(page.limit);

    const rows = await this.run(() => query.execute());
    return rows.map((row) => decodeRow(table, row));
  }

  async count<T extends TableName>(table: T, where: Where<Tables[T]>): Promise<number> {
    const query = this.db
      .selectFrom(sqlTable(table))
      .select((eb) => eb.fn.countAll<number>().as("total"))
      .where(matching(table, where));
    const { total } = await this.run(() => query.executeTakeFirstOrThrow());
    return Number(total);
  }

  /** Runs one statement; a writer that must watch every outcome overrides it. */
  protected run<R>(statement: () => Promise<R>): Promise<R> {
    return statement();
  }
}
