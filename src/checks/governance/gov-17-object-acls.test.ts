import { checkCases } from "../../../test/support/check-cases.ts";
import { conf, k, u } from "../../../test/support/evidence.ts";
import check from "./gov-17-object-acls.ts";

checkCases(check, [
  { name: "all on", status: "pass" },
  {
    name: "visibility keys never set: on by default",
    status: "pass",
    edit: (e) => {
      conf(e, "enforceWorkspaceViewAcls", null);
      conf(e, "enforceClusterViewAcls", null);
      conf(e, "enableJobViewAcls", null);
    },
    message: /3 by default/,
  },
  {
    name: "cluster visibility off",
    status: "fail",
    edit: (e) => conf(e, "enforceClusterViewAcls", "false"),
    message: /cluster visibility \(enforceClusterViewAcls "false"\)/,
    resources: ["enforceClusterViewAcls"],
  },
  {
    name: "workspace ACLs off",
    status: "fail",
    edit: (e) => conf(e, "enableWorkspaceAclsConfig", "false"),
    resources: ["enableWorkspaceAclsConfig"],
  },
  {
    name: "workspace ACLs never set: default not documented",
    status: "unknown",
    edit: (e) => conf(e, "enableWorkspaceAclsConfig", null),
    message: /never set/,
  },
  {
    name: "job visibility off while workspace ACLs are never set",
    status: "fail",
    edit: (e) => {
      conf(e, "enableJobViewAcls", "false");
      conf(e, "enableWorkspaceAclsConfig", null);
    },
    message: /could not also judge/,
  },
  { name: "unreadable", status: "unknown", edit: (e) => conf(e, "enforceWorkspaceViewAcls", u()) },
  { name: "standard SKU", status: "not_applicable", edit: (e) => void (e.azure.sku = k("standard")) },
]);
