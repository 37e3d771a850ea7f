import { checkCases } from "../../../test/support/check-cases.ts";
import { k, u } from "../../../test/support/evidence.ts";
import check from "./data-22-storage-credentials.ts";

checkCases(check, [
  { name: "managed identity", status: "pass", resources: ["uc-mi"] },
  {
    name: "a service principal credential",
    status: "fail",
    edit: (e) =>
      void (e.databricks.unityCatalog.storageCredentials = k([
        { name: "uc-mi", kind: "managed-identity", owner: "metastore-admins" },
        { name: "legacy-sp", kind: "service-principal", owner: "dana@example.com" },
      ])),
    message: /1 storage credential\(s\) use a service principal.*legacy-sp \(owner dana@example.com\)/,
    resources: ["legacy-sp"],
  },
  {
    name: "a credential of another kind is named but not judged",
    status: "pass",
    edit: (e) =>
      void (e.databricks.unityCatalog.storageCredentials = k([
        { name: "uc-mi", kind: "managed-identity", owner: null },
        { name: "r2", kind: "other", owner: null },
      ])),
    message: /another kind.*r2/,
  },
  {
    name: "credentials unreadable",
    status: "unknown",
    edit: (e) => void (e.databricks.unityCatalog.storageCredentials = u("HTTP 403 PERMISSION_DENIED")),
  },
  { name: "assignment unreadable", status: "unknown", edit: (e) => void (e.databricks.unityCatalog.assignment = u()) },
  {
    name: "no metastore",
    status: "not_applicable",
    edit: (e) => void (e.databricks.unityCatalog.assignment = k(null)),
  },
  { name: "standard SKU", status: "not_applicable", edit: (e) => void (e.azure.sku = k("standard")) },
]);
