import { checkCases } from "../../../test/support/check-cases.ts";
import { k, SP_APP, u } from "../../../test/support/evidence.ts";
import type { WorkspaceEvidence } from "../../evidence/model.ts";
import check from "./gov-05-cluster-policies-enforced.ts";

const known = <T>(fact: { status: string; value?: T }): T => {
  if (fact.status !== "known") throw new Error("fixture");
  return fact.value as T;
};
const groups = (e: WorkspaceEvidence) => known(e.databricks.groups);
const users = (e: WorkspaceEvidence) => known(e.databricks.users);

checkCases(check, [
  { name: "a policy, only admins create freely", status: "pass", resources: ["small-shared (P1)"] },
  {
    name: "the users group may create clusters",
    status: "fail",
    edit: (e) =>
      void groups(e)
        .find((g) => g.displayName === "users")!
        .entitlements.push("allow-cluster-create"),
    message: /group users \(every user\)/,
    resources: ["group users (every user)"],
  },
  {
    name: "a non-admin user holds the entitlement",
    status: "fail",
    edit: (e) =>
      void users(e)
        .find((u) => u.userName === "dana@example.com")!
        .entitlements.push("allow-cluster-create"),
    resources: ["user dana@example.com"],
  },
  {
    name: "an admin holding it is fine",
    status: "pass",
    edit: (e) =>
      void users(e)
        .find((u) => u.userName === "a@example.com")!
        .entitlements.push("allow-cluster-create"),
  },
  {
    name: "a service principal holds it",
    status: "fail",
    edit: (e) =>
      void (e.databricks.servicePrincipals = k([
        {
          id: "sp-1",
          applicationId: SP_APP,
          displayName: "deploy",
          active: true,
          entitlements: ["allow-cluster-create"],
        },
      ])),
    resources: [`service principal deploy (${SP_APP})`],
  },
  {
    name: "no policies",
    status: "fail",
    edit: (e) => void (e.databricks.clusterPolicies = k([])),
    message: /no cluster policy exists/,
  },
  {
    name: "only default policies",
    status: "fail",
    edit: (e) =>
      void (e.databricks.clusterPolicies = k([
        {
          id: "D1",
          name: "Personal Compute",
          definition: {},
          familyId: "personal-vm",
          isDefault: true,
          users: ["users"],
        },
      ])),
    message: /only Databricks' default policies/,
  },
  {
    name: "the users group may create clusters while users are unreadable",
    status: "fail",
    edit: (e) => {
      groups(e)
        .find((g) => g.displayName === "users")!
        .entitlements.push("allow-cluster-create");
      e.databricks.users = u();
    },
    message: /could not also judge/,
  },
  { name: "groups unreadable", status: "unknown", edit: (e) => void (e.databricks.groups = u()) },
  { name: "policies unreadable", status: "unknown", edit: (e) => void (e.databricks.clusterPolicies = u()) },
  {
    name: "service principals unreadable",
    status: "unknown",
    edit: (e) => void (e.databricks.servicePrincipals = u()),
  },
  { name: "standard SKU", status: "not_applicable", edit: (e) => void (e.azure.sku = k("standard")) },
]);
