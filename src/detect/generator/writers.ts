/**
 * Serialises generated events in each format lakeward ingests, laid out as the real delivery paths lay
 * them out (storage container per category and hourly PT1H.json blobs, Event Hub batches, system table
 * partitions, Log Analytics tables). Writes one day at a time, so memory stays flat whatever the volume.
 */
import { mkdir, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { LocalDatabase } from "../local.ts";
import type { AuditEvent } from "./model.ts";

export const GEN_FORMATS = [
  "diagnostic",
  "eventhub",
  "system-table-json",
  "parquet",
  "log-analytics-json",
  "log-analytics-csv",
  "databricks-json",
] as const;
export type GenFormat = (typeof GEN_FORMATS)[number];

export const ACCOUNT_ID = "7f3c2a10-4b6d-4e8f-9a1b-2c3d4e5f6a7b";

const pad = (n: number, width = 2) => String(n).padStart(width, "0");

/** ISO time with the 7 fractional digits Azure writes. */
const azureTime = (ms: number) => new Date(ms).toISOString().replace(/\.(\d{3})Z$/, ".$10000Z");

/** A deterministic coin per event (the writers have no random stream of their own). */
const flip = (event: AuditEvent, salt: number) => (event.requestId.charCodeAt(salt % 8) & 1) === 1;

export function diagnosticRecord(event: AuditEvent): Record<string, unknown> {
  const identity = { email: event.email, subjectName: null };
  const response = {
    statusCode: event.status,
    ...(event.errorMessage ? { errorMessage: event.errorMessage } : {}),
    ...(event.result ? { result: event.result } : {}),
  };
  return {
    time: azureTime(event.time),
    resourceId: event.workspace.resourceId,
    category: event.service,
    operationName: `Microsoft.Databricks/${event.service}/${event.action}`,
    operationVersion: "1.0.0",
    // Azure writes these nested values sometimes as objects, sometimes as JSON strings.
    identity: flip(event, 0) ? JSON.stringify(identity) : identity,
    properties: {
      actionName: event.action,
      logId: event.requestId.split("").reverse().join(""),
      serviceName: event.service,
      userAgent: event.userAgent,
      response: flip(event, 1) ? JSON.stringify(response) : response,
      sessionId: event.sessionId,
      sourceIPAddress: flip(event, 2) ? `${event.ip}:0` : event.ip,
      requestId: event.requestId,
      requestParams: flip(event, 3) ? JSON.stringify(event.params) : event.params,
    },
    Host: `${event.workspace.id.slice(0, 4)}-000000-lakeward-10-139-64-4`,
  };
}

export function systemTableRecord(event: AuditEvent): Record<string, unknown> {
  const iso = new Date(event.time).toISOString();
  return {
    account_id: ACCOUNT_ID,
    workspace_id: event.accountLevel ? "0" : event.workspace.id,
    version: "2.0",
    event_time: iso,
    event_date: iso.slice(0, 10),
    source_ip_address: event.ip,
    user_agent: event.userAgent,
    session_id: event.sessionId,
    user_identity: { email: event.email, subject_name: null },
    service_name: event.service,
    action_name: event.action,
    request_id: event.requestId,
    request_params: event.params,
    response: { status_code: event.status, error_message: event.errorMessage, result: event.result ?? null },
    audit_level: event.accountLevel ? "ACCOUNT_LEVEL" : "WORKSPACE_LEVEL",
    event_id: event.requestId,
    identity_metadata: null,
  };
}

export function databricksRecord(event: AuditEvent): Record<string, unknown> {
  return {
    version: "2.0",
    auditLevel: event.accountLevel ? "ACCOUNT_LEVEL" : "WORKSPACE_LEVEL",
    timestamp: event.time,
    orgId: event.workspace.id,
    workspaceId: event.workspace.id,
    accountId: ACCOUNT_ID,
    sourceIPAddress: event.ip,
    userAgent: event.userAgent,
    sessionId: event.sessionId,
    userIdentity: { email: event.email },
    serviceName: event.service,
    actionName: event.action,
    requestId: event.requestId,
    requestParams: event.params,
    response: { statusCode: event.status, errorMessage: event.errorMessage, result: event.result ?? null },
  };
}

const LA_TABLES: Record<string, string> = {
  accounts: "DatabricksAccounts",
  clusters: "DatabricksClusters",
  notebook: "DatabricksNotebook",
  secrets: "DatabricksSecrets",
  workspace: "DatabricksWorkspace",
  jobs: "DatabricksJobs",
  databrickssql: "DatabricksDatabricksSQL",
  unityCatalog: "DatabricksUnityCatalog",
  genie: "DatabricksGenie",
  globalInitScripts: "DatabricksGlobalInitScripts",
  clusterLibraries: "DatabricksClusterLibraries",
  dbfs: "DatabricksDBFS",
  groups: "DatabricksWorkspace",
};
export const laTable = (service: string) =>
  LA_TABLES[service] ?? `Databricks${service.charAt(0).toUpperCase()}${service.slice(1)}`;

export function logAnalyticsRow(event: AuditEvent): Record<string, unknown> {
  return {
    TenantId: "00000000-0000-0000-0000-000000000000",
    TimeGenerated: new Date(event.time).toISOString(),
    Category: event.service,
    OperationName: `Microsoft.Databricks/${event.service}/${event.action}`,
    OperationVersion: "1.0.0",
    ActionName: event.action,
    Identity: JSON.stringify({ email: event.email, subjectName: null }),
    RequestId: event.requestId,
    RequestParams: JSON.stringify(event.params),
    Response: JSON.stringify({
      statusCode: event.status,
      ...(event.errorMessage ? { errorMessage: event.errorMessage } : {}),
      ...(event.result ? { result: event.result } : {}),
    }),
    ServiceName: event.service,
    SessionId: event.sessionId ?? "",
    SourceIPAddress: event.ip,
    UserAgent: event.userAgent,
    LogId: event.requestId,
    _ResourceId: event.workspace.resourceId.toLowerCase(),
    Type: laTable(event.service),
  };
}

/** The Azure portal's CSV time format: "11/20/2026, 8:00:00.123 AM". */
function portalTime(ms: number): string {
  const d = new Date(ms);
  const h = d.getUTCHours();
  return `${d.getUTCMonth() + 1}/${d.getUTCDate()}/${d.getUTCFullYear()}, ${h % 12 === 0 ? 12 : h % 12}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}.${pad(d.getUTCMilliseconds(), 3)} ${h < 12 ? "AM" : "PM"}`;
}

const csvCell = (value: unknown) => {
  const text = value === null || value === undefined ? "" : String(value);
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
};

const CSV_COLUMNS = [
  "TenantId",
  "TimeGenerated [UTC]",
  "Category",
  "OperationName",
  "OperationVersion",
  "ActionName",
  "Identity",
  "RequestId",
  "RequestParams",
  "Response",
  "ServiceName",
  "SessionId",
  "SourceIPAddress",
  "UserAgent",
  "LogId",
  "_ResourceId",
  "Type",
];

function csvLine(event: AuditEvent): string {
  const row = logAnalyticsRow(event);
  row["TimeGenerated [UTC]"] = portalTime(event.time);
  return CSV_COLUMNS.map((column) => csvCell(row[column])).join(",");
}

export interface WriteStats {
  files: number;
  bytes: number;
}

/** Writes the days it is given under `out` in one format. */
export class LogWriter {
  private readonly out: string;
  private readonly format: GenFormat;
  readonly stats: WriteStats = { files: 0, bytes: 0 };
  private db: LocalDatabase | undefined;

  constructor(out: string, format: GenFormat) {
    this.out = out;
    this.format = format;
  }

  private readonly made = new Set<string>();

  private async put(path: string, text: string): Promise<void> {
    const file = join(this.out, path);
    const dir = dirname(file);
    if (!this.made.has(dir)) {
      await mkdir(dir, { recursive: true });
      this.made.add(dir);
    }
    await writeFile(file, text);
    this.stats.files++;
    this.stats.bytes += Buffer.byteLength(text);
  }

  /** Writes one day's events (sorted by time). */
  async writeDay(events: readonly AuditEvent[], dayMs: number): Promise<void> {
    const date = new Date(dayMs).toISOString().slice(0, 10);
    const [y, m, d] = date.split("-");
    const bucket = new Map<string, string[]>();
    const add = (key: string, line: string) => {
      const lines = bucket.get(key);
      if (lines) lines.push(line);
      else bucket.set(key, [line]);
    };
    switch (this.format) {
      case "diagnostic":
        for (const event of events) {
          const hour = pad(new Date(event.time).getUTCHours());
          add(
            `insights-logs-${event.service}/resourceId=${event.workspace.resourceId}/y=${y}/m=${m}/d=${d}/h=${hour}/m=00/PT1H.json`,
            JSON.stringify(diagnosticRecord(event)),
          );
        }
        break;
      case "eventhub": {
        const byHour = new Map<string, AuditEvent[]>();
        for (const event of events) {
          const key = `eventhub/lakeward-ns/databricks-diagnostics/${y}/${m}/${d}/${pad(new Date(event.time).getUTCHours())}.json`;
          const list = byHour.get(key) ?? [];
          list.push(event);
          byHour.set(key, list);
        }
        for (const [key, list] of byHour)
          for (let i = 0; i < list.length; i += 100)
            add(key, JSON.stringify({ records: list.slice(i, i + 100).map(diagnosticRecord) }));
        break;
      }
      case "system-table-json":
        for (const event of events)
          add(`system.access.audit/event_date=${date}/part-00000.json`, JSON.stringify(systemTableRecord(event)));
        break;
      case "databricks-json":
        for (const event of events)
          add(`databricks-audit-logs/date=${date}/auditlogs.json`, JSON.stringify(databricksRecord(event)));
        break;
      case "log-analytics-json": {
        const tables = new Map<string, string[]>();
        for (const event of events) {
          const key = `log-analytics/${laTable(event.service)}/${date}.json`;
          const list = tables.get(key) ?? [];
          list.push(JSON.stringify(logAnalyticsRow(event), null, 2).replace(/^/gm, "  "));
          tables.set(key, list);
        }
        for (const [key, rows] of tables) await this.put(key, `[\n${rows.join(",\n")}\n]\n`);
        return;
      }
      case "log-analytics-csv":
        for (const event of events) {
          const key = `log-analytics/${laTable(event.service)}/${date}.csv`;
          if (!bucket.has(key)) add(key, CSV_COLUMNS.map(csvCell).join(","));
          add(key, csvLine(event));
        }
        break;
      case "parquet":
        await this.writeParquetDay(events, date);
        return;
    }
    for (const [path, lines] of bucket) await this.put(path, `${lines.join("\n")}\n`);
  }

  private async writeParquetDay(events: readonly AuditEvent[], date: string): Promise<void> {
    this.db ??= await LocalDatabase.open();
    const temp = join(tmpdir(), `lakeward-gen-${process.pid}-${date}.json`);
    const file = join(this.out, `system.access.audit/event_date=${date}/part-00000.parquet`);
    await mkdir(dirname(file), { recursive: true });
    try {
      await writeFile(temp, `${events.map((event) => JSON.stringify(systemTableRecord(event))).join("\n")}\n`);
      await this.db.run(`COPY (
  SELECT account_id, workspace_id, version, CAST(event_time AS TIMESTAMP) AS event_time, CAST(event_date AS DATE) AS event_date,
    source_ip_address, user_agent, session_id, user_identity, service_name, action_name, request_id,
    request_params, response, audit_level, event_id
  FROM read_json('${temp.replaceAll("'", "''")}', format = 'newline_delimited', columns = {
    account_id: 'VARCHAR', workspace_id: 'VARCHAR', version: 'VARCHAR', event_time: 'VARCHAR', event_date: 'VARCHAR',
    source_ip_address: 'VARCHAR', user_agent: 'VARCHAR', session_id: 'VARCHAR',
    user_identity: 'STRUCT(email VARCHAR, subject_name VARCHAR)', service_name: 'VARCHAR', action_name: 'VARCHAR',
    request_id: 'VARCHAR', request_params: 'MAP(VARCHAR, VARCHAR)',
    response: 'STRUCT(status_code INTEGER, error_message VARCHAR, result VARCHAR)', audit_level: 'VARCHAR', event_id: 'VARCHAR'})
) TO '${file.replaceAll("'", "''")}' (FORMAT parquet)`);
    } finally {
      await rm(temp, { force: true });
    }
    this.stats.files++;
    this.stats.bytes += (await stat(file)).size;
  }

  async close(): Promise<void> {
    this.db?.close();
    this.db = undefined;
  }
}
