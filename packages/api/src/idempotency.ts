import {
  type Bedrock,
  BedrockError,
  type Caller,
  hashToken,
  type IdempotencyRecord,
  invalidField,
} from "@bedrock/core";
import { KeyedLock } from "./internal/keyed-lock.js";
import type { ApiResponse } from "./route.js";

/** How long a stored answer is replayed for. */
export const idempotencyWindowMs = 24 * 60 * 60 * 1000;

/** How long a claimed key may go unanswered before another request may take it over. */
export const abandonedClaimMs = 60 * 1000;

/** How long a request waits for another one holding its key to finish. */
const waitForOtherMs = 5000;

/** The status a claim carries until its request has been answered. */
const pending = 0;

const keyPattern = /^[\x21-\x7e]{1,255}$/;

/** The request facts an idempotency key is bound to. */
export interface IdempotentRequest {
  method: string;
  path: string;
  /** The parsed body, compared by content rather than by bytes. */
  body: unknown;
  key: string;
  /** False when the answer holds a secret: it is not kept, and a retry is refused. */
  replayable: boolean;
}

/** JSON with object keys sorted, so equal bodies compare equal. */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  if (value === null || typeof value !== "object") return JSON.stringify(value) ?? "null";
  const entries = Object.entries(value).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(",")}}`;
}

type Claim = { replay: IdempotencyRecord } | { claimed: true } | { busy: true };

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Replays the first successful answer to a POST retried with the same
 * `Idempotency-Key`; the same key with another request is a 409. Keys are
 * scoped to the credential that sent them.
 *
 * A request claims its key in the store before it runs, in a write
 * transaction, so concurrent requests with one key cannot both run, even on
 * different replicas: the others wait for the answer and replay it.
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
    const facts = `${request.method} ${request.path}\n${canonicalJson(request.body)}`;
    const requestHash = await hashToken(facts);

    // Within one process, requests sharing a key queue here instead of polling.
    return this.lock.run(recordId, async () => {
      const deadline = Date.now() + waitForOtherMs;
      let claim = await this.claim(recordId, requestHash);
      while ("busy" in claim && Date.now() < deadline) {
        await sleep(50);
        claim = await this.claim(recordId, requestHash);
      }
      if ("replay" in claim) return replayOf(claim.replay, request.replayable);
      if ("busy" in claim) {
        const detail = "a request with this Idempotency-Key is still being answered: retry shortly";
        throw new BedrockError("request_in_progress", detail);
      }
      return this.answer(recordId, perform, request.replayable);
    });
  }

  private async answer(recordId: string, perform: () => Promise<ApiResponse>, replayable: boolean) {
    let answer: ApiResponse | undefined;
    try {
      answer = await perform();
    } finally {
      // Only successes are kept: a refused request may succeed once fixed.
      const ok = answer !== undefined && answer.status >= 200 && answer.status < 300;
      await this.bedrock.store.transaction(async (tx) => {
        if (ok && answer !== undefined) {
          const kept: KeptAnswer = replayable
            ? { body: answer.body ?? null, headers: answer.headers ?? {} }
            : {
                body: { id: (answer.body as { id?: string } | undefined)?.id ?? null },
                headers: {},
              };
          await tx.update("idempotencyKeys", recordId, { status: answer.status, body: kept });
        } else {
          await tx.delete("idempotencyKeys", recordId);
        }
      });
    }
    return answer;
  }

  /** Claims the key for this request, or says whose answer to replay or wait for. */
  private claim(recordId: string, requestHash: string): Promise<Claim> {
    return this.bedrock.store.transaction(async (tx): Promise<Claim> => {
      const now = Date.parse(this.bedrock.now());
      const stored = await tx.get("idempotencyKeys", recordId);
      const age =
        stored === undefined ? Number.POSITIVE_INFINITY : now - Date.parse(stored.createdAt);
      const live = stored !== undefined && age < idempotencyWindowMs;
      if (live && stored.requestHash !== requestHash) {
        const detail = "this Idempotency-Key was used with a different request";
        throw new BedrockError("idempotency_key_reused", detail);
      }
      if (live && stored.status !== pending) return { replay: stored };
      if (live && age < abandonedClaimMs) return { busy: true };

      if (stored !== undefined) await tx.delete("idempotencyKeys", recordId);
      const createdAt = new Date(now).toISOString();
      await tx.insert("idempotencyKeys", {
        id: recordId,
        requestHash,
        status: pending,
        body: null,
        createdAt,
      });
      return { claimed: true };
    });
  }
}

/** What is kept of an answer to replay it: its body and headers, revisions included. */
interface KeptAnswer {
  body: unknown;
  headers: Record<string, string>;
}

function replayOf(record: IdempotencyRecord, replayable: boolean): ApiResponse {
  const kept = record.body as KeptAnswer;
  if (!replayable) {
    const created = (kept.body as { id?: string } | null)?.id;
    const detail = `this request already created ${created}; its secret was shown once and is not kept: revoke it and create another`;
    throw new BedrockError("idempotency_key_reused", detail);
  }
  const headers = { ...kept.headers, "idempotent-replayed": "true" };
  return { status: record.status, body: kept.body ?? undefined, headers };
}
