import { checkCases } from "../../../test/support/check-cases.ts";
import { conf, k, u } from "../../../test/support/evidence.ts";
import type { WorkspaceEvidence } from "../../evidence/model.ts";
import check from "./cmb-02-internet-no-mfa.ts";

const open = (e: WorkspaceEvidence) => {
  e.azure.publicNetworkAccess = k("Enabled");
  conf(e, "enableIpAccessLists", "false");
};

checkCases(check, [
  {
    name: "internet, no IP list, no Conditional Access MFA: critical",
    status: "fail",
    edit: (e) => {
      open(e);
      e.entra.conditionalAccessPolicies = k([]);
    },
    message: /all hold together — NET-06: .* · NET-03: .* · IAM-01: /,
  },
  { name: "MFA required breaks the chain", status: "pass", edit: open, message: /IAM-01 .* passes/ },
  {
    name: "Graph not read: unknown",
    status: "unknown",
    edit: (e) => {
      open(e);
      e.entra.conditionalAccessPolicies = u("Microsoft Graph was not read (give --graph)");
    },
    message: /may hold: IAM-01 unknown: .*--graph/,
  },
  {
    name: "a part that does not apply (Standard tier has no IP access lists)",
    status: "not_applicable",
    edit: (e) => {
      open(e);
      e.entra.conditionalAccessPolicies = k([]);
      e.azure.sku = k("standard");
    },
    message: /does not apply/,
  },
]);
