/**
 * The one audit schema every log source is normalised to. Local ingest fills a DuckDB table of this shape;
 * the pushdown path builds the same columns from `system.access.audit` in a CTE (dialect.ts), so the
 * detections read one relation, `events`, whatever the source. docs/detections.md is generated from this
 * list.
 */

export interface AuditColumn {
  name: string;
  /** DuckDB type of the local table. */
  type: string;
  description: string;
  /** Where the column comes from in each source. */
  from: {
    diagnostic: string;
    logAnalytics: string;
    systemTable: string;
  };
}

export const AUDIT_COLUMNS: readonly AuditColumn[] = [
  {
    name: "event_time",
    type: "TIMESTAMP",
    description: "When the action happened, UTC (microsecond precision; 7-digit fractions are truncated).",
    from: { diagnostic: "`time`", logAnalytics: "`TimeGenerated`", systemTable: "`event_time`" },
  },
  {
    name: "workspace_id",
    type: "VARCHAR",
    description:
      'Workspace: the numeric id where the source has it ("0" for account-level events), else the lower-cased ARM resource id.',
    from: { diagnostic: "`resourceId` (lower-cased)", logAnalytics: "`_ResourceId`", systemTable: "`workspace_id`" },
  },
  {
    name: "audit_level",
    type: "VARCHAR",
    description: "`WORKSPACE_LEVEL` or `ACCOUNT_LEVEL` (diagnostic logs hold workspace-level events only).",
    from: {
      diagnostic: "always `WORKSPACE_LEVEL`",
      logAnalytics: "always `WORKSPACE_LEVEL`",
      systemTable: "`audit_level`",
    },
  },
  {
    name: "service_name",
    type: "VARCHAR",
    description: "The Databricks service, e.g. `accounts`, `clusters`, `secrets`.",
    from: {
      diagnostic: "`properties.serviceName`, else `category`",
      logAnalytics: "`ServiceName`, else `Category`",
      systemTable: "`service_name`",
    },
  },
  {
    name: "action_name",
    type: "VARCHAR",
    description: "The action, e.g. `aadBrowserLogin`, `getSecret`, `workspaceConfEdit`.",
    from: {
      diagnostic: "`properties.actionName`, else the last segment of `operationName`",
      logAnalytics: "`ActionName`, else the last segment of `OperationName`",
      systemTable: "`action_name`",
    },
  },
  {
    name: "principal",
    type: "VARCHAR",
    description:
      "Who acted: the user's e-mail or a service principal's application id, lower-cased (null when the log has none).",
    from: {
      diagnostic: "`identity.email` (`identity` may be a JSON string)",
      logAnalytics: "`Identity.email` (a JSON string)",
      systemTable: "`user_identity.email`",
    },
  },
  {
    name: "source_ip",
    type: "VARCHAR",
    description: 'Client IP address; an IPv4 ":port" suffix (often ":0") is removed.',
    from: {
      diagnostic: "`properties.sourceIPAddress`",
      logAnalytics: "`SourceIPAddress`",
      systemTable: "`source_ip_address`",
    },
  },
  {
    name: "user_agent",
    type: "VARCHAR",
    description: "The client's user agent.",
    from: { diagnostic: "`properties.userAgent`", logAnalytics: "`UserAgent`", systemTable: "`user_agent`" },
  },
  {
    name: "session_id",
    type: "VARCHAR",
    description: "Session id, when the service logs one.",
    from: { diagnostic: "`properties.sessionId`", logAnalytics: "`SessionId`", systemTable: "`session_id`" },
  },
  {
    name: "request_id",
    type: "VARCHAR",
    description: "Request id.",
    from: { diagnostic: "`properties.requestId`", logAnalytics: "`RequestId`", systemTable: "`request_id`" },
  },
  {
    name: "request_params",
    type: "MAP(VARCHAR, VARCHAR)",
    description:
      "Request parameters as a string map, like the system table's `map<string,string>` (numbers and booleans become text, nested objects JSON text). Never printed whole: alerts show an allow-list of keys per detection.",
    from: {
      diagnostic: "`properties.requestParams` (object or JSON string)",
      logAnalytics: "`RequestParams` (JSON string)",
      systemTable: "`request_params`",
    },
  },
  {
    name: "status_code",
    type: "INTEGER",
    description: "HTTP-like status of the response (200, 401, 403 …); null when not logged.",
    from: {
      diagnostic: "`properties.response.statusCode`",
      logAnalytics: "`Response.statusCode`",
      systemTable: "`response.status_code`",
    },
  },
  {
    name: "response_result",
    type: "VARCHAR",
    description:
      "The response's result text, where a service logs one (the enhanced security monitoring agents: ClamAV's `Infected files: N`, `<path>: <signature> FOUND`). Used in SQL; shown only as facts a detection derives.",
    from: {
      diagnostic: "`properties.response.result`",
      logAnalytics: "`Response.result`",
      systemTable: "`response.result`",
    },
  },
  {
    name: "error_message",
    type: "VARCHAR",
    description: "The response's error message, if any (used in SQL, not printed).",
    from: {
      diagnostic: "`properties.response.errorMessage`",
      logAnalytics: "`Response.errorMessage`",
      systemTable: "`response.error_message`",
    },
  },
];

/** Local-only bookkeeping column: the file a row came from (for bad-line reports). */
export const SOURCE_FILE_COLUMN = "source_file";

export const AUDIT_COLUMN_NAMES = AUDIT_COLUMNS.map((column) => column.name);

export function auditTableDdl(table: string): string {
  const columns = [...AUDIT_COLUMNS.map((c) => `${c.name} ${c.type}`), `${SOURCE_FILE_COLUMN} VARCHAR`];
  return `CREATE TABLE ${table} (${columns.join(", ")})`;
}
