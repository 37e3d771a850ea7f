import { defineCheck, manual } from "../define.ts";

export default defineCheck({
  meta: {
    id: "MAN-03",
    title: "Workspace backup / migration export scheduled",
    category: "manual",
    severity: "medium",
    profile: "standard",
    threats: ["IN"],
    controls: ["BR-1"],
    mcsb: ["BR-1"],
    guide: ["Backup via the Databricks migration tool", "Store code in Git"],
    sources: ["attestation"],
    rationale:
      "Notebooks, job definitions, cluster policies, permissions and workspace settings live in the Databricks control plane; a mistaken deletion or a compromised admin can destroy them, and nothing in the workspace keeps an independent copy. A scheduled export with the migration tools (or the Terraform exporter) to storage the workspace's users cannot alter is the guide's backup, on top of keeping code in Git.",
    remediation: {
      ui: "Schedule an export of the workspace (databricks-migrate export, or `terraform` with the databricks provider's exporter) at least daily to a storage account with soft delete, versioning and an immutability policy, run by a service principal; restore from it into a test workspace from time to time.",
      terraform: `resource "databricks_job" "workspace_export" {
  name = "workspace-export"
  run_as {
    service_principal_name = databricks_service_principal.backup.application_id
  }
  schedule {
    quartz_cron_expression = "0 0 2 * * ?"
    timezone_id            = "UTC"
  }
  task {
    task_key = "export"
    notebook_task {
      notebook_path = "/Workspace/ops/backup/export_workspace"
    }
  }
}`,
    },
  },
  evaluate() {
    return manual(
      "attest that the workspace's notebooks, jobs, cluster policies, permissions and settings are exported on a schedule (migration tool or Terraform exporter) to storage outside the workspace that its users cannot alter, and that a restore was tried. Evidence: the job or pipeline that runs the export and the date of the last successful restore test.",
    );
  },
});
