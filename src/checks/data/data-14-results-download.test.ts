import { checkCases } from "../../../test/support/check-cases.ts";
import { conf, u } from "../../../test/support/evidence.ts";
import check from "./data-14-results-download.ts";

checkCases(check, [
  { name: "disabled", status: "pass", message: /disabled \(enableResultsDownloading "false"\)/ },
  {
    name: "never set: the default is on",
    status: "fail",
    edit: (e) => conf(e, "enableResultsDownloading", null),
    message: /never set \(default "true"\)/,
  },
  { name: "explicitly on", status: "fail", edit: (e) => conf(e, "enableResultsDownloading", "true") },
  {
    name: "forbidden",
    status: "unknown",
    edit: (e) => conf(e, "enableResultsDownloading", u("forbidden (HTTP 403 PERMISSION_DENIED)")),
    message: /403/,
  },
]);
