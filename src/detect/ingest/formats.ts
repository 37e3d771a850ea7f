/**
 * The audit log formats lakeward reads, how each is recognised from a file's first bytes, and how each is
 * mapped onto the normalised schema (schema.ts) in DuckDB SQL. The mapping reads every file of a format
 * in one `read_json`/`read_csv`/`read_parquet` call with explicit columns, so DuckDB parses each line once
 * and in parallel; values that a source writes as JSON strings (`identity`, `requestParams`, `Response`)
 * are unwrapped by the `lw_json` macro (macros.ts).
 */

export const LOG_FORMATS = {
  diagnostic:
    "Azure diagnostic logs as a storage account receives them (insights-logs-<category>/…/PT1H.json): one JSON record per line",
  eventhub: 'Event Hub messages: {"records":[…diagnostic records…]}, one per line or one per file',
  "log-analytics-json":
    "Log Analytics export as JSON (az monitor log-analytics query -o json): rows of the Databricks* tables, array or lines",
  "log-analytics-csv": "Log Analytics export as CSV (portal export), one table per file, header row",
  "system-table-json": "system.access.audit exported as JSON lines (e.g. Spark df.write.json)",
  "system-table-parquet": "system.access.audit exported as Parquet",
  "databricks-json":
    "Databricks audit log delivery JSON (camelCase serviceName/actionName/userIdentity, epoch-ms timestamp), one record per line",
} as const;

export type LogFormat = keyof typeof LOG_FORMATS;

export const LOG_FORMAT_NAMES = Object.keys(LOG_FORMATS) as LogFormat[];

/** Whether a format is read line by line (bad lines have line numbers). */
export function isLineFormat(format: LogFormat): boolean {
  return format !== "system-table-parquet" && format !== "log-analytics-csv";
}

/**
 * Recognises a format from the first bytes of a file. Returns undefined when the text is not an audit
 * log lakeward knows (or is the gen-logs manifest, which lives next to generated logs).
 */
export function sniffText(head: string): LogFormat | "manifest" | undefined {
  const text = head.replace(/^\uFEFF/, "");
  const start = text.trimStart();
  if (/"kind"\s*:\s*"lakeward-gen-logs-manifest"/.test(text)) return "manifest";
  if (start.startsWith("{") || start.startsWith("[")) {
    if (/"records"\s*:\s*\[/.test(text)) return "eventhub";
    if (/"TimeGenerated"\s*:/.test(text)) return "log-analytics-json";
    if (/"event_time"\s*:/.test(text) && /"action_name"\s*:/.test(text)) return "system-table-json";
    if (/"operationName"\s*:/.test(text) && /"category"\s*:/.test(text)) return "diagnostic";
    if (/"actionName"\s*:/.test(text) && /"serviceName"\s*:/.test(text)) return "databricks-json";
    return undefined;
  }
  const firstLine = start.split(/\r?\n/, 1)[0] ?? "";
  if (/(^|,)"?TimeGenerated( \[UTC\])?"?(,|$)/.test(firstLine) && /ActionName|OperationName/.test(firstLine))
    return "log-analytics-csv";
  return undefined;
}

// --- SQL --------------------------------------------------------------------------------------------

/** SQL for a list of file paths. Paths are passed as literals: single quotes doubled. */
export function fileList(files: readonly string[]): string {
  return `[${files.map((file) => `'${file.replaceAll("'", "''")}'`).join(", ")}]`;
}

/**
 * `hive_partitioning = false`: storage paths hold `resourceId=/SUBSCRIPTIONS/…`, `y=2026/m=11/…` and
 * `event_date=…` segments, which DuckDB would otherwise turn into columns that shadow the real ones.
 */
const JSON_READ_OPTIONS =
  "ignore_errors = true, filename = true, hive_partitioning = false, maximum_object_size = 268435456";

const DIAGNOSTIC_PROPERTIES =
  "STRUCT(actionName VARCHAR, serviceName VARCHAR, sourceIPAddress VARCHAR, userAgent VARCHAR, sessionId VARCHAR, requestId VARCHAR, requestParams JSON, response JSON)";

/** The normalised SELECT list over a relation with the diagnostic record's columns. */
function diagnosticSelect(): string {
  return `lw_time(time) AS event_time,
  lower(resourceId) AS workspace_id,
  'WORKSPACE_LEVEL' AS audit_level,
  coalesce(nullif(properties.serviceName, ''), category) AS service_name,
  lw_action(properties.actionName, operationName) AS action_name,
  lower(lw_json(identity) ->> '$.email') AS principal,
  lw_ip(properties.sourceIPAddress) AS source_ip,
  properties.userAgent AS user_agent,
  properties.sessionId AS session_id,
  properties.requestId AS request_id,
  lw_params(properties.requestParams) AS request_params,
  TRY_CAST(lw_json(properties.response) ->> '$.statusCode' AS INTEGER) AS status_code,
  lw_json(properties.response) ->> '$.errorMessage' AS error_message,
  filename AS source_file`;
}

const DIAGNOSTIC_COLUMNS = `{time: 'VARCHAR', resourceId: 'VARCHAR', category: 'VARCHAR', operationName: 'VARCHAR', identity: 'JSON', properties: '${DIAGNOSTIC_PROPERTIES}'}`;

const DIAGNOSTIC_STRUCTURE = JSON.stringify({
  time: "VARCHAR",
  resourceId: "VARCHAR",
  category: "VARCHAR",
  operationName: "VARCHAR",
  identity: "JSON",
  properties: {
    actionName: "VARCHAR",
    serviceName: "VARCHAR",
    sourceIPAddress: "VARCHAR",
    userAgent: "VARCHAR",
    sessionId: "VARCHAR",
    requestId: "VARCHAR",
    requestParams: "JSON",
    response: "JSON",
  },
});

/** Column names of a Log Analytics CSV header, resolved to what the mapping needs. */
export interface CsvColumns {
  [logical: string]: string | undefined;
}

const LA_FIELDS = [
  "TimeGenerated",
  "Category",
  "OperationName",
  "ActionName",
  "ServiceName",
  "Identity",
  "RequestParams",
  "Response",
  "SourceIPAddress",
  "UserAgent",
  "SessionId",
  "RequestId",
  "_ResourceId",
] as const;

/** Maps a CSV header to the Log Analytics fields ("TimeGenerated [UTC]" counts as TimeGenerated). */
export function csvColumns(header: readonly string[]): CsvColumns {
  const columns: CsvColumns = {};
  for (const field of LA_FIELDS) {
    columns[field] = header.find(
      (name) => name === field || name.replace(/\s*\[[^\]]*\]$/, "") === field || name === `${field}_s`,
    );
  }
  return columns;
}

function laSelect(column: (field: (typeof LA_FIELDS)[number], kind?: "json") => string): string {
  return `lw_time(${column("TimeGenerated")}) AS event_time,
  lower(${column("_ResourceId")}) AS workspace_id,
  'WORKSPACE_LEVEL' AS audit_level,
  coalesce(nullif(${column("ServiceName")}, ''), ${column("Category")}) AS service_name,
  lw_action(${column("ActionName")}, ${column("OperationName")}) AS action_name,
  lower(lw_json(${column("Identity", "json")}) ->> '$.email') AS principal,
  lw_ip(${column("SourceIPAddress")}) AS source_ip,
  ${column("UserAgent")} AS user_agent,
  ${column("SessionId")} AS session_id,
  ${column("RequestId")} AS request_id,
  lw_params(${column("RequestParams", "json")}) AS request_params,
  TRY_CAST(lw_json(${column("Response", "json")}) ->> '$.statusCode' AS INTEGER) AS status_code,
  lw_json(${column("Response", "json")}) ->> '$.errorMessage' AS error_message,
  filename AS source_file`;
}

/** Parquet column types as DESCRIBE reports them, by column name. */
export type ParquetSchema = Record<string, string>;

/** SELECT (normalised columns) reading the files of one format. */
export function formatSelect(
  format: Exclude<LogFormat, "log-analytics-csv" | "system-table-parquet">,
  files: readonly string[],
  layout: "lines" | "document" = "lines",
): string {
  const list = fileList(files);
  const jf = layout === "document" ? "'auto'" : "'newline_delimited'";
  switch (format) {
    case "diagnostic":
      return `SELECT ${diagnosticSelect()}
FROM read_json(${list}, format = ${jf}, records = true, ${JSON_READ_OPTIONS}, columns = ${DIAGNOSTIC_COLUMNS})`;
    case "eventhub":
      return `SELECT ${diagnosticSelect()}
FROM (
  SELECT r.*, filename FROM (
    SELECT json_transform(rec, '${DIAGNOSTIC_STRUCTURE}') AS r, filename
    FROM (
      SELECT unnest(CASE WHEN json_type(records) = 'ARRAY' THEN CAST(records AS JSON[]) ELSE [NULL::JSON] END) AS rec, filename
      FROM read_json(${list}, format = ${jf}, records = true, ${JSON_READ_OPTIONS}, columns = {records: 'JSON'})
    )
  )
)`;
    case "log-analytics-json":
      return `SELECT ${laSelect((field) => `"${field}"`)}
FROM read_json(${list}, format = ${jf}, records = true, ${JSON_READ_OPTIONS}, columns = {${LA_FIELDS.map(
        (field) => `"${field}": '${["Identity", "RequestParams", "Response"].includes(field) ? "JSON" : "VARCHAR"}'`,
      ).join(", ")}})`;
    case "system-table-json":
      return `SELECT lw_time(event_time) AS event_time,
  workspace_id, coalesce(audit_level, 'WORKSPACE_LEVEL') AS audit_level, service_name, action_name,
  lower(lw_json(user_identity) ->> '$.email') AS principal,
  lw_ip(source_ip_address) AS source_ip, user_agent, session_id, request_id,
  lw_params(request_params) AS request_params,
  TRY_CAST(lw_json(response) ->> '$.status_code' AS INTEGER) AS status_code,
  lw_json(response) ->> '$.error_message' AS error_message,
  filename AS source_file
FROM read_json(${list}, format = ${jf}, records = true, ${JSON_READ_OPTIONS}, columns = {event_time: 'VARCHAR', workspace_id: 'VARCHAR', audit_level: 'VARCHAR', service_name: 'VARCHAR', action_name: 'VARCHAR', user_identity: 'JSON', source_ip_address: 'VARCHAR', user_agent: 'VARCHAR', session_id: 'VARCHAR', request_id: 'VARCHAR', request_params: 'JSON', response: 'JSON'})`;
    case "databricks-json":
      return `SELECT lw_time("timestamp") AS event_time,
  workspaceId AS workspace_id, coalesce(auditLevel, 'WORKSPACE_LEVEL') AS audit_level, serviceName AS service_name,
  actionName AS action_name,
  lower(lw_json(userIdentity) ->> '$.email') AS principal,
  lw_ip(sourceIPAddress) AS source_ip, userAgent AS user_agent, sessionId AS session_id, requestId AS request_id,
  lw_params(requestParams) AS request_params,
  TRY_CAST(lw_json(response) ->> '$.statusCode' AS INTEGER) AS status_code,
  lw_json(response) ->> '$.errorMessage' AS error_message,
  filename AS source_file
FROM read_json(${list}, format = ${jf}, records = true, ${JSON_READ_OPTIONS}, columns = {"timestamp": 'VARCHAR', workspaceId: 'VARCHAR', auditLevel: 'VARCHAR', serviceName: 'VARCHAR', actionName: 'VARCHAR', userIdentity: 'JSON', sourceIPAddress: 'VARCHAR', userAgent: 'VARCHAR', sessionId: 'VARCHAR', requestId: 'VARCHAR', requestParams: 'JSON', response: 'JSON'})`;
  }
}

/** SELECT over Log Analytics CSV files that share one header. */
export function csvSelect(files: readonly string[], columns: CsvColumns, rejectsTable: string): string {
  const column = (field: (typeof LA_FIELDS)[number], kind?: "json") => {
    const name = columns[field];
    if (!name) return "NULL";
    const quoted = `"${name.replaceAll('"', '""')}"`;
    return kind === "json" ? `TRY_CAST(${quoted} AS JSON)` : quoted;
  };
  return `SELECT ${laSelect(column)}
FROM read_csv(${fileList(files)}, header = true, all_varchar = true, filename = true, hive_partitioning = false, store_rejects = true,
  rejects_table = '${rejectsTable}', rejects_scan = '${rejectsTable}_scan', max_line_size = 67108864, auto_detect = true)`;
}

/** SELECT over Parquet files exported from system.access.audit, adapting to the columns they have. */
export function parquetSelect(files: readonly string[], schema: ParquetSchema): string {
  const has = (name: string) => name in schema;
  const type = (name: string) => (schema[name] ?? "").toUpperCase();
  const text = (name: string) => (has(name) ? `CAST(${name} AS VARCHAR)` : "NULL");
  const time = !has("event_time")
    ? "NULL"
    : /^TIMESTAMP/.test(type("event_time"))
      ? "CAST(event_time AS TIMESTAMP)"
      : "lw_time(CAST(event_time AS VARCHAR))";
  const email = !has("user_identity")
    ? "NULL"
    : type("user_identity").startsWith("STRUCT")
      ? "lower(user_identity.email)"
      : "lower(lw_json(TRY_CAST(user_identity AS JSON)) ->> '$.email')";
  const params = !has("request_params")
    ? "NULL"
    : type("request_params").startsWith("MAP")
      ? "CAST(request_params AS MAP(VARCHAR, VARCHAR))"
      : "lw_params(TRY_CAST(request_params AS JSON))";
  const responseField = (field: string) =>
    !has("response")
      ? "NULL"
      : type("response").startsWith("STRUCT")
        ? `response.${field}`
        : `lw_json(TRY_CAST(response AS JSON)) ->> '$.${field}'`;
  return `SELECT ${time} AS event_time,
  ${text("workspace_id")} AS workspace_id,
  coalesce(${text("audit_level")}, 'WORKSPACE_LEVEL') AS audit_level,
  ${text("service_name")} AS service_name,
  ${text("action_name")} AS action_name,
  ${email} AS principal,
  lw_ip(${text("source_ip_address")}) AS source_ip,
  ${text("user_agent")} AS user_agent,
  ${text("session_id")} AS session_id,
  ${text("request_id")} AS request_id,
  ${params} AS request_params,
  TRY_CAST(${responseField("status_code")} AS INTEGER) AS status_code,
  CAST(${responseField("error_message")} AS VARCHAR) AS error_message,
  filename AS source_file
FROM read_parquet(${fileList(files)}, filename = true, union_by_name = true, hive_partitioning = false)`;
}

/** DuckDB macros the format mappings use. Created once per connection. */
export const INGEST_MACROS = [
  // A JSON value that may be a JSON string holding JSON (Azure writes identity and requestParams both ways).
  `CREATE OR REPLACE MACRO lw_json(j) AS CASE WHEN j IS NULL THEN NULL WHEN json_type(j) = 'VARCHAR' THEN TRY_CAST(j ->> '$' AS JSON) ELSE j END`,
  `CREATE OR REPLACE MACRO lw_params(j) AS TRY_CAST(lw_json(j) AS MAP(VARCHAR, VARCHAR))`,
  // ISO 8601 (any precision, Z or offset), Log Analytics portal CSV ("11/20/2026, 8:00:00.123 AM"), epoch s or ms.
  `CREATE OR REPLACE MACRO lw_time(x) AS coalesce(
    TRY_CAST(TRY_CAST(x AS TIMESTAMPTZ) AS TIMESTAMP),
    try_strptime(x, ['%m/%d/%Y, %I:%M:%S.%g %p', '%m/%d/%Y, %I:%M:%S %p', '%m/%d/%Y %I:%M:%S %p']),
    CASE WHEN regexp_matches(x, '^[0-9]{12,14}$') THEN epoch_ms(CAST(x AS BIGINT))
         WHEN regexp_matches(x, '^[0-9]{9,11}$') THEN epoch_ms(CAST(x AS BIGINT) * 1000) END)`,
  `CREATE OR REPLACE MACRO lw_ip(x) AS CASE WHEN regexp_matches(x, '^[0-9.]+:[0-9]+$') THEN regexp_extract(x, '^([0-9.]+):', 1) ELSE nullif(x, '') END`,
  `CREATE OR REPLACE MACRO lw_action(a, op) AS coalesce(nullif(a, ''), nullif(regexp_extract(coalesce(op, ''), '([^/]+)$', 1), ''))`,
];
