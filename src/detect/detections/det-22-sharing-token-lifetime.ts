/** DET-22: the metastore's Delta Sharing recipient token lifetime changed. */
import { eventAlerts, OUTCOME } from "./common.ts";
import { defineDetection } from "./types.ts";

const LIFETIME = "TRY_CAST(request_params['delta_sharing_recipient_token_lifetime_in_seconds'] AS BIGINT)";

export default defineDetection({
  meta: {
    id: "DET-22",
    title: "Delta Sharing recipient token lifetime changed",
    severity: "low",
    threats: ["EX"],
    controls: ["DP-3", "IM-7", "LT-1", "IR-3"],
    thresholds: {
      maxLifetimeDays: {
        default: 90,
        unit: "days",
        description: "a lifetime above this (or 0, never expiring) makes the change high",
      },
    },
    rationale:
      "Recipient tokens live as long as the metastore's setting says. Raising it, or setting 0 (tokens never expire), keeps every leaked recipient token working; the change is rare and should be deliberate.",
    response:
      "Confirm the new lifetime with the metastore admin; set it back (`databricks_metastore.delta_sharing_recipient_token_lifetime_in_seconds`) and rotate recipient tokens issued meanwhile if it was not intended.",
    logic:
      "`updateMetastore` with `delta_sharing_recipient_token_lifetime_in_seconds`, whatever the outcome. Severity high (kind `weakened`) when the lifetime is 0 (tokens never expire) or above `maxLifetimeDays`, low otherwise. The lifetime is shown in days with three decimals. One alert per change.",
    references: ["Databricks SRA: delta_sharing_recipient_token_lifetime_change"],
    evidenceParams: ["metastore_id", "delta_sharing_recipient_token_lifetime_in_seconds", "delta_sharing_scope"],
    facts: ["kind", "lifetime_days", "metastore", "outcome"],
  },
  scope: () => "action_name = 'updateMetastore'",
  sql(ctx) {
    const weak = `(${LIFETIME} = 0 OR ${LIFETIME} > ${ctx.t("maxLifetimeDays")} * 86400)`;
    return eventAlerts(ctx, {
      where: `action_name = 'updateMetastore' AND ${LIFETIME} IS NOT NULL`,
      severity: `CASE WHEN ${weak} THEN 'high' ELSE 'low' END`,
      facts: {
        kind: `CASE WHEN ${weak} THEN 'weakened' ELSE 'changed' END`,
        lifetime_days: `CAST(${LIFETIME} / 86400.0 AS DECIMAL(18, 3))`,
        metastore: "coalesce(request_params['metastore_id'], request_params['id'])",
        outcome: OUTCOME,
      },
    });
  },
  summarize: ({ principal, facts }) =>
    `${principal} set the Delta Sharing recipient token lifetime of metastore ${facts.metastore ?? "-"} to ${Number(facts.lifetime_days) === 0 ? "never expire" : `${facts.lifetime_days} days`}; ${facts.outcome}`,
});
