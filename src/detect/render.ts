/**
 * Renders an alerts document for people (console) and machines (JSON). The other formats (SARIF, JUnit,
 * CSV, Markdown, HTML) live in `reports/` and read the same document.
 */
import pc from "picocolors";
import { countBySeverity, severityCountsText, severityPalette } from "../output/severity.ts";
import { shortTime } from "../output/text.ts";
import { VERSION } from "../version.ts";
import type { Alert, AlertsDocument, DetectionRun, inputProblemSchema } from "./alerts.ts";
import type { TimeWindow } from "./dialect.ts";

type InputProblem = import("zod").infer<typeof inputProblemSchema>;

export function buildAlertsDocument(init: {
  runs: DetectionRun[];
  alerts: Alert[];
  source: AlertsDocument["source"];
  window: TimeWindow;
  now?: Date;
  incremental?: AlertsDocument["incremental"];
}): AlertsDocument {
  return {
    kind: "lakeward-alerts",
    schemaVersion: 1,
    tool: { name: "lakeward", version: VERSION },
    generatedAt: (init.now ?? new Date()).toISOString(),
    source: init.source,
    window: {
      since: init.window.sinceMs === undefined ? null : new Date(init.window.sinceMs).toISOString(),
      until: init.window.untilMs === undefined ? null : new Date(init.window.untilMs).toISOString(),
    },
    ...(init.incremental ? { incremental: init.incremental } : {}),
    detections: init.runs,
    counts: countBySeverity(init.alerts),
    alerts: init.alerts,
  };
}

export function renderAlertsJson(document: AlertsDocument): string {
  return `${JSON.stringify(document, null, 2)}\n`;
}

export interface ConsoleOptions {
  width?: number;
  color?: boolean;
  /** Evidence events printed per alert (the JSON keeps up to --max-events). */
  eventsPerAlert?: number;
}

export function renderAlertsConsole(document: AlertsDocument, options: ConsoleOptions = {}): string {
  const c = pc.createColors(options.color ?? false);
  const width = Math.max(60, options.width ?? 200);
  const perAlert = options.eventsPerAlert ?? 5;
  const palette = severityPalette(c);
  const tint = (severity: Alert["severity"], text: string) => palette[severity](text);
  const cut = (text: string, room: number) => (text.length > room ? `${text.slice(0, Math.max(1, room - 1))}…` : text);
  const lines: string[] = [];
  const source = document.source;
  const from =
    source.mode === "local"
      ? `${source.events.toLocaleString("en-US")} events from ${source.files} file(s), local DuckDB`
      : `${source.table} on warehouse ${source.warehouseId} (${source.host})`;
  const window =
    document.window.since || document.window.until
      ? ` · window ${document.window.since ?? "…"} to ${document.window.until ?? "…"}`
      : "";
  lines.push(c.bold(`lakeward detect — ${from}${window}`), "");

  for (const alert of document.alerts) {
    lines.push(
      `${tint(alert.severity, alert.severity.toUpperCase().padEnd(8))}${c.bold(alert.detectionId)}  ${cut(alert.summary, width - 18)}`,
    );
    const who = [alert.principal, alert.sourceIp ? `from ${alert.sourceIp}` : ""].filter(Boolean).join(" ");
    lines.push(
      c.dim(
        cut(
          `                ${shortTime(alert.firstSeen)}${alert.lastSeen !== alert.firstSeen ? ` → ${shortTime(alert.lastSeen)}` : ""} · ${alert.eventCount} event(s)${who ? ` · ${who}` : ""} · ${alert.id}`,
          width,
        ),
      ),
    );
    for (const event of alert.events.slice(0, perAlert)) {
      const params = Object.entries(event.params)
        .map(([key, value]) => `${key}=${value}`)
        .join(" ");
      lines.push(
        c.dim(
          cut(
            `                  ${shortTime(event.time)} ${event.service}/${event.action} ${event.status ?? "-"} ${event.sourceIp ?? "-"}${event.principal && event.principal !== alert.principal ? ` ${event.principal}` : ""}${params ? ` ${params}` : ""}`,
            width,
          ),
        ),
      );
    }
    if (alert.eventCount > Math.min(perAlert, alert.events.length))
      lines.push(c.dim(`                  … ${alert.eventCount - Math.min(perAlert, alert.events.length)} more`));
  }
  if (document.alerts.length === 0) lines.push(c.green("No alerts."));

  const failed = document.detections.filter((run) => run.status === "failed");
  for (const run of failed) lines.push("", c.red(`${run.id} could not run: ${run.error ?? "unknown error"}`));
  if (source.mode === "local" && source.problems.length) {
    lines.push("", c.bold("Input problems"));
    for (const problem of source.problems.slice(0, 50)) lines.push(`  ${formatProblem(problem, c)}`);
    if (source.problems.length > 50) lines.push(c.dim(`  … ${source.problems.length - 50} more (see the JSON report)`));
  }

  const counts = countBySeverity(document.alerts);
  const bySeverity = severityCountsText(counts, tint);
  lines.push(
    "",
    `${document.alerts.length} alert(s)${bySeverity ? `: ${bySeverity}` : ""} · ${document.detections.length} detection(s) ran${failed.length ? c.red(`, ${failed.length} failed`) : ""}${source.mode === "local" && source.badLines ? c.yellow(` · ${source.badLines} bad line(s) skipped`) : ""}`,
    "",
  );
  return lines.join("\n");
}

export function formatProblem(
  problem: InputProblem,
  c: ReturnType<typeof pc.createColors> = pc.createColors(false),
): string {
  const where = problem.line ? `${problem.file}:${problem.line}` : problem.file;
  return `${problem.level === "error" ? c.red("error  ") : c.yellow("warning")} ${where}: ${problem.message}`;
}
