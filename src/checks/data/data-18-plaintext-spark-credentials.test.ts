import { checkCases } from "../../../test/support/check-cases.ts";
import { goodCluster, k, u } from "../../../test/support/evidence.ts";
import type { WorkspaceEvidence } from "../../evidence/model.ts";
import check from "./data-18-plaintext-spark-credentials.ts";

const KEY = "fs.azure.account.key.datalake1.dfs.core.windows.net";
const firstJobCluster = (e: WorkspaceEvidence) => {
  if (e.databricks.jobs.status !== "known") throw new Error("fixture");
  return e.databricks.jobs.value[0]!.clusters[0]!;
};

checkCases(check, [
  { name: "no credentials in conf", status: "pass" },
  {
    name: "a secret reference is fine",
    status: "pass",
    edit: (e) =>
      void (e.databricks.clusters = k([
        goodCluster({
          sparkConf: [{ key: KEY, value: "{{secrets/datalake/key}}", secretReference: true, sensitiveKey: true }],
        }),
      ])),
  },
  {
    name: "a storage key in a cluster's Spark conf: named by key, value never shown",
    status: "fail",
    edit: (e) =>
      void (e.databricks.clusters = k([
        goodCluster({
          name: "etl",
          id: "c-1",
          sparkConf: [{ key: KEY, fingerprint: "sha256:0123456789abcdef", secretReference: false, sensitiveKey: true }],
        }),
      ])),
    message: /^(?!.*sha256).*cluster "etl" \(c-1\): Spark conf fs\.azure\.account\.key\.datalake1/,
    resources: [`cluster "etl" (c-1): Spark conf ${KEY}`],
  },
  {
    name: "a password in a job cluster's environment",
    status: "fail",
    edit: (e) =>
      void firstJobCluster(e).sparkEnvVars.push({
        key: "DB_PASSWORD",
        fingerprint: "sha256:0123456789abcdef",
        secretReference: false,
        sensitiveKey: true,
      }),
    resources: ['job "nightly-etl" (101), cluster main: environment variable DB_PASSWORD'],
  },
  {
    name: "a non-sensitive key with a literal value is fine",
    status: "pass",
    edit: (e) =>
      void (e.databricks.clusters = k([
        goodCluster({
          sparkConf: [
            { key: "spark.sql.shuffle.partitions", value: "200", secretReference: false, sensitiveKey: false },
          ],
        }),
      ])),
  },
  {
    name: "a finding on clusters stands while jobs are unreadable",
    status: "fail",
    edit: (e) => {
      e.databricks.clusters = k([
        goodCluster({
          sparkEnvVars: [{ key: "API_TOKEN", fingerprint: "sha256:1", secretReference: false, sensitiveKey: true }],
        }),
      ]);
      e.databricks.jobs = u("HTTP 403");
    },
    message: /could not also judge \(so there may be more\): jobs/,
  },
  {
    name: "a cluster policy fixing a storage key to a literal value",
    status: "fail",
    edit: (e) =>
      void (e.databricks.clusterPolicies = k([
        {
          id: "P7",
          name: "lake",
          definition: { [`spark_conf.${KEY}`]: { type: "fixed", value: "not-a-real-key" } },
          familyId: null,
          isDefault: false,
          users: ["users"],
        },
      ])),
    message: /^(?!.*not-a-real-key).*policy "lake" \(P7\): fixed Spark conf fs\.azure/,
    resources: [`policy "lake" (P7): fixed Spark conf ${KEY}`],
  },
  {
    name: "a policy fixing a secret reference is fine",
    status: "pass",
    edit: (e) =>
      void (e.databricks.clusterPolicies = k([
        {
          id: "P7",
          name: "lake",
          definition: { "spark_env_vars.DB_PASSWORD": { type: "fixed", value: "{{secrets/db/password}}" } },
          familyId: null,
          isDefault: false,
          users: ["users"],
        },
      ])),
  },
  { name: "policies unreadable", status: "unknown", edit: (e) => void (e.databricks.clusterPolicies = u()) },
  {
    name: "Standard tier: no cluster policies exist, clean clusters and jobs pass",
    status: "pass",
    edit: (e) => {
      e.azure.sku = k("standard");
      e.databricks.clusterPolicies = u("HTTP 404 FEATURE_DISABLED: This feature requires the Premium pricing tier.");
    },
    message: /no cluster policies \(the standard tier has none\)/,
  },
  {
    name: "Standard tier: a credential in a cluster still fails",
    status: "fail",
    edit: (e) => {
      e.azure.sku = k("standard");
      e.databricks.clusterPolicies = u("HTTP 404 FEATURE_DISABLED");
      e.databricks.clusters = k([
        goodCluster({
          sparkConf: [{ key: KEY, fingerprint: "sha256:1", secretReference: false, sensitiveKey: true }],
        }),
      ]);
    },
  },
  { name: "clusters unreadable", status: "unknown", edit: (e) => void (e.databricks.clusters = u()) },
  { name: "jobs unreadable", status: "unknown", edit: (e) => void (e.databricks.jobs = u()) },
]);
