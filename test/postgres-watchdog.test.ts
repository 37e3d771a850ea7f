/**
 * The test PostgreSQL dies with the vitest that started it (test/support/postgres.ts, postgres-watchdog.ts):
 * a vitest child running one store test is killed with SIGKILL and with SIGTERM once its test holds a
 * connection; within a bounded time no process of that server (postmaster or backend) is left and its
 * directory is gone. Killed runs used to leave their servers running.
 */
import { spawn } from "node:child_process";
import { chmodSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect, inject, test } from "vitest";

const REPO = join(import.meta.dirname, "..");
const VITEST = join(REPO, "node_modules", "vitest", "vitest.mjs");
const CONFIG = join(REPO, "test", "fixtures", "postgres-watchdog", "vitest.config.ts");
/** How long the server may outlive its vitest: the watchdog polls every 200 ms and SIGKILLs after 5 s. */
const GONE_WITHIN_MS = 15_000;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function until<T>(what: string, timeoutMs: number, probe: () => T | null | undefined): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value !== null && value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(100);
  }
}

/** pids of running processes: those whose command line names `dataDir`, and the children of `postmaster`. */
function serverProcesses(dataDir: string, postmaster: number): number[] {
  const found: number[] = [];
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const cmdline = readFileSync(`/proc/${entry}/cmdline`, "utf8");
      // field 4 of /proc/PID/stat is the ppid; the command name (field 2) may hold spaces, so split after ")"
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      const [state, ppid] = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      if (state === "Z") continue;
      if (cmdline.includes(dataDir) || Number(ppid) === postmaster || Number(entry) === postmaster) {
        found.push(Number(entry));
      }
    } catch {
      // exited while we looked
    }
  }
  return found;
}

async function killedRunLeavesNoServer(signal: NodeJS.Signals): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), `lakeward-watchdog-${signal}-`));
  chmodSync(dir, 0o755); // the server runs as `postgres` when we are root
  const ready = join(dir, "ready");
  const child = spawn(process.execPath, [VITEST, "run", "--config", CONFIG], {
    cwd: REPO,
    env: { ...process.env, LAKEWARD_TEST_PG_TMPDIR: dir, LAKEWARD_TEST_PG_READY: ready, CI: "1" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout.on("data", (chunk) => (output += chunk));
  child.stderr.on("data", (chunk) => (output += chunk));
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  try {
    await until(`the child's store test to connect (output: ${output})`, 90_000, () =>
      existsSync(ready)
        ? true
        : child.exitCode !== null
          ? (() => {
              throw new Error(`child exited: ${output}`);
            })()
          : null,
    );
    const serverRoot = readdirSync(dir).find((name) => name.startsWith("lakeward-pg-"));
    expect(serverRoot).toBeDefined();
    const dataDir = join(dir, serverRoot as string, "data");
    const postmaster = Number(readFileSync(join(dataDir, "postmaster.pid"), "utf8").split("\n", 1)[0]);
    const before = serverProcesses(dataDir, postmaster);
    // the postmaster and the backend serving the child's connection, at least
    expect(before).toContain(postmaster);
    expect(before.length).toBeGreaterThanOrEqual(2);

    child.kill(signal);
    await exited;
    const left = await until(`no process of ${dataDir} to be left`, GONE_WITHIN_MS, () => {
      const alive = before.filter(
        (pid) => existsSync(`/proc/${pid}`) && serverProcesses(dataDir, postmaster).includes(pid),
      );
      return alive.length === 0 && !existsSync(join(dir, serverRoot as string)) ? alive : null;
    }).catch((error: Error) => error);
    expect(left, `after ${signal}: ${serverProcesses(dataDir, postmaster).join(",")}`).toEqual([]);
  } finally {
    if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
    rmSync(dir, { recursive: true, force: true });
  }
}

const skip = inject("postgresError");

test.skipIf(skip !== null)("a SIGKILLed vitest leaves no PostgreSQL behind", { timeout: 120_000 }, async () => {
  await killedRunLeavesNoServer("SIGKILL");
});

test.skipIf(skip !== null)("a SIGTERMed vitest leaves no PostgreSQL behind", { timeout: 120_000 }, async () => {
  await killedRunLeavesNoServer("SIGTERM");
});
