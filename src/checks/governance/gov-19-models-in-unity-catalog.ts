import { defineCheck, fail, listSome, pass } from "../define.ts";
import { premiumOnly } from "../helpers.ts";

export default defineCheck({
  meta: {
    id: "GOV-19",
    title: "Models and features governed in Unity Catalog (not the workspace registry)",
    category: "governance",
    severity: "low",
    profile: "high",
    threats: ["IN"],
    controls: ["DP-1"],
    mcsb: ["DP-1"],
    sat: ["GOV-28"],
    guide: ["Use Unity Catalog to enhance data governance"],
    sources: ["workspace-api"],
    rationale:
      "Models in the legacy workspace registry have per-workspace permissions, no lineage to the data they were trained on and no central audit; in Unity Catalog they are governed like tables, with grants, lineage and one audit trail. A workspace with no legacy models passes even if it has no models at all (unlike SAT, lakeward does not demand adoption).",
    remediation: {
      ui: "Set the MLflow registry URI to Unity Catalog (mlflow.set_registry_uri('databricks-uc')), copy each listed model with copy_model_version to a catalog.schema, repoint serving endpoints and jobs, then archive the workspace-registry models.",
      terraform: `resource "databricks_registered_model" "churn" {
  name         = "churn"
  catalog_name = "main"
  schema_name  = "ml"
}`,
    },
  },
  evaluate(evidence, context) {
    const tier = premiumOnly(context, evidence, "Unity Catalog");
    if (tier) return tier;
    const models = context.get("workspace model registry", evidence.databricks.workspaceModels);
    if (models.length)
      return fail(`${models.length} model(s) in the legacy workspace registry: ${listSome(models)}`, models);
    return pass("no models in the legacy workspace registry");
  },
});
