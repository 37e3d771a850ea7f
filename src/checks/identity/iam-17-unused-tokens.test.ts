import { checkCases } from "../../../test/support/check-cases.ts";
import { daysAgo, k, u } from "../../../test/support/evidence.ts";
import type { WorkspaceEvidence } from "../../evidence/model.ts";
import check from "./iam-17-unused-tokens.ts";

const retoken = (e: WorkspaceEvidence, change: Record<string, unknown>) => {
  if (e.databricks.tokens.status === "known")
    e.databricks.tokens = k(e.databricks.tokens.value.map((t) => ({ ...t, ...change })));
};

checkCases(check, [
  { name: "used yesterday", status: "pass", message: /used within 30 days/ },
  {
    name: "last used 45 days ago",
    status: "fail",
    edit: (e) => retoken(e, { lastUsedDay: daysAgo(45) }),
    message: /last used 45 days ago/,
  },
  {
    name: "never used, created 40 days ago",
    status: "fail",
    edit: (e) => retoken(e, { lastUsedDay: null, createdAt: daysAgo(40) }),
    message: /never used, created 40 days ago/,
  },
  {
    name: "45 days is fine with a 60-day threshold",
    status: "pass",
    thresholds: { maxUnusedDays: 60 },
    edit: (e) => retoken(e, { lastUsedDay: daysAgo(45) }),
  },
  {
    name: "neither time reported",
    status: "unknown",
    edit: (e) => retoken(e, { lastUsedDay: null, createdAt: null }),
    message: /neither last use nor creation time/,
  },
  { name: "forbidden", status: "unknown", edit: (e) => void (e.databricks.tokens = u("HTTP 403")), message: /403/ },
]);
