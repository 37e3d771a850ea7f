/** DET-19: repeated refused Unity Catalog requests, data access in particular. */
import { burstCtes, keyOf, NULL_TEXT } from "./common.ts";
import { defineDetection, EVENT_COLUMNS } from "./types.ts";

/** Unity Catalog actions that hand out data: temporary credentials and Delta Sharing queries. */
export const UC_DATA_ACTIONS = [
  "generateTemporaryTableCredential",
  "generateTemporaryPathCredential",
  "generateTemporaryVolumeCredential",
  "deltaSharingQueryTable",
  "deltaSharingQueryTableChanges",
] as const;

export default defineDetection({
  meta: {
    id: "DET-19",
    title: "Repeated refused Unity Catalog requests",
    severity: "medium",
    threats: ["EX", "AT"],
    controls: ["DP-3", "IM-5", "LT-1", "IR-3"],
    thresholds: {
      dataDenials: {
        default: 16,
        unit: "requests",
        description:
          "refused data requests (temporary credentials, Delta Sharing queries) within the window (SRA: more than 15)",
      },
      denials: {
        default: 26,
        unit: "requests",
        description: "refused Unity Catalog requests of any kind within the window (SRA: more than 25)",
      },
      windowMinutes: { default: 60, unit: "minutes", description: "length of the sliding window" },
    },
    rationale:
      "Unity Catalog refuses what a principal has no grant for. Many refusals in an hour mean someone is trying table after table — an intruder mapping what the stolen identity can read, an insider looking for data beyond their role — or a job broken by a revoked grant.",
    response:
      "Look at the securables tried (evidence and facts). If no job explains them, treat the identity as compromised: revoke its tokens and review what it did read successfully in the same period.",
    logic:
      "Service `unityCatalog`, status 401/403. Kind `data`: at least `dataDenials` refused temporary-credential and Delta Sharing query requests by one principal within `windowMinutes`; kind `any`: at least `denials` refused requests of any action. One alert per kind, principal and day. DET-13 leaves Unity Catalog refusals to this detection.",
    references: ["Databricks SRA: repeated_unauthorized_uc_requests, repeated_unauthorized_uc_data_requests"],
    evidenceParams: [
      "metastore_id",
      "full_name_arg",
      "table_full_name",
      "volume_full_name",
      "securable_full_name",
      "url",
    ],
    facts: ["kind", "denials", "peak", "actions"],
  },
  scope: () => "service_name = 'unityCatalog' AND status_code IN (401, 403)",
  sql(ctx) {
    const { d, t } = ctx;
    const refused = "service_name = 'unityCatalog' AND status_code IN (401, 403) AND principal IS NOT NULL";
    const window = t("windowMinutes") * 60;
    const select = (
      kind: string,
      cte: string,
    ) => `SELECT ${EVENT_COLUMNS}, ${keyOf(`'${kind}'`, "bk", "day")} AS alert_key,
  bk AS alert_principal, ${NULL_TEXT} AS alert_ip, ${NULL_TEXT} AS alert_severity,
  '${kind}' AS f_kind, total AS f_denials, peak AS f_peak, distinct_values AS f_actions
FROM ${cte}`;
    return {
      ctes: [
        ...burstCtes(ctx, {
          name: "ud",
          filter: `${refused} AND action_name IN (${d.list(UC_DATA_ACTIONS)})`,
          key: "principal",
          distinct: "action_name",
          windowSeconds: window,
          having: (n) => `${n} >= ${t("dataDenials")}`,
        }),
        ...burstCtes(ctx, {
          name: "ua",
          filter: refused,
          key: "principal",
          distinct: "action_name",
          windowSeconds: window,
          having: (n) => `${n} >= ${t("denials")}`,
        }),
      ],
      matches: `${select("data", "ud_hit")}\nUNION ALL\n${select("any", "ua_hit")}`,
    };
  },
  summarize: ({ principal, facts }) =>
    `${principal} was refused ${facts.denials} Unity Catalog ${facts.kind === "data" ? "data " : ""}requests (up to ${facts.peak} within the window): ${facts.actions}`,
});
