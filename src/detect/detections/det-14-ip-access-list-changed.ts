/** DET-14: an IP access list created, changed or deleted — high when that removes or widens the protection. */
import { eventAlerts, OUTCOME } from "./common.ts";
import { defineDetection } from "./types.ts";

export const IP_LIST_ACTIONS = [
  "createIpAccessList",
  "updateIpAccessList",
  "replaceIpAccessList",
  "deleteIpAccessList",
] as const;

export default defineDetection({
  meta: {
    id: "DET-14",
    title: "IP access list created, changed or deleted",
    severity: "low",
    threats: ["AT", "EX"],
    controls: ["NS-2", "PV-2", "LT-1", "IR-3"],
    thresholds: {
      widePrefix: {
        default: 8,
        unit: "bits",
        description: "an entry with a prefix this short or shorter (e.g. /0, /8) counts as widening the list",
      },
    },
    rationale:
      "IP access lists keep stolen credentials from working outside the company's networks. Deleting a list, disabling it or adding a huge range silently reopens the workspace (or the account) to the internet; any other change alters who can reach it and should match a change request.",
    response:
      "Check the change with the admin who made it. If it is not expected, restore the list (Terraform `databricks_ip_access_list`, or the IP access lists API) and review the admin's other actions and sign-ins around that time.",
    logic:
      "`createIpAccessList`, `updateIpAccessList`, `replaceIpAccessList`, `deleteIpAccessList`, workspace or account level, whatever the outcome. Severity high (kind `weakened`) when a list is deleted, disabled (`enabled` false) or given an entry with a prefix of `widePrefix` bits or less; low (kind `changed`) otherwise. One alert per change.",
    references: [
      "Databricks SRA: ip_access_list_changes",
      "Sentinel (Databricks solution): IP access list or network setting changed",
    ],
    evidenceParams: ["ipAccessListId", "label", "list_type", "enabled", "ip_addresses"],
    facts: ["kind", "change", "list", "list_type", "outcome"],
  },
  scope: (d) => `action_name IN (${d.list(IP_LIST_ACTIONS)})`,
  sql(ctx) {
    const { d, t } = ctx;
    const ips = "coalesce(request_params['ip_addresses'], request_params['ipAddresses'], '')";
    const prefix = Math.max(0, Math.min(32, Math.trunc(t("widePrefix"))));
    const shortPrefixes = Array.from({ length: prefix + 1 }, (_, i) => String(i)).join("|");
    const weakened = `(action_name = 'deleteIpAccessList'
      OR lower(coalesce(request_params['enabled'], '')) = 'false'
      OR ${d.regexpLike(ips, `/(${shortPrefixes})([^0-9]|$)`)})`;
    return eventAlerts(ctx, {
      where: `action_name IN (${d.list(IP_LIST_ACTIONS)})`,
      severity: `CASE WHEN ${weakened} THEN 'high' ELSE 'low' END`,
      facts: {
        kind: `CASE WHEN ${weakened} THEN 'weakened' ELSE 'changed' END`,
        change: "action_name",
        list: "coalesce(request_params['label'], request_params['ipAccessListId'])",
        list_type: "request_params['list_type']",
        outcome: OUTCOME,
      },
    });
  },
  summarize: ({ principal, facts }) =>
    `${principal} ${facts.kind === "weakened" ? "weakened" : "changed"} IP access list ${facts.list ?? "(unnamed)"} (${facts.change}); ${facts.outcome}`,
});
