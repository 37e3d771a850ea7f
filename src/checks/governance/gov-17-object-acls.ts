import { partialReader, partialSetting } from "../data/partial.ts";
import { defineCheck, fail, pass } from "../define.ts";
import { confFix } from "../fix-types.ts";
import { describeSetting, isTrue, premiumOnly } from "../helpers.ts";

const KEYS = [
  { key: "enableWorkspaceAclsConfig", what: "workspace object ACLs" },
  { key: "enforceWorkspaceViewAcls", what: "workspace object visibility" },
  { key: "enforceClusterViewAcls", what: "cluster visibility" },
  { key: "enableJobViewAcls", what: "job visibility" },
] as const;

export default defineCheck({
  meta: {
    id: "GOV-17",
    title: "Workspace object ACLs, and workspace, cluster and job view ACLs enforced",
    category: "governance",
    severity: "high",
    profile: "standard",
    threats: ["IN"],
    controls: ["PA-7"],
    mcsb: ["PA-7"],
    sat: ["INFO-8", "INFO-9", "INFO-10"],
    guide: ["Limiting cluster creation rights"],
    sources: ["workspace-api", "iac"],
    rationale:
      "Without workspace object ACLs every user can open and run every notebook, with its code, results and embedded details; without the visibility settings users can list, and read the configuration of, clusters, jobs and folders they have no permission on. Together they keep each user to the objects shared with them.",
    remediation: {
      ui: "Workspace admin settings → Security → Access control: turn on 'Workspace access control', 'Cluster visibility control', 'Job visibility control' and 'Workspace visibility control' (API: PATCH /api/2.0/workspace-conf with each key \"true\").",
      terraform: `resource "databricks_workspace_conf" "this" {
  custom_config = {
    "enableWorkspaceAclsConfig" = true
    "enforceWorkspaceViewAcls"  = true
    "enforceClusterViewAcls"    = true
    "enableJobViewAcls"         = true
  }
}`,
      fix: confFix({
        enableWorkspaceAclsConfig: true,
        enforceWorkspaceViewAcls: true,
        enforceClusterViewAcls: true,
        enableJobViewAcls: true,
      }),
    },
  },
  evaluate(evidence, context) {
    const tier = premiumOnly(context, evidence, "object access control");
    if (tier) return tier;
    const reader = partialReader(context);
    const off: string[] = [];
    const offKeys: string[] = [];
    let defaulted = 0;
    for (const { key, what } of KEYS) {
      // enableWorkspaceAclsConfig has no documented default: never set, it is not judged.
      const setting = partialSetting(context, evidence, reader, key);
      if (!setting) continue;
      if (!setting.explicit) defaulted++;
      if (!isTrue(setting.value)) {
        off.push(`${what} (${key} ${describeSetting(setting)})`);
        offKeys.push(key);
      }
    }
    if (off.length) return fail(`not enforced: ${off.join(", ")}${reader.note()}`, offKeys);
    reader.settle();
    return pass(
      `workspace object ACLs and workspace, cluster and job visibility control are on${defaulted ? ` (${defaulted} by default, never changed)` : ""}`,
    );
  },
});
