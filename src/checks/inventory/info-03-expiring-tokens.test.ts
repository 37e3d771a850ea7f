import { checkCases } from "../../../test/support/check-cases.ts";
import { daysAgo, daysAhead, k, u } from "../../../test/support/evidence.ts";
import type { TokenInfo } from "../../evidence/model.ts";
import check from "./info-03-expiring-tokens.ts";

const token = (id: string, expiresAt: string | null): TokenInfo => ({
  id,
  createdBy: "dana@example.com",
  ownerId: "3",
  createdAt: daysAgo(20),
  expiresAt,
  lastUsedDay: null,
  comment: "etl",
});

checkCases(check, [
  { name: "next expiry in 25 days", status: "pass", message: /none of the 1 live token/ },
  {
    name: "a token expires in 3 days",
    status: "fail",
    edit: (e) => void (e.databricks.tokens = k([token("t-soon", daysAhead(3))])),
    message: /1 of 1 live token\(s\) expire within 7 days: t-soon \(dana@example\.com, "etl", expires/,
  },
  {
    name: "expired and never-expiring tokens are not listed here",
    status: "pass",
    edit: (e) => void (e.databricks.tokens = k([token("t-dead", daysAgo(1)), token("t-never", null)])),
  },
  {
    name: "looking 30 days ahead",
    status: "fail",
    thresholds: { expiringWithinDays: 30 },
  },
  { name: "tokens unreadable", status: "unknown", edit: (e) => void (e.databricks.tokens = u()) },
]);
