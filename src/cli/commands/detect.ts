/**
 * `lakeward detect`: the audit-log detections DET-01..30, over log files on embedded DuckDB (--logs) or
 * pushed down to a Databricks SQL warehouse over system.access.audit (--warehouse).
 */
import { resolve } from "node:path";
import { type Command, Option } from "commander";
import { SEVERITIES, type Severity } from "../../checks/types.ts";
import type { AlertsDocument } from "../../detect/alerts.ts";
import { DEFAULT_DETECTIONS, DETECTIONS } from "../../detect/detections/registry.ts";
import type { Detection } from "../../detect/detections/types.ts";
import type { TimeWindow } from "../../detect/dialect.ts";
import { DEFAULT_MAX_EVENTS, parseThresholdOverrides } from "../../detect/engine.ts";
import { LOG_FORMAT_NAMES, type LogFormat } from "../../detect/ingest/formats.ts";
import { formatProblem } from "../../detect/render.ts";
import {
  ALERT_FILE_NAMES,
  ALERT_FORMAT_HELP,
  ALERT_FORMATS,
  type AlertOutputRequest,
  checkAlertOutput,
  parseAlertFormats,
  writeAlertReports,
} from "../../detect/reports/output.ts";
import { type DetectSource, parseTime, runDetectSource } from "../../detect/run.ts";
import { FileWatermarkStore } from "../../detect/state.ts";
import { EXIT, InputError } from "../../errors.ts";
import { checkEndpoint } from "../../sources/azure/arm.ts";
import type { DatabricksAuthMode } from "../../sources/databricks/auth.ts";
import { checkOutputPaths } from "../../util/output-file.ts";
import type { CliIo, ExitBox } from "../main.ts";
import { readCaFile } from "../target-options.ts";
import { colorsFor, useColor } from "../terminal.ts";

const FAIL_ON = [...SEVERITIES, "none"] as const;

interface DetectFlags {
  logs?: string[];
  logFormat?: string;
  warehouse?: string;
  host?: string;
  databricksAuth: DatabricksAuthMode;
  databricksProfile?: string;
  caFile?: string;
  statementTimeout: string;
  format?: string[];
  output?: string;
  outputDir?: string;
  failOn: Severity | "none";
  threshold?: string[];
  only?: string[];
  since?: string;
  until?: string;
  maxEvents: string;
  list?: boolean;
  quiet?: boolean;
  state?: string;
  cache?: string;
}

function selectDetections(only: readonly string[] | undefined): Detection[] {
  if (!only?.length) return [...DEFAULT_DETECTIONS];
  const ids = only
    .flatMap((value) => value.split(","))
    .map((id) => id.trim().toUpperCase())
    .filter(Boolean);
  return ids.map((id) => {
    const detection = DETECTIONS.find((d) => d.meta.id === id);
    if (!detection)
      throw new InputError(
        `--only ${id}: no such detection`,
        `Detections: ${DETECTIONS.map((d) => d.meta.id).join(", ")}.`,
      );
    return detection;
  });
}

function listDetections(): string {
  const lines = ["Detections (thresholds: override with --threshold ID.name=value)", ""];
  for (const { meta } of DETECTIONS) {
    lines.push(
      `${meta.id}  ${meta.severity.padEnd(6)}  ${meta.title}  [${meta.threats.join(" ")}] ${meta.controls.join(" ")}${meta.optIn ? "  (opt-in: --only)" : ""}`,
    );
    for (const [name, spec] of Object.entries(meta.thresholds))
      lines.push(`        ${meta.id}.${name}=${spec.default}  ${spec.unit}: ${spec.description}`);
  }
  return `${lines.join("\n")}\n`;
}

/** 3 when a detection could not run, 2 when an input file was unusable, 1 for alerts at or above failOn. */
export function detectExitCode(document: AlertsDocument, failOn: Severity | "none"): number {
  if (document.detections.some((run) => run.status === "failed")) return EXIT.incomplete;
  if (document.source.mode === "local" && document.source.problems.some((problem) => problem.level === "error"))
    return EXIT.input;
  if (failOn === "none") return EXIT.ok;
  const threshold = SEVERITIES.indexOf(failOn);
  return document.alerts.some((alert) => SEVERITIES.indexOf(alert.severity) <= threshold) ? EXIT.findings : EXIT.ok;
}

export function registerDetect(program: Command, io: CliIo, exit: ExitBox): void {
  const command = program
    .command("detect")
    .description(
      "look for the threat model's attacks in Databricks audit logs: log files on embedded DuckDB (--logs), or system.access.audit on a SQL warehouse (--warehouse)",
    )
    .option("--logs <path...>", "audit log files or directories (walked recursively); formats are recognised per file")
    .addOption(
      new Option("--log-format <format>", "read every file as this format instead of recognising it").choices(
        LOG_FORMAT_NAMES,
      ),
    )
    .option("--warehouse <id>", "run the detections on this SQL warehouse, over system.access.audit")
    .option("--host <url>", "with --warehouse: workspace URL (default: $DATABRICKS_HOST)")
    .addOption(
      new Option(
        "--databricks-auth <mode>",
        "sdk = DATABRICKS_* variables, ~/.databrickscfg, Azure CLI; azure = Entra ID token",
      )
        .choices(["sdk", "azure"])
        .default("sdk"),
    )
    .option("--databricks-profile <name>", "a profile of ~/.databrickscfg")
    .option("--ca-file <pem>", "extra CA certificates to trust (PEM)")
    .option("--statement-timeout <seconds>", "with --warehouse: cancel a detection's statement after this long", "600")
    .option(
      "--since <time>",
      "only events from this time: 2026-11-01, an ISO time, or 30d / 12h back (warehouse default: 30d)",
    )
    .option("--until <time>", "only events before this time")
    .option("--only <ids...>", "run only these detections, e.g. DET-01 DET-04")
    .option("--threshold <spec...>", "override a threshold, e.g. DET-01.failuresPerUser=3 (repeatable; see --list)")
    .option("--max-events <n>", "evidence events kept per alert", String(DEFAULT_MAX_EVENTS))
    .addOption(
      new Option("--format <format...>", `output formats: ${ALERT_FORMATS.join(", ")} (repeatable, comma-separated)`),
    )
    .option("--output <file>", "write the (single) non-console format to this file")
    .option("--output-dir <dir>", "write every requested format into this directory (alerts.sarif, alerts.html, …)")
    .addOption(
      new Option("--fail-on <severity>", "exit 1 when an alert of this severity or higher is raised")
        .choices(FAIL_ON)
        .default("low"),
    )
    .option("--state <file>", "incremental: a watermark per source here; read new files only, raise each alert once")
    .option("--cache <file>", "with --logs: ingested events kept in this DuckDB file (with --state: FILE.duckdb)")
    .option("--list", "list the detections and their thresholds, and exit")
    .option("-q, --quiet", "no progress lines on stderr");
  command.addHelpText(
    "after",
    `
Examples:
  lakeward detect --logs ./insights-logs-accounts ./insights-logs-secrets
  lakeward detect --logs export/ --format json --output alerts.json --fail-on high
  lakeward detect --logs export/ --format sarif,junit,html --output-dir reports --fail-on high
  lakeward detect --logs logs/ --threshold DET-01.failuresPerUser=3 --threshold DET-08.downloads=10
  DATABRICKS_TOKEN=… lakeward detect --warehouse 1234567890abcdef --since 7d \\
    --host https://adb-1234.5.azuredatabricks.net
  lakeward gen-logs --users 50 --days 14 --out demo-logs && lakeward detect --logs demo-logs
  lakeward detect --logs /mnt/insights-logs --state state.json   # hourly: new alerts only

Log formats (recognised from each file's first bytes; --log-format forces one):
  diagnostic          diagnostic settings → storage: insights-logs-<category>/…/PT1H.json
  eventhub            Event Hub messages {"records":[…]}, one per line or one per file
  log-analytics-json  Log Analytics export (az monitor log-analytics query -o json)
  log-analytics-csv   Log Analytics export from the portal (CSV)
  system-table-json   system.access.audit exported as JSON lines
  system-table-parquet system.access.audit exported as Parquet
  databricks-json     Databricks audit log delivery JSON (camelCase)
A malformed line is counted and reported with its file and line; the rest is read. A file that
cannot be read (a .parquet that is not Parquet) is reported by name; the others are still read.

${ALERT_FORMAT_HELP}

Alerts never contain request parameters other than those each detection lists (no command texts, no
secret or token values); anything credential-like that slips through is replaced by a fingerprint.

Exit codes: 0 no alert at or above --fail-on · 1 alerts · 2 usage or unreadable input ·
3 a detection could not run`,
  );
  command.action(async (flags: DetectFlags) => {
    if (flags.list) {
      io.stdout.write(listDetections());
      return;
    }
    const output: AlertOutputRequest = {
      formats: parseAlertFormats(flags.format),
      ...(flags.output ? { output: flags.output } : {}),
      ...(flags.outputDir ? { outputDir: flags.outputDir } : {}),
    };
    checkAlertOutput(output);
    // Before any log is read: a long detection run must not end in "cannot write".
    const cachePath = flags.cache ?? (flags.state ? `${flags.state}.duckdb` : undefined);
    await checkOutputPaths({
      files: [
        ...(output.output ? [{ option: "--output", path: output.output }] : []),
        ...(flags.state ? [{ option: "--state", path: flags.state }] : []),
        ...(cachePath && !flags.warehouse ? [{ option: flags.cache ? "--cache" : "--state", path: cachePath }] : []),
      ],
      ...(output.outputDir
        ? {
            directory: {
              option: "--output-dir",
              path: output.outputDir,
              names: output.formats.map((format) => ALERT_FILE_NAMES[format]),
            },
          }
        : {}),
    });
    if (!flags.logs?.length && !flags.warehouse && !flags.cache)
      throw new InputError(
        "nothing to read",
        "Give --logs PATH... (log files or directories) or --warehouse ID (with --host); `lakeward gen-logs` writes sample logs.",
      );
    if (flags.logs?.length && flags.warehouse) throw new InputError("give --logs or --warehouse, not both");
    if (flags.cache && flags.warehouse) throw new InputError("--cache keeps log files' events: give it with --logs");
    const store = flags.state ? new FileWatermarkStore(resolve(flags.state)) : undefined;
    const maxEvents = Number(flags.maxEvents);
    if (!Number.isInteger(maxEvents) || maxEvents < 1 || maxEvents > 1000)
      throw new InputError(`--max-events ${flags.maxEvents}: give a whole number from 1 to 1000`);
    const detections = selectDetections(flags.only);
    const thresholds = parseThresholdOverrides(flags.threshold ?? []);
    const now = Date.now();
    const window: TimeWindow = {};
    const since = flags.since ?? (flags.warehouse ? "30d" : undefined);
    if (since) window.sinceMs = parseTime(since, "--since", now);
    if (flags.until) window.untilMs = parseTime(flags.until, "--until", now);
    const progress = (message: string) => {
      if (!flags.quiet) io.stderr.write(colorsFor(io.stderr).dim(`${message}\n`));
    };

    let source: DetectSource;
    if (flags.logs?.length || flags.cache) {
      source = {
        kind: "logs",
        paths: flags.logs ?? [],
        ...(flags.logFormat ? { format: flags.logFormat as LogFormat } : {}),
        ...(cachePath ? { cacheFile: cachePath } : {}),
      };
    } else {
      const rawHost = flags.host ?? process.env.DATABRICKS_HOST;
      if (!rawHost) throw new InputError("--warehouse needs the workspace: give --host URL or set DATABRICKS_HOST");
      const host = checkEndpoint(rawHost.includes("://") ? rawHost : `https://${rawHost}`, "--host")
        .toString()
        .replace(/\/$/, "");
      const timeout = Number(flags.statementTimeout);
      if (!Number.isFinite(timeout) || timeout <= 0)
        throw new InputError(`--statement-timeout ${flags.statementTimeout}: give seconds`);
      const ca = flags.caFile ? await readCaFile(flags.caFile) : undefined;
      source = {
        kind: "warehouse",
        warehouse: {
          host,
          warehouseId: flags.warehouse!,
          auth: {
            mode: flags.databricksAuth,
            ...(flags.databricksProfile ? { profile: flags.databricksProfile } : {}),
          },
          timeoutMs: timeout * 1000,
          ...(ca ? { ca } : {}),
        },
      };
    }
    const { document } = await runDetectSource(source, {
      detections,
      thresholds,
      window,
      maxEvents,
      ...(store ? { watermarks: store } : {}),
      progress,
      onProblems: (problems) => {
        if (!flags.quiet) for (const problem of problems.slice(0, 20)) io.stderr.write(`${formatProblem(problem)}\n`);
      },
    });

    const written = await writeAlertReports(document, output, io.stdout, useColor(io.stdout));
    if (!flags.quiet) for (const file of written) io.stderr.write(colorsFor(io.stderr).dim(`wrote ${file}\n`));
    exit.code = detectExitCode(document, flags.failOn);
  });
}
