import { defineCheck, fail, listSome, pass, undetermined } from "../define.ts";
import { sameName } from "./principals.ts";

/** Cluster sources a person starts by hand (UI) or from their own scripts (API); JOB, PIPELINE, SQL … are automated. */
const INTERACTIVE_SOURCES = new Set(["UI", "API"]);

export default defineCheck({
  meta: {
    id: "IAM-03",
    title: "Admin identities are not used for daily work (own no interactive clusters, run no jobs)",
    category: "identity",
    severity: "medium",
    profile: "standard",
    threats: ["AT"],
    controls: ["PA-2"],
    mcsb: ["PA-1"],
    guide: ["Separate admin accounts from normal user accounts"],
    sources: ["workspace-api", "audit-logs"],
    rationale:
      "An administrator who also does day-to-day data work exposes the admin credential to every notebook, library and browser session of that work, and a job that runs as an admin runs its code with admin power. The guide asks for a separate account for administrative tasks; interactive clusters created by admins and jobs running as admins show that the privileged identity is in daily use.",
    remediation: {
      ui: "Give each listed admin a second, non-admin account for data work (Workspace admin settings → Identity and access → Users → Add user) and remove the day-to-day account from the admins group; hand the listed clusters to the new account and change the listed jobs' 'Run as' to a non-admin service principal (Job → Job details → Run as).",
      terraform: `# A separate privileged account, the only one in the admins group:
data "databricks_group" "admins" {
  display_name = "admins"
}

resource "databricks_user" "dana_admin" {
  user_name = "dana.admin@contoso.com"
}

resource "databricks_group_member" "dana_admin" {
  group_id  = data.databricks_group.admins.id
  member_id = databricks_user.dana_admin.id
}

# Jobs run as a non-admin service principal:
resource "databricks_job" "etl" {
  name = "nightly-etl"
  run_as {
    service_principal_name = databricks_service_principal.etl.application_id
  }
  # ...
}`,
    },
  },
  evaluate(evidence, context) {
    const admins = context.get("members of the admins group", evidence.databricks.admins);
    const clusters = context.get("clusters", evidence.databricks.clusters);
    const jobs = context.get("jobs", evidence.databricks.jobs);
    const isAdmin = (name: string | null) => name !== null && admins.some((admin) => sameName(admin.name, name));
    // A cluster without creator_user_name was created by a since-deleted user (the API omits the field), so it is
    // not a current admin's cluster.
    const adminClusters = clusters.filter(
      (cluster) =>
        isAdmin(cluster.creator) && cluster.source !== null && INTERACTIVE_SOURCES.has(cluster.source.toUpperCase()),
    );
    const unclearClusters = clusters.filter((cluster) => isAdmin(cluster.creator) && cluster.source === null);
    const adminJobs = jobs.filter((job) => isAdmin(job.runAs));
    const unclearJobs = jobs.filter((job) => job.runAs === null && isAdmin(job.creator));
    const findings = [
      ...adminClusters.map((c) => `cluster ${c.name} (${c.id}) created by admin ${c.creator} (${c.source})`),
      ...adminJobs.map((j) => `job ${j.name} (${j.id}) runs as admin ${j.runAs}`),
    ];
    const unclear = [
      ...unclearClusters.map((c) => `cluster ${c.name} (${c.id}) created by admin ${c.creator}, source unknown`),
      ...unclearJobs.map((j) => `job ${j.name} (${j.id}) created by admin ${j.creator}, run-as identity unknown`),
    ];
    const people = [
      ...new Set(
        [...adminClusters.map((c) => c.creator!), ...adminJobs.map((j) => j.runAs!)].map((n) => n.toLowerCase()),
      ),
    ];
    if (findings.length)
      return fail(
        `${people.length} admin identit${people.length === 1 ? "y is" : "ies are"} used for daily work (${people.join(", ")}): ${listSome(findings, 4)}${
          unclear.length ? `; also unclear: ${listSome(unclear, 2)}` : ""
        }`,
        findings,
      );
    if (unclear.length)
      return undetermined(`could not tell whether admins work day to day: ${listSome(unclear, 3)}`, unclear);
    return pass(
      `none of the ${admins.length} admins created an interactive cluster (of ${clusters.length}) or is the run-as identity of a job (of ${jobs.length})`,
      admins.map((admin) => admin.name),
    );
  },
});
