import { checkCases } from "../../../test/support/check-cases.ts";
import { goodCluster, k, u } from "../../../test/support/evidence.ts";
import type { WorkspaceEvidence } from "../../evidence/model.ts";
import check from "./gov-09-supported-runtime.ts";

const jobs = (e: WorkspaceEvidence) => {
  if (e.databricks.jobs.status !== "known") throw new Error("fixture");
  return e.databricks.jobs.value;
};

checkCases(check, [
  { name: "all supported", status: "pass", message: /all 2 clusters/ },
  {
    name: "a cluster on an old runtime",
    status: "fail",
    edit: (e) =>
      void (e.databricks.clusters = k([
        goodCluster(),
        goodCluster({ id: "c-old", name: "legacy", sparkVersion: "7.3.x-scala2.12" }),
      ])),
    message: /cluster "legacy" \(c-old\) on 7\.3\.x-scala2\.12/,
    resources: ['cluster "legacy" (c-old) on 7.3.x-scala2.12'],
  },
  {
    name: "a job cluster on an old runtime",
    status: "fail",
    edit: (e) => void (jobs(e)[0]!.clusters[0]!.sparkVersion = "10.4.x-scala2.12"),
    resources: ['job "nightly-etl" (101), cluster main on 10.4.x-scala2.12'],
  },
  {
    name: "a pipeline cluster's managed runtime is not judged",
    status: "pass",
    edit: (e) =>
      void (e.databricks.clusters = k([
        goodCluster({ source: "PIPELINE", sparkVersion: "dlt:15.4.8-delta-pipelines" }),
      ])),
    message: /1 pipeline\/SQL\/serving cluster/,
  },
  {
    name: "runtime not reported",
    status: "unknown",
    edit: (e) => void (e.databricks.clusters = k([goodCluster({ sparkVersion: null })])),
    message: /not reported/,
  },
  {
    name: "empty version list",
    status: "unknown",
    edit: (e) => void (e.databricks.sparkVersions = k([])),
    message: /listed no runtime versions/,
  },
  { name: "versions unreadable", status: "unknown", edit: (e) => void (e.databricks.sparkVersions = u()) },
  { name: "jobs unreadable", status: "unknown", edit: (e) => void (e.databricks.jobs = u()) },
]);
