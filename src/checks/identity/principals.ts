/** How the identity checks tell users, service principals and groups apart when only a name is given. */

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export type NamedPrincipalKind = "user" | "servicePrincipal" | "group";

/**
 * Databricks names users by their user name (an e-mail address, so it contains @), service principals by
 * their application id (a GUID) and groups by their display name.
 */
export function kindOfName(name: string): NamedPrincipalKind {
  if (name.includes("@")) return "user";
  if (GUID.test(name.trim())) return "servicePrincipal";
  return "group";
}

export const sameName = (a: string, b: string): boolean => a.trim().toLowerCase() === b.trim().toLowerCase();

/** The groups every workspace has; they are not provisioned from Entra ID. */
export const BUILTIN_GROUPS = ["admins", "users", "account users"] as const;

export const isBuiltinGroup = (name: string): boolean => BUILTIN_GROUPS.some((builtin) => sameName(builtin, name));
