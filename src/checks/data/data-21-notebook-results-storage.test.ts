import { checkCases } from "../../../test/support/check-cases.ts";
import { conf, u } from "../../../test/support/evidence.ts";
import check from "./data-21-notebook-results-storage.ts";

const KEY = "storeInteractiveNotebookResultsInCustomerAccount";

checkCases(check, [
  { name: "on", status: "pass", message: /enabled/ },
  {
    name: "never set: off by default",
    status: "fail",
    edit: (e) => conf(e, KEY, null),
    message: /never set \(default "false"\)/,
  },
  { name: "explicitly off", status: "fail", edit: (e) => conf(e, KEY, "false") },
  { name: "unreadable", status: "unknown", edit: (e) => conf(e, KEY, u("forbidden (HTTP 403)")), message: /403/ },
]);
