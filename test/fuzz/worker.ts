/**
 * The fuzz harness's worker thread: imports one target, and for each case writes its files into a fresh
 * directory, calls the target's `run` and answers with the outcome or the error (classified here, where
 * the target's InputError class lives).
 */
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { parentPort, workerData } from "node:worker_threads";
import { InputError } from "../../src/errors.ts";
import type { FuzzCase, FuzzTargetRun } from "./harness.ts";

/** `root` is a directory the harness made for this worker and removes when it is done. */
const { target, root } = workerData as { target: string; root: string };
const { run } = (await import(target)) as { run: FuzzTargetRun };

parentPort!.on("message", async ({ id, fuzzCase }: { id: number; fuzzCase: FuzzCase }) => {
  let dir: string | undefined;
  try {
    dir = await mkdtemp(join(root, "case-"));
    for (const [name, content] of Object.entries(fuzzCase.files)) await writeFile(join(dir, name), content);
    const outcome = await run(dir, fuzzCase);
    parentPort!.postMessage({ id, ok: true, outcome });
  } catch (error) {
    const e = error instanceof Error ? error : new Error(String(error));
    parentPort!.postMessage({
      id,
      ok: false,
      inputError: error instanceof InputError,
      name: e.name,
      message: e.message,
      ...(error instanceof InputError && error.hint ? { hint: error.hint } : {}),
      ...(e.stack ? { stack: e.stack } : {}),
    });
  } finally {
    if (dir) await rm(dir, { recursive: true, force: true });
  }
});
