/** Runs a task once a slot is free; at most so many run at once, the others wait in turn. */
export type Limit = <T>(task: () => Promise<T>) => Promise<T>;

/** A limit of `max` tasks running at once. */
export function limit(max: number): Limit {
  let running = 0;
  const waiting: (() => void)[] = [];

  return async (task) => {
    // A finishing task hands its slot straight to the next in line, so a
    // newcomer can never slip in between and run one task too many.
    if (running < max) running++;
    else await new Promise<void>((resolve) => waiting.push(resolve));

    try {
      return await task();
    } finally {
      const next = waiting.shift();
      if (next === undefined) running--;
      else next();
    }
  };
}
