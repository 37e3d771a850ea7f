/** DET-18: potential privilege escalation — self-grants, groups nested into admins, bursts of permission changes. */
import { burstCtes, keyOf, NULL_TEXT, SUCCEEDED } from "./common.ts";
import { defineDetection, EVENT_COLUMNS } from "./types.ts";

/** The permission-changing actions of the SRA's potential_privilege_escalation query. */
export const PERMISSION_ACTIONS = [
  "addPrincipalToGroup",
  "changeDatabricksSqlAcl",
  "changeDatabricksWorkspaceAcl",
  "changeDbTokenAcl",
  "changePasswordAcl",
  "changeServicePrincipalAcls",
  "generateDbToken",
  "setAdmin",
  "changeClusterAcl",
  "changeClusterPolicyAcl",
  "changeWarehouseAcls",
  "changePermissions",
  "transferObjectOwnership",
  "changePipelineAcls",
  "changeFeatureTableAcl",
  "changeIamRoleAcl",
  "changeInstancePoolAcl",
  "changeJobAcl",
  "resetJobAcl",
  "changeRegisteredModelAcl",
  "changeInferenceEndpointAcl",
  "putAcl",
  "changeSecurableOwner",
  "grantPermission",
  "changeWorkspaceAcl",
  "updateRoleAssignment",
  "setAccountAdmin",
  "changeAccountOwner",
  "updatePermissions",
  "updateSharePermissions",
] as const;

const SELF_GRANT_ACTIONS = ["addPrincipalToGroup", "addPrincipalsToGroup", "setAdmin", "setAccountAdmin"];
const MEMBER =
  "lower(coalesce(request_params['targetUserName'], request_params['targetServicePrincipalName'], request_params['memberName']))";
const UUID = "^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$";

export default defineDetection({
  meta: {
    id: "DET-18",
    title: "Potential privilege escalation",
    severity: "high",
    threats: ["AT", "IN"],
    controls: ["PA-1", "PA-7", "LT-1", "IR-3"],
    thresholds: {
      changes: {
        default: 26,
        unit: "changes",
        description: "permission, group and ownership changes by one principal within the window (SRA: more than 25)",
      },
      windowMinutes: { default: 60, unit: "minutes", description: "length of the sliding window" },
    },
    rationale:
      "Privilege escalation shows in the audit log as a principal widening its own rights: adding itself to a group or making itself admin, nesting a group it controls into `admins`, or a rush of ACL, ownership and group changes that hands out access faster than any reviewed process would.",
    response:
      "Review each change (the evidence lists actions and targets). Revert what was not requested — group memberships, ACLs, owners — and investigate the principal: a self-grant by anyone but a break-glass procedure means a compromised or rogue account.",
    logic:
      "Three kinds, successful changes only. `self-grant`: `addPrincipalToGroup` (member) or `setAdmin`/`setAccountAdmin` (target) naming the acting principal itself (one alert per change, high). `group-nesting`: `addPrincipalToGroup` into `admins` whose member has no `@`, is no application id and no number — a group (one alert per change, high). `burst`: at least `changes` of the SRA's 30 permission-changing actions (ACL changes, `changePermissions`, `updatePermissions`, `transferObjectOwnership`, `changeSecurableOwner`, `grantPermission`, group additions, admin grants, `generateDbToken` …) by one principal within `windowMinutes`, `System-User` excluded (one alert per principal and day, medium).",
    references: ["Databricks SRA: potential_privilege_escalation"],
    evidenceParams: ["targetUserName", "targetGroupName", "targetUserId", "role", "objectId", "securable_full_name"],
    facts: ["kind", "changes", "actions", "target"],
  },
  scope: (d) => `action_name IN (${d.list([...new Set([...PERMISSION_ACTIONS, ...SELF_GRANT_ACTIONS])])})`,
  sql(ctx) {
    const { d, t } = ctx;
    const target = `CASE WHEN action_name IN ('addPrincipalToGroup', 'addPrincipalsToGroup') THEN ${MEMBER}
    ELSE lower(coalesce(request_params['targetUserName'], request_params['targetUserId'])) END`;
    const single = `SELECT ${EVENT_COLUMNS},
  CASE WHEN ${target} = principal THEN 'self-grant' ELSE 'group-nesting' END AS kind, ${target} AS target
FROM events
WHERE ${SUCCEEDED} AND principal IS NOT NULL AND action_name IN (${d.list(SELF_GRANT_ACTIONS)})
  AND (${target} = principal
    OR (action_name IN ('addPrincipalToGroup', 'addPrincipalsToGroup')
      AND lower(coalesce(request_params['targetGroupName'], '')) = 'admins'
      AND ${MEMBER} IS NOT NULL AND ${MEMBER} NOT LIKE '%@%'
      AND NOT ${d.regexpLike(MEMBER, UUID)} AND NOT ${d.regexpLike(MEMBER, "^[0-9]+$")}))`;
    return {
      ctes: [
        `pe_single AS (${single})`,
        ...burstCtes(ctx, {
          name: "pb",
          filter: `${SUCCEEDED} AND action_name IN (${d.list(PERMISSION_ACTIONS)}) AND lower(principal) <> 'system-user'`,
          key: "principal",
          distinct: "action_name",
          windowSeconds: t("windowMinutes") * 60,
          having: (n) => `${n} >= ${t("changes")}`,
        }),
      ],
      matches: `SELECT ${EVENT_COLUMNS}, ${keyOf("kind", "principal", d.epochMillis("event_time"), "request_id", "action_name", "target")} AS alert_key,
  principal AS alert_principal, source_ip AS alert_ip, 'high' AS alert_severity,
  kind AS f_kind, 1 AS f_changes, action_name AS f_actions, target AS f_target
FROM pe_single
UNION ALL
SELECT ${EVENT_COLUMNS}, ${keyOf("'burst'", "bk", "day")} AS alert_key, bk AS alert_principal,
  ${NULL_TEXT} AS alert_ip, 'medium' AS alert_severity,
  'burst' AS f_kind, total AS f_changes, distinct_values AS f_actions, ${NULL_TEXT} AS f_target
FROM pb_hit`,
    };
  },
  summarize: ({ principal, facts }) =>
    facts.kind === "self-grant"
      ? `${principal} granted itself ${facts.actions === "addPrincipalToGroup" ? "a group membership" : "admin rights"} (${facts.actions})`
      : facts.kind === "group-nesting"
        ? `${principal} nested group ${facts.target} into admins`
        : `${principal} made ${facts.changes} permission changes within the window: ${facts.actions}`,
});
