import { checkCases } from "../../../test/support/check-cases.ts";
import { k, u } from "../../../test/support/evidence.ts";
import type { ScimUser, WorkspaceEvidence } from "../../evidence/model.ts";
import check from "./iam-10-scim-provisioning.ts";

function edit(e: WorkspaceEvidence, fn: (users: ScimUser[]) => void): void {
  if (e.databricks.users.status === "known") fn(e.databricks.users.value);
}

checkCases(check, [
  { name: "everyone from Entra ID", status: "pass" },
  {
    name: "a local user",
    status: "fail",
    edit: (e) => edit(e, (users) => void (users[2]!.externalId = null)),
    message: /1 of 3 active user\(s\).*user dana@example\.com/,
    resources: ["user dana@example.com"],
  },
  {
    name: "a deactivated local user does not count",
    status: "pass",
    edit: (e) => edit(e, (users) => void (users[2] = { ...users[2]!, externalId: null, active: false })),
  },
  {
    name: "a local group",
    status: "fail",
    edit: (e) =>
      void (e.databricks.groups = k([
        { id: "g-x", displayName: "hand-made", externalId: null, entitlements: [], memberCount: 4 },
      ])),
    message: /0 of 3 active user\(s\) and 1 of 1 group\(s\).*group hand-made/,
    resources: ["group hand-made"],
  },
  { name: "users unreadable", status: "unknown", edit: (e) => void (e.databricks.users = u()) },
  { name: "groups unreadable", status: "unknown", edit: (e) => void (e.databricks.groups = u()) },
  { name: "standard SKU", status: "not_applicable", edit: (e) => void (e.azure.sku = k("standard")) },
]);
