import { checkCases } from "../../../test/support/check-cases.ts";
import { k, u } from "../../../test/support/evidence.ts";
import check from "./gov-18-account-legacy-features.ts";

checkCases(check, [
  { name: "disabled", status: "pass" },
  {
    name: "legacy features on",
    status: "fail",
    edit: (e) => void (e.account.disableLegacyFeatures = k(false)),
    message: /legacy features/,
  },
  {
    name: "account API not reachable",
    status: "unknown",
    edit: (e) => void (e.account.disableLegacyFeatures = u("no account id configured")),
    message: /no account id/,
  },
  { name: "standard SKU", status: "not_applicable", edit: (e) => void (e.azure.sku = k("standard")) },
]);
