/**
 * The Databricks Security Reference Architecture's audit-log queries (databricks/terraform-databricks-sra,
 * `…/solution_accelerators/system_tables_audit_log/queries_and_alerts.json`: 45 queries over
 * system.access.audit, 30 with SQL alerts) and which lakeward detection covers each intent on Azure.
 * docs/detections.md renders this table; a test holds that every alerting query names detections that exist.
 */

export interface SraQuery {
  name: string;
  /** The query has a SQL alert (the others are reports). */
  alert: boolean;
  /** Detections covering its intent (empty: see `note`). */
  detections: readonly string[];
  /** How lakeward's version differs, or why it cannot apply on Azure. */
  note: string;
}

const q = (name: string, alert: boolean, detections: readonly string[], note: string): SraQuery => ({
  name,
  alert,
  detections,
  note,
});

const TREND = "a 90-day report, not an alert: run `lakeward detect --since 90d` and read the JSON or CSV alerts";

export const SRA_QUERIES: readonly SraQuery[] = [
  q(
    "repeated_failed_login_attempts",
    true,
    ["DET-01"],
    "sliding 10-minute window per user (5) and per IP against several users (spraying); SRA: 60-minute windows, more than 1",
  ),
  q("failed_login_attempts_last_90_days", false, ["DET-01"], TREND),
  q(
    "changes_to_admin_users",
    true,
    ["DET-07", "DET-17"],
    "grants (DET-07, the member named) and removals (DET-17), workspace and account level; successful changes only",
  ),
  q(
    "changes_to_workspace_configuration",
    true,
    ["DET-06"],
    "one alert per key with its value before (previous change in the logs) and after; high when a protection is weakened",
  ),
  q(
    "data_downloads_from_control_plane",
    true,
    ["DET-08"],
    "results, notebook exports (not SOURCE), MLflow artefacts, files; sliding 60-minute window, 20",
  ),
  q("data_downloads_from_control_plane_last_90_days", false, ["DET-08"], TREND),
  q(
    "ip_access_list_failures",
    true,
    ["DET-04"],
    "Databricks' own service agents and service-principal token traffic excluded (Panther's test cases)",
  ),
  q("ip_access_list_failures_last_90_days", false, ["DET-04"], TREND),
  q(
    "ip_access_list_changes",
    true,
    ["DET-14"],
    "create, update, replace, delete; high when deleted, disabled or widened",
  ),
  q(
    "databricks_access_to_customer_workspaces",
    true,
    ["DET-12"],
    "one alert per support user, workspace and day, with approver and reason",
  ),
  q("databricks_access_to_customer_workspaces_last_90_days", false, ["DET-12"], TREND),
  q("terms_of_service_changes", true, ["DET-16"], "acceptTos and sendTos"),
  q(
    "account_settings_changes",
    true,
    ["DET-15"],
    "account-level events are in system.access.audit only, not in a workspace's diagnostic logs",
  ),
  q("global_init_script_changes", true, ["DET-11"], ""),
  q("install_library_on_all_clusters", true, ["DET-11"], "uninstalls too"),
  q(
    "mount_point_creation",
    true,
    ["DET-20"],
    "successful mounts; the mount's extra configuration (keys) is never shown",
  ),
  q(
    "long_lifetime_token_generation",
    true,
    ["DET-05"],
    "default limit 90 days (SRA: 72 hours, `--threshold DET-05.maxLifetimeDays=3`); tokens without expiry are high",
  ),
  q("destructive_activities", true, ["DET-24"], "50 delete/trash actions per principal and day, System-User excluded"),
  q("destructive_activities_last_90_days", false, ["DET-24"], TREND),
  q(
    "potential_privilege_escalation",
    true,
    ["DET-18"],
    "the SRA's burst (26 changes in 60 minutes) plus self-grants and groups nested into admins",
  ),
  q("potential_privilege_escalation_last_90_days", false, ["DET-18"], TREND),
  q(
    "repeated_access_to_secrets",
    true,
    ["DET-09"],
    "10 distinct keys in 60 minutes, plus first reads of a scope after a baseline",
  ),
  q("access_to_secrets_last_90_days", false, ["DET-09"], TREND),
  q(
    "access_to_multiple_workspaces",
    true,
    ["DET-25"],
    "a workspace counts when the principal signed in to it (the SRA counts any event)",
  ),
  q(
    "use_of_print_statements",
    true,
    ["DET-30"],
    "opt-in (`--only DET-30`): needs verbose audit logs, whose command texts are most of the volume; the text is matched, never shown",
  ),
  q(
    "ip_addresses_used_to_access_databricks",
    false,
    [],
    "an inventory report, not a detection: the source IP of every alert is in its evidence; DET-03 flags addresses new for a user",
  ),
  q(
    "ip_address_ranges_used_to_access_databricks",
    false,
    [],
    "an inventory report, not a detection (see ip_addresses_used_to_access_databricks)",
  ),
  q(
    "repeated_unauthorized_uc_requests",
    true,
    ["DET-19"],
    "kind `any`: 26 refused Unity Catalog requests in 60 minutes (DET-13 leaves Unity Catalog to it)",
  ),
  q(
    "repeated_unauthorized_uc_data_requests",
    true,
    ["DET-19"],
    "kind `data`: 16 refused temporary-credential or Delta Sharing requests in 60 minutes",
  ),
  q("unauthorized_uc_data_requests_last_90_days", false, ["DET-19"], TREND),
  q(
    "high_number_of_read_writes",
    true,
    ["DET-26"],
    "per clock hour: 21 securables read, 21 written, at least one written that was not read",
  ),
  q("read_writes_last_90_days", false, ["DET-26"], TREND),
  q(
    "delta_sharing_recipients_without_ip_acls",
    true,
    ["DET-21"],
    "Databricks-to-Databricks recipients skipped (they cannot have IP lists); updates that empty the list too",
  ),
  q("delta_sharing_ip_access_list_failures", true, ["DET-23"], "one alert per recipient, source IP and day"),
  q(
    "delta_sharing_recipient_token_lifetime_change",
    true,
    ["DET-22"],
    "high when tokens never expire (0) or live longer than 90 days",
  ),
  q("most_popular_data_products_last_90_days", false, [], "a usage report, not a detection"),
  q(
    "most_privileged_users",
    false,
    [],
    "reads system.information_schema grants, not the audit log: a posture question (lakeward scan's Unity Catalog checks)",
  ),
  q("ip_addresses_used_to_access_uc_data", false, [], "an inventory report, not a detection"),
  q("ip_address_ranges_used_to_access_uc_data", false, [], "an inventory report, not a detection"),
  q(
    "clam_av_infected_files_detected",
    true,
    ["DET-28"],
    "kind `scan-summary`; only with enhanced security monitoring (compliance security profile), which Azure Databricks offers",
  ),
  q("clam_av_infected_files_found", true, ["DET-28"], "kind `found`, with path and signature"),
  q(
    "capsule8_container_breakout_events",
    true,
    ["DET-27"],
    "kind `container-breakout`; enhanced security monitoring only",
  ),
  q("capsule8_changes_to_host_security_settings", true, ["DET-27"], "kind `host-security-settings`"),
  q("capsule8_kernel_related_events", true, ["DET-27"], "kind `kernel`"),
  q("capsule8_suspicious_host_activity", true, ["DET-27"], "kind `suspicious-host-activity`"),
];
