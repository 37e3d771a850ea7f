import { checkCases } from "../../../test/support/check-cases.ts";
import { k, u } from "../../../test/support/evidence.ts";
import check from "./data-11-legacy-hive.ts";

checkCases(check, [
  { name: "main as default, legacy access off", status: "pass", message: /default catalog is main/ },
  {
    name: "hive_metastore as default",
    status: "fail",
    edit: (e) =>
      void (e.databricks.unityCatalog.assignment = k({ metastoreId: "m-1", defaultCatalog: "hive_metastore" })),
    message: /default catalog is hive_metastore/,
  },
  {
    name: "legacy access still on",
    status: "fail",
    edit: (e) => void (e.databricks.settings.disableLegacyAccess = k(false)),
    message: /disable_legacy_access = false/,
  },
  {
    name: "no metastore at all",
    status: "fail",
    edit: (e) => void (e.databricks.unityCatalog.assignment = k(null)),
    message: /only catalog/,
  },
  {
    name: "legacy access on while the assignment is unreadable",
    status: "fail",
    edit: (e) => {
      e.databricks.settings.disableLegacyAccess = k(false);
      e.databricks.unityCatalog.assignment = u();
    },
    message: /could not also judge/,
  },
  {
    name: "default catalog not reported",
    status: "unknown",
    edit: (e) => void (e.databricks.unityCatalog.assignment = k({ metastoreId: "m-1", defaultCatalog: null })),
    message: /does not say/,
  },
  {
    name: "setting unreadable",
    status: "unknown",
    edit: (e) => void (e.databricks.settings.disableLegacyAccess = u()),
  },
  { name: "standard SKU", status: "not_applicable", edit: (e) => void (e.azure.sku = k("standard")) },
]);
