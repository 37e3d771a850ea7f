/**
 * Crash safety (issue 12 items 2 and 8), with real `serve` processes:
 *  - embedded store: `kill -9` in the middle of a scan leaves the store consistent; at restart the run is
 *    marked interrupted, its retry runs, the schedule goes on, and no finding or delivery is duplicated;
 *  - two servers on one PostgreSQL: one is killed -9 in the middle of its scan; the other takes the run
 *    over once the lease lapsed, and no run is executed twice.
 * "In the middle of a scan" is not left to timing: a fault proxy in front of ARM holds the first request
 * for the typical workspace's diagnostic settings unanswered, and the server is killed while it waits.
 */
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningEmulator, startEmulator } from "../../src/emulator/server.ts";
import { Store } from "../../src/store/index.ts";
import { type HttpReceiver, startHttpReceiver } from "../support/alert-receivers.ts";
import { type FaultProxy, startFaultProxy } from "../support/fault-proxy.ts";
import { eventually, type RunningServe, serveEnv, startServe } from "../support/serve.ts";
import { testStoreLocation } from "../support/stores.ts";

interface Run {
  id: number;
  target: string;
  trigger: string;
  status: string;
}

/** Generous: this box is shared and often loaded; every wait ends as soon as its condition holds. */
const PATIENCE_MS = 150_000;

let emulator: RunningEmulator;
let hook: HttpReceiver;
let dir: string;

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
const workspaceOf = (persona: string) => emulator.workspaces.find((w) => w.persona === persona)!;
const diagnostics = (persona: string) =>
  new RegExp(
    `${escapeRegExp(workspaceOf(persona).resourceId)}/providers/Microsoft\\.Insights/diagnosticSettings$`,
    "i",
  );

/** An ARM proxy that holds the first read of the typical workspace's diagnostic settings, forever. */
function holdingProxy(): Promise<FaultProxy> {
  return startFaultProxy(emulator.armUrl, [
    { method: "GET", path: diagnostics("typical"), times: 1, fault: { kind: "hang" } },
  ]);
}

/** Scans of a workspace the proxy saw (each reads its diagnostic settings once). */
const scansOf = (proxy: FaultProxy, persona: string) =>
  proxy.requests.filter((r) => diagnostics(persona).test(r.path)).length;

async function writeConfig(name: string, personas: string[]): Promise<string> {
  const lines = ["targets:"];
  for (const persona of personas)
    lines.push(
      `  - name: ${persona}`,
      `    workspaceResourceId: ${workspaceOf(persona).resourceId}`,
      `    schedule: "*/4 * * * * *"`,
    );
  lines.push(
    "alerts:",
    "  channels:",
    "    hook:",
    "      type: webhook",
    `      url: ${hook.url(`/${name}`)}`,
    "      secretEnv: E2E_WEBHOOK_SECRET",
    "  routes:",
    "    - name: failures",
    "      when:",
    "        kinds: [new_failure]",
    "      channels: [hook]",
  );
  const file = join(dir, `${name}.yaml`);
  await writeFile(file, `${lines.join("\n")}\n`);
  return file;
}

function serveArgs(config: string, proxy: FaultProxy, storeArgs: string[], leaseSeconds: number): string[] {
  return [
    "bin/lakeward.js",
    "serve",
    "--config",
    config,
    "--arm-endpoint",
    proxy.url,
    "--lease-seconds",
    String(leaseSeconds),
    ...storeArgs,
  ];
}

function held(proxy: FaultProxy, serve: RunningServe): Promise<true> {
  return eventually(
    "a scan of typical held at its diagnostic settings",
    async () => (proxy.requests.some((r) => r.fault === "hang") ? true : undefined),
    serve,
    PATIENCE_MS,
  );
}

/** The alert event ids the webhook received on `path`, over all its deliveries. */
function delivered(path: string): string[] {
  return hook.requests
    .filter((r) => r.path === path)
    .flatMap((r) => (JSON.parse(r.body) as { events: { id: string }[] }).events.map((e) => e.id));
}

beforeAll(async () => {
  emulator = await startEmulator({ personas: ["typical", "hardened"] });
  hook = await startHttpReceiver();
  dir = await mkdtemp(join(tmpdir(), "lakeward-crash-"));
}, 60_000);
afterAll(async () => {
  await emulator?.close();
  await hook?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe("crash safety", () => {
  it("embedded store: kill -9 mid-scan; at restart the run is interrupted and retried, the schedule goes on, nothing is duplicated", async () => {
    const location = await testStoreLocation("embedded", "crash");
    const proxy = await holdingProxy();
    const args = serveArgs(await writeConfig("embedded", ["typical"]), proxy, location.args, 120);
    let serve: RunningServe | undefined = await startServe(args, serveEnv(emulator));
    let killedId = 0;
    try {
      await held(proxy, serve);
      const [killed] = (await serve.api<{ runs: Run[] }>("/api/v1/runs?status=running")).body.runs;
      expect(killed?.target).toBe("typical");
      killedId = killed!.id;
      await serve.stop("SIGKILL");

      // Restarted at once: the kernel dropped the dead server's store lock with it.
      serve = await startServe(args, serveEnv(emulator));
      await eventually(
        "the killed run interrupted, then its retry and a scheduled run succeeded",
        async () => {
          const { runs } = (await serve!.api<{ runs: Run[] }>("/api/v1/runs?limit=100")).body;
          const interrupted = runs.some((r) => r.id === killedId && r.status === "interrupted");
          const retry = runs.find((r) => r.id > killedId && r.trigger === "missed" && r.status === "succeeded");
          const next = runs.some(
            (r) => retry && r.id > retry.id && r.trigger === "schedule" && r.status === "succeeded",
          );
          return interrupted && next ? true : undefined;
        },
        serve,
        PATIENCE_MS,
      );
      const events = await serve.api<{ events: { id: string }[] }>("/api/v1/alerts?kind=new_failure&limit=1000");
      expect(events.body.events.length).toBeGreaterThan(0);
      await eventually(
        "every new failure delivered",
        async () => (delivered("/embedded").length >= events.body.events.length ? true : undefined),
        serve,
        PATIENCE_MS,
      );
    } finally {
      await serve?.stop();
      await proxy.close();
    }
    const store = await Store.open({ dataDir: location.dataDir, writer: false });
    try {
      // Nothing of the killed run was written but its end: no workspace run, no finding, no event.
      const killed = await store.getRun(killedId);
      expect(killed).toMatchObject({ status: "interrupted", workspaces: [] });
      expect(killed?.problems[0]?.message).toMatch(/interrupted.*runs again/);
      expect(await store.listAlertEvents({ runId: killedId })).toEqual([]);
      // Each finding was announced once (by the retry), and each announcement delivered once.
      const findings = await store.listFindings({ limit: 1000 });
      const announced = (await store.listAlertEvents({ kind: "new_failure", limit: 1000 })).map((e) => e.id);
      expect(announced).toHaveLength(findings.total);
      const ids = delivered("/embedded");
      expect(ids.toSorted()).toEqual(announced.toSorted());
    } finally {
      await store.close();
      await location.cleanup();
    }
  }, 360_000);

  it("two servers on one PostgreSQL: a killed server's run is taken over after its lease; no run executed twice", async () => {
    const location = await testStoreLocation("postgres", "two");
    const proxy = await holdingProxy();
    const args = serveArgs(await writeConfig("postgres", ["typical", "hardened"]), proxy, location.args, 3);
    const servers = await Promise.all([startServe(args, serveEnv(emulator)), startServe(args, serveEnv(emulator))]);
    const store = await Store.open({ dataDir: location.dataDir, store: location.store! });
    let stopped: PromiseSettledResult<number | null>[] = [];
    try {
      await held(proxy, servers[0]!);
      const holding = (await store.listRuns({ target: "typical", status: "running" }))[0]!;
      const victim = servers.find((s) => holding?.claimedBy?.includes(`:${s.process.pid}:`));
      if (!victim)
        throw new Error(
          `no server holds the typical run: ${JSON.stringify(holding)} (pids ${servers.map((s) => s.process.pid)})`,
        );
      const survivor = servers.find((s) => s !== victim)!;
      await victim.stop("SIGKILL");
      await eventually(
        "the other server to interrupt the killed run once its lease lapsed, and run its target again",
        async () => {
          const runs = await store.listRuns({ target: "typical", limit: 100 });
          const interrupted = runs.some((r) => r.id === holding.id && r.status === "interrupted");
          const again = runs.some(
            (r) => r.id > holding.id && r.status === "succeeded" && r.claimedBy !== holding.claimedBy,
          );
          return interrupted && again ? true : undefined;
        },
        survivor,
        PATIENCE_MS,
      );
    } finally {
      stopped = await Promise.allSettled(servers.map((server) => server.stop()));
      await proxy.close();
    }
    // Both stopped when asked (SIGTERM waits for the run in progress; a server that hangs fails here).
    for (const result of stopped) if (result.status === "rejected") throw result.reason;
    try {
      const runs = await store.listRuns({ limit: 500 });
      const interrupted = runs.filter((r) => r.status === "interrupted");
      // Only the killed server's runs were interrupted; every other run finished (or never started).
      expect(new Set(interrupted.map((r) => r.claimedBy)).size).toBe(1);
      expect(runs.filter((r) => !["succeeded", "interrupted", "queued"].includes(r.status))).toEqual([]);
      // No run was executed twice: the proxy saw at most one scan per started run, and one for each that
      // finished (the killed server's may have died before reaching the diagnostic settings).
      for (const persona of ["typical", "hardened"]) {
        const started = runs.filter((r) => r.target === persona && r.startedAt);
        const cut = started.filter((r) => r.status === "interrupted").length;
        expect(scansOf(proxy, persona), persona).toBeLessThanOrEqual(started.length);
        expect(scansOf(proxy, persona), persona).toBeGreaterThanOrEqual(started.length - cut);
      }
    } finally {
      await store.close();
      await location.cleanup();
    }
  }, 360_000);
});
