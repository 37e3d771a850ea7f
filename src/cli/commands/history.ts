import { type Command, Option } from "commander";
import pc from "picocolors";
import { InputError } from "../../errors.ts";
import type { Store } from "../../store/index.ts";
import type { CliIo, ExitBox } from "../main.ts";
import { useColor } from "../terminal.ts";
import { addStoreOptions, openStoreFrom } from "./serve.ts";

interface HistoryFlags {
  dataDir?: string;
  store?: string;
  workspace?: string;
  days: string;
  runs: string;
  format: "console" | "json";
}

/** What `history` shows: the same answers as the API, read from the same store functions. */
export async function historyDocument(
  store: Store,
  options: { workspace?: string; days: number; runs: number; now?: Date },
) {
  const now = options.now ?? new Date();
  let workspaces = await store.listWorkspaces(now);
  if (options.workspace) {
    const wanted = options.workspace.toLowerCase();
    workspaces = workspaces.filter(
      (w) => w.name.toLowerCase() === wanted || w.key === options.workspace || String(w.id) === options.workspace,
    );
    if (!workspaces.length)
      throw new InputError(
        `no workspace ${options.workspace} in the store`,
        "`lakeward history` without --workspace lists them.",
      );
  }
  const scores = [];
  for (const w of workspaces)
    scores.push({
      workspace: w.name,
      id: w.id,
      points: await store.scoreHistory({ workspaceId: w.id, days: options.days, now }),
    });
  const findings = [];
  for (const w of workspaces) {
    const { findings: rows } = await store.listFindings({ workspaceId: w.id, limit: 1000 }, now);
    findings.push(...rows);
  }
  return {
    schema: "lakeward/history" as const,
    generatedAt: now.toISOString(),
    store: { engine: store.engine, location: store.location },
    schedules: (await store.runs.schedules()).map((s) => ({ ...s, nextRunAt: s.nextRunAt?.toISOString() ?? null })),
    runs: await store.listRuns({ limit: options.runs }),
    workspaces,
    scores,
    findings,
  };
}

type HistoryDocument = Awaited<ReturnType<typeof historyDocument>>;

const day = (iso: string | null) => (iso ? iso.slice(0, 16).replace("T", " ") : "—");

function duration(seconds: number | null): string {
  if (seconds === null) return "—";
  if (seconds < 3600) return `${Math.round(seconds / 60)} min`;
  if (seconds < 86_400 * 2) return `${(seconds / 3600).toFixed(1)} h`;
  return `${Math.round(seconds / 86_400)} d`;
}

export function renderHistory(doc: HistoryDocument, color: boolean): string {
  const c = pc.createColors(color);
  const lines = [c.bold("lakeward history"), c.dim(`  store: ${doc.store.engine} (${doc.store.location})`), ""];
  lines.push(c.bold("Runs"));
  if (!doc.runs.length) lines.push("  none yet: start `lakeward serve` (or `lakeward serve --once`)");
  for (const run of doc.runs) {
    const paint =
      run.status === "succeeded" ? c.green : run.status === "failed" || run.status === "interrupted" ? c.red : c.yellow;
    lines.push(
      `  #${String(run.id).padEnd(5)} ${day(run.startedAt ?? run.queuedAt)}  ${paint(run.status.padEnd(11))} ${run.target} ${c.dim(`(${run.trigger})`)}`,
    );
    for (const problem of run.problems.filter((p) => p.fatal)) lines.push(`         ${c.dim(problem.message)}`);
  }
  lines.push("", c.bold("Score over time"));
  for (const s of doc.scores) {
    const points = s.points.filter((p) => p.score !== null);
    const series = points
      .slice(-12)
      .map((p) => String(p.score))
      .join(" → ");
    lines.push(
      `  ${s.workspace.padEnd(28)} ${series || "—"}${points.length > 12 ? c.dim(` (last 12 of ${points.length})`) : ""}`,
    );
  }
  lines.push("", c.bold("Findings"));
  const order = ["overdue", "open", "unknown", "accepted", "suppressed", "fixed"];
  const findings = [...doc.findings].sort((a, b) => order.indexOf(a.state) - order.indexOf(b.state));
  if (!findings.length) lines.push("  none");
  for (const f of findings) {
    const paint = f.state === "fixed" ? c.green : f.state === "accepted" || f.state === "suppressed" ? c.dim : c.red;
    const life =
      f.state === "fixed"
        ? `fixed ${day(f.fixedAt)} after ${duration(f.timeToFixSeconds)}`
        : `first seen ${day(f.firstSeenAt)} · ${f.ageDays} d${f.dueAt ? ` · due ${day(f.dueAt)}` : ""}`;
    lines.push(
      `  ${paint(f.state.padEnd(10))} ${f.severity.padEnd(8)} ${f.checkId.padEnd(8)} ${f.workspace}${f.resource ? ` · ${f.resource}` : ""} — ${life}${f.reopenCount ? ` · reopened ${f.reopenCount}×` : ""}${f.acceptance ? ` · waived by ${f.acceptance.owner} until ${f.acceptance.expires}` : ""}`,
    );
  }
  return `${lines.join("\n")}\n`;
}

export function registerHistory(program: Command, io: CliIo, exit: ExitBox): void {
  const command = program
    .command("history")
    .description("what `lakeward serve` recorded: runs, score over time, findings with their lifecycle")
    .option("--workspace <name>", "only this workspace (name, key or id)")
    .option("--days <n>", "score history of the last n days", "90")
    .option("--runs <n>", "how many recent runs to list", "20")
    .addOption(new Option("--format <format>", "console or json").choices(["console", "json"]).default("console"));
  addStoreOptions(command);
  command.addHelpText(
    "after",
    `
Reads the same store as the API (the embedded one in --data-dir, or --store postgres://…). The
embedded store is opened by one process at a time: while serve runs, use the API or a PostgreSQL
store.

Examples:
  lakeward history
  lakeward history --workspace adb-typical --days 365 --format json`,
  );
  command.action(async (flags: HistoryFlags) => {
    const days = Number(flags.days);
    const runs = Number(flags.runs);
    if (!Number.isInteger(days) || days < 1) throw new InputError(`--days ${flags.days}: give a whole number of days`);
    if (!Number.isInteger(runs) || runs < 1 || runs > 500)
      throw new InputError(`--runs ${flags.runs}: give a number from 1 to 500`);
    const store = await openStoreFrom(flags, false);
    try {
      const doc = await historyDocument(store, {
        ...(flags.workspace ? { workspace: flags.workspace } : {}),
        days,
        runs,
      });
      io.stdout.write(
        flags.format === "json" ? `${JSON.stringify(doc, null, 2)}\n` : renderHistory(doc, useColor(io.stdout)),
      );
      exit.code = 0;
    } finally {
      await store.close();
    }
  });
}
