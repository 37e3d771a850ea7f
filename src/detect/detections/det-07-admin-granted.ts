/** DET-07: admin group membership, an admin role or a powerful entitlement granted. */
import { keyOf } from "./common.ts";
import { defineDetection, EVENT_COLUMNS } from "./types.ts";

const ADMIN_ACTIONS = ["setAdmin", "setAccountAdmin", "changeAccountOwner"];
const GROUP_ADD_ACTIONS = ["addPrincipalToGroup", "addPrincipalsToGroup"];
const ENTITLEMENT_ACTIONS = [
  "updateUser",
  "updateGroup",
  "updateServicePrincipal",
  "patchUser",
  "patchGroup",
  "patchServicePrincipal",
];
const POWERFUL_ENTITLEMENTS = "allow-cluster-create|allow-instance-pool-create|workspace-admin|account-admin";

export default defineDetection({
  meta: {
    id: "DET-07",
    title: "Admin group membership or entitlement granted",
    severity: "high",
    threats: ["AT", "IN"],
    controls: ["PA-1", "IM-5", "LT-2", "IR-3"],
    thresholds: {},
    rationale:
      "Admin rights let their holder read every notebook and secret, change any setting and cover their tracks. Granting them is how an intruder with one admin account makes a second, and how accidental over-privilege starts. Every grant should be traceable to a request.",
    response:
      "Check the grant against an access request. If there is none, remove the membership or entitlement, then review the granting admin's recent actions and sign-ins (they may be compromised).",
    logic:
      "Successful (2xx, or no status logged) `setAdmin`, `setAccountAdmin`, `changeAccountOwner`; `addPrincipalToGroup` into the group `admins`; `updateRoleAssignment` to a role containing `admin`; SCIM user/group/service-principal updates whose `entitlements` add `allow-cluster-create`, `allow-instance-pool-create` or an admin entitlement. The alert's principal is who granted it; the target — for a group membership the member added, read from `targetUserName`/`targetUserId`/`targetServicePrincipal*` — is in the facts. One alert per grant: two grants in the same second by one admin on one target (`setAccountAdmin` and `setAdmin`) are two alerts.",
    references: [
      "Databricks SRA: changes_to_admin_users",
      "Sentinel (Databricks solution): account or workspace admin privilege granted",
    ],
    evidenceParams: ["targetUserName", "targetUserId", "targetGroupName", "role", "entitlements"],
    facts: ["grant", "target"],
  },
  scope: (d) =>
    `action_name IN (${d.list([...ADMIN_ACTIONS, ...GROUP_ADD_ACTIONS, "updateRoleAssignment", ...ENTITLEMENT_ACTIONS])})`,
  sql({ d }) {
    // Who received the right. For a group membership that is the member (targetUserName …), never the
    // group it joined (targetGroupName), which the grant kind already says.
    const member =
      "coalesce(request_params['targetUserName'], request_params['targetUserId'], request_params['targetServicePrincipalName'], request_params['targetServicePrincipalId'], request_params['memberName'], request_params['memberId'])";
    const target = `CASE WHEN action_name IN (${d.list(GROUP_ADD_ACTIONS)}) THEN ${member}
    ELSE coalesce(request_params['targetUserName'], request_params['targetUserId'], request_params['userName'], request_params['user'], request_params['targetServicePrincipalId'], request_params['targetGroupName']) END`;
    const role = "lower(coalesce(request_params['role'], request_params['roleName'], request_params['roles'], ''))";
    return {
      ctes: [
        `ad AS (SELECT ${EVENT_COLUMNS},
  CASE
    WHEN action_name IN (${d.list(ADMIN_ACTIONS)}) THEN action_name
    WHEN action_name IN (${d.list(GROUP_ADD_ACTIONS)}) AND lower(coalesce(request_params['targetGroupName'], '')) = 'admins' THEN 'admins group'
    WHEN action_name = 'updateRoleAssignment' AND ${role} LIKE '%admin%' THEN 'admin role'
    WHEN action_name IN (${d.list(ENTITLEMENT_ACTIONS)}) AND ${d.regexpLike("lower(coalesce(request_params['entitlements'], ''))", POWERFUL_ENTITLEMENTS)} THEN 'entitlement'
  END AS grant_kind,
  ${target} AS target
FROM events WHERE (status_code BETWEEN 200 AND 299 OR status_code IS NULL))`,
      ],
      matches: `SELECT ${EVENT_COLUMNS}, ${keyOf("principal", d.epochMillis("event_time"), "request_id", "action_name", "grant_kind", "target")} AS alert_key,
  principal AS alert_principal, source_ip AS alert_ip, CAST(NULL AS STRING) AS alert_severity,
  grant_kind AS f_grant, target AS f_target
FROM ad WHERE grant_kind IS NOT NULL`,
    };
  },
  summarize: ({ principal, facts }) =>
    `${principal} granted ${facts.grant} to ${facts.target ?? "an unnamed principal"}`,
});
