/** DET-27: enhanced security monitoring — a Capsule8 alert from a cluster host. */
import { keyOf, NULL_TEXT } from "./common.ts";
import { defineDetection, EVENT_COLUMNS } from "./types.ts";

export const CAPSULE8_SERVICE = "capsule8-alerts-dataplane";

/** The SRA's four groups of Capsule8 alerts (an alert may belong to two). */
export const CAPSULE8_KINDS: Record<string, readonly string[]> = {
  "container-breakout": [
    "Container Escape via Kernel Exploitation",
    "Userland Container Escape",
    "New File Executed in Container",
    "Privileged Container Launched",
  ],
  "host-security-settings": [
    "Processor-Level Protections Disabled",
    "AppArmor Disabled In Kernel",
    "AppArmor Profile Modified",
    "Boot Files Modified",
    "Root Certificate Store Modified",
  ],
  kernel: ["BPF Program Executed", "Kernel Module Loaded", "Kernel Exploit"],
  "suspicious-host-activity": [
    "New File Executed in Container",
    "Suspicious Interactive Shell",
    "User Command Logging Evasion",
    "Privileged Container Launched",
  ],
};

const CRITICAL = ["Container Escape via Kernel Exploitation", "Userland Container Escape", "Kernel Exploit"];

export default defineDetection({
  meta: {
    id: "DET-27",
    title: "Enhanced security monitoring: Capsule8 alert on a cluster host",
    severity: "high",
    threats: ["RA", "PC", "EX"],
    controls: ["ES-1", "LT-1", "IR-3"],
    thresholds: {},
    rationale:
      "With enhanced security monitoring (compliance security profile), the Capsule8 agent on every cluster host reports container escapes, kernel modules and exploits, disabled host protections and interactive shells. User code never needs any of these: each is a possible breakout of the isolation that Unity Catalog and table ACLs rely on.",
    response:
      "Identify the cluster from the instance id and workspace, terminate it, and open a case with Databricks security; review who ran code on that cluster in the hour before (notebook and job runs).",
    logic:
      "Service `capsule8-alerts-dataplane` (present only with enhanced security monitoring). Kind per the SRA's four groups: `container-breakout`, `host-security-settings`, `kernel`, `suspicious-host-activity` (an action in two groups gets both); any other Capsule8 action is kind `other`. Severity critical for container escapes and kernel exploits, high otherwise. One alert per workspace, host instance, action and day.",
    references: [
      "Databricks SRA: capsule8_container_breakout_events, capsule8_changes_to_host_security_settings, capsule8_kernel_related_events, capsule8_suspicious_host_activity",
    ],
    evidenceParams: ["instanceId", "hostname", "containerId"],
    facts: ["kind", "alert", "instance", "events"],
  },
  scope: (d) => `service_name = ${d.str(CAPSULE8_SERVICE)}`,
  sql({ d }) {
    const kinds = Object.entries(CAPSULE8_KINDS)
      .map(([kind, actions]) => `CASE WHEN action_name IN (${d.list(actions)}) THEN ${d.str(kind)} END`)
      .join(", ");
    const day = `CAST(floor(${d.epochSeconds("event_time")} / 86400) AS BIGINT)`;
    return {
      ctes: [
        `c8 AS (SELECT ${EVENT_COLUMNS}, coalesce(workspace_id, '') AS ws, request_params['instanceId'] AS instance, ${day} AS day,
  coalesce(nullif(concat_ws(',', ${kinds}), ''), 'other') AS kind
FROM events WHERE service_name = ${d.str(CAPSULE8_SERVICE)})`,
        "c8_totals AS (SELECT ws, instance, action_name AS a, day, count(*) AS n FROM c8 GROUP BY ws, instance, action_name, day)",
      ],
      matches: `SELECT ${EVENT_COLUMNS.split(", ")
        .map((c) => `c8.${c}`)
        .join(", ")}, ${keyOf("c8.ws", "c8.instance", "c8.action_name", "c8.day")} AS alert_key,
  c8.principal AS alert_principal, ${NULL_TEXT} AS alert_ip,
  CASE WHEN c8.action_name IN (${d.list(CRITICAL)}) THEN 'critical' ELSE 'high' END AS alert_severity,
  c8.kind AS f_kind, c8.action_name AS f_alert, c8.instance AS f_instance, t.n AS f_events
FROM c8 JOIN c8_totals t ON t.ws = c8.ws AND coalesce(t.instance, '') = coalesce(c8.instance, '') AND t.a = c8.action_name AND t.day = c8.day`,
    };
  },
  summarize: ({ facts }) =>
    `Capsule8 reported "${facts.alert}" (${facts.kind}) ${facts.events} time(s) on host ${facts.instance ?? "(unknown instance)"}`,
});
