/**
 * The property-based fuzzing harness (fast-check) every parser's fuzz test uses. A fuzz test names a
 * *target* — a module exporting `run(dir, fuzzCase)` that feeds the case's files to one parser the way the
 * CLI does — and an arbitrary of cases. Each case runs in a worker thread, so that a hang is caught and the
 * worker terminated instead of blocking the suite; the harness then checks the four properties every input
 * parser keeps (issue 10):
 *   1. it throws nothing but our typed InputError (no TypeError, RangeError, stack overflow);
 *   2. it answers within a bounded time per input (`maxMsPerInput`);
 *   3. a verdict is never `pass` on input that could not be read (the outcome says what was not read);
 *   4. no value the case marks secret reaches any output, message or hint.
 *
 * Runs: the test's `runs` in CI (the whole fuzz suite stays under about a minute); `npm run fuzz -- --runs N`
 * or `--seconds S` sets LAKEWARD_FUZZ_RUNS / LAKEWARD_FUZZ_SECONDS for every property, and
 * LAKEWARD_FUZZ_SEED replays a failure (fast-check prints the seed and path of the shrunk case).
 */
import { appendFileSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Worker } from "node:worker_threads";
import fc from "fast-check";
import { it } from "vitest";

/** What a case gives a target: files to write into a fresh directory, and values that must never be echoed. */
export interface FuzzCase {
  /** File name (no directories) → content. */
  files: Record<string, string | Uint8Array>;
  /** Values planted in the input that must not appear in any output, error message or hint. */
  secrets?: string[];
  /** Anything else the target needs (command-line options, a format name), structured-cloneable. */
  options?: Record<string, unknown>;
}

/** What a target reports back when its parser did not throw. */
export interface FuzzOutcome {
  /** Every text a user could see: rendered reports, notes, problem messages, stdout and stderr. */
  outputs: string[];
  /** The verdicts reached; `about` says which input a verdict rests on (a file name, a workspace). */
  verdicts?: { status: string; about?: string }[];
  /** What could not be read (file names from FuzzCase.files, or "*" for all): no verdict on it may pass. */
  unread?: string[];
}

/** The signature a target module exports as `run`. */
export type FuzzTargetRun = (dir: string, fuzzCase: FuzzCase) => Promise<FuzzOutcome> | FuzzOutcome;

export type Reply =
  | { id: number; ok: true; outcome: FuzzOutcome }
  | { id: number; ok: false; inputError: boolean; name: string; message: string; hint?: string; stack?: string }
  | { id: number; timedOut: true };

/** A worker thread and the cases it has not answered yet. */
interface Thread {
  worker: Worker;
  pending: Map<number, (reply: Reply) => void>;
}

/** One worker thread that has imported the target; replaced when a case does not answer in time. */
export class TargetWorker {
  private thread: Thread | undefined;
  private nextId = 0;
  private readonly root = mkdtempSync(join(tmpdir(), "lakeward-fuzz-"));
  private readonly target: URL;
  constructor(target: URL) {
    this.target = target;
  }

  private spawn(): Thread {
    const worker = new Worker(new URL("./worker.ts", import.meta.url), {
      workerData: { target: this.target.href, root: this.root },
    });
    const thread: Thread = { worker, pending: new Map() };
    const settleAll = (reply: (id: number) => Reply) => {
      for (const [id, resolve] of thread.pending) resolve(reply(id));
      thread.pending.clear();
      if (this.thread === thread) this.thread = undefined;
    };
    worker.on("message", (reply: Reply) => {
      thread.pending.get(reply.id)?.(reply);
      thread.pending.delete(reply.id);
    });
    worker.on("error", (error) =>
      settleAll((id) => ({
        id,
        ok: false,
        inputError: false,
        name: error.name,
        message: error.message,
        stack: error.stack,
      })),
    );
    // A case that overflows the worker's heap ends the worker: the cases it had are crashes.
    worker.on("exit", (code) =>
      settleAll((id) => ({
        id,
        ok: false,
        inputError: false,
        name: "WorkerExit",
        message: `the worker exited (${code})`,
      })),
    );
    return thread;
  }

  run(fuzzCase: FuzzCase, timeoutMs: number): Promise<Reply> {
    this.thread ??= this.spawn();
    const thread = this.thread;
    const id = this.nextId++;
    return new Promise<Reply>((resolve) => {
      const timer = setTimeout(() => {
        thread.pending.delete(id);
        // Synchronous code cannot be interrupted: end the thread; the next case gets a fresh one.
        if (this.thread === thread) this.thread = undefined;
        void thread.worker.terminate();
        resolve({ id, timedOut: true });
      }, timeoutMs);
      thread.pending.set(id, (reply) => {
        clearTimeout(timer);
        resolve(reply);
      });
      thread.worker.postMessage({ id, fuzzCase });
    });
  }

  async close(): Promise<void> {
    await this.thread?.worker.terminate();
    this.thread = undefined;
    rmSync(this.root, { recursive: true, force: true });
  }
}

export interface FuzzSpec {
  /** Shown in the test name and the figures, e.g. "snapshot (scan --snapshot)". */
  name: string;
  /** The target module (exports `run: FuzzTargetRun`), e.g. new URL("./targets/snapshot.ts", import.meta.url). */
  target: URL;
  cases: fc.Arbitrary<FuzzCase>;
  /** Runs in CI; keep runs × time per case small (the whole fuzz suite has about a minute). */
  runs: number;
  /** A case that takes longer is a failure (a hang, or work that grows with hostile input). Default 10 s. */
  maxMsPerInput?: number;
}

/** Runs and seconds for this process: the spec's runs, or what `npm run fuzz` asked for. */
export function fuzzBudget(spec: Pick<FuzzSpec, "runs">): { runs: number; seconds: number | undefined } {
  const seconds = Number(process.env.LAKEWARD_FUZZ_SECONDS);
  const runs = Number(process.env.LAKEWARD_FUZZ_RUNS);
  if (Number.isFinite(seconds) && seconds > 0) return { runs: Number.MAX_SAFE_INTEGER, seconds };
  return { runs: Number.isInteger(runs) && runs > 0 ? runs : spec.runs, seconds: undefined };
}

/** Why one case breaks a property, or null when it keeps all four. */
export function violation(fuzzCase: FuzzCase, reply: Reply, maxMs: number): string | null {
  if ("timedOut" in reply) return `no answer within ${maxMs} ms (a hang, or work that grows without bound)`;
  const secrets = (fuzzCase.secrets ?? []).filter((secret) => secret.length > 0);
  const leaked = (texts: readonly string[]) =>
    secrets.find((secret) => texts.some((text) => typeof text === "string" && text.includes(secret)));
  if (!reply.ok) {
    if (!reply.inputError) return `threw ${reply.name} (not an InputError): ${reply.message}\n${reply.stack ?? ""}`;
    const secret = leaked([reply.message, reply.hint ?? ""]);
    return secret ? `the error message or hint holds the secret ${JSON.stringify(secret)}: ${reply.message}` : null;
  }
  const { outcome } = reply;
  const secret = leaked(outcome.outputs);
  if (secret) return `an output holds the secret ${JSON.stringify(secret)}`;
  const unread = new Set(outcome.unread ?? []);
  const falsePass = (outcome.verdicts ?? []).find(
    (verdict) => verdict.status === "pass" && (unread.has("*") || (verdict.about && unread.has(verdict.about))),
  );
  if (falsePass)
    return `a verdict passes on input that could not be read (${falsePass.about ?? "everything unread"}): ${[...unread].join(", ")}`;
  return null;
}

/** Registers one vitest test that checks the four properties over `runs` generated cases. */
export function fuzzParser(spec: FuzzSpec): void {
  const { runs, seconds } = fuzzBudget(spec);
  const maxMs = spec.maxMsPerInput ?? 10_000;
  const timeout = seconds !== undefined ? (seconds + 60) * 1000 : Math.max(60_000, runs * maxMs);
  it(`fuzz: ${spec.name} — only InputError, bounded time, no pass on unread input, no secret echoed`, {
    timeout,
  }, async () => {
    const worker = new TargetWorker(spec.target);
    const started = performance.now();
    let executed = 0;
    try {
      const seed = Number(process.env.LAKEWARD_FUZZ_SEED);
      await fc.assert(
        fc.asyncProperty(spec.cases, async (fuzzCase) => {
          executed++;
          const problem = violation(fuzzCase, await worker.run(fuzzCase, maxMs), maxMs);
          if (problem) throw new Error(problem);
        }),
        {
          numRuns: runs,
          ...(Number.isInteger(seed) ? { seed } : {}),
          // A run of `runs` cases stops 30 s before the test's own timeout and fails: a failure found by then
          // is reported with its seed and path (shrinking it could otherwise outrun the timeout, and vitest
          // would say only "timed out"), and cases too slow to finish count as a failure, not a pass.
          plugins: [
            seconds !== undefined
              ? fc.interruptAfterTimeLimit(seconds * 1000)
              : fc.interruptAfterTimeLimit(timeout - 30_000, { failOnInterrupt: true }),
          ],
        },
      );
    } finally {
      await worker.close();
      const report = process.env.LAKEWARD_FUZZ_REPORT;
      if (report)
        appendFileSync(
          report,
          `${JSON.stringify({ name: spec.name, runs: executed, ms: Math.round(performance.now() - started) })}\n`,
        );
    }
  });
}
