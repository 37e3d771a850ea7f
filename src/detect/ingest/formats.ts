/**
 * The audit log formats lakeward reads, how each is recognised from a file's first bytes, and how each is
 * mapped onto the normalised schema (schema.ts) in DuckDB SQL. The mapping reads every file of a format
 * in one `read_json`/`read_csv`/`read_parquet` call with explicit columns, so DuckDB parses each line once
 * and in parallel; values that a source writes as JSON strings (`identity`, `requestParams`, `Response`)
 * are unwrapped by the `lw_json` macro (INGEST_MACROS below), or read as text where the reader unwraps them.
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

/** A JSON file as DuckDB is told to read it: one record per line, one array of records, or detected. */
export type JsonLayout = "lines" | "array" | "document";

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

/**
 * A file path as DuckDB must be given it to read exactly that file. DuckDB expands glob patterns in every
 * path it reads (`*`, `?`, `[…]`, `**`), so a file named `*.json` would read its whole directory: each
 * glob character becomes a one-character class (`[*]`), which matches only itself. Paths without one are
 * passed as they are (a pattern makes DuckDB list the directory).
 */
export function literalPath(file: string): string {
  return /[*?[\]{}]/.test(file) ? file.replace(/[*?[\]{}]/g, (ch) => `[${ch}]`) : file;
}

/** SQL for a list of file paths: each read literally (literalPath), as a string literal with quotes doubled. */
export function fileList(files: readonly string[]): string {
  return `[${files.map((file) => `'${literalPath(file).replaceAll("'", "''")}'`).join(", ")}]`;
}

/**
 * `hive_partitioning = false`: storage paths hold `resourceId=/SUBSCRIPTIONS/…`, `y=2026/m=11/…` and
 * `event_date=…` segments, which DuckDB would otherwise turn into columns that shadow the real ones.
 */
const JSON_READ_OPTIONS =
  "ignore_errors = true, filename = true, hive_partitioning = false, maximum_object_size = 268435456";

/**
 * `identity`, `requestParams` and `response` are read as VARCHAR, not JSON: for an object the reader then
 * gives its JSON text, and for a JSON string (Azure writes these fields both ways) the string's content —
 * the same JSON text, unwrapped in the same step. They are then read with `lw_text_field`/`lw_text_params`.
 */
const DIAGNOSTIC_PROPERTIES =
  "STRUCT(actionName VARCHAR, serviceName VARCHAR, sourceIPAddress VARCHAR, userAgent VARCHAR, sessionId VARCHAR, requestId VARCHAR, requestParams VARCHAR, response VARCHAR)";

/**
 * How one format maps onto the normalised schema, in two stages. `cheap` columns (time, service, action,
 * status, level) are computed for every row: they are what validity and the `keep` filter need. `heavy`
 * columns (identity, parameters, agents, ids …) are computed only for rows that are kept, which is where
 * the time and memory of a load go. `pass` lists the reader's columns the heavy expressions read.
 */
interface FormatSpec {
  reader: string;
  pass: readonly string[];
  cheap: Record<"event_time" | "service_name" | "action_name" | "status_code" | "audit_level", string>;
  heavy: Record<
    | "workspace_id"
    | "principal"
    | "source_ip"
    | "user_agent"
    | "session_id"
    | "request_id"
    | "request_params"
    | "error_message"
    | "response_result",
    string
  >;
}

/** Normalised columns that a `keep` predicate may use (computed for every row). */
export const KEEP_COLUMNS = ["event_time", "service_name", "action_name", "status_code", "audit_level"] as const;

/**
 * The sequence that counts the rows a `keep` predicate rejects (ingest.ts creates it before loading and
 * reads it after). Rejected rows are counted, not stored: storing ~80% of a load as rows of NULLs and
 * rebuilding the table without them cost about as much as computing the kept rows.
 */
export const REJECTED_COUNTER = "lw_rejected_rows";

/**
 * The SELECT producing the normalised columns plus `source_file` (set for unusable rows only). With a
 * `keep` predicate (SQL over KEEP_COLUMNS) only the usable rows it accepts and the unusable rows (NULL but
 * for `source_file`, which ingest counts per file and drops) are produced; every other row advances
 * REJECTED_COUNTER once — in the ELSE branch of a CASE, which is evaluated for exactly the rows no earlier
 * branch took — and is dropped before its heavy columns are computed. A produced row with an `event_time`
 * is a kept row.
 */
function normalisedSelect(spec: FormatSpec, keep: string | undefined): string {
  const bad = "event_time IS NULL OR action_name IS NULL OR action_name = ''";
  const kept = keep ? `(${keep})` : "TRUE";
  const heavy = Object.entries(spec.heavy)
    .map(([name, expression]) => `CASE WHEN lw_keep THEN ${expression} END AS ${name}`)
    .join(",\n  ");
  return `SELECT ${KEEP_COLUMNS.map((name) => `CASE WHEN lw_keep THEN ${name} END AS ${name}`).join(", ")},
  ${heavy},
  CASE WHEN ${bad} THEN filename END AS source_file
FROM (SELECT *, coalesce(${kept}, FALSE) AND NOT (${bad}) AS lw_keep FROM (
  SELECT ${Object.entries(spec.cheap)
    .map(([name, expression]) => `${expression} AS ${name}`)
    .join(", ")}, ${[...spec.pass, "filename"].join(", ")}
  FROM ${spec.reader}))${keep ? `\nWHERE CASE WHEN lw_keep OR (${bad}) THEN TRUE ELSE nextval('${REJECTED_COUNTER}') < 0 END` : ""}`;
}

const DIAGNOSTIC_COLUMNS = `{time: 'VARCHAR', resourceId: 'VARCHAR', category: 'VARCHAR', operationName: 'VARCHAR', identity: 'VARCHAR', properties: '${DIAGNOSTIC_PROPERTIES}'}`;

/** One diagnostic record as a DuckDB type (an Event Hub message's `records` are a list of them). */
const DIAGNOSTIC_RECORD = `STRUCT(time VARCHAR, resourceId VARCHAR, category VARCHAR, operationName VARCHAR, identity VARCHAR, properties ${DIAGNOSTIC_PROPERTIES})`;

function diagnosticSpec(reader: string): FormatSpec {
  return {
    reader,
    pass: ["resourceId", "identity", "properties"],
    cheap: {
      event_time: "lw_time(time)",
      service_name: "CASE WHEN properties.serviceName <> '' THEN properties.serviceName ELSE category END",
      action_name: "lw_action(properties.actionName, operationName)",
      status_code: "TRY_CAST(lw_text_field(properties.response, '$.statusCode') AS INTEGER)",
      audit_level: "'WORKSPACE_LEVEL'",
    },
    heavy: {
      workspace_id: "lower(resourceId)",
      principal: "lower(lw_text_field(identity, '$.email'))",
      source_ip: "lw_ip(properties.sourceIPAddress)",
      user_agent: "properties.userAgent",
      session_id: "properties.sessionId",
      request_id: "properties.requestId",
      request_params: "lw_text_params(properties.requestParams)",
      error_message: "lw_text_field(properties.response, '$.errorMessage')",
      response_result: "lw_text_field(properties.response, '$.result')",
    },
  };
}

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
type LaField = (typeof LA_FIELDS)[number];

/**
 * Maps the column names of a Log Analytics export (a CSV header, or the keys of JSON rows) to the fields
 * the mapping reads. "TimeGenerated [UTC]" counts as TimeGenerated, `_s` suffixes (AzureDiagnostics mode)
 * are accepted, and names match whatever their case: the newer tables spell `SourceIpAddress` where the
 * older ones have `SourceIPAddress`, and DuckDB matches JSON keys case-sensitively.
 */
export function laColumns(names: readonly string[]): CsvColumns {
  const columns: CsvColumns = {};
  for (const field of LA_FIELDS) {
    const wanted = field.toLowerCase();
    columns[field] = names.find((name) => {
      const plain = name.replace(/\s*\[[^\]]*\]$/, "").toLowerCase();
      return plain === wanted || plain === `${wanted}_s`;
    });
  }
  return columns;
}

/** The Log Analytics columns of a CSV header. */
export const csvColumns = laColumns;

/** Keys of the JSON objects at the start of a file (what a Log Analytics JSON export spells its columns). */
export function jsonKeys(head: string): string[] {
  const keys = new Set<string>();
  for (const match of head.matchAll(/"([A-Za-z_][A-Za-z0-9_]*)"\s*:/g)) keys.add(match[1]!);
  return [...keys];
}

/**
 * Log Analytics rows: `column(field)` is the reader's column (or NULL), as text. Identity, RequestParams
 * and Response are JSON written as strings (or as objects, which the JSON reader gives as their text); the
 * lw_text_* macros parse each once. Reading them as JSON instead cost three parses a value (the reader
 * re-encoded each string as JSON, lw_json decoded it and parsed the result), for Response on every row.
 */
function laSpec(reader: string, column: (field: LaField) => string): FormatSpec {
  const heavyInputs: LaField[] = [
    "_ResourceId",
    "Identity",
    "RequestParams",
    "Response",
    "SourceIPAddress",
    "UserAgent",
    "SessionId",
    "RequestId",
  ];
  return {
    reader,
    pass: heavyInputs.map(column).filter((name) => name !== "NULL"),
    cheap: {
      event_time: `lw_time(${column("TimeGenerated")})`,
      service_name: `coalesce(nullif(${column("ServiceName")}, ''), ${column("Category")})`,
      action_name: `lw_action(${column("ActionName")}, ${column("OperationName")})`,
      status_code: `TRY_CAST(lw_text_field(${column("Response")}, '$.statusCode') AS INTEGER)`,
      audit_level: "'WORKSPACE_LEVEL'",
    },
    heavy: {
      workspace_id: `lower(${column("_ResourceId")})`,
      principal: `lower(lw_text_field(${column("Identity")}, '$.email'))`,
      source_ip: `lw_ip(${column("SourceIPAddress")})`,
      user_agent: column("UserAgent"),
      session_id: column("SessionId"),
      request_id: column("RequestId"),
      request_params: `lw_text_params(${column("RequestParams")})`,
      error_message: `lw_text_field(${column("Response")}, '$.errorMessage')`,
      response_result: `lw_text_field(${column("Response")}, '$.result')`,
    },
  };
}

/** Parquet column types as DESCRIBE reports them, by column name. */
export type ParquetSchema = Record<string, string>;

/** The system.access.audit columns the heavy (kept-rows-only) expressions read, in JSON and Parquet exports. */
const SYSTEM_TABLE_HEAVY_INPUTS = [
  "workspace_id",
  "user_identity",
  "source_ip_address",
  "user_agent",
  "session_id",
  "request_id",
  "request_params",
  "response",
] as const;

/** SELECT (normalised columns) reading the files of one JSON format. */
export function formatSelect(
  format: Exclude<LogFormat, "log-analytics-csv" | "system-table-parquet">,
  files: readonly string[],
  layout: JsonLayout = "lines",
  keep?: string,
  /** log-analytics-json: the file's spelling of each field (laColumns of its keys); default: the usual names. */
  laNames?: CsvColumns,
): string {
  const list = fileList(files);
  const jf = layout === "array" ? "'array'" : layout === "document" ? "'auto'" : "'newline_delimited'";
  const read = (columns: string) =>
    `read_json(${list}, format = ${jf}, records = true, ${JSON_READ_OPTIONS}, columns = ${columns})`;
  switch (format) {
    case "diagnostic":
      return normalisedSelect(diagnosticSpec(read(DIAGNOSTIC_COLUMNS)), keep);
    case "eventhub":
      // The reader turns `records` into a list of the diagnostic struct itself, so each message is parsed
      // once (reading it as JSON and transforming each record parsed it three times). A message whose
      // `records` is missing or not a list of objects gives one empty record: an unusable row, counted
      // and located like a bad line.
      return normalisedSelect(
        diagnosticSpec(`(
  SELECT rec.*, filename FROM (
    SELECT unnest(coalesce(records, [NULL])) AS rec, filename
    FROM ${read(`{records: '${DIAGNOSTIC_RECORD}[]'}`)}
  )
)`),
        keep,
      );
    case "log-analytics-json": {
      // Each field under the name the file spells it (laColumns); fields the file lacks are read as NULL.
      const names = laNames ?? {};
      const nameOf = (field: LaField) => (names[field] ?? field).replaceAll('"', '""');
      // Every field as VARCHAR: for a JSON string (how Log Analytics writes Identity, RequestParams and
      // Response) the reader gives its content, for an object its JSON text (see laSpec).
      const columns = `{${LA_FIELDS.map((field) => `"${nameOf(field)}": 'VARCHAR'`).join(", ")}}`;
      return normalisedSelect(
        laSpec(read(columns), (field) => `"${nameOf(field)}"`),
        keep,
      );
    }
    case "system-table-json":
      return normalisedSelect(
        {
          reader: read(
            "{event_time: 'VARCHAR', workspace_id: 'VARCHAR', audit_level: 'VARCHAR', service_name: 'VARCHAR', action_name: 'VARCHAR', user_identity: 'JSON', source_ip_address: 'VARCHAR', user_agent: 'VARCHAR', session_id: 'VARCHAR', request_id: 'VARCHAR', request_params: 'JSON', response: 'JSON'}",
          ),
          pass: SYSTEM_TABLE_HEAVY_INPUTS,
          cheap: {
            event_time: "lw_time(event_time)",
            service_name: "service_name",
            action_name: "action_name",
            status_code: "TRY_CAST(lw_json(response) ->> '$.status_code' AS INTEGER)",
            audit_level: "coalesce(audit_level, 'WORKSPACE_LEVEL')",
          },
          heavy: {
            workspace_id: "workspace_id",
            principal: "lower(lw_json(user_identity) ->> '$.email')",
            source_ip: "lw_ip(source_ip_address)",
            user_agent: "user_agent",
            session_id: "session_id",
            request_id: "request_id",
            request_params: "lw_params(request_params)",
            error_message: "lw_json(response) ->> '$.error_message'",
            response_result: "lw_json(response) ->> '$.result'",
          },
        },
        keep,
      );
    case "databricks-json":
      return normalisedSelect(
        {
          reader: read(
            `{"timestamp": 'VARCHAR', workspaceId: 'VARCHAR', auditLevel: 'VARCHAR', serviceName: 'VARCHAR', actionName: 'VARCHAR', userIdentity: 'JSON', sourceIPAddress: 'VARCHAR', userAgent: 'VARCHAR', sessionId: 'VARCHAR', requestId: 'VARCHAR', requestParams: 'JSON', response: 'JSON'}`,
          ),
          pass: [
            "workspaceId",
            "userIdentity",
            "sourceIPAddress",
            "userAgent",
            "sessionId",
            "requestId",
            "requestParams",
            "response",
          ],
          cheap: {
            event_time: `lw_time("timestamp")`,
            service_name: "serviceName",
            action_name: "actionName",
            status_code: "TRY_CAST(lw_json(response) ->> '$.statusCode' AS INTEGER)",
            audit_level: "coalesce(auditLevel, 'WORKSPACE_LEVEL')",
          },
          heavy: {
            workspace_id: "workspaceId",
            principal: "lower(lw_json(userIdentity) ->> '$.email')",
            source_ip: "lw_ip(sourceIPAddress)",
            user_agent: "userAgent",
            session_id: "sessionId",
            request_id: "requestId",
            request_params: "lw_params(requestParams)",
            error_message: "lw_json(response) ->> '$.errorMessage'",
            response_result: "lw_json(response) ->> '$.result'",
          },
        },
        keep,
      );
  }
}

/**
 * SELECT over Log Analytics CSV files that share one header (the portal's export: comma-separated, fields
 * quoted with `"` and `""` inside). The header's names are given to DuckDB with its sniffer off: sniffing
 * each of hundreds of daily files cost about 0.4 s per million rows. A header DuckDB could not take as
 * given (no names, or two that differ only in case) is left to the sniffer.
 */
export function csvSelect(
  files: readonly string[],
  header: readonly string[],
  rejectsTable: string,
  keep?: string,
): string {
  const columns = csvColumns(header);
  const column = (field: LaField) => {
    const name = columns[field];
    return name ? `"${name.replaceAll('"', '""')}"` : "NULL";
  };
  const lower = header.map((name) => name.toLowerCase());
  const explicit = header.length > 0 && !lower.includes("") && new Set(lower).size === header.length;
  const layout = explicit
    ? `auto_detect = false, delim = ',', quote = '"', escape = '"', columns = {${header
        .map((name) => `'${name.replaceAll("'", "''")}': 'VARCHAR'`)
        .join(", ")}}`
    : "all_varchar = true, auto_detect = true";
  const reader = `read_csv(${fileList(files)}, header = true, ${layout}, filename = true, hive_partitioning = false,
  store_rejects = true, rejects_table = '${rejectsTable}', rejects_scan = '${rejectsTable}_scan', max_line_size = 67108864, buffer_size = 67108864)`;
  return normalisedSelect(laSpec(reader, column), keep);
}

/** SELECT over Parquet files exported from system.access.audit, adapting to the columns they have. */
export function parquetSelect(files: readonly string[], schema: ParquetSchema, keep?: string): string {
  const has = (name: string) => name in schema;
  const type = (name: string) => (schema[name] ?? "").toUpperCase();
  const text = (name: string) => (has(name) ? `CAST(${name} AS VARCHAR)` : "NULL");
  // An export may lack a field of the response struct (older ones have no `result`): NULL then.
  const responseField = (field: string) =>
    !has("response")
      ? "NULL"
      : type("response").startsWith("STRUCT")
        ? new RegExp(`[(,]\\s*"?${field}"?\\s`, "i").test(type("response"))
          ? `response.${field}`
          : "NULL"
        : `lw_json(TRY_CAST(response AS JSON)) ->> '$.${field}'`;
  return normalisedSelect(
    {
      reader: `read_parquet(${fileList(files)}, filename = true, union_by_name = true, hive_partitioning = false)`,
      pass: SYSTEM_TABLE_HEAVY_INPUTS.filter(has),
      cheap: {
        event_time: !has("event_time")
          ? "NULL"
          : /^TIMESTAMP/.test(type("event_time"))
            ? "CAST(event_time AS TIMESTAMP)"
            : "lw_time(CAST(event_time AS VARCHAR))",
        service_name: text("service_name"),
        action_name: text("action_name"),
        status_code: `TRY_CAST(${responseField("status_code")} AS INTEGER)`,
        audit_level: `coalesce(${text("audit_level")}, 'WORKSPACE_LEVEL')`,
      },
      heavy: {
        workspace_id: text("workspace_id"),
        principal: !has("user_identity")
          ? "NULL"
          : type("user_identity").startsWith("STRUCT")
            ? "lower(user_identity.email)"
            : "lower(lw_json(TRY_CAST(user_identity AS JSON)) ->> '$.email')",
        source_ip: `lw_ip(${text("source_ip_address")})`,
        user_agent: text("user_agent"),
        session_id: text("session_id"),
        request_id: text("request_id"),
        request_params: !has("request_params")
          ? "NULL"
          : type("request_params").startsWith("MAP")
            ? "CAST(request_params AS MAP(VARCHAR, VARCHAR))"
            : "lw_params(TRY_CAST(request_params AS JSON))",
        error_message: `CAST(${responseField("error_message")} AS VARCHAR)`,
        response_result: `CAST(${responseField("result")} AS VARCHAR)`,
      },
    },
    keep,
  );
}

/** DuckDB macros the format mappings use. Created once per connection. */
export const INGEST_MACROS = [
  // A JSON value that may be a JSON string holding JSON (Azure writes identity and requestParams both ways).
  `CREATE OR REPLACE MACRO lw_json(j) AS CASE WHEN j IS NULL THEN NULL WHEN json_type(j) = 'VARCHAR' THEN TRY_CAST(j ->> '$' AS JSON) ELSE j END`,
  `CREATE OR REPLACE MACRO lw_params(j) AS TRY_CAST(lw_json(j) AS MAP(VARCHAR, VARCHAR))`,
  // The same for JSON read as text (diagnostic and Log Analytics logs, whose readers unwrap a JSON string
  // holding JSON): one parse per value, NULL when the text is not JSON. Text that is itself a JSON string
  // (JSON encoded twice, as a CSV cell may hold it) is unwrapped once more first.
  `CREATE OR REPLACE MACRO lw_unwrap_text(t) AS CASE WHEN starts_with(ltrim(t), '"') THEN TRY(t ->> '$') ELSE t END`,
  `CREATE OR REPLACE MACRO lw_text_field(t, path) AS TRY(lw_unwrap_text(t) ->> path)`,
  `CREATE OR REPLACE MACRO lw_text_params(t) AS TRY_CAST(TRY_CAST(lw_unwrap_text(t) AS JSON) AS MAP(VARCHAR, VARCHAR))`,
  // ISO 8601 (any precision, Z or offset), Log Analytics portal CSV ("11/20/2026, 8:00:00.123 AM"), epoch s or ms.
  // "…Z" (what Azure and Spark write) takes the plain TIMESTAMP cast, about three times cheaper than the
  // time-zone-aware one, which would be needed for "+02:00" (the plain cast ignores offsets).
  // The portal's format (it has a "/", which no ISO time has) is tried before the time-zone-aware cast,
  // which fails on it at the cast's cost: about 1.3 s per million rows of a portal CSV export.
  `CREATE OR REPLACE MACRO lw_time(x) AS coalesce(
    CASE WHEN suffix(x, 'Z') THEN TRY_CAST(x AS TIMESTAMP) END,
    CASE WHEN contains(x, '/') THEN try_strptime(x, ['%m/%d/%Y, %I:%M:%S.%g %p', '%m/%d/%Y, %I:%M:%S %p', '%m/%d/%Y %I:%M:%S %p']) END,
    TRY_CAST(TRY_CAST(x AS TIMESTAMPTZ) AS TIMESTAMP),
    CASE WHEN regexp_matches(x, '^[0-9]{12,14}$') THEN epoch_ms(CAST(x AS BIGINT))
         WHEN regexp_matches(x, '^[0-9]{9,11}$') THEN epoch_ms(CAST(x AS BIGINT) * 1000) END)`,
  `CREATE OR REPLACE MACRO lw_ip(x) AS CASE WHEN regexp_matches(x, '^[0-9.]+:[0-9]+$') THEN regexp_extract(x, '^([0-9.]+):', 1) ELSE nullif(x, '') END`,
  // CASE, not coalesce: the regular expression then only runs for the rare rows without an action name.
  `CREATE OR REPLACE MACRO lw_action(a, op) AS CASE WHEN a <> '' THEN a ELSE nullif(regexp_extract(coalesce(op, ''), '([^/]+)$', 1), '') END`,
];
