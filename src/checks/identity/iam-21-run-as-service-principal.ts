import { runAsPaths } from "../../graph/queries.ts";
import { defineCheck, fail, pass } from "../define.ts";
import { gapNote, namePaths, PER_PRINCIPAL, perPrincipalOf, readGraph, resultPaths } from "./graph-evidence.ts";

export default defineCheck({
  meta: {
    id: "IAM-21",
    title:
      "No one but admins can run code as a service principal (a job's run-as, an app, a role on its rule set) or with a credential a cluster carries",
    category: "identity",
    severity: "high",
    profile: "standard",
    threats: ["IN", "EX"],
    controls: ["PA-7", "IM-2"],
    mcsb: ["PA-7", "IM-3"],
    guide: ["Use service principals to run production jobs"],
    sources: ["workspace-api", "account-api"],
    rationale:
      "A service principal's power is meant for automation. Whoever can change a job (CAN_MANAGE, IS_OWNER) changes the code that runs as the job's run-as principal; whoever deploys an app runs code as the app's principal; whoever holds the Service principal User or Manager role on its account rule set can make a job run as it; whoever can attach to a cluster whose Spark conf or environment holds a credential (a storage key, a client secret, even as a secret reference) can read it from a notebook. A user on such a chain holds the principal's grants, which usually exceed their own. Service principals that hold nothing (no group, grant or ownership) are not counted.",
    remediation: {
      ui: "Workflows → the job → Permissions: give people CAN_MANAGE_RUN or CAN_VIEW, let the deployment service principal own it. Compute → the cluster → Permissions: only the principal whose credential it carries may attach, or move the credential to a Unity Catalog storage credential. Apps → the app → Permissions: CAN_USE for users, CAN_MANAGE for the deployment principal. Account console → User management → Service principals → the principal → Permissions: remove the Service principal User / Manager roles from people and groups that are not its operators.",
      terraform: `resource "databricks_permissions" "etl_cluster" {
  cluster_id = databricks_cluster.etl.id
  access_control {
    service_principal_name = databricks_service_principal.etl.application_id
    permission_level       = "CAN_RESTART"
  }
}`,
    },
    thresholds: {
      maxSteps: { default: 10, description: "longest path searched (memberships, grants, run-as)", unit: "steps" },
      perPrincipal: PER_PRINCIPAL,
    },
  },
  evaluate(evidence, context) {
    // Azure roles only take principals out of "non-admin": unread, they can add failures, never a pass.
    const { wg, reader } = readGraph(evidence, context, ["identity", "compute", "apps", "account"]);
    const maxSteps = context.thresholds.maxSteps ?? 10;
    const { paths, total } = runAsPaths(wg, { maxSteps, perPrincipal: perPrincipalOf(context) });
    if (total)
      return fail(
        `${total} user(s) or group(s) that are not admins can run code as another identity: ${namePaths(paths, total)}${gapNote(reader)}`,
        paths.map((p) => `${p.principal.label} → ${p.steps.at(-1)!.to.label}`),
        resultPaths(paths, total),
      );
    reader.settle();
    return pass(
      `only admins can run code as a service principal or with a cluster's credential (paths searched up to ${maxSteps} steps)`,
    );
  },
});
