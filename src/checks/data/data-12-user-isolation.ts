import type { compute } from "@databricks/sdk-experimental";
import type { Cluster } from "../../evidence/model.ts";
import { defineCheck, fail, listSome, pass } from "../define.ts";
import { confSetting, describeSetting, isTrue } from "../helpers.ts";

/**
 * Every `data_security_mode` the compute model documents (compute.DataSecurityMode in the SDK), decided:
 * true = users share one identity on it.
 *   NONE                          no security isolation (the model's words) → shared
 *   LEGACY_SINGLE_USER_STANDARD   "has neither UC nor passthrough enabled": a standard cluster anyone it is
 *                                 shared with runs on as one identity → shared
 *   SINGLE_USER, DATA_SECURITY_MODE_DEDICATED (alias)   one user only → isolated
 *   USER_ISOLATION, DATA_SECURITY_MODE_STANDARD (alias) users fully isolated → isolated
 *   LEGACY_TABLE_ACL              table ACLs with process isolation → isolated
 *   LEGACY_PASSTHROUGH            credential passthrough, each user as themselves → isolated
 *   LEGACY_SINGLE_USER            passthrough on a single-user cluster → isolated
 *   DATA_SECURITY_MODE_AUTO       Databricks picks standard or dedicated → isolated
 * A value not in this list is read as shared: an unrecognised mode must not pass.
 */
export const ACCESS_MODE_SHARED = {
  NONE: true,
  LEGACY_SINGLE_USER_STANDARD: true,
  SINGLE_USER: false,
  DATA_SECURITY_MODE_DEDICATED: false,
  USER_ISOLATION: false,
  DATA_SECURITY_MODE_STANDARD: false,
  LEGACY_TABLE_ACL: false,
  LEGACY_PASSTHROUGH: false,
  LEGACY_SINGLE_USER: false,
  DATA_SECURITY_MODE_AUTO: false,
} as const satisfies Record<compute.DataSecurityMode, boolean>; // a mode the SDK adds fails tsc until decided

/** Clusters on which users share one identity: "No isolation shared" or a legacy cluster without table ACLs or passthrough. */
export function isNoIsolation(cluster: Cluster): boolean {
  const mode = cluster.accessMode?.toUpperCase() ?? null;
  if (mode !== null) return (ACCESS_MODE_SHARED as Readonly<Record<string, boolean>>)[mode] ?? true;
  const enabled = (key: string) =>
    cluster.sparkConf.some((entry) => entry.key === key && entry.value?.toLowerCase() === "true");
  return !enabled("spark.databricks.acl.dfAclsEnabled") && !enabled("spark.databricks.passthrough.enabled");
}

export default defineCheck({
  meta: {
    id: "DATA-12",
    title: "Clusters enforce user isolation (no 'No isolation shared' clusters; user isolation enforced)",
    category: "data",
    severity: "high",
    profile: "standard",
    threats: ["IN"],
    controls: ["PA-7"],
    mcsb: ["PA-7"],
    sat: ["GOV-12"],
    guide: ["Use clusters that support user isolation"],
    sources: ["workspace-api", "iac"],
    rationale:
      "On a 'No isolation shared' cluster every user runs code as the same identity and can read the others' credentials, data and results. The enforceUserIsolation setting stops such clusters being created; existing ones must be moved to a standard (shared) or dedicated access mode.",
    remediation: {
      ui: "Workspace admin settings → Security → 'Enforce user isolation': on. Edit each listed cluster → Access mode: Standard (shared) or Dedicated (single user).",
      terraform: `resource "databricks_workspace_conf" "this" {
  custom_config = {
    "enforceUserIsolation" = true
  }
}

resource "databricks_cluster" "shared" {
  # ...
  data_security_mode = "USER_ISOLATION" # or "SINGLE_USER"; never "NONE"
}`,
      fix: (input) => ({
        settings: [
          { resource: "databricks_workspace_conf", path: ["custom_config", "enforceUserIsolation"], value: true },
          {
            resource: "databricks_cluster",
            match: { data_security_mode: "NONE" },
            path: ["data_security_mode"],
            value: "USER_ISOLATION",
            otherwise: `switch the clusters without isolation to standard (shared) or dedicated access: ${input.result.resources.join(", ") || "see the finding"} (Compute → the cluster → Edit → Access mode)`,
          },
        ],
        caution: ["enforcing user isolation stops no-isolation clusters from starting: change their access mode first"],
      }),
    },
  },
  evaluate(evidence, context) {
    const enforcement = confSetting(context, evidence, "enforceUserIsolation");
    const clusters = context.get("clusters", evidence.databricks.clusters);
    const shared = clusters
      .filter(isNoIsolation)
      .map((cluster) => `${cluster.name} (${cluster.id}, ${cluster.accessMode ?? "no access mode"})`);
    const problems: string[] = [];
    if (shared.length) problems.push(`${shared.length} cluster(s) without user isolation: ${listSome(shared, 3)}`);
    if (!isTrue(enforcement.value))
      problems.push(
        `user isolation is not enforced (enforceUserIsolation ${describeSetting(enforcement)}), so anyone allowed to create clusters can create one`,
      );
    if (problems.length) return fail(problems.join("; "), shared);
    return pass(`user isolation is enforced and all ${clusters.length} clusters isolate users`);
  },
});
