import { checkCases } from "../../../test/support/check-cases.ts";
import { k, u } from "../../../test/support/evidence.ts";
import check from "./net-02-vnet-injection.ts";

checkCases(check, [
  {
    name: "injected",
    status: "pass",
    resources: ["/subscriptions/s/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/v"],
  },
  {
    name: "managed VNet",
    status: "fail",
    edit: (e) => void (e.azure.vnetInjection = k(null)),
    message: /managed VNet/,
  },
  {
    name: "parameters missing",
    status: "unknown",
    edit: (e) => void (e.azure.vnetInjection = u("no custom parameters")),
  },
  { name: "serverless", status: "not_applicable", edit: (e) => void (e.azure.computeMode = k("Serverless")) },
]);
