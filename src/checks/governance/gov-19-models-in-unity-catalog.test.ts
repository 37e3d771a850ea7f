import { checkCases } from "../../../test/support/check-cases.ts";
import { k, u } from "../../../test/support/evidence.ts";
import check from "./gov-19-models-in-unity-catalog.ts";

checkCases(check, [
  { name: "no legacy models", status: "pass" },
  {
    name: "legacy models",
    status: "fail",
    edit: (e) => void (e.databricks.workspaceModels = k(["churn", "fraud"])),
    message: /2 model\(s\).*churn, fraud/,
    resources: ["churn", "fraud"],
  },
  { name: "registry unreadable", status: "unknown", edit: (e) => void (e.databricks.workspaceModels = u()) },
  { name: "standard SKU", status: "not_applicable", edit: (e) => void (e.azure.sku = k("standard")) },
]);
