/** Milliseconds each of `runs` calls of `work` took, after one untimed warm-up call. */
export async function timings(runs: number, work: () => unknown): Promise<number[]> {
  await work();
  const samples: number[] = [];
  for (let run = 0; run < runs; run++) {
    const started = performance.now();
    await work();
    samples.push(performance.now() - started);
  }
  return samples;
}

/**
 * How many items per second `work` gets through: the median of `passes`
 * timed passes after a warm-up pass, so one slow pass does not decide.
 */
export async function throughput(items: number, work: () => unknown, passes = 5): Promise<number> {
  const samples = await timings(passes, work);
  return items / (quantile(samples, 0.5) / 1000);
}

/** The value below which `fraction` of the samples fall. */
export function quantile(samples: readonly number[], fraction: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = Math.min(sorted.length - 1, Math.floor(fraction * sorted.length));
  return sorted[at] ?? Number.NaN;
}

/** Formats a figure with thousands separators and at most `digits` decimals. */
export function figure(value: number, digits = 0): string {
  return value.toLocaleString("en-US", { maximumFractionDigits: digits });
}

/** Prints rows as a two-column table whose first column is padded to fit. */
export function printTable(title: string, rows: readonly [string, string][]): void {
  const width = Math.max(...rows.map(([label]) => label.length));
  const valueWidth = Math.max(...rows.map(([, value]) => value.length));
  console.log(`\n${title}`);
  for (const [label, value] of rows) {
    console.log(`  ${label.padEnd(width)}  ${value.padStart(valueWidth)}`);
  }
}
