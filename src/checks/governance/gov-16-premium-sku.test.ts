import { checkCases } from "../../../test/support/check-cases.ts";
import { k, u } from "../../../test/support/evidence.ts";
import check from "./gov-16-premium-sku.ts";

checkCases(check, [
  { name: "premium", status: "pass" },
  { name: "standard", status: "fail", edit: (e) => void (e.azure.sku = k("standard")), message: /standard/ },
  {
    name: "trial",
    status: "fail",
    edit: (e) => void (e.azure.sku = k("trial")),
    message: /trial tier: its Premium controls last only until the trial ends/,
  },
  { name: "unknown", status: "unknown", edit: (e) => void (e.azure.sku = u()) },
]);
