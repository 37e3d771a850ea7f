import { checkCases } from "../../../test/support/check-cases.ts";
import { k, u } from "../../../test/support/evidence.ts";
import check from "./net-11-subnet-nsgs.ts";

checkCases(check, [
  { name: "both subnets have NSGs", status: "pass" },
  {
    name: "private subnet without NSG",
    status: "fail",
    edit: (e) => {
      if (e.azure.subnets.status === "known") e.azure.subnets.value[1]!.nsgId = null;
    },
    message: /private subnet .* has no network security group/,
    resources: ["/subscriptions/s/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/v/subnets/container"],
  },
  {
    name: "subnets unreadable",
    status: "unknown",
    edit: (e) => void (e.azure.subnets = u("HTTP 403 AuthorizationFailed on the VNet")),
  },
  { name: "no VNet injection", status: "not_applicable", edit: (e) => void (e.azure.vnetInjection = k(null)) },
  { name: "serverless", status: "not_applicable", edit: (e) => void (e.azure.computeMode = k("Serverless")) },
]);
