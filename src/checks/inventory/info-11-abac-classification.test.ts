import { checkCases } from "../../../test/support/check-cases.ts";
import { k, u } from "../../../test/support/evidence.ts";
import check from "./info-11-abac-classification.ts";

checkCases(check, [
  {
    name: "a classified catalog and a masking policy on record",
    status: "pass",
    message: /1 ABAC policies on catalogs; data classification on 1 of 1 catalogs/,
    resources: [
      "CATALOG main: column mask policy mask-pii to account users except pii-readers",
      "CATALOG main: data classification on (auto-tagging class.email_address)",
    ],
  },
  {
    name: "no catalog classified",
    status: "fail",
    edit: (e) =>
      void (e.databricks.unityCatalog.dataClassification = k([
        { catalog: "main", enabled: false, autoTagging: [] },
        { catalog: "sales", enabled: false, autoTagging: [] },
      ])),
    message: /sensitive columns are never discovered.*\(main, sales\)/,
  },
  {
    name: "classification not readable",
    status: "unknown",
    edit: (e) => void (e.databricks.unityCatalog.dataClassification = u("HTTP 404 ENDPOINT_NOT_FOUND")),
    message: /ENDPOINT_NOT_FOUND/,
  },
  {
    name: "policies not readable",
    status: "unknown",
    edit: (e) => void (e.databricks.unityCatalog.abacPolicies = u("HTTP 403")),
  },
  { name: "no metastore", status: "not_applicable", edit: (e) => void (e.databricks.unityCatalog.metastore = k(null)) },
]);
