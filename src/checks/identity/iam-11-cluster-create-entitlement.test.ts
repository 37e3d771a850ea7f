import { checkCases } from "../../../test/support/check-cases.ts";
import { k, u } from "../../../test/support/evidence.ts";
import type { ScimGroup, ScimUser, WorkspaceEvidence } from "../../evidence/model.ts";
import check from "./iam-11-cluster-create-entitlement.ts";

function groups(e: WorkspaceEvidence, fn: (groups: ScimGroup[]) => void): void {
  if (e.databricks.groups.status === "known") fn(e.databricks.groups.value);
}
function users(e: WorkspaceEvidence, fn: (users: ScimUser[]) => void): void {
  if (e.databricks.users.status === "known") fn(e.databricks.users.value);
}

checkCases(check, [
  { name: "only admins may create clusters", status: "pass" },
  {
    name: "users group has the entitlement",
    status: "fail",
    edit: (e) => groups(e, (g) => g[1]!.entitlements.push("allow-cluster-create")),
    message: /group users \(every workspace user\)/,
    resources: ["group users (every workspace user)"],
  },
  {
    name: "an individual non-admin user has it",
    status: "fail",
    edit: (e) => users(e, (list) => list[2]!.entitlements.push("allow-cluster-create")),
    message: /user dana@example\.com/,
    resources: ["user dana@example.com"],
  },
  {
    name: "an admin with the entitlement is fine",
    status: "pass",
    edit: (e) => users(e, (list) => list[0]!.entitlements.push("allow-cluster-create")),
  },
  {
    name: "a named group with it is reported, not failed",
    status: "pass",
    edit: (e) => groups(e, (g) => g[2]!.entitlements.push("allow-cluster-create")),
    message: /granted deliberately to group\(s\) analysts/,
  },
  {
    name: "users group missing",
    status: "unknown",
    edit: (e) => void (e.databricks.groups = k([])),
    message: /missing/,
  },
  { name: "groups unreadable", status: "unknown", edit: (e) => void (e.databricks.groups = u()) },
  { name: "users unreadable", status: "unknown", edit: (e) => void (e.databricks.users = u()) },
  { name: "standard SKU", status: "not_applicable", edit: (e) => void (e.azure.sku = k("standard")) },
]);
