import { checkCases } from "../../../test/support/check-cases.ts";
import { daysAgo, k, u } from "../../../test/support/evidence.ts";
import check from "./iam-13-dormant-users.ts";

checkCases(check, [
  { name: "everyone signed in recently", status: "pass" },
  {
    name: "a user last seen 120 days ago",
    status: "fail",
    edit: (e) =>
      void (e.databricks.lastSignIns = k({
        "a@example.com": daysAgo(1),
        "b@example.com": daysAgo(3),
        "dana@example.com": daysAgo(120),
      })),
    message: /1 of 3 active user\(s\).*dana@example\.com \(last sign-in 120 days ago\)/,
    resources: ["dana@example.com (last sign-in 120 days ago)"],
  },
  {
    name: "a user never seen",
    status: "fail",
    edit: (e) => void (e.databricks.lastSignIns = k({ "a@example.com": daysAgo(1), "B@example.com": daysAgo(3) })),
    message: /dana@example\.com \(no sign-in recorded\)/,
  },
  {
    name: "120 days within a raised threshold",
    status: "pass",
    thresholds: { maxIdleDays: 180 },
    edit: (e) =>
      void (e.databricks.lastSignIns = k({
        "a@example.com": daysAgo(1),
        "b@example.com": daysAgo(3),
        "dana@example.com": daysAgo(120),
      })),
  },
  {
    name: "inactive users are ignored",
    status: "pass",
    edit: (e) => {
      if (e.databricks.users.status === "known") e.databricks.users.value[2]!.active = false;
      e.databricks.lastSignIns = k({ "a@example.com": daysAgo(1), "b@example.com": daysAgo(3) });
    },
  },
  {
    name: "audit logs not readable",
    status: "unknown",
    edit: (e) => void (e.databricks.lastSignIns = u("system.access.audit not enabled")),
    message: /system\.access\.audit/,
  },
  { name: "users unreadable", status: "unknown", edit: (e) => void (e.databricks.users = u()) },
]);
