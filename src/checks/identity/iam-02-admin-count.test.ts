import { checkCases } from "../../../test/support/check-cases.ts";
import { k, u } from "../../../test/support/evidence.ts";
import type { Principal } from "../../evidence/model.ts";
import check from "./iam-02-admin-count.ts";

const admins = (count: number): Principal[] =>
  Array.from({ length: count }, (_, i) => ({
    id: String(i),
    name: `admin${i}@example.com`,
    displayName: null,
    type: i === 0 ? "servicePrincipal" : "user",
    via: i === 5 ? "platform-team" : null,
  }));

checkCases(check, [
  { name: "two admins", status: "pass" },
  { name: "exactly five", status: "pass", edit: (e) => void (e.databricks.admins = k(admins(5))) },
  {
    name: "seven, one through a nested group",
    status: "fail",
    edit: (e) => void (e.databricks.admins = k(admins(7))),
    message: /7 workspace admins .*more than 5/,
    resources: ["admin5@example.com (via platform-team)"],
  },
  {
    name: "seven within a raised threshold",
    status: "pass",
    thresholds: { maxAdmins: 8 },
    edit: (e) => void (e.databricks.admins = k(admins(7))),
  },
  { name: "SCIM unreadable", status: "unknown", edit: (e) => void (e.databricks.admins = u()) },
]);
