import { asUnstorableValue } from "./postgres-errors.js";
import { SqlReader } from "./sql-reader.js";

/** Reads through one PostgreSQL connection, answering unstorable text with a 400. */
export class PostgresReader extends SqlReader {
  protected override async run<R>(statement: () => Promise<R>): Promise<R> {
    try {
      return await statement();
    } catch (error) {
      throw asUnstorableValue(error) ?? error;
    }
  }
}
