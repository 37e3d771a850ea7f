import { checkCases } from "../../../test/support/check-cases.ts";
import { k, u } from "../../../test/support/evidence.ts";
import check from "./data-10-unity-catalog.ts";

checkCases(check, [
  { name: "assigned", status: "pass", resources: ["westeurope (m-1)"] },
  {
    name: "assigned, metastore summary unreadable: the id is named",
    status: "pass",
    edit: (e) => void (e.databricks.unityCatalog.metastore = u()),
    resources: ["m-1"],
  },
  {
    name: "no metastore",
    status: "fail",
    edit: (e) => void (e.databricks.unityCatalog.assignment = k(null)),
    message: /no Unity Catalog metastore/,
  },
  {
    name: "assignment unreadable",
    status: "unknown",
    edit: (e) => void (e.databricks.unityCatalog.assignment = u("HTTP 403 PERMISSION_DENIED")),
  },
  { name: "standard SKU", status: "not_applicable", edit: (e) => void (e.azure.sku = k("standard")) },
]);
