/**
 * Who changed it: each changed setting joined to the audit event that made it. The audit source is the
 * one `detect` reads (a SQL warehouse over system.access.audit, or a log folder), queried through the
 * same executors and dialects, for the window between the previous run and this one.
 *
 * Covered: workspace-conf keys (workspaceConfEdit), settings-API values (updateWorkspaceSettings and the
 * settings service), IP access lists, tokens, permissions and cluster policies. A change with no matching
 * event keeps a null actor: it is shown as "actor unknown", never guessed.
 */
import type { Dialect } from "../detect/dialect.ts";
import type { Executor } from "../detect/engine.ts";
import type { FieldChange } from "../diff/canonical.ts";

export interface AuditChangeEvent {
  time: string;
  workspace: string | null;
  service: string | null;
  action: string | null;
  principal: string | null;
  sourceIp: string | null;
  requestId: string | null;
  params: Record<string, string>;
}

const ACTIONS: Record<string, string[]> = {
  workspace: ["workspaceConfEdit", "updateWorkspaceSettings"],
  settings: ["setSetting", "updateSetting", "deleteSetting"],
  ipAccessLists: ["createIpAccessList", "updateIpAccessList", "replaceIpAccessList", "deleteIpAccessList"],
  accounts: [
    "generateDbToken",
    "revokeDbToken",
    "changeDbTokenAcl",
    "setSetting",
    "createIpAccessList",
    "updateIpAccessList",
    "replaceIpAccessList",
    "deleteIpAccessList",
  ],
  permissions: [
    "changePermissions",
    "updatePermissions",
    "setPermissions",
    "changeDbTokenAcl",
    "changeClusterPolicyAcl",
  ],
  clusterPolicies: ["create", "edit", "delete", "changeClusterPolicyAcl"],
  clusters: ["changeClusterAcl", "changeClusterPolicyAcl"],
};

const PARAMS = [
  "workspaceConfKeys",
  "workspaceConfValues",
  "setting",
  "settingTypeName",
  "value",
  "ipAccessListId",
  "label",
  "enabled",
  "policy_id",
  "tokenId",
];

export function auditChangesQuery(dialect: Dialect, window: { since: string; until: string }): string {
  const conditions = Object.entries(ACTIONS)
    .map(
      ([service, actions]) => `(service_name = ${dialect.str(service)} AND action_name IN (${dialect.list(actions)}))`,
    )
    .join(" OR ");
  const params = PARAMS.map((p, i) => `request_params[${dialect.str(p)}] AS p${i}`).join(", ");
  return [
    `WITH events AS (${dialect.eventsSource({ sinceMs: Date.parse(window.since), untilMs: Date.parse(window.until) })})`,
    `SELECT ${dialect.epochMillis("event_time")} AS ms, workspace_id, service_name, action_name, principal, source_ip, request_id, ${params}`,
    `FROM events WHERE (${conditions}) AND (status_code IS NULL OR status_code = 200)`,
    "ORDER BY event_time LIMIT 5000",
  ].join("\n");
}

export async function readAuditChanges(
  executor: Executor,
  window: { since: string; until: string },
): Promise<AuditChangeEvent[]> {
  const rows = await executor.query(auditChangesQuery(executor.dialect, window), "settings changes");
  return rows.map((row) => ({
    time: new Date(Number(row.ms)).toISOString(),
    workspace: row.workspace_id ?? null,
    service: row.service_name ?? null,
    action: row.action_name ?? null,
    principal: row.principal ?? null,
    sourceIp: row.source_ip ?? null,
    requestId: row.request_id ?? null,
    params: Object.fromEntries(
      PARAMS.map((p, i) => [p, row[`p${i}`]]).filter(
        (entry): entry is [string, string] => typeof entry[1] === "string",
      ),
    ),
  }));
}

/** Whether an audit event is the kind that changes the setting at `path`. */
function explains(path: string, event: AuditChangeEvent): boolean {
  const conf = /^databricks\.workspaceConf\.([^.[]+)/.exec(path);
  if (conf) {
    const keys = (event.params.workspaceConfKeys ?? event.params.setting ?? "").split(",").map((k) => k.trim());
    return event.action === "workspaceConfEdit" || event.action === "updateWorkspaceSettings"
      ? keys.includes(conf[1]!)
      : false;
  }
  const setting = /^databricks\.settings\.([^.[]+)/.exec(path);
  if (setting) {
    if (!(event.service === "settings" || event.action === "setSetting" || event.action === "updateWorkspaceSettings"))
      return false;
    // The event names its setting as a type (RestrictWorkspaceAdminsSetting) or a key (restrict_workspace_admins):
    // compared without case, separators or the "setting" suffix. An event that names none is about any setting.
    const named = event.params.settingTypeName ?? event.params.setting;
    if (!named) return true;
    const norm = (text: string) =>
      text
        .toLowerCase()
        .replace(/[^a-z0-9]/g, "")
        .replace(/setting$/, "");
    return norm(named) === norm(setting[1]!);
  }
  if (/^(databricks|account)\.ipAccessLists/.test(path)) return /IpAccessList$/.test(event.action ?? "");
  if (/^databricks\.tokens/.test(path)) return event.action === "generateDbToken" || event.action === "revokeDbToken";
  if (/^databricks\.(tokenPermissions|.*\.permissions)/.test(path) || /\.permissions(\[|\.|$)/.test(path))
    return event.service === "permissions" || /Acl$/.test(event.action ?? "");
  if (/^databricks\.clusterPolicies/.test(path)) return event.service === "clusterPolicies";
  return false;
}

/** True when the event was logged for this workspace (numeric id, or lower-cased ARM resource id). */
function sameWorkspace(
  event: AuditChangeEvent,
  workspace: { workspaceId: string | null; resourceId: string | null },
): boolean {
  if (!event.workspace) return false;
  const id = event.workspace.toLowerCase();
  return id === (workspace.workspaceId ?? "").toLowerCase() || id === (workspace.resourceId ?? "").toLowerCase();
}

export interface AttributedChange extends FieldChange {
  actor: string | null;
  actorTime: string | null;
  sourceIp: string | null;
  requestId: string | null;
  auditAction: string | null;
}

/** Joins each change to the last matching audit event of the workspace in the window. */
export function attribute(
  changes: readonly FieldChange[],
  events: readonly AuditChangeEvent[],
  workspace: { workspaceId: string | null; resourceId: string | null },
): AttributedChange[] {
  const mine = events.filter((event) => sameWorkspace(event, workspace));
  return changes.map((change) => {
    const event = mine.filter((candidate) => explains(change.path, candidate)).at(-1);
    return {
      ...change,
      actor: event?.principal ?? null,
      actorTime: event?.time ?? null,
      sourceIp: event?.sourceIp ?? null,
      requestId: event?.requestId ?? null,
      auditAction: event ? `${event.service ?? "?"}/${event.action ?? "?"}` : null,
    };
  });
}
