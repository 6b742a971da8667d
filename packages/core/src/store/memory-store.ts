import { SerialQueue } from "../internal/serial-queue.js";
import type { PageOptions, Store, StoreReader, StoreWriter, Where } from "./store.js";
import { UniqueViolation } from "./store.js";
import { type TableName, type Tables, tableColumns, uniqueKeys } from "./tables.js";
import { matchesWhere } from "./where.js";

type Rows = { [T in TableName]: Map<string, Tables[T]> };
type Undo = () => void;

function emptyRows(): Rows {
  const rows = {} as Record<TableName, Map<string, unknown>>;
  for (const table of Object.keys(tableColumns) as TableName[]) rows[table] = new Map();
  return rows as Rows;
}

function clone<V>(value: V): V {
  return structuredClone(value);
}

/** Keeps every record in memory; for tests, the mock and embedding. */
export class MemoryStore implements Store {
  private readonly rows = emptyRows();
  private readonly queue = new SerialQueue();

  transaction<R>(work: (tx: StoreWriter) => Promise<R>): Promise<R> {
    return this.queue.run(async () => {
      const undo: Undo[] = [];
      try {
        return await work(this.writer(undo));
      } catch (error) {
        for (const step of undo.reverse()) step();
        throw error;
      }
    });
  }

  read<R>(work: (reader: StoreReader) => Promise<R>): Promise<R> {
    return this.queue.run(() => work(this.writer([])));
  }

  async close(): Promise<void> {}

  private writer(undo: Undo[]): StoreWriter {
    const rows = this.rows;
    const table = <T extends TableName>(name: T) => rows[name] as Map<string, Tables[T]>;

    const checkUnique = <T extends TableName>(name: T, row: Tables[T]) => {
      for (const columns of uniqueKeys[name] ?? []) {
        if (columns.some((column) => row[column] === null)) continue;
        for (const other of table(name).values()) {
          if (other.id === row.id) continue;
          if (columns.every((column) => other[column] === row[column])) {
            throw new UniqueViolation(name, columns);
          }
        }
      }
    };

    return {
      async get(name, id) {
        const row = table(name).get(id);
        return row === undefined ? undefined : clone(row);
      },
      async find<T extends TableName>(name: T, where: Where<Tables[T]>, page?: PageOptions) {
        const matches: Tables[T][] = [];
        for (const row of table(name).values()) {
          if (page?.afterId !== undefined && row.id <= page.afterId) continue;
          if (matchesWhere(row, where)) matches.push(row);
        }
        matches.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
        const limited = page?.limit === undefined ? matches : matches.slice(0, page.limit);
        return limited.map(clone);
      },
      async count(name, where) {
        let total = 0;
        for (const row of table(name).values()) if (matchesWhere(row, where)) total++;
        return total;
      },
      async insert(name, row) {
        const rowsOfTable = table(name);
        if (rowsOfTable.has(row.id)) throw new UniqueViolation(name, ["id"]);
        checkUnique(name, row);
        rowsOfTable.set(row.id, clone(row));
        undo.push(() => rowsOfTable.delete(row.id));
      },
      async update(name, id, patch) {
        const rowsOfTable = table(name);
        const before = rowsOfTable.get(id);
        if (before === undefined) return;
        const after = { ...before, ...clone(patch), id };
        checkUnique(name, after);
        rowsOfTable.set(id, after);
        undo.push(() => rowsOfTable.set(id, before));
      },
      async delete(name, id) {
        const rowsOfTable = table(name);
        const before = rowsOfTable.get(id);
        if (before === undefined) return;
        rowsOfTable.delete(id);
        undo.push(() => rowsOfTable.set(id, before));
      },
    };
  }
}
