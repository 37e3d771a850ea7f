import { checkCases } from "../../../test/support/check-cases.ts";
import { conf, u } from "../../../test/support/evidence.ts";
import check from "./gov-02-verbose-audit-logs.ts";

checkCases(check, [
  { name: "on", status: "pass" },
  {
    name: "never set: off by default",
    status: "fail",
    edit: (e) => conf(e, "enableVerboseAuditLogs", null),
    message: /default "false"/,
  },
  { name: "off", status: "fail", edit: (e) => conf(e, "enableVerboseAuditLogs", "false") },
  { name: "forbidden", status: "unknown", edit: (e) => conf(e, "enableVerboseAuditLogs", u()) },
]);
