/** Edits of the good evidence that open the permission graph's known escalation paths (graph and check tests). */
import type { Cluster, WorkspaceEvidence } from "../../src/evidence/model.ts";
import { goodCluster } from "./evidence.ts";

export const ADMIN_SP = "11111111-2222-4333-8444-555555555555";
export const CONTRIBUTOR_ROLE =
  "/subscriptions/s/providers/Microsoft.Authorization/roleDefinitions/b24988ac-6180-42a0-ab88-20f7382dd24c";

function known<T>(fact: { status: string; value?: unknown }): T {
  if (fact.status !== "known") throw new Error("fixture fact unknown");
  return fact.value as T;
}

type Groups = Extract<WorkspaceEvidence["databricks"]["groups"], { status: "known" }>["value"];

/** ola is in platform-team, platform-team is in admins. */
export function nestedGroupInAdmins(e: WorkspaceEvidence): void {
  known<unknown[]>(e.databricks.users).push({
    id: "9",
    userName: "ola@example.com",
    active: true,
    externalId: null,
    entitlements: [],
    groups: ["platform-team"],
  });
  const groups = known<Groups>(e.databricks.groups);
  groups.push({
    id: "g-platform",
    displayName: "platform-team",
    externalId: null,
    entitlements: [],
    memberCount: 1,
    members: [{ id: "9", type: "user", display: "ola@example.com" }],
  });
  groups[0]!.members!.push({ id: "g-platform", type: "group", display: "platform-team" });
}

/** analysts (dana) hold CAN_MANAGE on a job that runs as a service principal in admins. */
export function jobRunningAsAdminSp(e: WorkspaceEvidence, level = "CAN_MANAGE"): void {
  known<unknown[]>(e.databricks.servicePrincipals).push({
    id: "sp-9",
    applicationId: ADMIN_SP,
    displayName: "prod-etl",
    active: true,
    entitlements: [],
  });
  known<Groups>(e.databricks.groups)[0]!.members!.push({ id: "sp-9", type: "servicePrincipal", display: "prod-etl" });
  known<unknown[]>(e.databricks.jobs).push({
    id: "777",
    name: "prod-load",
    creator: "a@example.com",
    runAs: ADMIN_SP,
    unattended: true,
    clusters: [],
    permissions: [{ principal: "analysts", principalType: "group", permissions: [{ level, inherited: false }] }],
  });
}

/** An Entra group with Contributor on the workspace's resource group. */
export function contributorOnResourceGroup(e: WorkspaceEvidence): void {
  known<unknown[]>(e.azure.roleAssignments).push({
    principalId: "c0ffee00-0000-4000-8000-000000000005",
    principalType: "Group",
    roleDefinitionId: CONTRIBUTOR_ROLE,
    roleName: null,
    scope: "/subscriptions/s/resourceGroups/rg",
  });
}

/** `users` may restart a cluster whose Spark conf carries a client secret (as a secret reference). */
export function clusterWithCredentialForUsers(e: WorkspaceEvidence): void {
  known<Cluster[]>(e.databricks.clusters).push(
    goodCluster({
      id: "c-2",
      name: "etl",
      sparkConf: [{ key: "fs.azure.account.oauth2.client.secret", secretReference: true, sensitiveKey: true }],
      permissions: [
        { principal: "users", principalType: "group", permissions: [{ level: "CAN_RESTART", inherited: false }] },
      ],
    }),
  );
}

export const escalations = (e: WorkspaceEvidence): WorkspaceEvidence => {
  nestedGroupInAdmins(e);
  jobRunningAsAdminSp(e);
  contributorOnResourceGroup(e);
  return e;
};

type Account = WorkspaceEvidence["account"];
type Roles = Extract<NonNullable<Account["servicePrincipalRoles"]>, { status: "known" }>["value"];
type Admins = Extract<NonNullable<Account["accountAdmins"]>, { status: "known" }>["value"];

/**
 * The admin service principal's account rule set gives analysts (dana) Service principal: User — they can run
 * jobs as it: a can-assume path to workspace admin (the service principal is in admins).
 */
export function ruleSetGivesAdminSpToAnalysts(e: WorkspaceEvidence): void {
  known<unknown[]>(e.databricks.servicePrincipals).push({
    id: "sp-9",
    applicationId: ADMIN_SP,
    displayName: "prod-etl",
    active: true,
    entitlements: [],
  });
  known<Groups>(e.databricks.groups)[0]!.members!.push({ id: "sp-9", type: "servicePrincipal", display: "prod-etl" });
  known<Roles>(e.account.servicePrincipalRoles!).push({
    servicePrincipal: ADMIN_SP,
    role: "roles/servicePrincipal.user",
    principal: "analysts",
    principalType: "group",
    via: null,
  });
}

/** A user made by hand in the account (no externalId), not in the workspace, holds the account admin role. */
export function localAccountAdmin(e: WorkspaceEvidence): void {
  known<Admins>(e.account.accountAdmins!).push({
    principal: "root@example.com",
    principalType: "user",
    externalId: null,
    via: null,
  });
}

type GroupRoles = Extract<NonNullable<Account["groupRoles"]>, { status: "known" }>["value"];

/**
 * analysts manage platform-team (roles/group.manager on its account rule set) and platform-team is in admins:
 * they may add themselves to it — a can-assume path to workspace admin.
 */
export function analystsManageAdminGroup(e: WorkspaceEvidence): void {
  nestedGroupInAdmins(e);
  known<GroupRoles>(e.account.groupRoles!).push({
    group: "platform-team",
    role: "roles/group.manager",
    principal: "analysts",
    principalType: "group",
    via: null,
  });
}
