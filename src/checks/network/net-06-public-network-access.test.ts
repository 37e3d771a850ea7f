import { checkCases } from "../../../test/support/check-cases.ts";
import { k, u } from "../../../test/support/evidence.ts";
import check from "./net-06-public-network-access.ts";

checkCases(check, [
  { name: "disabled", status: "pass" },
  {
    name: "enabled",
    status: "fail",
    edit: (e) => void (e.azure.publicNetworkAccess = k("Enabled")),
    message: /internet/,
  },
  {
    name: "absent from ARM",
    status: "unknown",
    edit: (e) => void (e.azure.publicNetworkAccess = u("publicNetworkAccess is absent from the ARM response")),
  },
]);
