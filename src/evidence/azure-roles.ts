/**
 * The Azure roles that make their holder a workspace admin (Owner and Contributor on the workspace resource or
 * above), shared by the collector (whose Entra groups' members to read) and the permission graph.
 */
import type { RoleAssignment } from "./model.ts";

/** Built-in Azure role definition ids (the same in every subscription) whose holders become workspace admins. */
const ADMIN_ROLES: Record<string, string> = {
  "8e3af657-a8ff-443c-a75c-2fe8c4bcb635": "Owner",
  "b24988ac-6180-42a0-ab88-20f7382dd24c": "Contributor",
};

export function azureAdminRole(assignment: RoleAssignment): string | null {
  const id = assignment.roleDefinitionId.split("/").pop()?.toLowerCase() ?? "";
  const name = ADMIN_ROLES[id] ?? assignment.roleName;
  return name === "Owner" || name === "Contributor" ? name : null;
}
