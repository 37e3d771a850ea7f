/** DET-10: a large or GPU cluster, or one created without the cluster policy everyone else uses. */
import { keyOf } from "./common.ts";
import { defineDetection, EVENT_COLUMNS } from "./types.ts";

const GPU_NODE = "(^| )standard_n[cdv][0-9]|gpu";

export default defineDetection({
  meta: {
    id: "DET-10",
    title: "Large or GPU cluster created, or cluster policy bypassed",
    severity: "high",
    threats: ["RA"],
    controls: ["LT-1", "AM-4", "IR-3"],
    thresholds: {
      maxWorkers: {
        default: 32,
        unit: "workers",
        description: "a cluster with at least this many workers (fixed or autoscale maximum) is large",
      },
      policyUsePercent: {
        default: 80,
        unit: "%",
        description:
          "a cluster without a policy counts as bypassing policies when at least this share of the workspace's cluster creations used one",
      },
    },
    rationale:
      "Crypto-mining on stolen credentials shows up as compute: GPU node types, many workers, and clusters created outside the cluster policies that normally cap size and node type. Each costs money by the hour and hints at a compromised account.",
    response:
      "Check the cluster with its creator. If unexplained, terminate it, revoke the creator's tokens, and restrict cluster creation to policies (remove `allow-cluster-create`, grant policy use instead).",
    logic:
      "Successful `create` and `edit` of service `clusters`. Reasons: `gpu` (driver or worker node type of the Azure N-series — NC, ND, NV — or containing `gpu`), `large` (`num_workers` or the autoscale maximum at least `maxWorkers`), `no-policy` (no `policy_id` while at least `policyUsePercent`% of the workspace's creations in the data had one). One alert per cluster change with any reason.",
    references: ["CHECKS.md threat RA (resource abuse, crypto mining)"],
    evidenceParams: ["cluster_name", "node_type_id", "driver_node_type_id", "num_workers", "autoscale", "policy_id"],
    facts: ["reasons", "max_workers", "node_type"],
  },
  scope: () => "service_name = 'clusters' AND action_name IN ('create', 'edit')",
  sql({ d, t }) {
    const workers = `greatest(coalesce(TRY_CAST(request_params['num_workers'] AS INT), 0),
    coalesce(TRY_CAST(regexp_extract(coalesce(request_params['autoscale'], ''), '"max_workers": *([0-9]+)', 1) AS INT), 0))`;
    const nodes =
      "lower(coalesce(request_params['node_type_id'], '') || ' ' || coalesce(request_params['driver_node_type_id'], ''))";
    const noPolicy = "coalesce(request_params['policy_id'], '') = ''";
    return {
      ctes: [
        `cc AS (SELECT ${EVENT_COLUMNS}, coalesce(workspace_id, '') AS ws, ${workers} AS max_workers,
  ${d.regexpLike(nodes, GPU_NODE)} AS gpu, ${noPolicy} AS no_policy
FROM events WHERE service_name = 'clusters' AND action_name IN ('create', 'edit') AND (status_code = 200 OR status_code IS NULL))`,
        `cc_ws AS (SELECT ws, count(*) AS n, sum(CASE WHEN no_policy THEN 0 ELSE 1 END) AS with_policy FROM cc GROUP BY ws)`,
        `cc_judged AS (SELECT cc.*, concat_ws(',',
    CASE WHEN gpu THEN 'gpu' END,
    CASE WHEN max_workers >= ${t("maxWorkers")} THEN 'large' END,
    CASE WHEN no_policy AND w.with_policy > 0 AND w.with_policy * 100 >= ${t("policyUsePercent")} * w.n THEN 'no-policy' END) AS reasons
FROM cc JOIN cc_ws w ON cc.ws = w.ws)`,
      ],
      matches: `SELECT ${EVENT_COLUMNS}, ${keyOf("principal", d.epochMillis("event_time"), "request_id")} AS alert_key,
  principal AS alert_principal, source_ip AS alert_ip, CAST(NULL AS STRING) AS alert_severity,
  reasons AS f_reasons, max_workers AS f_max_workers, coalesce(request_params['node_type_id'], '') AS f_node_type
FROM cc_judged WHERE reasons <> ''`,
    };
  },
  summarize: ({ principal, facts }) =>
    `${principal} created or edited a cluster (${facts.reasons}): ${facts.node_type || "default node type"}, up to ${facts.max_workers} workers`,
});
