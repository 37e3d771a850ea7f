import { checkCases } from "../../../test/support/check-cases.ts";
import { conf, k, u } from "../../../test/support/evidence.ts";
import check from "./iam-09-pats-disabled.ts";

checkCases(check, [
  {
    name: "tokens disabled",
    status: "pass",
    edit: (e) => conf(e, "enableTokensConfig", "false"),
    message: /disabled/,
  },
  {
    name: "tokens enabled, live tokens named",
    status: "fail",
    message: /enabled \(enableTokensConfig "true"\); 1 live token/,
    resources: ["t1 (sp)"],
  },
  {
    name: "never set means enabled",
    status: "fail",
    edit: (e) => conf(e, "enableTokensConfig", null),
    message: /never set \(default "true"\)/,
  },
  {
    name: "enabled, token list unreadable: still a failure",
    status: "fail",
    edit: (e) => void (e.databricks.tokens = u()),
  },
  { name: "setting forbidden", status: "unknown", edit: (e) => conf(e, "enableTokensConfig", u()) },
  { name: "standard SKU", status: "not_applicable", edit: (e) => void (e.azure.sku = k("standard")) },
]);
