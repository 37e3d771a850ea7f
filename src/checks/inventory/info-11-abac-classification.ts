import { defineCheck, fail, listSome, notApplicable, pass } from "../define.ts";

export default defineCheck({
  meta: {
    id: "INFO-11",
    title: "Unity Catalog ABAC policies and data classification on record",
    category: "inventory",
    severity: "info",
    profile: "high",
    threats: ["EX", "IN"],
    controls: ["DP-1", "AM-1"],
    mcsb: ["DP-1", "AM-1"],
    guide: ["Use Unity Catalog to enhance data governance"],
    sources: ["workspace-api", "iac"],
    rationale:
      "Attribute-based access control (ABAC) policies filter rows and mask columns by governed tag across whole catalogs, and data classification finds sensitive columns (names, e-mail addresses, card numbers) and tags them. Together they decide who sees personal data, so both are on record: every policy defined on a catalog (type, to whom, except whom) and whether each catalog is classified. When no catalog is classified, sensitive columns are never found, so a tag-driven masking policy cannot cover them: that fails.",
    remediation: {
      ui: "Catalog Explorer → the catalog → Details → Data classification: enable it (with auto-tagging for the classes you mask); then define ABAC policies on the catalog that mask the tagged columns for everyone but the groups that need them.",
      terraform: `resource "databricks_data_classification_catalog_config" "main" {
  catalog_name = "main"
}

resource "databricks_policy_info" "mask_pii" {
  on_securable_type     = "CATALOG"
  on_securable_fullname = "main"
  name                  = "mask-pii"
  policy_type           = "POLICY_TYPE_COLUMN_MASK"
  for_securable_type    = "TABLE"
  to_principals         = ["account users"]
  except_principals     = ["pii-readers"]
  # column_mask { function_name = "main.governance.mask" } and match_columns … on the class tag
}`,
    },
  },
  evaluate(evidence, context) {
    const metastore = context.get("Unity Catalog metastore", evidence.databricks.unityCatalog.metastore);
    if (metastore === null) return notApplicable("no Unity Catalog metastore is assigned");
    const classification = context.get(
      "data classification per catalog",
      evidence.databricks.unityCatalog.dataClassification,
    );
    const policies = context.get("ABAC policies on catalogs", evidence.databricks.unityCatalog.abacPolicies);
    if (!classification.length) return notApplicable("no catalog of this metastore to classify");
    const inventory = [
      ...policies.map(
        (p) =>
          `${p.securable}: ${p.policyType.replace("POLICY_TYPE_", "").toLowerCase().replace("_", " ")} policy ${p.name} to ${p.toPrincipals.join(", ") || "nobody"}${p.exceptPrincipals.length ? ` except ${p.exceptPrincipals.join(", ")}` : ""}`,
      ),
      ...classification.map(
        (c) =>
          `CATALOG ${c.catalog}: data classification ${c.enabled ? `on${c.autoTagging.length ? ` (auto-tagging ${c.autoTagging.join(", ")})` : ""}` : "off"}`,
      ),
    ];
    const classified = classification.filter((c) => c.enabled);
    const summary = `${policies.length} ABAC policies on catalogs; data classification on ${classified.length} of ${classification.length} catalogs`;
    if (!classified.length)
      return fail(
        `${summary}: sensitive columns are never discovered, so no tag-driven policy can cover them (${listSome(
          classification.map((c) => c.catalog),
          5,
        )})`,
        inventory,
      );
    return pass(`${summary}: ${listSome(inventory, 3)}`, inventory);
  },
});
