import { defineCheck, fail, pass } from "../define.ts";
import { premiumOnly } from "../helpers.ts";

const RESTRICTED = "RESTRICT_TOKENS_AND_JOB_RUN_AS";

export default defineCheck({
  meta: {
    id: "IAM-12",
    title: "Workspace admins restricted (restrict-workspace-admins setting)",
    category: "identity",
    severity: "medium",
    profile: "high",
    threats: ["AT"],
    controls: ["PA-1"],
    mcsb: ["PA-1", "PA-7"],
    sat: ["GOV-35"],
    guide: ["Separate admin accounts from normal user accounts", "Use service principals to run production jobs"],
    sources: ["workspace-api", "iac"],
    rationale:
      "By default a workspace admin can mint personal access tokens for any service principal, make any user a job's owner and run any job as any user, so one compromised admin account can act as every production identity. RESTRICT_TOKENS_AND_JOB_RUN_AS limits admins to tokens for service principals they are Service Principal Users of and to job ownership or run-as of themselves or such service principals.",
    remediation: {
      ui: "As an account admin who is a member of the workspace: Workspace admin settings → Security → 'Restrict workspace admins': on (status RESTRICT_TOKENS_AND_JOB_RUN_AS).",
      terraform: `resource "databricks_restrict_workspace_admins_setting" "this" {
  restrict_workspace_admins {
    status = "RESTRICT_TOKENS_AND_JOB_RUN_AS"
  }
}`,
      fix: () => ({
        settings: [
          {
            resource: "databricks_restrict_workspace_admins_setting",
            path: ["restrict_workspace_admins", "status"],
            value: "RESTRICT_TOKENS_AND_JOB_RUN_AS",
          },
        ],
        caution: ["only an account admin who is a member of the workspace can change this setting: apply as one"],
      }),
    },
  },
  evaluate(evidence, context) {
    const notApplicable = premiumOnly(context, evidence, "the restrict-workspace-admins setting");
    if (notApplicable) return notApplicable;
    const status = context.get("restrict_workspace_admins", evidence.databricks.settings.restrictWorkspaceAdmins);
    return status.toUpperCase() === RESTRICTED
      ? pass(`workspace admins are restricted (${RESTRICTED})`)
      : fail(
          `workspace admins are not restricted (status ${status}): any admin can create tokens for any service principal and run jobs as any user`,
        );
  },
});
