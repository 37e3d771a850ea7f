import { checkCases } from "../../../test/support/check-cases.ts";
import { k, u } from "../../../test/support/evidence.ts";
import check from "./net-10-account-ip-access-lists.ts";

checkCases(check, [
  { name: "enforced with an ALLOW list", status: "pass", resources: ["corp (a1)"] },
  {
    name: "lists defined but not enforced",
    status: "fail",
    edit: (e) => void (e.account.ipAccessListsEnforced = k(false)),
    message: /not enforced.*1 list\(s\) are defined/,
  },
  {
    name: "enforced with only a BLOCK list",
    status: "fail",
    edit: (e) =>
      void (e.account.ipAccessLists = k([
        { id: "a2", label: "bad", type: "BLOCK", addresses: ["192.0.2.1"], enabled: true },
      ])),
    message: /no enabled ALLOW list/,
    resources: ["bad (a2, BLOCK)"],
  },
  {
    name: "enforced with a disabled ALLOW list",
    status: "fail",
    edit: (e) =>
      void (e.account.ipAccessLists = k([
        { id: "a1", label: "corp", type: "ALLOW", addresses: ["203.0.113.0/24"], enabled: false },
      ])),
  },
  {
    name: "enforcement setting unreadable (not an account admin)",
    status: "unknown",
    edit: (e) => void (e.account.ipAccessListsEnforced = u("no account credentials configured")),
    message: /no account credentials/,
  },
  { name: "lists unreadable", status: "unknown", edit: (e) => void (e.account.ipAccessLists = u()) },
  { name: "standard SKU", status: "not_applicable", edit: (e) => void (e.azure.sku = k("standard")) },
]);
