import { defineCheck, fail, pass, undetermined } from "../define.ts";
import { premiumOnly } from "../helpers.ts";
import { partialReader } from "./partial.ts";

export default defineCheck({
  meta: {
    id: "DATA-11",
    title: "Default catalog is not `hive_metastore`; legacy Hive access disabled",
    category: "data",
    severity: "medium",
    profile: "high",
    threats: ["IN"],
    controls: ["PA-7"],
    mcsb: ["PA-7"],
    guide: ["Use Unity Catalog to enhance data governance"],
    sources: ["workspace-api"],
    rationale:
      "With `hive_metastore` as the default catalog, unqualified table names land in the legacy metastore, outside Unity Catalog's grants, audit and lineage. Disabling legacy access also stops compute from reaching the Hive metastore at all, so data can only be read and written under Unity Catalog's control.",
    remediation: {
      ui: "Workspace admin settings → Advanced → 'Default catalog for the workspace': a Unity Catalog catalog; Workspace admin settings → Security → 'Disable legacy access': on.",
      terraform: `resource "databricks_default_namespace_setting" "this" {
  namespace {
    value = "main"
  }
}

resource "databricks_disable_legacy_access_setting" "this" {
  disable_legacy_access {
    value = true
  }
}`,
      fix: (input) => ({
        settings: [
          {
            resource: "databricks_default_namespace_setting",
            path: ["namespace", "value"],
            value: input.variable("default_catalog", {
              type: "string",
              description: "The Unity Catalog catalog new queries use when none is named (instead of hive_metastore)",
            }),
          },
          {
            resource: "databricks_disable_legacy_access_setting",
            path: ["disable_legacy_access", "value"],
            value: true,
          },
        ],
        caution: [
          "disable_legacy_access turns off the Hive metastore, no-isolation clusters and direct cloud-storage credentials: migrate the tables and jobs that use them first",
        ],
      }),
    },
  },
  evaluate(evidence, context) {
    const notApplicable = premiumOnly(context, evidence, "Unity Catalog");
    if (notApplicable) return notApplicable;
    const reader = partialReader(context);
    const assignment = reader.read("current metastore assignment", evidence.databricks.unityCatalog.assignment);
    const legacyDisabled = reader.read(
      "setting disable_legacy_access",
      evidence.databricks.settings.disableLegacyAccess,
    );
    const problems: string[] = [];
    let unclear: string | undefined;
    if (assignment === null)
      problems.push("no Unity Catalog metastore is assigned, so hive_metastore is the only catalog (see DATA-10)");
    else if (assignment) {
      if (assignment.defaultCatalog === null)
        unclear = "the metastore assignment does not say which catalog is the default";
      else if (assignment.defaultCatalog.toLowerCase() === "hive_metastore")
        problems.push("the default catalog is hive_metastore");
    }
    if (legacyDisabled === false)
      problems.push("legacy Hive metastore access is not disabled (disable_legacy_access = false)");
    if (problems.length) return fail(`${problems.join("; ")}${reader.note()}`);
    reader.settle();
    if (unclear) return undetermined(unclear);
    return pass(`the default catalog is ${assignment?.defaultCatalog} and legacy Hive metastore access is disabled`);
  },
});
