/**
 * A real PostgreSQL 15 for the store tests, started by vitest's global setup on a free loopback port under
 * a mkdtemp directory, and stopped at the end. Each test file gets a database of its own (freshDatabase),
 * so files run in parallel without seeing each other's rows.
 *
 * PostgreSQL refuses to run as root; when the tests run as root (CI here does) the server runs as the
 * `postgres` user the Debian package creates. .ci/run installs the package when initdb is missing.
 *
 * The server dies with the vitest process that started it: a watchdog process (postgres-watchdog.ts) stops it
 * and removes its directory when that process is gone however it died (SIGKILL included), and SIGTERM/SIGINT
 * also stop it at once from here — vitest exits on those without running global teardown. Killed runs used to
 * leave their servers running (seven were found). test/postgres-watchdog.test.ts kills a vitest to prove it.
 */
import { execFile, spawn } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { chmod, chown, mkdtemp, rm } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir, userInfo } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import pg from "pg";

const run = promisify(execFile);

const BIN_DIRS = ["/usr/lib/postgresql/15/bin", "/usr/lib/postgresql/16/bin", "/usr/lib/postgresql/17/bin"];

async function findBin(): Promise<string | null> {
  for (const dir of BIN_DIRS) {
    try {
      await run(join(dir, "initdb"), ["--version"]);
      return dir;
    } catch {
      // next
    }
  }
  try {
    const { stdout } = await run("pg_config", ["--bindir"]);
    return stdout.trim();
  } catch {
    return null;
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

export interface RunningPostgres {
  url: string;
  stop(): Promise<void>;
}

const WATCHDOG = join(dirname(fileURLToPath(import.meta.url)), "postgres-watchdog.ts");

/**
 * On SIGTERM/SIGINT: SIGQUIT (immediate shutdown) to the postmaster, synchronously — vitest's own handler
 * exits a millisecond later without global teardown; the watchdog then removes the directory. When no one
 * else handles the signal, it is raised again so the process dies of it as it would have.
 */
function stopOnSignal(data: string): { remove(): void } {
  const onSignal = (signal: NodeJS.Signals) => {
    try {
      const pid = Number(readFileSync(join(data, "postmaster.pid"), "utf8").split("\n", 1)[0]);
      if (Number.isInteger(pid) && pid > 1) process.kill(pid, "SIGQUIT");
    } catch {
      // not started yet or already gone: the watchdog covers it
    }
    remove();
    if (process.listenerCount(signal) === 0) process.kill(process.pid, signal);
  };
  const remove = () => {
    process.off("SIGTERM", onSignal);
    process.off("SIGINT", onSignal);
  };
  process.once("SIGTERM", onSignal);
  process.once("SIGINT", onSignal);
  return { remove };
}

/** Starts a throw-away PostgreSQL server; rejects with what to install when the binaries are missing. */
export async function startPostgres(): Promise<RunningPostgres> {
  const bin = await findBin();
  if (!bin) throw new Error("PostgreSQL binaries not found (initdb): apt-get install postgresql (see .ci/run)");
  // LAKEWARD_TEST_PG_TMPDIR: where the server's directory goes (the watchdog test points it at a dir of its own)
  const root = await mkdtemp(join(process.env.LAKEWARD_TEST_PG_TMPDIR ?? tmpdir(), "lakeward-pg-"));
  const data = join(root, "data");
  const asRoot = userInfo().uid === 0;
  // runuser lives in /usr/sbin (util-linux), which a non-login root shell's PATH may lack.
  const runuser = ["/usr/sbin/runuser", "/sbin/runuser"].find((path) => existsSync(path)) ?? "runuser";
  const runAs = (cmd: string, args: string[]) =>
    asRoot ? run(runuser, ["-u", "postgres", "--", join(bin, cmd), ...args]) : run(join(bin, cmd), args);
  if (asRoot) {
    await chmod(root, 0o755);
    const { stdout } = await run("id", ["-u", "postgres"]);
    const { stdout: gid } = await run("id", ["-g", "postgres"]);
    await chown(root, Number(stdout.trim()), Number(gid.trim()));
  }
  await runAs("initdb", ["-D", data, "-U", "lakeward", "--auth=trust", "-E", "UTF8", "--no-sync", "-N"]);
  // the watchdog before the server, so a death while pg_ctl is starting it is covered too
  const watchdog = spawn(process.execPath, [WATCHDOG, String(process.pid), root, data], {
    detached: true,
    stdio: "ignore",
  });
  watchdog.unref();
  const stopNow = stopOnSignal(data);
  const port = await freePort();
  const options = `-c listen_addresses=127.0.0.1 -c port=${port} -c unix_socket_directories=${root} -c fsync=off -c max_connections=200`;
  await runAs("pg_ctl", ["-D", data, "-o", options, "-l", join(root, "log"), "-w", "-t", "60", "start"]);
  return {
    url: `postgres://lakeward@127.0.0.1:${port}/postgres`,
    stop: async () => {
      stopNow.remove();
      watchdog.kill("SIGTERM");
      await runAs("pg_ctl", ["-D", data, "-m", "immediate", "-w", "stop"]).catch(() => {});
      await rm(root, { recursive: true, force: true });
    },
  };
}

/** A new, empty database on the test server; its URL. */
export async function freshDatabase(serverUrl: string, label: string): Promise<string> {
  const name = `t_${label
    .replace(/[^a-z0-9]/gi, "_")
    .toLowerCase()
    .slice(0, 30)}_${process.pid}_${Date.now() % 1e6}_${Math.floor(Math.random() * 1e4)}`;
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    await client.query(`CREATE DATABASE ${name}`);
  } finally {
    await client.end();
  }
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return url.toString();
}
