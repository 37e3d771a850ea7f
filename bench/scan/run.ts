/**
 * Benchmark of an estate scan (`npm run bench:scan`). Not part of `npm test`.
 *
 * For each size (1, 10, 100 and 500 workspaces, or `--workspaces N`) it starts the emulator in a child
 * process (emulator-child.ts) with that many workspaces generated from the personas, every response delayed
 * by `--latency` ms (default 50) and the documented rate limits enforced (429 + Retry-After past them), and
 * scans it from this process exactly as `lakeward scan --subscription … --account-id … --graph` does
 * (discovery through ARM, every workspace's Azure, Databricks, account and Entra sides, then every check).
 *
 * The lower bound a scan cannot beat, computed from the rate-limit table and the calls the scan made:
 *   - rate: for every bucket of the table (a workspace's API family, ARM reads of the subscription, …),
 *     the calls it needed (sent minus the ones answered 429) past the bucket's burst, at its sustained rate,
 *     plus one latency for the last answer: max over buckets of (calls − burst) / rate + latency;
 *   - chain: the longest chain of calls that depend on each other's answers, times the latency. Its length
 *     is measured, not assumed: the wall-time difference of one scan of six workspaces (one per persona)
 *     at 0 and at 500 ms latency with no rate limits, divided by 500 ms, plus the extra ARM list pages a
 *     larger estate needs (one per `armPageSize` workspaces, fetched one after the other through nextLink);
 *   - the bound is the larger of the two. wall / bound is the figure the issue asks to keep ≤ 1.5 at 100.
 * It also prints requests per workspace, the 429s received (each answered by a retry after Retry-After),
 * calls that gave up on throttling (must be 0), and the peak resident set size of this process.
 *
 * Options: --workspaces N, --latency MS, --no-docs (leave docs/performance.md alone), --timeout-minutes M.
 * It ends with one JSON line per size:
 *   {"workspaces":N,"wallSeconds":…,"boundSeconds":…,"ratio":…,"requests":…,"retried429":…,"peakRssMiB":…}
 */
import { type ChildProcessByStdio, spawn } from "node:child_process";
import { readFile, writeFile } from "node:fs/promises";
import { cpus, loadavg } from "node:os";
import { join } from "node:path";
import { createInterface, type Interface } from "node:readline";
import type { Readable, Writable } from "node:stream";
import { judge } from "../../src/cli/judge.ts";
import type { WorkspaceEvidence } from "../../src/evidence/model.ts";
import { StaticTokenCredential } from "../../src/sources/azure/credential.ts";
import { collect } from "../../src/sources/collect.ts";
import { RequestLimiter } from "../../src/sources/http/limiter.ts";
import { RATE_LIMITS, type RateLimit } from "../../src/sources/http/rate-limits.ts";
import { flag, option, RssSampler, stopAfter, vmHwm } from "../support.ts";

const root = new URL("../..", import.meta.url).pathname;
const latencyMs = Number(option("--latency", "50"));
const only = option("--workspaces", "");
const sizes = only ? [Number(only)] : [1, 10, 100, 500];
const writeDocs = !flag("--no-docs");
const timeoutMinutes = Number(option("--timeout-minutes", "45"));
/** ARM's page of workspaces (the emulator's default of 2 exists to exercise nextLink in tests). */
const ARM_PAGE_SIZE = 100;
const CHAIN_LATENCY_MS = 500;

stopAfter("bench:scan", timeoutMinutes);
const rss = new RssSampler();

interface Endpoints {
  armUrl: string;
  accountUrl: string;
  accountId: string;
  graphUrl: string;
  subscriptionId: string;
  token: string;
}

class EmulatorChild {
  private readonly child: ChildProcessByStdio<Writable, Readable, null>;
  private readonly lines: Interface;
  private readonly queue: ((line: string) => void)[] = [];

  constructor(options: Record<string, unknown>) {
    this.child = spawn(process.execPath, [join(root, "bench/scan/emulator-child.ts"), JSON.stringify(options)], {
      stdio: ["pipe", "pipe", "inherit"],
    });
    this.lines = createInterface({ input: this.child.stdout });
    this.lines.on("line", (line) => this.queue.shift()?.(line));
  }

  private next(): Promise<string> {
    return new Promise((resolve) => this.queue.push(resolve));
  }

  async ready(): Promise<Endpoints> {
    return JSON.parse(await this.next()) as Endpoints;
  }

  async counts(): Promise<{ requests: number; status429: number; throttled: Record<string, number> }> {
    const line = this.next();
    this.child.stdin.write("counts\n");
    return JSON.parse(await line);
  }

  async close(): Promise<void> {
    const exited = new Promise((resolve) => this.child.once("exit", resolve));
    this.child.stdin.write("close\n");
    await exited;
  }
}

/** A table that never holds anything back (for measuring the chain of dependent calls alone). */
const UNLIMITED: RateLimit[] = RATE_LIMITS.map((row) => ({ ...row, ratePerSecond: 1e6, burst: 1e6 }));

async function scan(endpoints: Endpoints, limiter: RequestLimiter): Promise<WorkspaceEvidence[]> {
  return collect({
    target: { subscriptionId: endpoints.subscriptionId },
    arm: { credential: new StaticTokenCredential(endpoints.token), endpoint: endpoints.armUrl },
    databricksAuth: { mode: "sdk", token: endpoints.token },
    account: { accountId: endpoints.accountId, host: endpoints.accountUrl },
    graph: { endpoint: endpoints.graphUrl },
    limiter,
    // Generous bounds: the benchmark measures the scan, not its deadline.
    timeouts: { scanMs: timeoutMinutes * 60_000 },
  });
}

async function timedScan(options: Record<string, unknown>, limiter: RequestLimiter) {
  const child = new EmulatorChild(options);
  const endpoints = await child.ready();
  try {
    const started = performance.now();
    const cpu = process.cpuUsage();
    const evidence = await scan(endpoints, limiter);
    const collectedMs = performance.now() - started;
    const document = judge(evidence, "high");
    const wallMs = performance.now() - started;
    const used = process.cpuUsage(cpu);
    const cpuMs = (used.user + used.system) / 1000;
    return { wallMs, collectedMs, cpuMs, evidence, document, counts: await child.counts() };
  } finally {
    await child.close();
  }
}

/** The longest chain of dependent calls of a scan, in calls (see the module comment). */
async function chainLength(): Promise<number> {
  const base = { workspaces: 6, armPageSize: ARM_PAGE_SIZE };
  const unlimited = () => new RequestLimiter({ table: UNLIMITED, initialConcurrency: 64, maxConcurrency: 64 });
  const fast = await timedScan({ ...base, latencyMs: 0 }, unlimited());
  const slow = await timedScan({ ...base, latencyMs: CHAIN_LATENCY_MS }, unlimited());
  return Math.max(1, Math.round((slow.wallMs - fast.wallMs) / CHAIN_LATENCY_MS));
}

interface Figures {
  workspaces: number;
  wallSeconds: number;
  boundSeconds: number;
  ratio: number;
  requests: number;
  retried429: number;
  peakRssMiB: number;
  rateBoundSeconds: number;
  chainSeconds: number;
  chainCalls: number;
  bindingBucket: string;
  requestsPerWorkspace: number;
  gaveUpThrottled: number;
  results: number;
  unknownResults: number;
  load: string;
  /** Reading alone (the rest of the wall time is judging) and the CPU time this process used. */
  collectSeconds: number;
  cpuSeconds: number;
}

const round = (value: number, digits = 2) => Math.round(value * 10 ** digits) / 10 ** digits;

async function measure(workspaces: number, chainPerEstate: number): Promise<Figures> {
  rss.reset();
  const limiter = new RequestLimiter();
  const load = loadavg()
    .map((value) => value.toFixed(2))
    .join(" ");
  const { wallMs, collectedMs, cpuMs, evidence, document, counts } = await timedScan(
    { workspaces, latencyMs, rateLimits: true, armPageSize: ARM_PAGE_SIZE },
    limiter,
  );
  const latency = latencyMs / 1000;
  let rateBound = 0;
  let binding = "none";
  for (const { bucket, limit, sent, throttled } of limiter.usage()) {
    const calls = sent - throttled;
    const seconds = Math.max(0, (calls - limit.burst) / limit.ratePerSecond) + latency;
    if (seconds > rateBound) {
      rateBound = seconds;
      binding = `${limit.family} (${calls} calls, burst ${limit.burst}, ${limit.ratePerSecond}/s) ${bucket.split(" ")[0]}`;
    }
  }
  // Larger estates need more ARM list pages, each one after the other (nextLink).
  const chainCalls = chainPerEstate + Math.max(0, Math.ceil(workspaces / ARM_PAGE_SIZE) - 1);
  const chainSeconds = chainCalls * latency;
  const bound = Math.max(rateBound, chainSeconds);
  const gaveUp = evidence.reduce(
    (sum, ws) =>
      sum +
      ws.collection.problems.filter((problem) => /\b429\b|throttl|REQUEST_LIMIT_EXCEEDED/i.test(problem.message))
        .length,
    0,
  );
  const results = document.workspaces.flatMap((ws) => ws.results);
  const hwm = workspaces === Math.max(...sizes) ? await vmHwm() : undefined;
  const peak = Math.max(rss.peak, hwm ?? 0);
  return {
    workspaces,
    wallSeconds: round(wallMs / 1000),
    boundSeconds: round(bound),
    ratio: round(wallMs / 1000 / bound),
    requests: counts.requests,
    retried429: limiter.counts.throttled,
    peakRssMiB: Math.round(peak / 1024 / 1024),
    rateBoundSeconds: round(rateBound),
    chainSeconds: round(chainSeconds),
    chainCalls,
    bindingBucket: binding,
    requestsPerWorkspace: round(counts.requests / workspaces, 1),
    gaveUpThrottled: gaveUp,
    results: results.length,
    unknownResults: results.filter((result) => result.status === "unknown").length,
    load,
    collectSeconds: round(collectedMs / 1000),
    cpuSeconds: round(cpuMs / 1000),
  };
}

function table(rows: Figures[]): string {
  const header =
    "| workspaces | wall | lower bound (rate / chain) | wall ÷ bound | requests per workspace | 429s retried | gave up on 429 | peak RSS |";
  const lines = rows.map(
    (r) =>
      `| ${r.workspaces} | ${r.wallSeconds} s | ${r.boundSeconds} s (${r.rateBoundSeconds} s / ${r.chainSeconds} s) | ${r.ratio} | ${r.requestsPerWorkspace} | ${r.retried429} | ${r.gaveUpThrottled} | ${r.peakRssMiB} MiB |`,
  );
  return [header, "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |", ...lines].join("\n");
}

async function updateDocs(rows: Figures[], chain: number): Promise<void> {
  const file = join(root, "docs/performance.md");
  const text = await readFile(file, "utf8");
  const commit = await new Promise<string>((resolve) => {
    const git = spawn("git", ["rev-parse", "--short", "HEAD"], { cwd: root });
    let out = "";
    git.stdout.on("data", (chunk) => {
      out += chunk;
    });
    git.on("close", () => resolve(out.trim()));
    git.on("error", () => resolve(""));
  });
  const section = `## Estate scan

Measured by \`npm run bench:scan\` (bench/scan/run.ts) on ${new Date().toISOString().slice(0, 10)}, Node ${process.version},
${cpus().length} cores shared with other engineers' test runs (load average ${rows.map((r) => `${r.load.split(" ")[0]} at ${r.workspaces}`).join(", ")}${commit ? `; commit ${commit}` : ""}; the figures move with that load).
The emulator runs in its own process with ${latencyMs} ms latency on every response and the documented rate limits
enforced (docs/permissions.md, *What a scan costs your API quota*); workspaces are generated from the six personas.

${table(rows)}

The lower bound is what the APIs themselves allow: the busiest rate-limit bucket's calls past its burst at its
documented rate (at 100 workspaces and more: ARM reads of the one subscription, 25 per second), or the longest
chain of dependent calls (${chain} calls measured, plus one ARM list page per ${ARM_PAGE_SIZE} workspaces) times the
latency, whichever is longer. lakeward's limiter admits at most a bucket's burst per burst / rate seconds (ARM: 250
in any 10 s), slightly less than the token bucket itself, so even an idle machine stays a little above 1.0.

What a real scan costs: about ${rows[rows.length - 1]?.requestsPerWorkspace ?? "?"} requests per workspace (docs/permissions.md breaks them
down by API), most of them to the workspace itself at the 20 requests per second lakeward allows the families
Databricks publishes no limit for, so one workspace takes a few seconds plus its network latency times the
${chain}-call chain; an estate in one subscription is then bound by ARM's 25 reads per second, about 0.3 s per
workspace (100 workspaces: at least ${rows.find((r) => r.workspaces === 100)?.boundSeconds ?? "?"} s).

Reproduce: \`npm run bench:scan\` (options: \`-- --workspaces N\`, \`-- --latency MS\`, \`-- --no-docs\`).
`;
  const start = text.indexOf("## Estate scan");
  let next: string;
  if (start >= 0) {
    const after = text.indexOf("\n## ", start + 1);
    next = `${text.slice(0, start)}${section}${after >= 0 ? text.slice(after + 1) : ""}`;
  } else next = `${text.trimEnd()}\n\n${section}`;
  await writeFile(file, next.replace(/\n{3,}/g, "\n\n"));
  console.error("wrote docs/performance.md (section Estate scan)");
}

async function main(): Promise<void> {
  console.error(`bench:scan: measuring the chain of dependent calls (6 workspaces at 0 and ${CHAIN_LATENCY_MS} ms)…`);
  const chain = await chainLength();
  console.error(`bench:scan: longest chain ${chain} calls`);
  const rows: Figures[] = [];
  for (const workspaces of sizes) {
    console.error(`bench:scan: ${workspaces} workspaces at ${latencyMs} ms, rate limits on…`);
    const figures = await measure(workspaces, chain);
    rows.push(figures);
    console.error(
      `  wall ${figures.wallSeconds} s (reading ${figures.collectSeconds} s, CPU ${figures.cpuSeconds} s), bound ${figures.boundSeconds} s (rate ${figures.rateBoundSeconds} s: ${figures.bindingBucket}; chain ${figures.chainSeconds} s), ratio ${figures.ratio}, ${figures.requestsPerWorkspace} requests/workspace, ${figures.retried429} 429s retried, ${figures.gaveUpThrottled} gave up, ${figures.unknownResults}/${figures.results} results unknown, peak RSS ${figures.peakRssMiB} MiB, load ${figures.load}`,
    );
  }
  console.log(table(rows));
  if (writeDocs) await updateDocs(rows, chain);
  for (const r of rows)
    console.log(
      JSON.stringify({
        workspaces: r.workspaces,
        wallSeconds: r.wallSeconds,
        boundSeconds: r.boundSeconds,
        ratio: r.ratio,
        requests: r.requests,
        retried429: r.retried429,
        peakRssMiB: r.peakRssMiB,
      }),
    );
  process.exit(0);
}

await main();
