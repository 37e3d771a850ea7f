/** The fuzz harness itself: each of its four properties fails on a target that breaks it. */
import { afterAll, describe, expect, it } from "vitest";
import { type FuzzCase, TargetWorker, violation } from "./harness.ts";

const worker = new TargetWorker(new URL("./targets/misbehaving.ts", import.meta.url));
afterAll(() => worker.close());

async function check(behave: string, maxMs = 5000): Promise<string | null> {
  const fuzzCase: FuzzCase = {
    files: { "x.json": "{}" },
    secrets: ["CANARY-SECRET-0123456789ab"],
    options: { behave },
  };
  return violation(fuzzCase, await worker.run(fuzzCase, maxMs), maxMs);
}

describe("the fuzz harness", () => {
  it("accepts a clean outcome and a typed InputError", async () => {
    expect(await check("fine")).toBeNull();
    expect(await check("input-error")).toBeNull();
  });

  it("fails on anything thrown but an InputError, with the stack", async () => {
    expect(await check("type-error")).toMatch(/^threw TypeError \(not an InputError\): .*\n.*misbehaving\.ts/s);
  });

  it("ends a synchronous hang by terminating the worker, and the next case gets a fresh one", async () => {
    const started = Date.now();
    expect(await check("hang", 500)).toMatch(/no answer within 500 ms/);
    expect(Date.now() - started).toBeLessThan(5000);
    expect(await check("fine")).toBeNull();
  });

  it("fails when a secret reaches an error message or an output", async () => {
    expect(await check("leaky-error")).toMatch(/error message or hint holds the secret "CANARY-SECRET-0123456789ab"/);
    expect(await check("leaky-output")).toMatch(/an output holds the secret/);
  });

  it("fails when a verdict passes on input that could not be read", async () => {
    expect(await check("false-pass")).toMatch(/a verdict passes on input that could not be read \(x\.json\)/);
  });
});
