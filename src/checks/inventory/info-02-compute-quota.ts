import { defineCheck, fail, pass, undetermined } from "../define.ts";
import { serverlessNotApplicable } from "../helpers.ts";

export default defineCheck({
  meta: {
    id: "INFO-02",
    title: "Compute quota headroom (Azure service quotas)",
    category: "inventory",
    severity: "info",
    profile: "high",
    threats: ["RA"],
    controls: ["AM-2"],
    mcsb: ["AM-1"],
    guide: ["Azure service quotas"],
    sources: ["arm"],
    rationale:
      "vCPU quotas are the guide's coarse, outside-of-Databricks cap on how much compute can be deployed, and so on what a compromised account could spend on crypto mining. Near the limit, legitimate clusters fail to start; far above real needs, the cap protects nothing. lakeward lists the region's quotas and flags those used beyond the threshold.",
    remediation: {
      ui: "Azure portal → Subscriptions → Usage + quotas → Compute, filtered to the workspace's region: request an increase for families near their limit, or lower limits far above what the workspace needs. Bound cluster sizes in cluster policies so that one user cannot exhaust the quota.",
      terraform: `# Quotas are changed through a support request or the Quota API; inside Databricks, bound cluster size:
resource "databricks_cluster_policy" "bounded" {
  name = "bounded-size"
  definition = jsonencode({
    "autoscale.max_workers" = { type = "range", maxValue = 8 }
    "node_type_id"          = { type = "allowlist", values = ["Standard_D4ds_v5", "Standard_D8ds_v5"] }
  })
}`,
    },
    thresholds: {
      maxUsedPercent: {
        default: 80,
        unit: "%",
        description: "share of a vCPU quota in use above which it is reported",
      },
    },
  },
  evaluate(evidence, context) {
    const serverless = serverlessNotApplicable(
      context,
      evidence,
      "serverless compute does not use the subscription's vCPU quotas",
    );
    if (serverless) return serverless;
    const quotas = context.get("vCPU quotas", evidence.azure.computeQuotas);
    const max = context.thresholds.maxUsedPercent ?? 80;
    // Families with a zero limit are simply not available to the subscription; they are not a headroom problem.
    const judged = quotas.filter((quota) => quota.limit > 0);
    if (judged.length === 0)
      return undetermined("no vCPU quota with a non-zero limit was reported for the workspace's region");
    const describe = (quota: (typeof judged)[number]) =>
      `${quota.name} in ${quota.location}: ${quota.used}/${quota.limit} (${Math.round((quota.used / quota.limit) * 100)}%)`;
    const tight = judged.filter((quota) => (quota.used / quota.limit) * 100 > max);
    if (tight.length)
      return fail(
        `${tight.length} vCPU quota(s) are more than ${max}% used: ${tight.map(describe).join(", ")}`,
        tight.map(describe),
      );
    const fullest = [...judged].sort((a, b) => b.used / b.limit - a.used / a.limit)[0]!;
    return pass(
      `all ${judged.length} vCPU quota(s) are at most ${max}% used; the fullest is ${describe(fullest)}`,
      judged.map(describe),
    );
  },
});
