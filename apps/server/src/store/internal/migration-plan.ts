/** One step of the schema; a version, once released, never changes. */
export interface Migration {
  version: number;
  sql: string;
}

/**
 * The steps a database that has seen `applied` still needs, oldest first.
 * Throws when the database was migrated by a newer server than this one.
 */
export function pendingMigrations(
  steps: readonly Migration[],
  applied: ReadonlySet<number>,
): Migration[] {
  const known = Math.max(0, ...steps.map((step) => step.version));
  const newest = Math.max(0, ...applied);
  if (newest > known) {
    throw new Error(
      `database schema is at version ${newest} but this server knows up to ${known}: upgrade the server`,
    );
  }
  return steps.filter((step) => !applied.has(step.version)).sort((a, b) => a.version - b.version);
}
