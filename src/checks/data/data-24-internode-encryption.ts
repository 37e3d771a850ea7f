import type { ClusterPolicy } from "../../evidence/model.ts";
import { defineCheck, fail, listSome, pass } from "../define.ts";
import { boundedPolicy, onEveryCluster, policyPermissions } from "../fixes.ts";
import { serverlessNotApplicable } from "../helpers.ts";
import { type ComputeSpec, clusterSpecs, confValue, jobClusterSpecs, policyFixes } from "./compute.ts";
import { partialReader } from "./partial.ts";

export const ENCRYPTION_KEYS = ["spark.io.encryption.enabled", "spark.network.crypto.enabled"] as const;

/** The encryption keys a cluster leaves off, after its own conf and its policy's fixed values. */
function missingKeys(spec: ComputeSpec, policy: ClusterPolicy | undefined): string[] {
  return ENCRYPTION_KEYS.filter(
    (key) =>
      confValue(spec.sparkConf, key)?.toLowerCase() !== "true" &&
      !(policy && policyFixes(policy, `spark_conf.${key}`, "true")),
  );
}

export default defineCheck({
  meta: {
    id: "DATA-24",
    title: "Traffic between cluster nodes encrypted (Spark network/IO encryption via policy or compliance profile)",
    category: "data",
    severity: "medium",
    profile: "high",
    threats: ["EX"],
    controls: ["DP-4"],
    mcsb: ["DP-3"],
    cis: ["2.1.3"],
    guide: ["Implement network exfiltration protections"],
    sources: ["workspace-api", "iac"],
    rationale:
      "By default the data Spark exchanges between the driver and workers (shuffle, broadcast, RPC) crosses the VNet unencrypted, readable by anything that can observe the subnet. The compliance security profile enforces instance types that encrypt traffic between nodes; without it, each cluster must set Spark's network (RPC) and I/O encryption, best fixed by a cluster policy so no cluster can omit it.",
    remediation: {
      ui: "Either enable the compliance security profile (Azure portal → the workspace → Security & compliance), or fix spark.network.crypto.enabled and spark.io.encryption.enabled to true in the cluster policies every cluster and job uses (Compute → Policies → edit → definition), and restart the listed clusters under those policies.",
      terraform: `resource "databricks_cluster_policy" "encrypted" {
  name = "encrypted-traffic"
  definition = jsonencode({
    "spark_conf.spark.authenticate"             = { type = "fixed", value = "true" }
    "spark_conf.spark.network.crypto.enabled"   = { type = "fixed", value = "true" }
    "spark_conf.spark.io.encryption.enabled"    = { type = "fixed", value = "true" }
  })
}

# or, with the Enhanced Security and Compliance add-on:
resource "azurerm_databricks_workspace" "this" {
  # ...
  enhanced_security_compliance {
    compliance_security_profile_enabled = true
  }
}`,
      fix: (input) => ({
        resources: [boundedPolicy(input), policyPermissions(input)],
        settings: [
          ...["spark.io.encryption.enabled", "spark.network.crypto.enabled"].flatMap((key) =>
            onEveryCluster(
              ["spark_conf", key],
              "true",
              `turn on encryption between nodes on the existing clusters (${input.result.resources.join(", ") || "see the finding"}): put them on the bounded-encrypted policy, or set spark.io.encryption.enabled and spark.network.crypto.enabled to true in their Spark config`,
            ),
          ),
        ],
        caution: [
          "clusters restart with encryption between nodes on: expect a few percent more CPU for shuffle-heavy jobs",
        ],
      }),
    },
  },
  evaluate(evidence, context) {
    const serverless = serverlessNotApplicable(context, evidence, "serverless compute is encrypted by Databricks");
    if (serverless) return serverless;
    const csp = context.peek(
      "setting compliance security profile",
      evidence.databricks.settings.complianceSecurityProfile,
    );
    const esc = context.peek("enhancedSecurityCompliance (ARM)", evidence.azure.enhancedSecurity);
    if (csp.status === "known" && csp.value.enabled)
      return pass(
        "the compliance security profile is enabled: it enforces instance types that encrypt traffic between nodes",
      );
    if (esc.status === "known" && esc.value.complianceSecurityProfile === true)
      return pass(
        "the compliance security profile is enabled (ARM enhancedSecurityCompliance): it enforces encrypting instance types",
      );
    const cspNote =
      csp.status === "unknown" && (esc.status === "unknown" || esc.value.complianceSecurityProfile === null)
        ? `; the compliance security profile could not be read (${csp.reason}), which would make this pass if enabled`
        : "";

    const reader = partialReader(context);
    const clusters = reader.read("clusters", evidence.databricks.clusters);
    const jobs = reader.read("jobs", evidence.databricks.jobs);
    const specs = [...clusterSpecs(clusters ?? []), ...jobClusterSpecs(jobs ?? [])];
    const needPolicies = specs.some((spec) => spec.policyId && missingKeys(spec, undefined).length);
    const policies = needPolicies ? reader.read("cluster policies", evidence.databricks.clusterPolicies) : [];
    const byId = new Map((policies ?? []).map((policy) => [policy.id, policy]));
    const offending: string[] = [];
    for (const spec of specs) {
      const own = missingKeys(spec, undefined);
      if (own.length === 0) continue;
      // With the policies unread, a cluster under a policy may be covered by it: not judged.
      if (spec.policyId && policies === undefined) continue;
      const missing = missingKeys(spec, spec.policyId ? byId.get(spec.policyId) : undefined);
      if (missing.length) offending.push(`${spec.label} lacks ${missing.join(", ")}`);
    }
    if (offending.length)
      return fail(
        `the compliance security profile is off and ${offending.length} of ${specs.length} clusters and job clusters do not encrypt node-to-node traffic: ${listSome(offending, 3)}${cspNote}${reader.note()}`,
        offending,
      );
    reader.settle();
    return pass(
      specs.length
        ? `all ${specs.length} clusters and job clusters set ${ENCRYPTION_KEYS.join(" and ")} (directly or through a fixed policy value)`
        : "no clusters or job clusters exist (the compliance security profile is off, so new ones must set encryption themselves)",
    );
  },
});
