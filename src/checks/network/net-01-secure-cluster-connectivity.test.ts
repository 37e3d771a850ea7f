import { checkCases } from "../../../test/support/check-cases.ts";
import { k, u } from "../../../test/support/evidence.ts";
import check from "./net-01-secure-cluster-connectivity.ts";

checkCases(check, [
  { name: "NPIP on", status: "pass" },
  { name: "NPIP off", status: "fail", edit: (e) => void (e.azure.noPublicIp = k(false)), message: /public IP/ },
  {
    name: "enableNoPublicIp absent from ARM",
    status: "unknown",
    edit: (e) => void (e.azure.noPublicIp = u("parameters.enableNoPublicIp is absent")),
    message: /absent/,
  },
  {
    name: "ARM forbidden",
    status: "unknown",
    edit: (e) => void (e.azure.computeMode = u("HTTP 403 AuthorizationFailed")),
    message: /403/,
  },
  { name: "serverless workspace", status: "not_applicable", edit: (e) => void (e.azure.computeMode = k("Serverless")) },
]);
