import { checkCases } from "../../../test/support/check-cases.ts";
import { u } from "../../../test/support/evidence.ts";
import {
  analystsManageAdminGroup,
  contributorOnResourceGroup,
  jobRunningAsAdminSp,
  nestedGroupInAdmins,
  ruleSetGivesAdminSpToAnalysts,
} from "../../../test/support/graph-fixtures.ts";
import check from "./iam-20-hidden-admin-paths.ts";

checkCases(check, [
  {
    name: "admins are direct members; an Azure Owner group is left to IAM-04",
    status: "pass",
    message: /1 more by Azure Owner/,
  },
  {
    name: "a nested group in admins, named step by step",
    status: "fail",
    edit: nestedGroupInAdmins,
    message:
      /nested-group\): .*ola@example\.com —\[member-of: member of platform-team\]→ platform-team —\[member-of: member of admins\]→ admins —\[is-admin/,
    // platform-team itself is a direct member; the people in it are the hidden admins.
    resources: ["ola@example.com"],
  },
  {
    name: "a CAN_MANAGE on a job that runs as an admin service principal",
    status: "fail",
    edit: (e) => jobRunningAsAdminSp(e),
    message: /analysts —\[granted: CAN_MANAGE\]→ job prod-load \(777\) —\[runs-as: .*\]→ prod-etl/,
    resources: ["analysts", "dana@example.com"],
  },
  {
    name: "CAN_MANAGE_RUN cannot change the code: no path",
    status: "pass",
    edit: (e) => jobRunningAsAdminSp(e, "CAN_MANAGE_RUN"),
  },
  {
    name: "Azure Contributor on the resource group",
    status: "fail",
    edit: contributorOnResourceGroup,
    message: /Azure Contributor on \/subscriptions\/s\/resourceGroups\/rg/,
  },
  {
    name: "a path found while a job's ACL was not read still fails, and says so",
    status: "fail",
    edit: (e) => {
      nestedGroupInAdmins(e);
      if (e.databricks.jobs.status === "known") e.databricks.jobs.value[0]!.permissions = null;
    },
    message: /could not also judge .*job nightly-etl \(101\) ACL \(not read\)/,
  },
  {
    name: "a job's ACL not read: unknown, not a pass",
    status: "unknown",
    edit: (e) => {
      if (e.databricks.jobs.status === "known") e.databricks.jobs.value[0]!.permissions = null;
    },
    message: /job nightly-etl \(101\) ACL/,
  },
  {
    name: "role assignments unreadable",
    status: "unknown",
    edit: (e) => void (e.azure.roleAssignments = u("HTTP 403")),
  },
  { name: "admins group unreadable", status: "unknown", edit: (e) => void (e.databricks.admins = u("HTTP 403")) },
  {
    name: "analysts hold Service principal: User on an admin service principal's rule set, named step by step",
    status: "fail",
    edit: ruleSetGivesAdminSpToAnalysts,
    message:
      /analysts —\[can-assume: roles\/servicePrincipal\.user on the service principal \(account rule set\)\]→ prod-etl \(.*\) —\[member-of: member of admins\]→ admins —\[is-admin/,
    resources: ["analysts", "dana@example.com"],
  },
  {
    name: "analysts manage a group nested in admins (roles/group.manager on its account rule set): may add themselves",
    status: "fail",
    edit: analystsManageAdminGroup,
    message:
      /analysts —\[can-assume: roles\/group\.manager on group platform-team \(account rule set\): may add itself to it\]→ platform-team —\[member-of: member of admins\]→ admins/,
  },
  {
    name: "the groups' rule sets not read (403 on the account API): unknown, not a pass",
    status: "unknown",
    edit: (e) => void (e.account.groupRoles = u("HTTP 403 PERMISSION_DENIED")),
    message: /group rule sets/,
  },
  {
    name: "the account's workspace assignments not read (403): unknown, not a pass",
    status: "unknown",
    edit: (e) => void (e.account.workspaceAssignments = u("HTTP 403 PERMISSION_DENIED")),
    message: /account workspace assignments/,
  },
  {
    name: "the service principals' rule sets not read (403 on the account API): unknown, not a pass",
    status: "unknown",
    edit: (e) => void (e.account.servicePrincipalRoles = u("HTTP 403 PERMISSION_DENIED")),
    message: /service principal rule sets/,
  },
]);
