import { type StoreWriter, type TableName, type Tables, tableColumns } from "@bedrock/core";
import { type Kysely, sql } from "kysely";
import { TouchedIds } from "./change-notice.js";
import { asUniqueViolation, asUnstorableValue, type UniqueIndexes } from "./postgres-errors.js";
import { PostgresReader } from "./postgres-reader.js";
import { encodePatch, encodeRow, type SqlRow, sqlTable } from "./row-codec.js";
import type { SqlDatabase } from "./sql-reader.js";

/** The columns a write returns so that its tenant is known. */
function returnedColumns(table: TableName): string[] {
  const columns: readonly string[] = tableColumns[table];
  return columns.includes("tenantId") ? ["id", "tenantId"] : ["id"];
}

function touchedRow(row: SqlRow): { id: string; tenantId: unknown } {
  return { id: String(row.id), tenantId: row.tenantId };
}

/**
 * Reads and writes inside one PostgreSQL transaction, and remembers the ids
 * it touched so that other replicas can be told after the commit.
 *
 * PostgreSQL aborts a whole transaction on any failed statement. So that a
 * unique violation can be caught and the transaction carry on, as in the
 * other stores, it is raised inside a savepoint: an insert first skips a
 * conflicting row (ON CONFLICT DO NOTHING) and, when it did, runs again in a
 * savepoint to fail there; an update of a unique key's column runs in one.
 */
export class PostgresWriter extends PostgresReader implements StoreWriter {
  readonly touched = new TouchedIds();
  private failure: unknown;

  constructor(
    db: Kysely<SqlDatabase>,
    private readonly uniqueIndexes: UniqueIndexes,
  ) {
    super(db);
  }

  async insert<T extends TableName>(table: T, row: Tables[T]): Promise<void> {
    const query = this.db.insertInto(sqlTable(table)).values(encodeRow(table, row));

    // The common case costs one statement; only a conflict pays for a savepoint.
    const result = await this.run(() =>
      query.onConflict((conflict) => conflict.doNothing()).executeTakeFirst(),
    );
    if (result.numInsertedOrUpdatedRows === 0n) {
      await this.inSavepoint(table, () => query.execute());
    }
    this.touched.record(table, row);
  }

  async update<T extends TableName>(
    table: T,
    id: string,
    patch: Partial<Tables[T]>,
  ): Promise<void> {
    const changes = encodePatch(table, patch);
    if (changes === undefined) return;

    const query = this.db
      .updateTable(sqlTable(table))
      .set(changes)
      .where("id", "=", id)
      .returning(returnedColumns(table));
    const rows = this.mayBreakUniqueKey(table, Object.keys(changes))
      ? await this.inSavepoint(table, () => query.execute())
      : await this.run(() => query.execute());
    for (const row of rows) this.touched.record(table, touchedRow(row));
  }

  async delete<T extends TableName>(table: T, id: string): Promise<void> {
    const query = this.db
      .deleteFrom(sqlTable(table))
      .where("id", "=", id)
      .returning(returnedColumns(table));
    const rows = await this.run(() => query.execute());
    for (const row of rows) this.touched.record(table, touchedRow(row));
  }

  /**
   * Throws when a statement failed, even one whose error the work caught:
   * the transaction is aborted, and a COMMIT would quietly roll it back.
   */
  assertUsable(): void {
    if (this.failure === undefined) return;
    throw new Error("the transaction was aborted by a failed statement and cannot commit", {
      cause: this.failure,
    });
  }

  protected override async run<R>(statement: () => Promise<R>): Promise<R> {
    try {
      return await super.run(statement);
    } catch (error) {
      this.failure ??= error;
      throw error;
    }
  }

  private mayBreakUniqueKey(table: TableName, columns: readonly string[]): boolean {
    const name = sqlTable(table);
    for (const index of this.uniqueIndexes.values()) {
      if (index.table !== name) continue;
      if (index.columns.some((column) => columns.includes(column))) return true;
    }
    return false;
  }

  /** Runs a write that may break a unique key, leaving the transaction usable if it does. */
  private async inSavepoint<R>(table: TableName, write: () => Promise<R>): Promise<R> {
    await this.run(() => sql`SAVEPOINT bedrock_write`.execute(this.db));
    let result: R;
    try {
      result = await write();
    } catch (error) {
      await this.run(() => sql`ROLLBACK TO SAVEPOINT bedrock_write`.execute(this.db));
      throw (
        asUniqueViolation(table, error, this.uniqueIndexes) ?? asUnstorableValue(error) ?? error
      );
    }
    await this.run(() => sql`RELEASE SAVEPOINT bedrock_write`.execute(this.db));
    return result;
  }
}
