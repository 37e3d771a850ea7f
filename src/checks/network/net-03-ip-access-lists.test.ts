import { checkCases } from "../../../test/support/check-cases.ts";
import { conf, k, u } from "../../../test/support/evidence.ts";
import check from "./net-03-ip-access-lists.ts";

checkCases(check, [
  { name: "enforced with an ALLOW list", status: "pass", resources: ["corp (1)"] },
  {
    name: "never enabled (default off)",
    status: "fail",
    edit: (e) => conf(e, "enableIpAccessLists", null),
    message: /not enforced.*never set/,
  },
  {
    name: "explicitly off with lists defined",
    status: "fail",
    edit: (e) => conf(e, "enableIpAccessLists", "false"),
    message: /1 list\(s\) are defined but not enforced/,
  },
  {
    name: "enforced but only a BLOCK list",
    status: "fail",
    edit: (e) =>
      void (e.databricks.ipAccessLists = k([
        { id: "2", label: "bad", type: "BLOCK", addresses: ["192.0.2.1"], enabled: true },
      ])),
    message: /no enabled ALLOW list/,
  },
  {
    name: "enforced but the ALLOW list is disabled",
    status: "fail",
    edit: (e) =>
      void (e.databricks.ipAccessLists = k([
        { id: "1", label: "corp", type: "ALLOW", addresses: ["203.0.113.0/24"], enabled: false },
      ])),
  },
  {
    name: "workspace-conf forbidden",
    status: "unknown",
    edit: (e) => conf(e, "enableIpAccessLists", u("forbidden (HTTP 403 PERMISSION_DENIED)")),
    message: /403/,
  },
  { name: "lists unreadable", status: "unknown", edit: (e) => void (e.databricks.ipAccessLists = u()) },
  {
    name: "standard SKU",
    status: "not_applicable",
    edit: (e) => void (e.azure.sku = k("standard")),
    message: /Premium/,
  },
  { name: "SKU unknown", status: "unknown", edit: (e) => void (e.azure.sku = u("ARM not read")) },
]);
