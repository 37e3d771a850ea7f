import { checkCases } from "../../../test/support/check-cases.ts";
import { daysAgo, daysAhead, k, u } from "../../../test/support/evidence.ts";
import type { TokenInfo } from "../../evidence/model.ts";
import check from "./iam-07-token-expiry.ts";

const token = (id: string, createdDaysAgo: number, expires: string | null): TokenInfo => ({
  id,
  createdBy: "dana@example.com",
  ownerId: "1",
  createdAt: daysAgo(createdDaysAgo),
  expiresAt: expires,
  lastUsedDay: null,
  comment: null,
});

checkCases(check, [
  { name: "one young expiring token", status: "pass" },
  { name: "no tokens at all", status: "pass", edit: (e) => void (e.databricks.tokens = k([])), message: /no live/ },
  {
    name: "a token that never expires",
    status: "fail",
    edit: (e) => void (e.databricks.tokens = k([token("t-never", 3, null)])),
    message: /1 never expire/,
    resources: ["t-never (dana@example.com)"],
  },
  {
    name: "a 200-day-old token",
    status: "fail",
    edit: (e) => void (e.databricks.tokens = k([token("t-old", 200, daysAhead(10))])),
    message: /older than 90 days/,
  },
  {
    name: "expired old tokens do not count",
    status: "pass",
    edit: (e) => void (e.databricks.tokens = k([token("t-dead", 400, daysAgo(10))])),
  },
  {
    name: "old token within a raised threshold",
    status: "pass",
    thresholds: { maxAgeDays: 365 },
    edit: (e) => void (e.databricks.tokens = k([token("t-old", 200, daysAhead(10))])),
  },
  {
    name: "token list forbidden",
    status: "unknown",
    edit: (e) => void (e.databricks.tokens = u("forbidden: token management needs workspace admin")),
  },
  {
    name: "standard SKU: no token management",
    status: "not_applicable",
    edit: (e) => void (e.azure.sku = k("standard")),
  },
]);
