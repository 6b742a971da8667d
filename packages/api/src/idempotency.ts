import { type Bedrock, BedrockError, type Caller, hashToken, invalidField } from "@bedrock/core";
import { KeyedLock } from "./internal/keyed-lock.js";
import type { ApiResponse } from "./route.js";

/** How long a stored answer is replayed for. */
export const idempotencyWindowMs = 24 * 60 * 60 * 1000;

const keyPattern = /^[\x21-\x7e]{1,255}$/;

/** The request facts an idempotency key is bound to. */
export interface IdempotentRequest {
  method: string;
  path: string;
  body?: string;
  key: string;
}

/**
 * Replays the first successful answer to a POST retried with the same
 * `Idempotency-Key`; the same key with another request is a 409. Keys are
 * scoped to the credential that sent them. Requests sharing a key run one at
 * a time, so concurrent retries cannot both create.
 */
export class IdempotencyGuard {
  private readonly lock = new KeyedLock();

  constructor(private readonly bedrock: Bedrock) {}

  async run(
    caller: Caller,
    request: IdempotentRequest,
    perform: () => Promise<ApiResponse>,
  ): Promise<ApiResponse> {
    if (!keyPattern.test(request.key)) {
      throw invalidField(
        "header.idempotency-key",
        "Idempotency-Key must be 1 to 255 visible characters",
      );
    }
    const recordId = `${caller.keyId ?? "admin"}:${request.key}`;
    const requestHash = await hashToken(`${request.method} ${request.path}\n${request.body ?? ""}`);

    return this.lock.run(recordId, async () => {
      const stored = await this.bedrock.read((r) => r.get("idempotencyKeys", recordId));
      const fresh =
        stored !== undefined &&
        Date.parse(stored.createdAt) + idempotencyWindowMs > Date.parse(this.bedrock.now());
      if (stored !== undefined && fresh) {
        if (stored.requestHash !== requestHash) {
          const detail = "this Idempotency-Key was used with a different request";
          throw new BedrockError("idempotency_key_reused", detail);
        }
        return {
          status: stored.status,
          body: stored.body,
          headers: { "idempotent-replayed": "true" },
        };
      }

      const answer = await perform();
      // Only successes are replayed: a refused request may succeed once fixed.
      if (answer.status >= 200 && answer.status < 300) {
        const record = {
          id: recordId,
          requestHash,
          status: answer.status,
          body: answer.body ?? null,
          createdAt: this.bedrock.now(),
        };
        await this.bedrock.store.transaction(async (tx) => {
          if (stored !== undefined) await tx.delete("idempotencyKeys", recordId);
          await tx.insert("idempotencyKeys", record);
        });
      }
      return answer;
    });
  }
}
