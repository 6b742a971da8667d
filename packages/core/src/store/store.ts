import type { TableName, Tables } from "./tables.js";

/** Equality filters; an array value matches any of its elements. */
export type Where<Row> = { [K in keyof Row]?: Row[K] | readonly Row[K][] };

/** Keyset pagination over ids, ascending. */
export interface PageOptions {
  limit?: number;
  /** Only rows whose id sorts after this one. */
  afterId?: string;
}

/** Read access to the records, by table. */
export interface StoreReader {
  get<T extends TableName>(table: T, id: string): Promise<Tables[T] | undefined>;
  /** Rows matching every filter, ordered by id. */
  find<T extends TableName>(
    table: T,
    where: Where<Tables[T]>,
    page?: PageOptions,
  ): Promise<Tables[T][]>;
  count<T extends TableName>(table: T, where: Where<Tables[T]>): Promise<number>;
}

/** Read and write access inside one transaction. */
export interface StoreWriter extends StoreReader {
  insert<T extends TableName>(table: T, row: Tables[T]): Promise<void>;
  update<T extends TableName>(table: T, id: string, patch: Partial<Tables[T]>): Promise<void>;
  delete<T extends TableName>(table: T, id: string): Promise<void>;
}

/**
 * Where records live. Transactions and reads are serialized by the store, so
 * a read never observes another transaction's uncommitted rows.
 */
export interface Store {
  /** Runs `work` atomically: every write lands, or none does. */
  transaction<R>(work: (tx: StoreWriter) => Promise<R>): Promise<R>;
  /** Runs `work` against committed state. */
  read<R>(work: (reader: StoreReader) => Promise<R>): Promise<R>;
  close(): Promise<void>;
}

/** Thrown by a store when a write would break one of `uniqueKeys`. */
export class UniqueViolation extends Error {
  constructor(
    readonly table: TableName,
    readonly columns: readonly string[],
  ) {
    super(`${table} already holds a row with the same ${columns.join(", ")}`);
    this.name = "UniqueViolation";
  }
}
