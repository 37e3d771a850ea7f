import { checkCases } from "../../../test/support/check-cases.ts";
import { goodCluster, k, u } from "../../../test/support/evidence.ts";
import type { WorkspaceEvidence } from "../../evidence/model.ts";
import check from "./data-27-local-disk-encryption.ts";

const jobs = (e: WorkspaceEvidence) => {
  if (e.databricks.jobs.status !== "known") throw new Error("fixture");
  return e.databricks.jobs.value;
};

checkCases(check, [
  { name: "all encrypted", status: "pass", message: /all 2 clusters/ },
  {
    name: "a cluster without local disk encryption",
    status: "fail",
    edit: (e) =>
      void (e.databricks.clusters = k([
        goodCluster(),
        goodCluster({ id: "c-2", name: "adhoc", localDiskEncryption: false }),
      ])),
    message: /1 of 3 .*cluster "adhoc" \(c-2\)/,
    resources: ['cluster "adhoc" (c-2)'],
  },
  {
    name: "a job cluster without it",
    status: "fail",
    edit: (e) => void (jobs(e)[0]!.clusters[0]!.localDiskEncryption = false),
    resources: ['job "nightly-etl" (101), cluster main'],
  },
  {
    name: "the compliance security profile alone does not count",
    status: "fail",
    edit: (e) => void (e.databricks.clusters = k([goodCluster({ localDiskEncryption: false })])),
  },
  {
    name: "flag not reported, and the policy does not fix it",
    status: "unknown",
    edit: (e) => void (e.databricks.clusters = k([goodCluster({ localDiskEncryption: null })])),
    message: /do not report/,
  },
  {
    name: "flag not reported, but the policy fixes it",
    status: "pass",
    edit: (e) => {
      e.databricks.clusters = k([goodCluster({ localDiskEncryption: null, policyId: "P9" })]);
      e.databricks.clusterPolicies = k([
        {
          id: "P9",
          name: "encrypted",
          definition: { enable_local_disk_encryption: { type: "fixed", value: true } },
          familyId: null,
          isDefault: false,
          users: ["users"],
        },
      ]);
    },
  },
  { name: "clusters unreadable", status: "unknown", edit: (e) => void (e.databricks.clusters = u()) },
  { name: "jobs unreadable", status: "unknown", edit: (e) => void (e.databricks.jobs = u()) },
  { name: "serverless", status: "not_applicable", edit: (e) => void (e.azure.computeMode = k("Serverless")) },
]);
