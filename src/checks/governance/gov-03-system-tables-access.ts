import { defineCheck, fail, pass } from "../define.ts";
import { premiumOnly } from "../helpers.ts";

export default defineCheck({
  meta: {
    id: "GOV-03",
    title: "System tables `access` schema enabled",
    category: "governance",
    severity: "medium",
    profile: "standard",
    threats: ["AT", "EX"],
    controls: ["LT-5"],
    mcsb: ["LT-3", "LT-5"],
    sat: ["GOV-34"],
    guide: ["Azure Databricks diagnostic log delivery", "Monitor workspace using Overwatch"],
    sources: ["workspace-api"],
    rationale:
      "The `system.access` schema holds the audit log (`system.access.audit`) for the whole account, including account-level events that Azure diagnostic logs never carry, kept for a year and queryable with SQL. Detections such as repeated failed logins, admin changes or mass downloads need it; it exists only once the schema is enabled on the metastore. System tables are also Databricks' successor to Overwatch for seeing who uses which compute, and how much.",
    remediation: {
      ui: "As a metastore admin: PUT /api/2.1/unity-catalog/metastores/<metastore-id>/systemschemas/access (or `databricks system-schemas enable <metastore-id> access`), then grant SELECT on system.access to the security team.",
      terraform: `resource "databricks_system_schema" "access" {
  schema = "access"
}`,
      fix: () => ({
        resources: [{ type: "databricks_system_schema", name: "access", body: { schema: "access" } }],
      }),
    },
  },
  evaluate(evidence, context) {
    const notApplicable = premiumOnly(context, evidence, "system tables (Unity Catalog)");
    if (notApplicable) return notApplicable;
    const assignment = context.get("current metastore assignment", evidence.databricks.unityCatalog.assignment);
    if (!assignment)
      return fail(
        "no Unity Catalog metastore is assigned, so system tables, including the audit log, are unavailable (see DATA-10)",
      );
    const schemas = context.get("system schemas", evidence.databricks.unityCatalog.systemSchemas);
    const access = schemas.find((schema) => schema.schema === "access");
    if (!access)
      return fail(`the metastore ${assignment.metastoreId} does not offer the access system schema (not listed)`);
    // States from catalog.SystemSchemaInfo.state (SDK model): ENABLE_COMPLETED is opted in; MANAGED means
    // Databricks enables and keeps the schema itself (it cannot be disabled), so the tables exist.
    const state = access.state.toUpperCase();
    if (state === "ENABLE_COMPLETED" || state === "MANAGED")
      return pass(
        `system.access is ${state === "MANAGED" ? "enabled and managed by Databricks" : "enabled"} on metastore ${assignment.metastoreId}`,
        ["system.access"],
      );
    return fail(`system.access is not enabled (state ${access.state}): the audit log table does not exist`, [
      "system.access",
    ]);
  },
});
