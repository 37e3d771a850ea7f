import { adminPaths, type Path } from "../../graph/queries.ts";
import { defineCheck, fail, pass } from "../define.ts";
import { gapNote, namePaths, PER_PRINCIPAL, perPrincipalOf, readGraph, resultPaths } from "./graph-evidence.ts";

/** Azure Owner is the resource's owner and already counted by IAM-04; Contributor is the quiet path to admin. */
const hidden = (path: Path) =>
  path.kind === "nested-group" ||
  path.kind === "run-as" ||
  (path.kind === "azure-role" && path.steps.some((s) => s.kind === "is-admin" && /^Azure Contributor /.test(s.detail)));

export default defineCheck({
  meta: {
    id: "IAM-20",
    title:
      "Workspace admin comes only from direct membership of `admins` (no nested group, no job or cluster running as an admin, no Azure Contributor)",
    category: "identity",
    severity: "high",
    profile: "standard",
    threats: ["AT", "IN"],
    controls: ["PA-1", "PA-7"],
    mcsb: ["PA-1", "PA-7"],
    guide: ["Separate admin accounts from normal user accounts"],
    sources: ["workspace-api", "account-api", "arm"],
    rationale:
      "The admins group's member list is what people review, but admin rights also reach whoever is in a group nested in it (and whoever manages that group in Entra ID), whoever can change a job or use a cluster that runs as an admin identity, whoever holds the Service principal User or Manager role on an admin service principal's account rule set (they can run jobs as it), and every Azure Contributor on the workspace, its resource group or subscription (they become admins at sign-in). Each is a path to full control of the workspace that the admin list does not show. This check walks the permission graph built from SCIM, job and cluster ACLs, the account's service principal rule sets and Azure role assignments and names each path step by step.",
    remediation: {
      ui: "For each path: remove the nested group from `admins` and add its intended admins directly; take CAN_MANAGE on jobs and CAN_ATTACH_TO on clusters that run as an admin identity away from non-admins (or make the job run as a service principal that is not an admin); in the account console → the service principal → Permissions, remove the Service principal User / Manager roles from everyone but its operators; replace Azure Contributor on the workspace, resource group or subscription by Reader plus Databricks entitlements, keeping Contributor for a small operators group under PIM. `lakeward paths --to admin` lists every path.",
      terraform: `# Admins are listed one by one; no group is nested in admins.
resource "databricks_group_member" "admin_dana" {
  group_id  = data.databricks_group.admins.id
  member_id = databricks_user.dana.id
}

# The job runs as a service principal that is not an admin; people get CAN_MANAGE_RUN at most.
resource "databricks_permissions" "prod_load" {
  job_id = databricks_job.prod_load.id
  access_control {
    group_name       = "data-engineers"
    permission_level = "CAN_MANAGE_RUN"
  }
}`,
    },
    thresholds: {
      maxSteps: { default: 10, description: "longest path searched (memberships, grants, run-as)", unit: "steps" },
      perPrincipal: PER_PRINCIPAL,
    },
  },
  evaluate(evidence, context) {
    const { wg, reader } = readGraph(evidence, context, ["identity", "azure", "compute", "apps", "account"]);
    const maxSteps = context.thresholds.maxSteps ?? 10;
    const perPrincipal = perPrincipalOf(context);
    const all = adminPaths(wg, "workspace", {
      maxSteps,
      perPrincipal,
      kinds: ["nested-group", "run-as", "azure-role"],
    });
    const paths = all.paths.filter(hidden);
    if (paths.length) {
      const kinds = [...new Set(paths.map((p) => p.kind))].join(", ");
      return fail(
        `${paths.length} principal(s) reach workspace admin other than as direct members of admins (${kinds}): ${namePaths(paths, paths.length)}${gapNote(reader)}`,
        paths.map((p) => p.principal.label),
        resultPaths(paths),
      );
    }
    reader.settle();
    const owners = all.byKind["azure-role"];
    return pass(
      `no principal reaches workspace admin except as a direct member of admins (paths searched up to ${maxSteps} steps)${owners ? `; ${owners} more by Azure Owner, which IAM-04 judges` : ""}`,
    );
  },
});
