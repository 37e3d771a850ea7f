/**
 * What a detection is: like a check, one file with its metadata (from which docs/detections.md is
 * generated) and its SQL. The SQL selects the *matching events* of every alert — events already past the
 * detection's threshold — each tagged with the alert it belongs to; `query.ts` wraps it so that both
 * engines return the same columns, a bounded number of evidence events per alert, and times as epoch
 * milliseconds.
 */
import type { Severity, Threat } from "../../checks/types.ts";
import type { Dialect } from "../dialect.ts";

export interface DetectionThreshold {
  default: number;
  unit: string;
  description: string;
}

export interface DetectionMeta {
  /** DET-01 … DET-30. */
  id: string;
  title: string;
  /** The severity of its alerts unless the SQL sets another per alert (column `alert_severity`). */
  severity: Severity;
  threats: readonly Threat[];
  /** Azure Security Benchmark v2 control ids, e.g. "IM-5". */
  controls: readonly string[];
  thresholds: Record<string, DetectionThreshold>;
  /** Why it matters and what the SQL looks for, two or three sentences. */
  rationale: string;
  /** What to do when it fires. */
  response: string;
  /** How it works, for the docs: which actions, which windows, what is excluded. */
  logic: string;
  /** Published detections this one corresponds to (Databricks SRA, Sentinel, Panther, …). */
  references?: readonly string[];
  /**
   * Request parameter keys shown in an alert's evidence events. Nothing else of `request_params` is ever
   * returned, so command texts, passwords or token values in a log cannot reach a report.
   */
  evidenceParams: readonly string[];
  /** Facts (columns `f_<name>` of the SQL) shown with each alert. */
  facts: readonly string[];
  /** Uses the earlier part of the data as a baseline (see docs/detections.md). */
  baseline?: boolean;
  /** Not part of the default pack: runs only when named (`--only`), e.g. because its scope is most of the log. */
  optIn?: boolean;
}

export interface SqlContext {
  d: Dialect;
  /** The value of a threshold, default or overridden. */
  t(name: string): number;
}

/**
 * The detection's SQL: extra CTEs (each `name AS (…)`, may read `events` and each other) and the SELECT
 * of the matching events. That SELECT returns every column of `events` plus `alert_key`,
 * `alert_principal`, `alert_ip` (may be NULL), `alert_severity` (may be NULL: the detection's severity)
 * and one `f_<fact>` column per fact.
 */
export interface DetectionSql {
  ctes: readonly string[];
  matches: string;
}

export interface Detection {
  meta: DetectionMeta;
  /**
   * The events the detection may read, as a predicate over service_name, action_name and status_code.
   * Its SQL sees nothing else (query.ts applies it to `events` in both engines), local ingest stores only
   * the union of the scopes, and on a warehouse it narrows the scan of system.access.audit.
   */
  scope(d: Dialect): string;
  sql(context: SqlContext): DetectionSql;
  /** One line that says what happened, from the alert's facts. */
  summarize(alert: AlertFacts): string;
}

export interface AlertFacts {
  principal: string | null;
  sourceIp: string | null;
  eventCount: number;
  facts: Record<string, string | number | null>;
}

export function defineDetection(detection: Detection): Detection {
  return detection;
}

/** The actions that record a sign-in (service `accounts`, apis.md §5c). */
export const LOGIN_ACTIONS = [
  "aadBrowserLogin",
  "aadTokenLogin",
  "tokenLogin",
  "login",
  "jwtLogin",
  "certLogin",
  "oidcBrowserLogin",
  "samlLogin",
  "mfaLogin",
  "accountLoginCodeAuthentication",
  "accountInHouseOAuthClientAuthentication",
] as const;

/** The columns every matches SELECT carries through from `events`. */
export const EVENT_COLUMNS =
  "event_time, workspace_id, audit_level, service_name, action_name, principal, source_ip, user_agent, session_id, request_id, request_params, status_code, error_message, response_result";

/** `e.` prefixed EVENT_COLUMNS, for joins. */
export const eventColumns = (alias: string): string =>
  EVENT_COLUMNS.split(", ")
    .map((column) => `${alias}.${column}`)
    .join(", ");
