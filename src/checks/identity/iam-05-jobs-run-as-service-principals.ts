import { defineCheck, fail, listSome, pass, undetermined } from "../define.ts";
import { kindOfName } from "./principals.ts";

export default defineCheck({
  meta: {
    id: "IAM-05",
    title: "Scheduled and continuous jobs run as service principals, not users",
    category: "identity",
    severity: "medium",
    profile: "standard",
    threats: ["IN"],
    controls: ["IM-2"],
    mcsb: ["IM-3"],
    sat: ["GOV-42"],
    guide: ["Use service principals to run production jobs"],
    sources: ["workspace-api"],
    rationale:
      "A production job that runs as a person carries that person's access into every run, breaks when the person leaves, and mixes their own actions with the workload's in the audit log. Jobs that run unattended (on a schedule, continuously or on file arrival) should run as service principals; jobs a person starts by hand are left out, so development work is not flagged.",
    remediation: {
      ui: "Workflows → the job → Job details → Run as: choose a service principal (you need the Service Principal User role on it).",
      terraform: `resource "databricks_service_principal" "etl" {
  application_id = azuread_service_principal.etl.client_id
  display_name   = "etl"
}

resource "databricks_job" "nightly" {
  name = "nightly-etl"
  run_as {
    service_principal_name = databricks_service_principal.etl.application_id
  }
  # ...
}`,
    },
  },
  evaluate(evidence, context) {
    const jobs = context.get("jobs", evidence.databricks.jobs);
    const unattended = jobs.filter((job) => job.unattended);
    const asUser = unattended
      .filter((job) => job.runAs !== null && kindOfName(job.runAs) === "user")
      .map((job) => `${job.name} (${job.id}, runs as ${job.runAs})`);
    const unclear = unattended.filter((job) => job.runAs === null).map((job) => `${job.name} (${job.id})`);
    if (asUser.length)
      return fail(
        `${asUser.length} of ${unattended.length} scheduled or continuous job(s) run as a user: ${listSome(asUser)}${
          unclear.length ? `; run-as identity unknown for ${listSome(unclear, 3)}` : ""
        }`,
        asUser,
      );
    if (unclear.length)
      return undetermined(
        `the run-as identity of ${unclear.length} scheduled job(s) is unknown: ${listSome(unclear)}`,
        unclear,
      );
    return pass(
      unattended.length
        ? `all ${unattended.length} scheduled or continuous job(s) run as service principals`
        : `no scheduled or continuous jobs (${jobs.length} job(s) in total, all started by hand)`,
      unattended.map((job) => `${job.name} (${job.id})`),
    );
  },
});
