import { defineCheck, fail, listSome, pass } from "../define.ts";
import { serverlessNotApplicable } from "../helpers.ts";
import { partialReader } from "./partial.ts";

export default defineCheck({
  meta: {
    id: "DATA-08",
    title: "No DBFS mounts and no production data paths on the DBFS root",
    category: "data",
    severity: "medium",
    profile: "standard",
    threats: ["EX", "IN"],
    controls: ["DP-2"],
    mcsb: ["PA-7"],
    sat: ["GOV-10", "GOV-11"],
    guide: ["Avoid storing production data in DBFS"],
    sources: ["workspace-api", "iac"],
    rationale:
      "Everything on the DBFS root, and everything reachable through a mount under /mnt, is readable by every user of the workspace with the mount's (or the workspace's) credentials, bypassing table and Unity Catalog permissions. The guide advises against storing production data in DBFS; managed Hive tables under /user/hive/warehouse are such data.",
    remediation: {
      ui: "Move the data behind each listed mount and Hive warehouse path to Unity Catalog external locations or managed tables, then unmount (dbutils.fs.unmount('/mnt/…')) and drop the legacy tables. Afterwards disable legacy DBFS access (DATA-09).",
      terraform: `# Replace databricks_mount resources with Unity Catalog objects:
resource "databricks_external_location" "raw" {
  name            = "raw"
  url             = "abfss://raw@datalake1.dfs.core.windows.net/"
  credential_name = databricks_storage_credential.uc.name
}`,
    },
  },
  evaluate(evidence, context) {
    const serverless = serverlessNotApplicable(context, evidence, "no DBFS root in the customer's subscription");
    if (serverless) return serverless;
    const reader = partialReader(context);
    const mounts = reader.read("DBFS /mnt", evidence.databricks.dbfs.mounts);
    const warehouse = reader.read("DBFS /user/hive/warehouse", evidence.databricks.dbfs.hiveWarehouse);
    const problems: string[] = [];
    if (mounts?.length) problems.push(`${mounts.length} mount(s): ${listSome(mounts)}`);
    if (warehouse?.length)
      problems.push(`${warehouse.length} managed Hive table path(s) on the DBFS root: ${listSome(warehouse)}`);
    if (problems.length)
      return fail(`data is reachable through DBFS: ${problems.join("; ")}${reader.note()}`, [
        ...(mounts ?? []),
        ...(warehouse ?? []),
      ]);
    reader.settle();
    return pass("no mounts under /mnt and nothing under /user/hive/warehouse on the DBFS root");
  },
});
