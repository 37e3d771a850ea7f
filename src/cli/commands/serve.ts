import { randomUUID } from "node:crypto";
import { homedir, hostname } from "node:os";
import { join } from "node:path";
import type { Command } from "commander";
import { type Alerting, createAlerting } from "../../alerts/dispatcher.ts";
import { loadConfig } from "../../config/config.ts";
import { startListener } from "../../dashboard/listen.ts";
import { EXIT, InputError } from "../../errors.ts";
import { apiApp } from "../../serve/api.ts";
import { DEFAULT_PORT } from "../../serve/config.ts";
import { Scheduler } from "../../serve/scheduler.ts";
import { DEFAULT_RETENTION, Store } from "../../store/index.ts";
import type { CliIo, ExitBox } from "../main.ts";
import { addTargetOptions, type TargetFlags } from "../target-options.ts";

interface ServeFlags extends TargetFlags {
  config?: string;
  dataDir?: string;
  store?: string;
  once?: boolean;
  bind?: string;
  port?: string;
  leaseSeconds: string;
  pollSeconds: string;
  tlsCert?: string;
  tlsKey?: string;
}

export function defaultDataDir(): string {
  return (
    process.env.LAKEWARD_DATA_DIR ?? join(process.env.XDG_DATA_HOME ?? join(homedir(), ".local", "share"), "lakeward")
  );
}

/** --data-dir and --store, shared by serve and history. */
export function addStoreOptions(command: Command): Command {
  return command
    .option(
      "--data-dir <dir>",
      "where the embedded store lives (default: $LAKEWARD_DATA_DIR or ~/.local/share/lakeward)",
    )
    .option(
      "--store <url>",
      "a PostgreSQL store instead, postgres://USER@HOST:PORT/DB (password: PGPASSWORD or the URL); default $LAKEWARD_STORE",
    );
}

/** `writer`: serve's (the embedded store's one writer); history reads beside a running serve. */
export function openStoreFrom(flags: { dataDir?: string; store?: string }, writer = true): Promise<Store> {
  const store = flags.store ?? process.env.LAKEWARD_STORE;
  return Store.open({ dataDir: flags.dataDir ?? defaultDataDir(), writer, ...(store ? { store } : {}) });
}

function seconds(value: string, name: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0 || n > 86_400)
    throw new InputError(`--${name} ${value}: give a number of seconds from 0.1 to 86400`);
  return n * 1000;
}

export function registerServe(program: Command, io: CliIo, exit: ExitBox): void {
  const command = program
    .command("serve")
    .description(
      "watch continuously: scheduled scans into a history store, finding lifecycle, drift with who changed it, alerts, and an API",
    )
    .option(
      "--config <file>",
      "targets with their schedules, the serve: and alerts: sections (default: ./lakeward.yaml; docs/serve.md)",
    )
    .option("--once", "run every target once now, record it, and exit (for cron and CI)")
    .option("--bind <address>", "address the API listens on (default 127.0.0.1: only this machine)")
    .option("--port <n>", `API and dashboard port (default ${DEFAULT_PORT}; 0 picks a free one)`)
    .option("--tls-cert <file>", "serve HTTPS with this PEM certificate (chain); with --tls-key")
    .option("--tls-key <file>", "the PEM private key of --tls-cert")
    .option("--lease-seconds <n>", "how long a claimed run stays with this server without a renewal", "120")
    .option("--poll-seconds <n>", "how often due schedules and queued runs are looked for", "5");
  addStoreOptions(command);
  addTargetOptions(command);
  command.addHelpText(
    "after",
    `
Examples:
  lakeward serve --config lakeward.yaml                    the embedded store, API on 127.0.0.1:${DEFAULT_PORT}
  lakeward serve --config lakeward.yaml --store postgres://lakeward@db/lakeward
  lakeward serve --once --subscription SUB                 one scan into the store, then exit

At first start an admin API token is created: LAKEWARD_ADMIN_TOKEN when set, else a new one
printed once on stderr. Only its hash is stored. Several servers may share one PostgreSQL store:
each due run is claimed by one of them. Read the history without the API: lakeward history.`,
  );
  command.action(async (flags: ServeFlags) => {
    const { config } = await loadConfig(flags.config);
    const leaseMs = seconds(flags.leaseSeconds, "lease-seconds");
    const pollMs = seconds(flags.pollSeconds, "poll-seconds");
    const cliTarget = Boolean(flags.host || flags.subscription || flags.allSubscriptions || flags.workspaceResourceId);
    const store = await openStoreFrom(flags);
    const log = (line: string) => io.stderr.write(`lakeward serve: ${line}\n`);
    try {
      const given = process.env.LAKEWARD_ADMIN_TOKEN;
      if (given) await store.tokens.create("admin (LAKEWARD_ADMIN_TOKEN)", "admin", new Date(), given);
      else if ((await store.tokens.count()) === 0) {
        const token = await store.tokens.create("admin", "admin", new Date());
        io.stderr.write(
          `lakeward serve: created the admin API token (shown once, only its hash is stored):\n  ${token}\n`,
        );
      }
      const owner = `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
      // Alerts (src/alerts): the store is their delivery log, so pending deliveries survive a restart.
      const alerts: Alerting | null = config.alerts
        ? createAlerting({
            config: config.alerts,
            log: store.deliveries,
            owner,
            logger: {
              info: (m) => log(`alerts: ${m}`),
              warn: (m) => log(`alerts: ${m}`),
              error: (m) => log(`alerts: ${m}`),
            },
          })
        : null;
      if (alerts) await alerts.start();
      const scheduler = new Scheduler({
        store,
        config,
        flags,
        cliTarget,
        log,
        leaseMs,
        pollMs,
        owner,
        dataDir: flags.dataDir ?? defaultDataDir(),
        ...(alerts ? { sink: alerts } : {}),
      });
      log(`store: ${store.engine} (${store.location}); targets: ${scheduler.targetNames().join(", ")}`);
      const retention = {
        ...DEFAULT_RETENTION,
        ...(config.serve?.retention
          ? {
              evidenceDays: config.serve.retention.evidenceDays,
              resultsDays: config.serve.retention.resultsDays ?? null,
            }
          : {}),
      };
      if (flags.once) {
        const runs = await scheduler.runOnce();
        if (alerts) {
          const left = await alerts.drain({ timeoutMs: 120_000 });
          if (left.pending) log(`alerts: ${left.pending} delivery(ies) still pending; the next start retries them`);
          await alerts.stop();
        }
        await store.applyRetention(retention, new Date());
        const bad = runs.filter((r) => r.status !== "succeeded");
        exit.code = runs.length === 0 ? EXIT.incomplete : bad.length ? EXIT.incomplete : EXIT.ok;
        for (const run of bad) log(`run ${run.id} (${run.target}) ${run.status}`);
        return;
      }
      const trigger = (target: string, by: string) => store.runs.enqueueNow(target, "api", by, new Date());
      const channelHealth = alerts ? { channelHealth: () => alerts.health() } : {};
      const bind = flags.bind ?? config.serve?.bind ?? "127.0.0.1";
      const port = flags.port !== undefined ? Number(flags.port) : (config.serve?.port ?? DEFAULT_PORT);
      if (!Number.isInteger(port) || port < 0 || port > 65535)
        throw new InputError(`--port ${flags.port}: give a port from 0 to 65535`);
      // The API and the dashboard on one listener (src/dashboard/listen.ts: TLS, security headers).
      const listening = await startListener({
        api: apiApp({ store, trigger, ...channelHealth }),
        dashboard: { store, trigger, ...channelHealth },
        config: config.dashboard,
        bind,
        port,
        tls: { ...(flags.tlsCert ? { cert: flags.tlsCert } : {}), ...(flags.tlsKey ? { key: flags.tlsKey } : {}) },
        log,
      });
      await scheduler.start();
      const retentionTimer = setInterval(() => {
        store.applyRetention(retention, new Date()).catch(() => {});
      }, 6 * 3_600_000);
      await new Promise<void>((resolve) => {
        const stop = () => resolve();
        process.once("SIGINT", stop);
        process.once("SIGTERM", stop);
      });
      log("stopping: waiting for runs in progress");
      clearInterval(retentionTimer);
      await scheduler.stop();
      if (alerts) await alerts.stop();
      await listening.close();
    } finally {
      await store.close();
    }
  });
}
