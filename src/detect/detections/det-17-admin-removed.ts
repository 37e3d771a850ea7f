/** DET-17: admin rights removed from a user, service principal or group (workspace or account). */
import { eventAlerts, SUCCEEDED } from "./common.ts";
import { defineDetection } from "./types.ts";

const REMOVE_ADMIN = ["removeAdmin", "removeAccountAdmin"];
const GROUP_REMOVE = ["removePrincipalFromGroup", "removePrincipalsFromGroup"];

export default defineDetection({
  meta: {
    id: "DET-17",
    title: "Admin rights removed",
    severity: "medium",
    threats: ["AT", "IN"],
    controls: ["PA-1", "LT-1", "IR-3"],
    thresholds: {},
    rationale:
      "With DET-07 (grants) this covers every change to who administers a workspace or the account. An intruder who has become admin removes the legitimate admins to lock out the response; an accidental removal leaves a workspace without an owner who can fix it.",
    response:
      "Confirm the removal with the admin who made it. If it was not planned, restore the admin (account console or `databricks_group_member`), and treat the remover's account as compromised until proven otherwise.",
    logic:
      "Successful `removeAdmin`, `removeAccountAdmin`, and `removePrincipalFromGroup` out of the group `admins` (workspace or account level). The target is the member removed (`targetUserName`, `targetUserId`, `targetServicePrincipal*`). One alert per change.",
    references: ["Databricks SRA: changes_to_admin_users (with DET-07)"],
    evidenceParams: ["targetUserName", "targetUserId", "targetGroupName", "targetServicePrincipalId"],
    facts: ["change", "target"],
  },
  scope: (d) => `action_name IN (${d.list([...REMOVE_ADMIN, ...GROUP_REMOVE])})`,
  sql: (ctx) =>
    eventAlerts(ctx, {
      where: `${SUCCEEDED} AND (action_name IN (${ctx.d.list(REMOVE_ADMIN)})
  OR (action_name IN (${ctx.d.list(GROUP_REMOVE)}) AND lower(coalesce(request_params['targetGroupName'], '')) = 'admins'))`,
      facts: {
        change: `CASE WHEN action_name IN (${ctx.d.list(GROUP_REMOVE)}) THEN 'removed from admins group' ELSE action_name END`,
        target:
          "coalesce(request_params['targetUserName'], request_params['targetUserId'], request_params['targetServicePrincipalName'], request_params['targetServicePrincipalId'])",
      },
    }),
  summarize: ({ principal, facts }) => `${principal}: ${facts.change} for ${facts.target ?? "an unnamed principal"}`,
});
