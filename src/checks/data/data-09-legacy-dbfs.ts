import { defineCheck, fail, pass } from "../define.ts";
import { serverlessNotApplicable } from "../helpers.ts";

export default defineCheck({
  meta: {
    id: "DATA-09",
    title: "Legacy DBFS root and mount access disabled",
    category: "data",
    severity: "medium",
    profile: "high",
    threats: ["EX", "IN"],
    controls: ["DP-2"],
    mcsb: ["PA-7"],
    sat: ["DP-10"],
    guide: ["Avoid storing production data in DBFS"],
    sources: ["workspace-api", "iac"],
    rationale:
      "Even when no production data is meant to be on DBFS, any user can write to the DBFS root or read through an old mount, outside Unity Catalog's permissions and audit. The disable-legacy-DBFS setting closes that path for new compute, so data can only be reached through governed locations.",
    remediation: {
      ui: "Workspace admin settings → Security → 'Disable DBFS root and mounts': on (API: PATCH /api/2.0/settings/types/disable_legacy_dbfs/names/default).",
      terraform: `resource "databricks_disable_legacy_dbfs_setting" "this" {
  disable_legacy_dbfs {
    value = true
  }
}`,
      fix: () => ({
        settings: [
          { resource: "databricks_disable_legacy_dbfs_setting", path: ["disable_legacy_dbfs", "value"], value: true },
        ],
        caution: ["code reading dbfs:/ or /mnt paths stops working: move it to Unity Catalog volumes first (DATA-08)"],
      }),
    },
  },
  evaluate(evidence, context) {
    const serverless = serverlessNotApplicable(context, evidence, "no DBFS root or mounts to disable");
    if (serverless) return serverless;
    const disabled = context.get("setting disable_legacy_dbfs", evidence.databricks.settings.disableLegacyDbfs);
    return disabled
      ? pass("access to the DBFS root and mounts is disabled (disable_legacy_dbfs = true)")
      : fail("the DBFS root and mounts are reachable by every user (disable_legacy_dbfs = false)");
  },
});
