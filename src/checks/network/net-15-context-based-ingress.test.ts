import { checkCases } from "../../../test/support/check-cases.ts";
import { k, u } from "../../../test/support/evidence.ts";
import check from "./net-15-context-based-ingress.ts";

checkCases(check, [
  { name: "ingress restricted", status: "pass", resources: ["np-1"] },
  {
    name: "policy without ingress rules",
    status: "fail",
    edit: (e) =>
      void (e.account.networkPolicy = k({
        id: "default-policy",
        egressRestricted: true,
        enforced: true,
        ingressRestricted: null,
      })),
    message: /no ingress rules/,
    resources: ["default-policy"],
  },
  {
    name: "ingress full access",
    status: "fail",
    edit: (e) =>
      void (e.account.networkPolicy = k({
        id: "np-1",
        egressRestricted: true,
        enforced: true,
        ingressRestricted: false,
      })),
    message: /FULL_ACCESS/,
  },
  { name: "no policy bound", status: "fail", edit: (e) => void (e.account.networkPolicy = k(null)) },
  {
    name: "account API forbidden",
    status: "unknown",
    edit: (e) => void (e.account.networkPolicy = u("HTTP 403: not an account admin")),
  },
  { name: "standard SKU", status: "not_applicable", edit: (e) => void (e.azure.sku = k("standard")) },
]);
