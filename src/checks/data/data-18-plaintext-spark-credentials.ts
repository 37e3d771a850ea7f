import type { ClusterPolicy } from "../../evidence/model.ts";
import { redactConfEntry } from "../../redact/fingerprint.ts";
import { defineCheck, fail, listSome, pass } from "../define.ts";
import { type ComputeSpec, clusterSpecs, jobClusterSpecs } from "./compute.ts";
import { partialReader } from "./partial.ts";

/** Every credential-looking Spark conf or environment key whose value is not a secret reference. Values are never named. */
function plaintext(spec: ComputeSpec): string[] {
  return [
    ...spec.sparkConf
      .filter((entry) => entry.sensitiveKey && !entry.secretReference)
      .map((entry) => `${spec.label}: Spark conf ${entry.key}`),
    ...spec.sparkEnvVars
      .filter((entry) => entry.sensitiveKey && !entry.secretReference)
      .map((entry) => `${spec.label}: environment variable ${entry.key}`),
  ];
}

/** Policy rules that fix a credential-like Spark conf or environment key to a literal value. */
function policyPlaintext(policy: ClusterPolicy): string[] {
  return Object.entries(policy.definition).flatMap(([path, rule]) => {
    const match = /^(spark_conf|spark_env_vars)\.(.+)$/.exec(path);
    if (!match?.[2] || rule.type !== "fixed" || rule.value === undefined) return [];
    const entry = redactConfEntry(match[2], rule.value);
    return entry.sensitiveKey && !entry.secretReference
      ? [
          `policy "${policy.name}" (${policy.id}): fixed ${match[1] === "spark_conf" ? "Spark conf" : "environment variable"} ${match[2]}`,
        ]
      : [];
  });
}

export default defineCheck({
  meta: {
    id: "DATA-18",
    title: "No plaintext credentials in cluster, job or pool Spark conf / environment (use `{{secrets/...}}`)",
    category: "data",
    severity: "high",
    profile: "standard",
    threats: ["EX", "IN"],
    controls: ["IM-7"],
    mcsb: ["IM-8"],
    guide: ["Store and use secrets securely"],
    sources: ["workspace-api", "iac"],
    rationale:
      "A storage key, password or token typed into a cluster's Spark configuration or environment is visible to everyone who can view or edit the cluster, job or cluster policy, is copied into every cluster clone and job definition, and never rotates. Referencing a Databricks secret ({{secrets/scope/key}}) keeps the value in a scope with its own ACL and out of the configuration.",
    remediation: {
      ui: "Store each value in a secret scope (Key Vault-backed or Databricks), then edit each listed cluster or job cluster → Advanced options → Spark (or the listed policy's definition): replace the value by {{secrets/<scope>/<key>}}, and rotate the exposed credential.",
      terraform: `resource "databricks_secret" "storage_key" {
  scope        = databricks_secret_scope.datalake.name
  key          = "storage-key"
  string_value = var.storage_key # from a secure source, not the code
}

resource "databricks_cluster" "etl" {
  # ...
  spark_conf = {
    "fs.azure.account.key.datalake1.dfs.core.windows.net" = "{{secrets/datalake/storage-key}}"
  }
}`,
    },
  },
  evaluate(evidence, context) {
    const reader = partialReader(context);
    const clusters = reader.read("clusters", evidence.databricks.clusters);
    const jobs = reader.read("jobs", evidence.databricks.jobs);
    // Cluster policies exist only on Premium (the Standard tier's API answers 404 FEATURE_DISABLED): on a
    // Standard-tier workspace there is none to hold a credential, so their absence does not stop a verdict.
    const sku = context.peek("sku", evidence.azure.sku);
    const standardTier = sku.status === "known" && sku.value === "standard";
    const policies = standardTier ? [] : reader.read("cluster policies", evidence.databricks.clusterPolicies);
    const specs = [...clusterSpecs(clusters ?? []), ...jobClusterSpecs(jobs ?? [])];
    const found = [...specs.flatMap(plaintext), ...(policies ?? []).flatMap(policyPlaintext)];
    if (found.length)
      return fail(
        `${found.length} credential-like setting(s) hold a literal value instead of a {{secrets/…}} reference (values not shown): ${listSome(found, 4)}${reader.note()}`,
        found,
      );
    reader.settle();
    return pass(
      `no credential-like Spark conf or environment entry holds a literal value across ${specs.length} clusters and job clusters and ${standardTier ? "no cluster policies (the standard tier has none)" : `${policies?.length} cluster policies`} (instance pools carry no Spark configuration)`,
    );
  },
});
