import { BedrockError, invalidField } from "../errors.js";
import { clientIdProblem, generateId, type IdKind } from "../model/ids.js";
import type { StoreReader } from "../store/store.js";
import type { TableName } from "../store/tables.js";

/**
 * The id for a new record: the client's choice when valid and free,
 * otherwise a generated one.
 */
export async function takeId(
  reader: StoreReader,
  table: TableName,
  kind: IdKind,
  requested: string | undefined,
  field = "id",
): Promise<string> {
  if (requested === undefined) return generateId(kind);
  const problem = clientIdProblem(kind, requested);
  if (problem !== undefined) throw invalidField(`body.${field}`, `${field} ${problem}`);
  if ((await reader.get(table, requested)) !== undefined) {
    throw new BedrockError("already_exists", `${field} ${requested} is already taken`);
  }
  return requested;
}
