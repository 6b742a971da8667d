/** Runs async tasks one at a time, in arrival order. */
export class SerialQueue {
  private tail: Promise<unknown> = Promise.resolve();

  run<R>(task: () => Promise<R>): Promise<R> {
    const result = this.tail.then(task, task);
    // A failed task must not poison the ones queued after it.
    this.tail = result.catch(() => undefined);
    return result;
  }
}
