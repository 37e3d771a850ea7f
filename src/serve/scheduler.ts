/**
 * The scheduler of `lakeward serve`: turns due schedule slots into runs, claims runs from the store under
 * a lease (so several servers on one PostgreSQL share the work with no coordinator of their own), runs
 * them, records them in one transaction and hands the alert events to the alerts module.
 *
 * A run's work is: collect its target (ARM discovery again each run, so a new workspace is watched from
 * then on and one that disappeared is marked gone), judge it with the config's policy, compute drift
 * against the previous run and join the changed settings to audit events, then record.
 */
import { createHash, randomUUID } from "node:crypto";
import { mkdir } from "node:fs/promises";
import { hostname } from "node:os";
import { dirname, join, resolve } from "node:path";
import { judge, parseProfile } from "../cli/judge.ts";
import { collectTargets, readCaFile, type TargetFlags } from "../cli/target-options.ts";
import type { LakewardConfig } from "../config/config.ts";
import { DEFAULT_DETECTIONS } from "../detect/detections/registry.ts";
import { DUCKDB, type TimeWindow } from "../detect/dialect.ts";
import { DEFAULT_MAX_EVENTS, type Executor } from "../detect/engine.ts";
import { ingest } from "../detect/ingest/ingest.ts";
import { LocalDatabase } from "../detect/local.ts";
import { type DetectSource, parseTime, runDetectSource } from "../detect/run.ts";
import { WarehouseExecutor } from "../detect/warehouse.ts";
import { InputError, LakewardError } from "../errors.ts";
import { scrubSecrets } from "../redact/fingerprint.ts";
import type { AlertEvent } from "../results/alert-event.ts";
import { checkEndpoint } from "../sources/azure/arm.ts";
import type { Store } from "../store/index.ts";
import type { TargetDefinition } from "../store/runs.ts";
import type { RunRow } from "../store/schema.ts";
import { type AuditChangeEvent, readAuditChanges } from "./attribution.ts";
import { DEFAULT_SCHEDULE } from "./config.ts";
import { detectRecord } from "./detect.ts";
import { postureRecord } from "./posture.ts";

/** What receives the alert events of each run (the alerts module's `publish`). */
export interface EventSink {
  publish(events: readonly AlertEvent[]): Promise<unknown>;
}

export interface SchedulerOptions {
  store: Store;
  config: LakewardConfig;
  /** The command line's target options (endpoints, credentials mode, …), applied to every target. */
  flags: TargetFlags;
  /** Did the command line name a target itself (then it is the only posture target, named "cli")? */
  cliTarget: boolean;
  sink?: EventSink;
  log?: (line: string) => void;
  leaseMs?: number;
  pollMs?: number;
  /** Where detect targets over log folders keep their event cache (DATA_DIR/detect/); none: every file is read each run. */
  dataDir?: string;
  now?: () => Date;
  owner?: string;
}

type DetectTargetConfig = NonNullable<NonNullable<LakewardConfig["serve"]>["detect"]>[number];

interface ResolvedTarget {
  definition: TargetDefinition;
  flags: TargetFlags;
  /** A detect target's source and options (serve.detect[]). */
  detect?: DetectTargetConfig;
}

export function targetName(target: NonNullable<LakewardConfig["targets"]>[number], index: number): string {
  if (target.name) return target.name;
  if (target.host) return target.host.replace(/^https?:\/\//, "").replace(/\/.*$/, "");
  if (target.workspaceResourceId) return target.workspaceResourceId.split("/").at(-1) ?? `target-${index + 1}`;
  if (target.allSubscriptions) return "all-subscriptions";
  const subs = [target.subscription ?? []].flat();
  if (subs.length)
    return `subscription ${subs.join(",")}${target.resourceGroup ? `/${target.resourceGroup}` : ""}${target.workspace ? `/${target.workspace}` : ""}`;
  return `target-${index + 1}`;
}

/**
 * Every target: the posture targets (the config file's, or the one the command line names) and the detect
 * sources of serve.detect, each on its own schedule. A detect name that is also a posture target's is a
 * config error (a run is found by its target's name).
 */
export function resolveTargets(config: LakewardConfig, flags: TargetFlags, cliTarget: boolean): ResolvedTarget[] {
  const posture = postureTargets(config, flags, cliTarget);
  const schedule = config.serve?.schedule ?? DEFAULT_SCHEDULE;
  const names = new Set(posture.map((t) => t.definition.name));
  const detect = (config.serve?.detect ?? []).map((entry): ResolvedTarget => {
    if (names.has(entry.name))
      throw new InputError(
        `serve.detect: "${entry.name}" is also the name of a target`,
        "Give each detect source a name of its own (runs and alerts are filed under it).",
      );
    names.add(entry.name);
    const spec = "logs" in entry.source ? { logs: entry.source.logs } : { ...entry.source };
    return {
      definition: { name: entry.name, kind: "detect", schedule: entry.schedule ?? schedule, spec },
      flags,
      detect: entry,
    };
  });
  return [...posture, ...detect];
}

function postureTargets(config: LakewardConfig, flags: TargetFlags, cliTarget: boolean): ResolvedTarget[] {
  const schedule = config.serve?.schedule ?? DEFAULT_SCHEDULE;
  // A config of detect sources only watches audit logs: no posture target unless the command line names one.
  if (!cliTarget && !config.targets?.length && config.serve?.detect?.length) return [];
  if (cliTarget || !config.targets?.length) {
    const spec = {
      host: flags.host ?? null,
      subscription: flags.subscription ?? null,
      allSubscriptions: Boolean(flags.allSubscriptions),
      workspaceResourceId: flags.workspaceResourceId ?? null,
    };
    return [{ definition: { name: "cli", kind: "posture", schedule, spec }, flags }];
  }
  const names = new Set<string>();
  return config.targets.map((target, index) => {
    let name = targetName(target, index);
    while (names.has(name)) name = `${name} (${index + 1})`;
    names.add(name);
    const { schedule: own, name: _name, ...where } = target;
    const targetFlags: TargetFlags = {
      ...flags,
      ...(target.host ? { host: target.host } : {}),
      ...(target.subscription ? { subscription: target.subscription } : {}),
      ...(target.allSubscriptions ? { allSubscriptions: true } : {}),
      ...(target.resourceGroup ? { resourceGroup: target.resourceGroup } : {}),
      ...(target.workspace ? { workspace: target.workspace } : {}),
      ...(target.workspaceResourceId ? { workspaceResourceId: target.workspaceResourceId } : {}),
      ...(target.accountId ? { accountId: target.accountId } : {}),
    };
    return { definition: { name, kind: "posture", schedule: own ?? schedule, spec: where }, flags: targetFlags };
  });
}

/** The event cache file of a detect target over log folders: its name, and a digest of the paths it reads. */
function cacheName(name: string, paths: readonly string[]): string {
  const digest = createHash("sha256")
    .update(paths.map((p) => resolve(p)).join("\0"))
    .digest("hex")
    .slice(0, 12);
  return `${name.replace(/[^A-Za-z0-9_-]+/g, "_").slice(0, 40)}-${digest}`;
}

export class Scheduler {
  readonly owner: string;
  private readonly options: SchedulerOptions;
  private readonly targets: Map<string, ResolvedTarget>;
  private readonly leaseMs: number;
  private readonly pollMs: number;
  private timer: NodeJS.Timeout | null = null;
  private running = new Set<Promise<void>>();
  private stopped = false;
  private ticking = false;

  constructor(options: SchedulerOptions) {
    this.options = options;
    this.owner = options.owner ?? `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
    this.leaseMs = options.leaseMs ?? 120_000;
    this.pollMs = options.pollMs ?? 5_000;
    this.targets = new Map(
      resolveTargets(options.config, options.flags, options.cliTarget).map((t) => [t.definition.name, t]),
    );
  }

  private now(): Date {
    return this.options.now?.() ?? new Date();
  }

  private log(line: string): void {
    this.options.log?.(line);
  }

  targetNames(): string[] {
    return [...this.targets.keys()];
  }

  /** Records the targets, marks runs left running by a dead server as interrupted (queuing retries). */
  async prepare(): Promise<void> {
    const { store } = this.options;
    await store.runs.syncTargets(
      [...this.targets.values()].map((t) => t.definition),
      this.now(),
    );
    const interrupted = await store.runs.reapLapsed(this.now(), { all: store.engine === "embedded" });
    for (const run of interrupted) this.log(`run ${run.id} (${run.target}) was interrupted; queued a retry`);
  }

  /** Starts the loop: due slots become runs (a slot missed while down runs once now), runs are claimed and run. */
  async start(): Promise<void> {
    await this.prepare();
    const loop = async () => {
      if (this.stopped) return;
      await this.tick().catch((error) => this.log(`scheduler: ${scrubSecrets(String(error), [])}`));
      if (!this.stopped) this.timer = setTimeout(loop, this.pollMs);
    };
    await loop();
  }

  /** One pass: reap lapsed leases, queue due slots, claim and start what is queued. */
  async tick(): Promise<void> {
    if (this.ticking) return;
    this.ticking = true;
    try {
      const { store } = this.options;
      for (const run of await store.runs.reapLapsed(this.now()))
        this.log(`run ${run.id} (${run.target}): its server stopped; interrupted, retry queued`);
      await store.runs.enqueueDue(this.now());
      for (;;) {
        if (this.stopped || this.running.size >= 2) break;
        const run = await store.runs.claim(this.owner, this.leaseMs, this.now());
        if (!run) break;
        const job = this.execute(run).finally(() => this.running.delete(job));
        this.running.add(job);
      }
    } finally {
      this.ticking = false;
    }
  }

  /** `serve --once`: one run of every target now, then return when all are done. */
  async runOnce(): Promise<RunRow[]> {
    await this.prepare();
    const { store } = this.options;
    const ids: number[] = [];
    for (const name of this.targets.keys()) {
      const queued = await store.runs.enqueueNow(name, "once", "serve --once", this.now());
      if (queued) ids.push(queued.id);
    }
    for (;;) {
      const run = await store.runs.claim(this.owner, this.leaseMs, this.now());
      if (!run) break;
      await this.execute(run);
    }
    const runs = [];
    for (const id of ids) {
      const run = await store.getRun(id);
      if (run) runs.push(run);
    }
    return runs as unknown as RunRow[];
  }

  /** Waits for the runs in progress (a graceful stop). */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await Promise.allSettled([...this.running]);
  }

  private async execute(run: RunRow): Promise<void> {
    const { store } = this.options;
    const renew = setInterval(
      () => {
        store.runs.renew(run.id, this.owner, this.leaseMs, this.now()).catch(() => {});
      },
      Math.max(1000, this.leaseMs / 3),
    );
    const started = this.now();
    this.log(`run ${run.id}: ${run.target} started (${run.trigger})`);
    try {
      const target = this.targets.get(run.target);
      if (!target) throw new LakewardError(`target ${run.target} is no longer in the config`, 2);
      const events =
        run.kind === "detect" ? await this.detect(run, target, started) : await this.posture(run, target, started);
      const finished = await store.getRun(run.id);
      this.log(`run ${run.id}: ${run.target} ${finished?.status ?? "?"} · ${events.length} alert event(s)`);
      if (events.length && this.options.sink) await this.options.sink.publish(events);
    } catch (error) {
      const message = scrubSecrets(error instanceof Error ? error.message : String(error), []);
      const hint = error instanceof LakewardError && error.hint ? ` (${error.hint})` : "";
      this.log(`run ${run.id}: ${run.target} failed: ${message}${hint}`);
      const problems = [{ source: run.target, message: `${message}${hint}`, fatal: true }];
      try {
        const { events } = await store.record({
          runId: run.id,
          owner: this.owner,
          target: run.target,
          kind: run.kind,
          startedAt: started.toISOString(),
          finishedAt: this.now().toISOString(),
          status: "failed",
          problems,
          workspaces: [],
          discoveryComplete: false,
          policy: {},
          summary: { error: message },
        });
        if (events.length && this.options.sink) await this.options.sink.publish(events);
      } catch {
        await store.fail(run.id, this.owner, problems, this.now()).catch(() => {});
      }
    } finally {
      clearInterval(renew);
    }
  }

  private async posture(run: RunRow, target: ResolvedTarget, started: Date): Promise<AlertEvent[]> {
    const { store, config } = this.options;
    const { evidence, problems } = await collectTargets([target.flags], () => {});
    const finished = this.now();
    const profile = parseProfile(config.profile ?? "standard");
    const document = judge(evidence, profile, finished, config, problems);
    const auditEvents = await this.auditEvents(run.target, finished);
    const { record, related } = await postureRecord(store, {
      runId: run.id,
      owner: this.owner,
      target: run.target,
      startedAt: started,
      finishedAt: finished,
      evidence,
      document,
      auditEvents,
      policy: { ...(config.serve?.sla ? { slaDays: config.serve.sla } : {}) },
      discoveryComplete: !problems.some((p) => p.fatal),
    });
    const { events } = await store.record(record, related);
    return events;
  }

  /**
   * A detect run: the source's detections, incremental from its watermark in the store (only new rows or
   * files are judged; an alert raised before is not raised again), the new alerts and the new watermark
   * recorded in one transaction, and each new alert an alert event of kind detection_alert.
   */
  private async detect(run: RunRow, target: ResolvedTarget, started: Date): Promise<AlertEvent[]> {
    const { store } = this.options;
    const entry = target.detect;
    if (!entry) throw new LakewardError(`target ${run.target} is not a detect source`, 2);
    const nowMs = () => this.now().getTime();
    // `since` bounds a warehouse's first run; a log folder's first run reads every file (its later runs, the new ones).
    const window: TimeWindow =
      "warehouse" in entry.source
        ? { sinceMs: parseTime(entry.since ?? "24h", `serve.detect ${entry.name} since`, nowMs()) }
        : {};
    let source: DetectSource;
    if ("logs" in entry.source) {
      const cacheFile = this.options.dataDir
        ? join(this.options.dataDir, "detect", `${cacheName(entry.name, entry.source.logs)}.duckdb`)
        : undefined;
      if (cacheFile) await mkdir(dirname(cacheFile), { recursive: true });
      source = { kind: "logs", paths: entry.source.logs, ...(cacheFile ? { cacheFile } : {}) };
    } else {
      const rawHost = entry.source.host ?? target.flags.host ?? process.env.DATABRICKS_HOST;
      if (!rawHost)
        throw new InputError(
          `serve.detect ${entry.name}: the warehouse needs its workspace`,
          "Give serve.detect[].source.host (or --host, or DATABRICKS_HOST).",
        );
      const host = checkEndpoint(rawHost.includes("://") ? rawHost : `https://${rawHost}`, `serve.detect ${entry.name}`)
        .toString()
        .replace(/\/$/, "");
      const ca = target.flags.caFile ? await readCaFile(target.flags.caFile) : undefined;
      source = {
        kind: "warehouse",
        warehouse: {
          host,
          warehouseId: entry.source.warehouse,
          auth: {
            mode: target.flags.databricksAuth ?? "sdk",
            ...(target.flags.databricksProfile ? { profile: target.flags.databricksProfile } : {}),
          },
          ...(ca ? { ca } : {}),
        },
      };
    }
    const { document, mark } = await runDetectSource(source, {
      detections: DEFAULT_DETECTIONS,
      thresholds: {},
      window,
      maxEvents: DEFAULT_MAX_EVENTS,
      watermarks: store.watermarks(run.target),
      deferMark: true,
      now: nowMs,
    });
    const { events } = await store.record(detectRecord(run, this.owner, started, document, mark));
    return events;
  }

  /** Settings-changing audit events since this target's previous finished run (null: no audit source). */
  private async auditEvents(target: string, until: Date): Promise<AuditChangeEvent[] | null> {
    const source = this.options.config.serve?.audit;
    if (!source) return null;
    const previous = (await this.options.store.listRuns({ target, limit: 20 })).find(
      (r) => r.finishedAt && r.status !== "interrupted",
    );
    // From the previous run's start, not its finish: a change made while that run was reading (after it
    // read the setting) shows only in this run, and its audit event must still be in this window.
    const since =
      previous?.startedAt ?? previous?.finishedAt ?? new Date(until.getTime() - 7 * 86_400_000).toISOString();
    const window = { since, until: new Date(until.getTime() + 1).toISOString() };
    try {
      if ("logs" in source) {
        const db = await LocalDatabase.open();
        try {
          await ingest(db, source.logs);
          const executor: Executor = { dialect: DUCKDB, query: (sql) => db.query(sql) };
          return await readAuditChanges(executor, window);
        } finally {
          db.close();
        }
      }
      const host = source.host ?? this.options.flags.host ?? process.env.DATABRICKS_HOST;
      if (!host) throw new Error("serve.audit.warehouse needs serve.audit.host (or --host)");
      const executor = new WarehouseExecutor({
        host: host.replace(/\/$/, ""),
        warehouseId: source.warehouse,
        auth: {
          mode: this.options.flags.databricksAuth ?? "sdk",
          ...(this.options.flags.databricksProfile ? { profile: this.options.flags.databricksProfile } : {}),
        },
      });
      return await readAuditChanges(executor, window);
    } catch (error) {
      this.log(
        `audit source: ${scrubSecrets(error instanceof Error ? error.message : String(error), [])}; changes are recorded without their actor`,
      );
      return [];
    }
  }
}
