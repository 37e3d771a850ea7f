import { defineCheck, fail, pass } from "../define.ts";
import { premiumOnly } from "../helpers.ts";

export default defineCheck({
  meta: {
    id: "DATA-10",
    title: "Unity Catalog metastore assigned to the workspace",
    category: "data",
    severity: "high",
    profile: "standard",
    threats: ["IN"],
    controls: ["DP-1", "PA-7"],
    mcsb: ["DP-1", "PA-7"],
    cis: ["2.1.5"],
    sat: ["GOV-16", "GOV-20"],
    guide: ["Use Unity Catalog to enhance data governance"],
    sources: ["workspace-api", "iac"],
    rationale:
      "Unity Catalog gives one place to grant, audit and trace access to tables, files, models and shares, with lineage and fine-grained permissions. Without a metastore the workspace relies on the legacy Hive metastore and DBFS, where access control is coarse and per-workspace, and several other controls (system tables, managed identities for storage, artifact allowlists) are unavailable.",
    remediation: {
      ui: "Account console → Catalog → the region's metastore (create one if needed) → Workspaces → Assign to workspace.",
      terraform: `resource "databricks_metastore_assignment" "this" {
  metastore_id = databricks_metastore.this.id
  workspace_id = azurerm_databricks_workspace.this.workspace_id
}`,
    },
  },
  evaluate(evidence, context) {
    const notApplicable = premiumOnly(context, evidence, "Unity Catalog");
    if (notApplicable) return notApplicable;
    const assignment = context.get("current metastore assignment", evidence.databricks.unityCatalog.assignment);
    if (!assignment) return fail("no Unity Catalog metastore is assigned to the workspace");
    const metastore = context.peek("metastore summary", evidence.databricks.unityCatalog.metastore);
    const name =
      metastore.status === "known" && metastore.value
        ? `${metastore.value.name} (${assignment.metastoreId})`
        : assignment.metastoreId;
    return pass(`metastore ${name} is assigned`, [name]);
  },
});
