import { checkCases } from "../../../test/support/check-cases.ts";
import { k, u } from "../../../test/support/evidence.ts";
import check from "./data-04-infrastructure-encryption.ts";

checkCases(check, [
  { name: "double encryption", status: "pass" },
  { name: "single layer", status: "fail", edit: (e) => void (e.azure.infrastructureEncryption = k(false)) },
  {
    name: "absent from ARM",
    status: "unknown",
    edit: (e) => void (e.azure.infrastructureEncryption = u("parameters.requireInfrastructureEncryption is absent")),
  },
  { name: "serverless", status: "not_applicable", edit: (e) => void (e.azure.computeMode = k("Serverless")) },
]);
