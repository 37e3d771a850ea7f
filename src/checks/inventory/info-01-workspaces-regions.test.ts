import { checkCases } from "../../../test/support/check-cases.ts";
import { k, u } from "../../../test/support/evidence.ts";
import check from "./info-01-workspaces-regions.ts";

checkCases(check, [
  {
    name: "a DR workspace in another region",
    status: "pass",
    message: /2 workspace\(s\) in 2 region\(s\)/,
    resources: ["ws (westeurope, premium)", "ws-dr (northeurope, premium)"],
  },
  {
    name: "two workspaces, one region",
    status: "fail",
    edit: (e) =>
      void (e.azure.siblingWorkspaces = k([
        { name: "ws", location: "westeurope", sku: "premium" },
        { name: "ws-hr", location: "West Europe", sku: null },
      ])),
    message: /2 workspace\(s\) in 1 region\(s\).*no workspace in a second region/,
    resources: ["ws-hr (West Europe, SKU unknown)"],
  },
  {
    name: "workspace list unreadable",
    status: "unknown",
    edit: (e) => void (e.azure.siblingWorkspaces = u("Reader on the subscription needed")),
  },
]);
