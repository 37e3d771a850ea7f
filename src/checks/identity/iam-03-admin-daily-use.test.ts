import { checkCases } from "../../../test/support/check-cases.ts";
import { goodCluster, k, u } from "../../../test/support/evidence.ts";
import type { Job, WorkspaceEvidence } from "../../evidence/model.ts";
import check from "./iam-03-admin-daily-use.ts";

function job(e: WorkspaceEvidence, overrides: Partial<Job>): void {
  if (e.databricks.jobs.status !== "known") return;
  e.databricks.jobs = k([{ ...e.databricks.jobs.value[0]!, ...overrides }]);
}

checkCases(check, [
  { name: "admins do not work day to day", status: "pass" },
  {
    name: "an admin created an interactive cluster",
    status: "fail",
    edit: (e) =>
      void (e.databricks.clusters = k([
        goodCluster({ id: "c-a", name: "adhoc", creator: "A@example.com", source: "UI" }),
      ])),
    message: /1 admin identity is used for daily work \(a@example\.com\): cluster adhoc/,
    resources: ["cluster adhoc (c-a) created by admin A@example.com (UI)"],
  },
  {
    name: "an admin's job cluster does not count",
    status: "pass",
    edit: (e) => void (e.databricks.clusters = k([goodCluster({ creator: "a@example.com", source: "JOB" })])),
  },
  {
    name: "a job runs as an admin",
    status: "fail",
    edit: (e) => job(e, { runAs: "b@example.com" }),
    message: /job nightly-etl \(101\) runs as admin b@example\.com/,
  },
  {
    name: "a job runs as an admin service principal",
    status: "fail",
    edit: (e) => {
      e.databricks.admins = k([
        {
          id: "sp-1",
          name: "11111111-aaaa-4bbb-8ccc-000000000002",
          displayName: "deploy",
          type: "servicePrincipal",
          via: null,
        },
      ]);
    },
    message: /runs as admin 11111111/,
  },
  {
    name: "a cluster of a deleted user (no creator) is not an admin's",
    status: "pass",
    edit: (e) => void (e.databricks.clusters = k([goodCluster({ creator: null })])),
  },
  {
    name: "admin cluster with unknown source",
    status: "unknown",
    edit: (e) => void (e.databricks.clusters = k([goodCluster({ creator: "a@example.com", source: null })])),
    message: /source unknown/,
  },
  {
    name: "job created by an admin with unknown run-as",
    status: "unknown",
    edit: (e) => job(e, { runAs: null, creator: "a@example.com" }),
  },
  { name: "admins unreadable", status: "unknown", edit: (e) => void (e.databricks.admins = u()) },
  { name: "jobs unreadable", status: "unknown", edit: (e) => void (e.databricks.jobs = u()) },
]);
