import { checkCases } from "../../../test/support/check-cases.ts";
import { k, u } from "../../../test/support/evidence.ts";
import type { Job, WorkspaceEvidence } from "../../evidence/model.ts";
import check from "./iam-05-jobs-run-as-service-principals.ts";

function job(e: WorkspaceEvidence, overrides: Partial<Job>): void {
  if (e.databricks.jobs.status !== "known") return;
  e.databricks.jobs = k([{ ...e.databricks.jobs.value[0]!, ...overrides }]);
}

checkCases(check, [
  { name: "scheduled job runs as a service principal", status: "pass", resources: ["nightly-etl (101)"] },
  {
    name: "scheduled job runs as a user",
    status: "fail",
    edit: (e) => job(e, { runAs: "dana@example.com" }),
    message: /1 of 1 scheduled or continuous job\(s\) run as a user: nightly-etl \(101, runs as dana@example\.com\)/,
    resources: ["nightly-etl (101, runs as dana@example.com)"],
  },
  {
    name: "a job started by hand may run as a user",
    status: "pass",
    edit: (e) => job(e, { runAs: "dana@example.com", unattended: false }),
    message: /no scheduled or continuous jobs/,
  },
  {
    name: "run-as unknown",
    status: "unknown",
    edit: (e) => job(e, { runAs: null }),
    message: /unknown/,
  },
  { name: "jobs unreadable", status: "unknown", edit: (e) => void (e.databricks.jobs = u()) },
]);
