/**
 * bin/lakeward.js started by an older Node re-runs itself on the project's Node 24 (issue 10 item 18): a
 * signal sent to the launcher (`kill PID`, a CI timeout, a supervisor) must reach the real process, and
 * the launcher must end as that process ended.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { createServer, type Socket } from "node:net";
import { describe, expect, it } from "vitest";
import V8_FLAGS from "../../bin/v8-flags.json" with { type: "json" };
import { HOST_NODE } from "./host-node.ts";

const LAUNCHER = new URL("../../bin/lakeward.js", import.meta.url).pathname;
const skip = !HOST_NODE || HOST_NODE.major >= 24;
const suffix = skip
  ? ` — SKIPPED: the host's Node (${HOST_NODE?.path ?? "none on PATH"}) is 24 or newer, so the launcher does not re-run itself`
  : "";

function start(args: string[], env: Record<string, string> = {}): ChildProcess {
  return spawn(HOST_NODE!.path, [LAUNCHER, ...args], {
    stdio: ["ignore", "pipe", "pipe"],
    env: { ...process.env, NO_COLOR: "1", ...env },
  });
}

function output(child: ChildProcess): { text: () => string; waitFor: (needle: string) => Promise<void> } {
  let text = "";
  const waiters: { needle: string; resolve: () => void }[] = [];
  const onData = (chunk: Buffer) => {
    text += chunk.toString();
    for (const waiter of waiters.filter((w) => text.includes(w.needle))) waiter.resolve();
  };
  child.stdout!.on("data", onData);
  child.stderr!.on("data", onData);
  return {
    text: () => text,
    waitFor: (needle) =>
      new Promise((resolve, reject) => {
        if (text.includes(needle)) return resolve();
        waiters.push({ needle, resolve });
        child.once("exit", () => reject(new Error(`exited before printing ${needle}: ${text}`)));
      }),
  };
}

/** The process the launcher started (Linux: /proc lists a process's children). */
function childOf(pid: number): number {
  const children = readFileSync(`/proc/${pid}/task/${pid}/children`, "utf8").trim().split(/\s+/).filter(Boolean);
  expect(children).toHaveLength(1);
  return Number(children[0]);
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

function exited(child: ChildProcess): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null)
      return resolve({ code: child.exitCode, signal: child.signalCode });
    child.once("exit", (code, signal) => resolve({ code, signal }));
  });
}

// Each case starts the host's Node, which starts Node 24 and loads lakeward: seconds each on a loaded
// machine (a full suite on 2 shared cores took 30 s for two such starts), so the cases get 2 minutes.
describe.skipIf(skip)(`bin/lakeward.js on the host's Node${suffix}`, { timeout: 120_000 }, () => {
  it("runs lakeward on Node 24 and exits with its status", async () => {
    const version = start(["--version"]);
    const out = output(version);
    expect(await exited(version)).toEqual({ code: 0, signal: null });
    expect(out.text().trim()).toMatch(/^\d+\.\d+\.\d+$/);
    const wrong = start(["checks", "explain", "NOPE-99"]);
    const err = output(wrong);
    expect(await exited(wrong)).toEqual({ code: 2, signal: null });
    expect(err.text()).toContain("lakeward: error: no check NOPE-99");
  });

  for (const signal of ["SIGTERM", "SIGINT", "SIGHUP"] as const) {
    it(`passes ${signal} on: the real process stops and the launcher ends with its status`, async () => {
      const launcher = start(["emulator", "--persona", "default", "--port", "0"]);
      const out = output(launcher);
      await out.waitFor("stops it");
      const real = childOf(launcher.pid!);
      expect(alive(real)).toBe(true);
      launcher.kill(signal);
      // The emulator closes its servers on any of the three and exits 0; so does the launcher.
      expect(await exited(launcher)).toEqual({ code: 0, signal: null });
      expect(alive(real), `process ${real} still running after the launcher got ${signal}`).toBe(false);
    });
  }

  it("ends by the same signal when the real process is killed by it", async () => {
    // A workspace that accepts connections and never answers keeps a scan waiting.
    const sockets: Socket[] = [];
    const silent = createServer((socket) => sockets.push(socket));
    await new Promise<void>((resolve) => silent.listen(0, "127.0.0.1", resolve));
    const port = (silent.address() as { port: number }).port;
    try {
      const launcher = start(["scan", "--host", `http://127.0.0.1:${port}`], { DATABRICKS_TOKEN: "dapi-test" });
      const out = output(launcher);
      await out.waitFor("reading 1 workspace");
      const real = childOf(launcher.pid!);
      launcher.kill("SIGTERM");
      expect(await exited(launcher)).toEqual({ code: null, signal: "SIGTERM" });
      expect(alive(real)).toBe(false);
    } finally {
      for (const socket of sockets) socket.destroy();
      silent.close();
    }
  });
});

// On any Node the real process runs with lakeward's V8 flags (bin/v8-flags.json): on Node 24 the launcher
// starts itself once more with them.
describe("bin/lakeward.js and lakeward's V8 flags", { timeout: 120_000 }, () => {
  const nodes = [
    { name: "this Node 24", path: process.execPath },
    ...(HOST_NODE && HOST_NODE.path !== process.execPath
      ? [{ name: `the host's Node ${HOST_NODE.major}`, path: HOST_NODE.path }]
      : []),
  ];
  for (const node of nodes)
    it(`started by ${node.name}, the real process has ${V8_FLAGS.join(" ")}`, async () => {
      const launcher = spawn(node.path, [LAUNCHER, "emulator", "--persona", "default", "--port", "0"], {
        stdio: ["ignore", "pipe", "pipe"],
        env: { ...process.env, NO_COLOR: "1" },
      });
      const out = output(launcher);
      try {
        await out.waitFor("stops it");
        const real = childOf(launcher.pid!);
        const argv = readFileSync(`/proc/${real}/cmdline`, "utf8").split("\0");
        for (const flag of V8_FLAGS) expect(argv).toContain(flag);
        expect(argv).toContain(LAUNCHER);
      } finally {
        launcher.kill("SIGTERM");
        await exited(launcher);
      }
    });
});

describe("bin/lakeward.js when its launcher is killed by SIGKILL", { timeout: 120_000 }, () => {
  it("the real process ends too (a signal the launcher cannot pass on)", async () => {
    const launcher = spawn(process.execPath, [LAUNCHER, "emulator", "--persona", "default", "--port", "0"], {
      stdio: ["ignore", "pipe", "pipe"],
      env: { ...process.env, NO_COLOR: "1" },
    });
    const out = output(launcher);
    await out.waitFor("stops it");
    const real = childOf(launcher.pid!);
    expect(alive(real)).toBe(true);
    launcher.kill("SIGKILL");
    await exited(launcher);
    // It notices within its 200 ms poll; a loaded machine gets a few seconds.
    const deadline = Date.now() + 10_000;
    while (alive(real) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
    expect(alive(real), `process ${real} still running after its launcher was killed`).toBe(false);
  });
});
