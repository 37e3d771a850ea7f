import { checkCases } from "../../../test/support/check-cases.ts";
import { conf, k, u } from "../../../test/support/evidence.ts";
import check from "./net-14-serving-endpoint-access.ts";

checkCases(check, [
  { name: "public access disabled (Private Link)", status: "pass", message: /Private Link/, resources: ["chat"] },
  {
    name: "public access on, IP access lists enforced",
    status: "pass",
    edit: (e) => void (e.azure.publicNetworkAccess = k("Enabled")),
    message: /ALLOW list\(s\) \(corp\)/,
  },
  {
    name: "public access on, IP access lists off",
    status: "fail",
    edit: (e) => {
      e.azure.publicNetworkAccess = k("Enabled");
      conf(e, "enableIpAccessLists", null);
    },
    message: /not enforced \(enableIpAccessLists never set.*: chat/,
    resources: ["chat"],
  },
  {
    name: "public access on, lists enforced but only BLOCK",
    status: "fail",
    edit: (e) => {
      e.azure.publicNetworkAccess = k("Enabled");
      e.databricks.ipAccessLists = k([
        { id: "2", label: "bad", type: "BLOCK", addresses: ["192.0.2.1"], enabled: true },
      ]);
    },
    message: /no ALLOW list/,
  },
  {
    name: "public access unknown and IP lists off: cannot tell",
    status: "unknown",
    edit: (e) => {
      e.azure.publicNetworkAccess = u("not declared in the template");
      conf(e, "enableIpAccessLists", "false");
    },
    message: /not declared/,
  },
  {
    name: "public access unknown but IP lists enforced",
    status: "pass",
    edit: (e) => void (e.azure.publicNetworkAccess = u()),
  },
  {
    name: "public access on, workspace-conf forbidden",
    status: "unknown",
    edit: (e) => {
      e.azure.publicNetworkAccess = k("Enabled");
      conf(e, "enableIpAccessLists", u());
    },
  },
  { name: "endpoints unreadable", status: "unknown", edit: (e) => void (e.databricks.servingEndpoints = u()) },
  {
    name: "no serving endpoints",
    status: "not_applicable",
    edit: (e) => void (e.databricks.servingEndpoints = k([])),
  },
]);
