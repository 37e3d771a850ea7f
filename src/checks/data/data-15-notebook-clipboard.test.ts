import { checkCases } from "../../../test/support/check-cases.ts";
import { conf, u } from "../../../test/support/evidence.ts";
import check from "./data-15-notebook-clipboard.ts";

checkCases(check, [
  { name: "disabled", status: "pass", message: /disabled \(enableNotebookTableClipboard "false"\)/ },
  {
    name: "never set: the default is on",
    status: "fail",
    edit: (e) => conf(e, "enableNotebookTableClipboard", null),
    message: /never set \(default "true"\)/,
  },
  { name: "explicitly on", status: "fail", edit: (e) => conf(e, "enableNotebookTableClipboard", "true") },
  {
    name: "forbidden",
    status: "unknown",
    edit: (e) => conf(e, "enableNotebookTableClipboard", u("forbidden (HTTP 403 PERMISSION_DENIED)")),
    message: /403/,
  },
]);
