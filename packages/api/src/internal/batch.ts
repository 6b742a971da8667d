import { BedrockError, type FieldIssue } from "@bedrock/core";

/** Most items one batch may hold. */
export const maxBatchItems = 1000;

/**
 * Runs `create` for every item inside the caller's transaction. When any item
 * fails, throws one error naming every failing index, so nothing is kept.
 */
export async function runBatch<I, R>(
  items: readonly I[],
  create: (item: I, index: number) => Promise<R>,
): Promise<R[]> {
  const results: R[] = [];
  const issues: FieldIssue[] = [];
  let first: BedrockError | undefined;
  for (const [index, item] of items.entries()) {
    try {
      results.push(await create(item, index));
    } catch (error) {
      if (!(error instanceof BedrockError)) throw error;
      first ??= error;
      const own =
        error.errors.length > 0
          ? error.errors
          : [{ code: error.code, path: "body", message: error.detail }];
      for (const issue of own) {
        const path = issue.path.replace(/^body/, `body[${index}]`);
        issues.push({ ...issue, path, code: issue.code === "invalid" ? error.code : issue.code });
      }
    }
  }
  if (first !== undefined) {
    const failed = new Set(issues.map((issue) => issue.path.match(/^body\[(\d+)\]/)?.[1]));
    const detail = `${failed.size} of ${items.length} items failed; nothing was created`;
    throw new BedrockError(first.code, detail, issues);
  }
  return results;
}
