import { checkCases } from "../../../test/support/check-cases.ts";
import { goodCluster, k, u } from "../../../test/support/evidence.ts";
import type { ConfEntry, WorkspaceEvidence } from "../../evidence/model.ts";
import check from "./data-24-internode-encryption.ts";

const on = (key: string): ConfEntry => ({ key, value: "true", secretReference: false, sensitiveKey: false });
const BOTH = [on("spark.io.encryption.enabled"), on("spark.network.crypto.enabled")];
const cspOff = (e: WorkspaceEvidence) => {
  e.databricks.settings.complianceSecurityProfile = k({ enabled: false, standards: [] });
  e.azure.enhancedSecurity = k({
    automaticClusterUpdate: true,
    complianceSecurityProfile: false,
    complianceStandards: [],
    enhancedSecurityMonitoring: true,
  });
};
const jobs = (e: WorkspaceEvidence) => {
  if (e.databricks.jobs.status !== "known") throw new Error("fixture");
  return e.databricks.jobs.value;
};
const allEncrypted = (e: WorkspaceEvidence) => {
  cspOff(e);
  e.databricks.clusters = k([goodCluster({ sparkConf: BOTH, policyId: null })]);
  jobs(e)[0]!.clusters[0]!.sparkConf = BOTH;
};

checkCases(check, [
  { name: "compliance security profile on", status: "pass", message: /compliance security profile is enabled/ },
  {
    name: "profile on in ARM only",
    status: "pass",
    edit: (e) => void (e.databricks.settings.complianceSecurityProfile = u()),
    message: /ARM/,
  },
  { name: "profile off, every cluster sets both keys", status: "pass", edit: allEncrypted, message: /all 2 clusters/ },
  {
    name: "profile off, a policy fixes both keys",
    status: "pass",
    edit: (e) => {
      allEncrypted(e);
      e.databricks.clusters = k([goodCluster({ policyId: "P9" })]);
      e.databricks.clusterPolicies = k([
        {
          id: "P9",
          name: "encrypted",
          definition: {
            "spark_conf.spark.io.encryption.enabled": { type: "fixed", value: "true" },
            "spark_conf.spark.network.crypto.enabled": { type: "fixed", value: true },
          },
          familyId: null,
          isDefault: false,
          users: ["users"],
        },
      ]);
    },
  },
  {
    name: "profile off and the fixture's clusters set only IO encryption (policy P1 fixes only that)",
    status: "fail",
    edit: cspOff,
    message: /cluster "shared" \(0101-000000-good0001\) lacks spark\.network\.crypto\.enabled/,
    resources: ['job "nightly-etl" (101), cluster main lacks spark.network.crypto.enabled'],
  },
  {
    name: "profile off, a cluster without any encryption",
    status: "fail",
    edit: (e) => {
      allEncrypted(e);
      e.databricks.clusters = k([goodCluster({ name: "plain", id: "c-2", policyId: null })]);
    },
    resources: ['cluster "plain" (c-2) lacks spark.io.encryption.enabled, spark.network.crypto.enabled'],
  },
  {
    name: "profile unreadable and clusters unencrypted: fail, naming the unread profile",
    status: "fail",
    edit: (e) => {
      e.databricks.settings.complianceSecurityProfile = u("HTTP 403");
      e.azure.enhancedSecurity = u("ARM not read");
    },
    message: /could not be read/,
  },
  {
    name: "profile off and clusters unreadable",
    status: "unknown",
    edit: (e) => {
      allEncrypted(e);
      e.databricks.clusters = u();
    },
  },
  {
    name: "profile off and the policy a cluster relies on unreadable",
    status: "unknown",
    edit: (e) => {
      allEncrypted(e);
      e.databricks.clusters = k([goodCluster({ policyId: "P9" })]);
      e.databricks.clusterPolicies = u();
    },
  },
  { name: "serverless", status: "not_applicable", edit: (e) => void (e.azure.computeMode = k("Serverless")) },
]);
