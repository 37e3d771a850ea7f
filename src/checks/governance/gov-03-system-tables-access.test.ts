import { checkCases } from "../../../test/support/check-cases.ts";
import { k, u } from "../../../test/support/evidence.ts";
import check from "./gov-03-system-tables-access.ts";

checkCases(check, [
  { name: "access enabled", status: "pass" },
  {
    name: "managed by Databricks counts as enabled (catalog.SystemSchemaInfo.state MANAGED)",
    status: "pass",
    edit: (e) => void (e.databricks.unityCatalog.systemSchemas = k([{ schema: "access", state: "MANAGED" }])),
    message: /managed by Databricks/,
  },
  {
    name: "being disabled is not enabled",
    status: "fail",
    edit: (e) =>
      void (e.databricks.unityCatalog.systemSchemas = k([{ schema: "access", state: "DISABLE_INITIALIZED" }])),
  },
  {
    name: "available but not enabled",
    status: "fail",
    edit: (e) =>
      void (e.databricks.unityCatalog.systemSchemas = k([
        { schema: "access", state: "AVAILABLE" },
        { schema: "billing", state: "ENABLE_COMPLETED" },
      ])),
    message: /state AVAILABLE/,
  },
  {
    name: "still initialising is not enabled",
    status: "fail",
    edit: (e) =>
      void (e.databricks.unityCatalog.systemSchemas = k([{ schema: "access", state: "ENABLE_INITIALIZED" }])),
  },
  {
    name: "not offered",
    status: "fail",
    edit: (e) => void (e.databricks.unityCatalog.systemSchemas = k([{ schema: "billing", state: "ENABLE_COMPLETED" }])),
    message: /not listed/,
  },
  {
    name: "no metastore",
    status: "fail",
    edit: (e) => void (e.databricks.unityCatalog.assignment = k(null)),
    message: /DATA-10/,
  },
  {
    name: "schemas unreadable",
    status: "unknown",
    edit: (e) =>
      void (e.databricks.unityCatalog.systemSchemas = u("HTTP 403 PERMISSION_DENIED: not a metastore admin")),
  },
  { name: "standard SKU", status: "not_applicable", edit: (e) => void (e.azure.sku = k("standard")) },
]);
