import { checkCases } from "../../../test/support/check-cases.ts";
import { k, u } from "../../../test/support/evidence.ts";
import check from "./net-13-serverless-egress.ts";

checkCases(check, [
  { name: "restricted and enforced", status: "pass", resources: ["np-1"] },
  {
    name: "no policy bound",
    status: "fail",
    edit: (e) => void (e.account.networkPolicy = k(null)),
    message: /no network policy/,
  },
  {
    name: "full access",
    status: "fail",
    edit: (e) =>
      void (e.account.networkPolicy = k({
        id: "default-policy",
        egressRestricted: false,
        enforced: true,
        ingressRestricted: null,
      })),
    message: /default-policy allows full internet access/,
    resources: ["default-policy"],
  },
  {
    name: "restricted but dry run",
    status: "fail",
    edit: (e) =>
      void (e.account.networkPolicy = k({
        id: "np-1",
        egressRestricted: true,
        enforced: false,
        ingressRestricted: true,
      })),
    message: /dry-run/,
  },
  {
    name: "account API not configured",
    status: "unknown",
    edit: (e) => void (e.account.networkPolicy = u("no account id configured")),
    message: /no account id/,
  },
  { name: "SKU unknown", status: "unknown", edit: (e) => void (e.azure.sku = u()) },
  { name: "standard SKU", status: "not_applicable", edit: (e) => void (e.azure.sku = k("standard")) },
]);
