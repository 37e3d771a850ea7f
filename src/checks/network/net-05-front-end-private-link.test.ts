import { checkCases } from "../../../test/support/check-cases.ts";
import { k, u } from "../../../test/support/evidence.ts";
import check from "./net-05-front-end-private-link.ts";

const pec = (groupIds: string[], status = "Approved") => ({ id: "pec-x", privateEndpointId: "pe-x", groupIds, status });

checkCases(check, [
  {
    name: "approved databricks_ui_api endpoint",
    status: "pass",
    resources: ["/subscriptions/s/resourceGroups/rg/providers/Microsoft.Network/privateEndpoints/pe"],
  },
  { name: "no endpoints", status: "fail", edit: (e) => void (e.azure.privateEndpointConnections = k([])) },
  {
    name: "only browser_authentication",
    status: "fail",
    edit: (e) => void (e.azure.privateEndpointConnections = k([pec(["browser_authentication"])])),
  },
  {
    name: "ui_api still pending",
    status: "fail",
    edit: (e) => void (e.azure.privateEndpointConnections = k([pec(["databricks_ui_api"], "Pending")])),
    message: /Pending/,
  },
  {
    name: "approved but the sub-resource is not stated",
    status: "unknown",
    edit: (e) => void (e.azure.privateEndpointConnections = k([pec([])])),
    message: /sub-resource/,
  },
  { name: "ARM unreadable", status: "unknown", edit: (e) => void (e.azure.privateEndpointConnections = u()) },
  { name: "standard SKU", status: "not_applicable", edit: (e) => void (e.azure.sku = k("standard")) },
]);
