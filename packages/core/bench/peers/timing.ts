import { quantile } from "../measure.js";

/** The result of one call of `work`, and the milliseconds it took. */
export async function timed<T>(work: () => T | Promise<T>): Promise<[T, number]> {
  const started = performance.now();
  const result = await work();
  return [result, performance.now() - started];
}

/** The median time of `runs` calls after a warm-up call, and the last result. */
export async function timedMedian<T>(
  runs: number,
  work: () => T | Promise<T>,
): Promise<[T, number]> {
  let [result] = await timed(work);
  const samples: number[] = [];
  for (let run = 0; run < runs; run++) {
    const [next, elapsedMs] = await timed(work);
    result = next;
    samples.push(elapsedMs);
  }
  return [result, quantile(samples, 0.5)];
}

/**
 * Items per second in one timed pass of `work`. For engines too slow to
 * time several passes, once an untimed pass has warmed them up.
 */
export async function onePass(items: number, work: () => unknown): Promise<number> {
  const [, elapsedMs] = await timed(work);
  return items / (elapsedMs / 1000);
}
