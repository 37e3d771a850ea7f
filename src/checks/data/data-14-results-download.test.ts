import { checkCases } from "../../../test/support/check-cases.ts";
import { conf, k, u } from "../../../test/support/evidence.ts";
import check from "./data-14-results-download.ts";

checkCases(check, [
  { name: "both disabled", status: "pass" },
  {
    name: "notebook download never set: the default is on",
    status: "fail",
    edit: (e) => conf(e, "enableResultsDownloading", null),
    message: /never set \(default "true"\)/,
  },
  {
    name: "SQL results download on",
    status: "fail",
    edit: (e) => void (e.databricks.settings.sqlResultsDownload = k(true)),
    message: /SQL results download is enabled/,
  },
  {
    name: "workspace-conf forbidden",
    status: "unknown",
    edit: (e) => conf(e, "enableResultsDownloading", u("forbidden (HTTP 403 PERMISSION_DENIED)")),
    message: /403/,
  },
  { name: "setting unreadable", status: "unknown", edit: (e) => void (e.databricks.settings.sqlResultsDownload = u()) },
]);
