import { checkCases } from "../../../test/support/check-cases.ts";
import { CONTRIBUTOR_ROLE, k, OWNER_ROLE, READER_ROLE, u } from "../../../test/support/evidence.ts";
import type { RoleAssignment } from "../../evidence/model.ts";
import check from "./iam-04-privileged-azure-roles.ts";

const assignment = (
  principalId: string,
  role: "Owner" | "Contributor" | "Reader" | null,
  roleDefinitionId = CONTRIBUTOR_ROLE,
): RoleAssignment => ({
  principalId,
  principalType: "User",
  roleDefinitionId: role === "Owner" ? OWNER_ROLE : role === "Reader" ? READER_ROLE : roleDefinitionId,
  roleName: role,
  scope: "/subscriptions/s/resourceGroups/rg",
});
const four = [
  assignment("u-1", "Owner"),
  assignment("u-2", "Contributor"),
  assignment("u-3", "Contributor"),
  assignment("u-4", "Owner"),
];

checkCases(check, [
  { name: "one Owner group", status: "pass", message: /1 principal\(s\).*1 of them is a group/ },
  {
    name: "four privileged users",
    status: "fail",
    edit: (e) => void (e.azure.roleAssignments = k(four)),
    message: /4 principals hold Owner or Contributor on the workspace, more than 3/,
    resources: ["User u-1 (Owner at /subscriptions/s/resourceGroups/rg)"],
  },
  {
    name: "one principal with both roles counts once",
    status: "pass",
    edit: (e) =>
      void (e.azure.roleAssignments = k([
        assignment("u-1", "Owner"),
        assignment("u-1", "Contributor"),
        assignment("u-2", "Contributor"),
        assignment("u-3", "Contributor"),
      ])),
    message: /3 principal\(s\)/,
  },
  {
    name: "built-in role recognised by its id when the name is missing",
    status: "fail",
    edit: (e) => void (e.azure.roleAssignments = k([...four.slice(0, 3), assignment("u-9", null, CONTRIBUTOR_ROLE)])),
  },
  {
    name: "Readers do not count",
    status: "pass",
    edit: (e) => void (e.azure.roleAssignments = k([...four.slice(0, 3), assignment("u-5", "Reader")])),
  },
  {
    name: "custom roles are named, not judged",
    status: "pass",
    edit: (e) =>
      void (e.azure.roleAssignments = k([
        assignment("u-7", null, "/subscriptions/s/providers/Microsoft.Authorization/roleDefinitions/custom-1"),
      ])),
    message: /1 assignment\(s\) of custom roles were not judged/,
  },
  {
    name: "four within a raised threshold",
    status: "pass",
    thresholds: { maxPrivilegedPrincipals: 5 },
    edit: (e) => void (e.azure.roleAssignments = k(four)),
  },
  {
    name: "role assignments unreadable",
    status: "unknown",
    edit: (e) =>
      void (e.azure.roleAssignments = u("HTTP 403 AuthorizationFailed: Microsoft.Authorization/roleAssignments/read")),
  },
]);
