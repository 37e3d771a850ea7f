import { checkCases } from "../../../test/support/check-cases.ts";
import { k, u } from "../../../test/support/evidence.ts";
import check from "./gov-16-premium-sku.ts";

checkCases(check, [
  { name: "premium", status: "pass" },
  { name: "standard", status: "fail", edit: (e) => void (e.azure.sku = k("standard")), message: /standard/ },
  { name: "trial", status: "fail", edit: (e) => void (e.azure.sku = k("trial")) },
  { name: "unknown", status: "unknown", edit: (e) => void (e.azure.sku = u()) },
]);
