import { checkCases } from "../../../test/support/check-cases.ts";
import { k, u } from "../../../test/support/evidence.ts";
import check from "./gov-20-personal-compute.ts";

checkCases(check, [
  { name: "delegated to workspaces", status: "pass", message: /delegated/ },
  {
    name: "on for every user (the default)",
    status: "fail",
    edit: (e) => void (e.account.personalCompute = k("ON")),
    message: /every user of every workspace/,
  },
  {
    name: "account API forbidden",
    status: "unknown",
    edit: (e) => void (e.account.personalCompute = u("HTTP 403 PERMISSION_DENIED")),
    message: /403/,
  },
  { name: "standard SKU", status: "not_applicable", edit: (e) => void (e.azure.sku = k("standard")) },
]);
