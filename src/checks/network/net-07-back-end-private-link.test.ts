import { checkCases } from "../../../test/support/check-cases.ts";
import { k, u } from "../../../test/support/evidence.ts";
import check from "./net-07-back-end-private-link.ts";

checkCases(check, [
  { name: "NoAzureDatabricksRules with an approved endpoint", status: "pass" },
  {
    name: "AllRules",
    status: "fail",
    edit: (e) => void (e.azure.requiredNsgRules = k("AllRules")),
    message: /AllRules/,
  },
  {
    name: "NoAzureDatabricksRules without an endpoint is broken",
    status: "fail",
    edit: (e) => void (e.azure.privateEndpointConnections = k([])),
    message: /broken/,
  },
  {
    name: "an approved connection without groupIds (optional in the spec): undetermined, not broken",
    status: "unknown",
    edit: (e) =>
      void (e.azure.privateEndpointConnections = k([
        { id: "pec-1", privateEndpointId: "pe-1", groupIds: [], status: "Approved" },
      ])),
    message: /does not say their sub-resource/,
  },
  { name: "rules unknown", status: "unknown", edit: (e) => void (e.azure.requiredNsgRules = u()) },
  { name: "endpoints unknown", status: "unknown", edit: (e) => void (e.azure.privateEndpointConnections = u()) },
  { name: "serverless", status: "not_applicable", edit: (e) => void (e.azure.computeMode = k("Serverless")) },
]);
