import { defineCheck, fail, listSome, pass, undetermined } from "../define.ts";
import { boundedPolicy, onEveryCluster, policyPermissions } from "../fixes.ts";
import { serverlessNotApplicable } from "../helpers.ts";
import { clusterSpecs, jobClusterSpecs, policyFixes } from "./compute.ts";
import { partialReader } from "./partial.ts";

export default defineCheck({
  meta: {
    id: "DATA-27",
    title: "Local disk encryption on clusters",
    category: "data",
    severity: "medium",
    profile: "high",
    threats: ["EX"],
    controls: ["DP-5"],
    mcsb: ["DP-4"],
    sat: ["DP-2"],
    guide: ["Encrypt storage accounts and restrict access"],
    sources: ["workspace-api", "iac"],
    rationale:
      "Spark spills shuffle data, cached tables and temporary files to the local disks of cluster nodes. Local disk encryption encrypts that data with a per-cluster key held only in memory, so nothing readable is left on a disk after the cluster is gone. The compliance security profile is not counted: its documented controls on Azure do not include local disk encryption.",
    remediation: {
      ui: "Edit each listed cluster or job cluster through the API or Terraform and set enable_local_disk_encryption to true (the UI does not show it); fix it in cluster policies so new clusters cannot omit it.",
      terraform: `resource "databricks_cluster" "shared" {
  # ...
  enable_local_disk_encryption = true
}

resource "databricks_cluster_policy" "encrypted" {
  name = "encrypted-disks"
  definition = jsonencode({
    "enable_local_disk_encryption" = { type = "fixed", value = true }
  })
}`,
      fix: (input) => ({
        resources: [boundedPolicy(input), policyPermissions(input)],
        settings: onEveryCluster(
          ["enable_local_disk_encryption"],
          true,
          `enable local disk encryption on the existing clusters (${input.result.resources.join(", ") || "see the finding"}): Compute → the cluster → Edit → Advanced → Enable local disk encryption (or put them on the bounded-encrypted policy)`,
        ),
      }),
    },
  },
  evaluate(evidence, context) {
    const serverless = serverlessNotApplicable(context, evidence, "no classic clusters");
    if (serverless) return serverless;
    const reader = partialReader(context);
    const clusters = reader.read("clusters", evidence.databricks.clusters);
    const jobs = reader.read("jobs", evidence.databricks.jobs);
    const specs = [...clusterSpecs(clusters ?? []), ...jobClusterSpecs(jobs ?? [])];
    const off = specs.filter((spec) => spec.localDiskEncryption === false).map((spec) => spec.label);
    const unstated = specs.filter((spec) => spec.localDiskEncryption === null);
    if (off.length)
      return fail(
        `${off.length} of ${specs.length} clusters and job clusters leave local disks unencrypted: ${listSome(off, 4)}${reader.note()}`,
        off,
      );
    // A cluster that does not state the flag is encrypted only if its policy fixes it.
    let unclear: string[] = [];
    if (unstated.length) {
      const policies = reader.read("cluster policies", evidence.databricks.clusterPolicies);
      const byId = new Map((policies ?? []).map((policy) => [policy.id, policy]));
      unclear = unstated
        .filter((spec) => {
          const policy = spec.policyId ? byId.get(spec.policyId) : undefined;
          return !(policy && policyFixes(policy, "enable_local_disk_encryption", "true"));
        })
        .map((spec) => spec.label);
    }
    reader.settle();
    if (unclear.length)
      return undetermined(
        `${unclear.length} cluster(s) do not report enable_local_disk_encryption and no policy fixes it: ${listSome(unclear, 4)}`,
        unclear,
      );
    return pass(
      specs.length
        ? `all ${specs.length} clusters and job clusters encrypt their local disks`
        : "no clusters or job clusters exist",
    );
  },
});
