import { checkCases } from "../../../test/support/check-cases.ts";
import { k, u } from "../../../test/support/evidence.ts";
import check from "./data-01-cmk-managed-services.ts";

checkCases(check, [
  { name: "key applied", status: "pass", resources: ["https://kv.vault.azure.net/keys/services/1"] },
  { name: "Microsoft-managed", status: "fail", edit: (e) => void (e.azure.managedServicesCmk = k(null)) },
  { name: "unreadable", status: "unknown", edit: (e) => void (e.azure.managedServicesCmk = u()) },
  { name: "standard SKU", status: "not_applicable", edit: (e) => void (e.azure.sku = k("standard")) },
]);
