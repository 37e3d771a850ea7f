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

export default defineCheck({
  meta: {
    id: "DATA-18",
    title: "No plaintext credentials in cluster, job or pool Spark conf / environment (use `{{secrets/...}}`)",
    category: "data",
    severity: "high",
    profile: "standard",
    threats: ["EX", "IN"],
    controls: ["IM-7"],
    guide: ["Store and use secrets securely"],
    sources: ["workspace-api", "iac"],
    rationale:
      "A storage key, password or token typed into a cluster's Spark configuration or environment is visible to everyone who can view or edit the cluster or job, is copied into every cluster clone and job definition, and never rotates. Referencing a Databricks secret ({{secrets/scope/key}}) keeps the value in a scope with its own ACL and out of the configuration.",
    remediation: {
      ui: "Store each value in a secret scope (Key Vault-backed or Databricks), then edit each listed cluster or job cluster → Advanced options → Spark: replace the value by {{secrets/<scope>/<key>}}, and rotate the exposed credential.",
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
    const specs = [...clusterSpecs(clusters ?? []), ...jobClusterSpecs(jobs ?? [])];
    const found = specs.flatMap(plaintext);
    if (found.length)
      return fail(
        `${found.length} credential-like setting(s) hold a literal value instead of a {{secrets/…}} reference (values not shown): ${listSome(found, 4)}${reader.note()}`,
        found,
      );
    reader.settle();
    return pass(
      `no credential-like Spark conf or environment entry holds a literal value across ${specs.length} clusters and job clusters (instance pools carry no Spark configuration)`,
    );
  },
});
