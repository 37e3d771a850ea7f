import { checkCases } from "../../../test/support/check-cases.ts";
import { k, u } from "../../../test/support/evidence.ts";
import check from "./data-02-cmk-dbfs.ts";

checkCases(check, [
  { name: "key applied", status: "pass" },
  {
    name: "prepared only, no key: not a pass",
    status: "fail",
    edit: (e) => void (e.azure.dbfsCmk = k({ prepared: true, key: null })),
    message: /prepared .* no key is applied/,
  },
  { name: "not prepared", status: "fail", edit: (e) => void (e.azure.dbfsCmk = k({ prepared: false, key: null })) },
  { name: "unreadable", status: "unknown", edit: (e) => void (e.azure.dbfsCmk = u()) },
  { name: "serverless", status: "not_applicable", edit: (e) => void (e.azure.computeMode = k("Serverless")) },
  // The trial tier has Premium's features (issue 11 item 15): judged like Premium, no longer not applicable.
  { name: "trial SKU is judged as Premium", status: "pass", edit: (e) => void (e.azure.sku = k("trial")) },
  { name: "standard SKU", status: "not_applicable", edit: (e) => void (e.azure.sku = k("standard")) },
]);
