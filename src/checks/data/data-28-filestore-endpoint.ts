import { defineCheck } from "../define.ts";
import { confFix } from "../fix-types.ts";
import { requireSetting } from "../helpers.ts";

export default defineCheck({
  meta: {
    id: "DATA-28",
    title: "FileStore HTTPS endpoint (`/files/`) disabled",
    category: "data",
    severity: "medium",
    profile: "standard",
    threats: ["EX"],
    controls: ["DP-3"],
    mcsb: ["DP-2"],
    sat: ["DP-9"],
    guide: ["Leverage data exfiltration settings within the admin console"],
    sources: ["workspace-api", "iac"],
    rationale:
      "The FileStore endpoint serves anything written to dbfs:/FileStore over https://<workspace>/files/ to any signed-in user's browser, an easy way to move data out of the workspace one download at a time and outside the usual export controls. Its default is not documented for every workspace, so lakeward judges it only when the key is set.",
    remediation: {
      ui: 'Workspace admin settings → Advanced → \'FileStore endpoint\': off (API: PATCH /api/2.0/workspace-conf {"enableFileStoreEndpoint": "false"}).',
      terraform: `resource "databricks_workspace_conf" "this" {
  custom_config = {
    "enableFileStoreEndpoint" = false
  }
}`,
      fix: confFix({ enableFileStoreEndpoint: false }),
    },
  },
  evaluate(evidence, context) {
    return requireSetting(context, evidence, "enableFileStoreEndpoint", false, "the FileStore /files/ endpoint");
  },
});
