/**
 * The test PostgreSQL's watchdog: a small process started beside the server by postgres.ts, in a session of
 * its own (so a terminal's ^C to vitest's process group does not take it down first). It polls its parent —
 * the vitest process that started the server — and when that process is gone (SIGKILL, SIGTERM, a crash: any
 * death, which no signal handler in vitest could cover) it shuts the server down (SIGQUIT: PostgreSQL's
 * immediate shutdown, what `pg_ctl stop -m immediate` sends) and removes the server's directory.
 *
 * Why a process of ours: PostgreSQL has no "exit with the parent" option, pg_ctl detaches the postmaster
 * (setsid) so nothing of the parent's reaches it, and Linux's PR_SET_PDEATHSIG is cleared by the change of
 * user to `postgres` when the tests run as root.
 *
 * argv: <parent pid> <server root dir> <data dir>. Exits 0 after cleaning up; SIGTERM (postgres.ts's normal
 * stop, which stops the server itself) ends it without touching anything.
 */
import { readFileSync, rmSync } from "node:fs";
import { join } from "node:path";

const POLL_MS = 200;
/** How long to wait for the postmaster.pid file when the parent died while pg_ctl was still starting it. */
const PID_FILE_WAIT_MS = 10_000;
/** How long the postmaster gets after SIGQUIT before SIGKILL. */
const SHUTDOWN_WAIT_MS = 5_000;

const [parentArg, root, data] = process.argv.slice(2);
const parentPid = Number(parentArg);
if (!Number.isInteger(parentPid) || parentPid <= 1 || !root || !data) {
  process.stderr.write("usage: postgres-watchdog <parent pid> <root dir> <data dir>\n");
  process.exit(2);
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists but is not ours (a postmaster run as `postgres` while we are not root)
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** The parent is gone once we were re-parented (the pid itself may be reused, our ppid says it for sure). */
function parentGone(): boolean {
  return process.ppid !== parentPid || !alive(parentPid);
}

function postmasterPid(): number | null {
  try {
    // first line of postmaster.pid is the postmaster's pid (PostgreSQL docs, "Database File Layout")
    const pid = Number(readFileSync(join(data as string, "postmaster.pid"), "utf8").split("\n", 1)[0]);
    return Number.isInteger(pid) && pid > 1 ? pid : null;
  } catch {
    return null;
  }
}

async function cleanUp(): Promise<void> {
  let pid = postmasterPid();
  for (let waited = 0; pid === null && waited < PID_FILE_WAIT_MS; waited += POLL_MS) {
    await sleep(POLL_MS);
    pid = postmasterPid();
  }
  if (pid !== null) {
    try {
      process.kill(pid, "SIGQUIT");
    } catch {
      // already gone
    }
    for (let waited = 0; alive(pid) && waited < SHUTDOWN_WAIT_MS; waited += 50) await sleep(50);
    if (alive(pid)) {
      try {
        process.kill(pid, "SIGKILL");
      } catch {
        // gone meanwhile
      }
    }
  }
  rmSync(root as string, { recursive: true, force: true });
}

process.on("SIGTERM", () => process.exit(0));
const timer = setInterval(() => {
  if (!parentGone()) return;
  clearInterval(timer);
  cleanUp().then(
    () => process.exit(0),
    () => process.exit(1),
  );
}, POLL_MS);
