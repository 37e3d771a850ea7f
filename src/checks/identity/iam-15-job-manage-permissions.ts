import type { AclEntry, Job } from "../../evidence/model.ts";
import { defineCheck, fail, listSome, pass, undetermined } from "../define.ts";
import { sameName } from "./principals.ts";

const levels = (entry: AclEntry) => entry.permissions.map((permission) => permission.level.toUpperCase());

export default defineCheck({
  meta: {
    id: "IAM-15",
    title: "Jobs grant CAN_MANAGE only to admins, the owner or service principals",
    category: "identity",
    severity: "medium",
    profile: "standard",
    threats: ["IN"],
    controls: ["PA-7"],
    mcsb: ["PA-7"],
    sat: ["GOV-45"],
    guide: ["Use service principals to run production jobs", "Manage code run via CI/CD"],
    sources: ["workspace-api", "iac"],
    rationale:
      "CAN_MANAGE on a job lets its holder change the code it runs, its cluster and its permissions, and the changed job then runs as the job's run-as identity, usually a service principal with production access. Only the owner, the admins and deployment service principals should hold it; everyone else needs at most CAN_MANAGE_RUN or CAN_VIEW.",
    remediation: {
      ui: "Workflows → the job → Permissions: change the listed users' and groups' CAN_MANAGE to CAN_MANAGE_RUN or CAN_VIEW; let the CI/CD service principal own and manage production jobs.",
      terraform: `resource "databricks_permissions" "nightly_etl" {
  job_id = databricks_job.nightly.id

  access_control {
    service_principal_name = databricks_service_principal.deploy.application_id
    permission_level       = "IS_OWNER"
  }
  access_control {
    group_name       = "data-engineers"
    permission_level = "CAN_MANAGE_RUN"
  }
}`,
    },
  },
  evaluate(evidence, context) {
    const jobs = context.get("jobs", evidence.databricks.jobs);
    const unread = jobs.filter((job) => job.permissions === null).map((job) => `${job.name} (${job.id})`);
    const candidates: { job: Job; entry: AclEntry }[] = [];
    for (const job of jobs) {
      for (const entry of job.permissions ?? []) {
        const held = levels(entry);
        if (!held.includes("CAN_MANAGE") || held.includes("IS_OWNER")) continue;
        if (entry.principalType === "servicePrincipal") continue;
        if (entry.principalType === "group" && sameName(entry.principal, "admins")) continue;
        candidates.push({ job, entry });
      }
    }
    // Workspace admins hold CAN_MANAGE anyway; read the admin list only when a user needs checking.
    const needAdmins = candidates.some(({ entry }) => entry.principalType === "user");
    const admins = needAdmins ? context.get("members of the admins group", evidence.databricks.admins) : [];
    const offending = candidates
      .filter(
        ({ entry }) =>
          !(entry.principalType === "user" && admins.some((admin) => sameName(admin.name, entry.principal))),
      )
      .map(({ job, entry }) => `${job.name} (${job.id}): ${entry.principalType} ${entry.principal}`);
    if (offending.length)
      return fail(
        `${offending.length} CAN_MANAGE grant(s) on jobs to principals that are neither the owner, an admin nor a service principal: ${listSome(offending)}${
          unread.length ? `; permissions not read for ${listSome(unread, 3)}` : ""
        }`,
        offending,
      );
    if (unread.length)
      return undetermined(`the permissions of ${unread.length} job(s) could not be read: ${listSome(unread)}`, unread);
    return pass(`no job grants CAN_MANAGE beyond its owner, the admins and service principals (${jobs.length} job(s))`);
  },
});
