import type { StoreWriter, TableName, Tables } from "@bedrock/core";
import { encodePatch, encodeRow, sqlTable } from "./row-codec.js";
import { SqlReader } from "./sql-reader.js";
import { asUniqueViolation } from "./unique-violation.js";

/** Reads and writes records through one SQLite connection. */
export class SqliteWriter extends SqlReader implements StoreWriter {
  async insert<T extends TableName>(table: T, row: Tables[T]): Promise<void> {
    const values = encodeRow(table, row);
    await this.guard(table, () => this.db.insertInto(sqlTable(table)).values(values).execute());
  }

  async update<T extends TableName>(
    table: T,
    id: string,
    patch: Partial<Tables[T]>,
  ): Promise<void> {
    const changes = encodePatch(table, patch);
    if (changes === undefined) return;

    await this.guard(table, () =>
      this.db.updateTable(sqlTable(table)).set(changes).where("id", "=", id).execute(),
    );
  }

  async delete<T extends TableName>(table: T, id: string): Promise<void> {
    await this.db.deleteFrom(sqlTable(table)).where("id", "=", id).execute();
  }

  /** Runs a write, reporting a broken unique key as the store's error. */
  private async guard(table: TableName, write: () => Promise<unknown>): Promise<void> {
    try {
      await write();
    } catch (error) {
      throw asUniqueViolation(table, error) ?? error;
    }
  }
}
