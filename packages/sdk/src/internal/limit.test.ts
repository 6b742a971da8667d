import { describe, expect, it } from "vitest";
import { limit } from "./limit.js";

/** A task that counts how many run at once and finishes when `finish` is called. */
function tasks() {
  const running = { now: 0, most: 0 };
  const finishers: (() => void)[] = [];
  const task = async (value: number) => {
    running.now++;
    running.most = Math.max(running.most, running.now);
    await new Promise<void>((resolve) => finishers.push(resolve));
    running.now--;
    return value;
  };
  const finishOne = async () => {
    finishers.shift()?.();
    await new Promise((resolve) => setTimeout(resolve, 0));
  };
  return { running, task, finishOne };
}

describe("limit", () => {
  it("runs at most max tasks at once and answers each its own result", async () => {
    const slot = limit(2);
    const { running, task, finishOne } = tasks();

    const results = Promise.all([1, 2, 3, 4, 5].map((n) => slot(() => task(n))));
    for (let n = 0; n < 5; n++) await finishOne();

    expect(await results).toEqual([1, 2, 3, 4, 5]);
    expect(running.most).toBe(2);
  });

  it("starts waiting tasks in the order they were asked, a newcomer after them", async () => {
    const slot = limit(1);
    const { running, task, finishOne } = tasks();
    const order: string[] = [];

    const first = slot(() => task(1)).then(() => order.push("first"));
    const second = slot(() => task(2)).then(() => order.push("second"));
    await finishOne();
    const third = slot(() => task(3)).then(() => order.push("third"));
    await finishOne();
    await finishOne();
    await Promise.all([first, second, third]);

    expect(order).toEqual(["first", "second", "third"]);
    expect(running.most).toBe(1);
  });

  it("frees the slot of a task that fails", async () => {
    const slot = limit(1);

    const failed = slot(() => Promise.reject(new Error("lookup failed")));
    const next = slot(async () => "ran");

    await expect(failed).rejects.toThrow("lookup failed");
    expect(await next).toBe("ran");
  });
});
