import { checkCases } from "../../../test/support/check-cases.ts";
import { k, u } from "../../../test/support/evidence.ts";
import check from "./iam-12-restrict-workspace-admins.ts";

checkCases(check, [
  { name: "restricted", status: "pass" },
  {
    name: "allow all",
    status: "fail",
    edit: (e) => void (e.databricks.settings.restrictWorkspaceAdmins = k("ALLOW_ALL")),
    message: /status ALLOW_ALL/,
  },
  {
    name: "setting unreadable",
    status: "unknown",
    edit: (e) => void (e.databricks.settings.restrictWorkspaceAdmins = u("HTTP 404 on settings API")),
  },
  { name: "standard SKU", status: "not_applicable", edit: (e) => void (e.azure.sku = k("standard")) },
]);
