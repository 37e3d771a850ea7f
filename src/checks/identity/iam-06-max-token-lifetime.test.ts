import { checkCases } from "../../../test/support/check-cases.ts";
import { conf, k, u } from "../../../test/support/evidence.ts";
import check from "./iam-06-max-token-lifetime.ts";

checkCases(check, [
  { name: "30 days", status: "pass" },
  { name: "exactly 90", status: "pass", edit: (e) => conf(e, "maxTokenLifetimeDays", "90") },
  { name: "never set", status: "fail", edit: (e) => conf(e, "maxTokenLifetimeDays", null), message: /no maximum/ },
  {
    name: "365 days",
    status: "fail",
    edit: (e) => conf(e, "maxTokenLifetimeDays", "365"),
    message: /365 days, more than 90/,
  },
  {
    name: "tokens disabled altogether",
    status: "pass",
    edit: (e) => {
      conf(e, "enableTokensConfig", "false");
      conf(e, "maxTokenLifetimeDays", null);
    },
  },
  { name: "not a number", status: "unknown", edit: (e) => conf(e, "maxTokenLifetimeDays", "ninety") },
  { name: "forbidden", status: "unknown", edit: (e) => conf(e, "maxTokenLifetimeDays", u()) },
  { name: "token config forbidden", status: "unknown", edit: (e) => conf(e, "enableTokensConfig", u()) },
  { name: "standard SKU", status: "not_applicable", edit: (e) => void (e.azure.sku = k("standard")) },
]);
