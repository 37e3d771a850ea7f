import { checkCases } from "../../../test/support/check-cases.ts";
import { k, u } from "../../../test/support/evidence.ts";
import check from "./data-09-legacy-dbfs.ts";

checkCases(check, [
  { name: "disabled", status: "pass" },
  {
    name: "legacy DBFS reachable",
    status: "fail",
    edit: (e) => void (e.databricks.settings.disableLegacyDbfs = k(false)),
    message: /reachable/,
  },
  {
    name: "setting unreadable",
    status: "unknown",
    edit: (e) => void (e.databricks.settings.disableLegacyDbfs = u("HTTP 403 PERMISSION_DENIED")),
    message: /403/,
  },
  { name: "serverless", status: "not_applicable", edit: (e) => void (e.azure.computeMode = k("Serverless")) },
]);
