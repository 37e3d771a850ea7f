import { describePath, privilegedNotFromEntra } from "../../graph/queries.ts";
import { defineCheck, fail, listSome, pass, undetermined } from "../define.ts";
import { gapNote, PER_PRINCIPAL, perPrincipalOf, readGraph, resultPaths } from "./graph-evidence.ts";

export default defineCheck({
  meta: {
    id: "IAM-22",
    title: "Every user and group with workspace, metastore or account admin rights is provisioned from Entra ID",
    category: "identity",
    severity: "medium",
    profile: "high",
    threats: ["AT"],
    controls: ["IM-1", "PA-1"],
    mcsb: ["IM-1", "PA-1"],
    guide: ["SCIM synchronization of users and groups"],
    sources: ["workspace-api", "account-api", "arm"],
    rationale:
      "An identity made by hand in Databricks (no SCIM externalId) is outside Entra ID's lifecycle: leaving the company, Conditional Access, access reviews and PIM do not reach it. IAM-10 counts such identities; this check names those that matter most — the ones with a path to workspace admin, to the metastore's admin or to account admin (through admins, a nested group, the metastore's owner group, the account_admin role or an account group holding it, a service principal they can act as), each with its path.",
    remediation: {
      ui: "Provision the admin users and groups from Entra ID (the Azure Databricks SCIM provisioning connector or automatic identity management), then remove the local copies from admins, from the metastore's owner group and from the account admin role (account console → User management).",
      terraform: `# Entra ID groups synced to the account and assigned to the workspace; admins come from them only.
resource "databricks_group_member" "admins_from_entra" {
  group_id  = data.databricks_group.admins.id
  member_id = databricks_group.entra_platform_admins.id
}`,
    },
    thresholds: {
      perPrincipal: PER_PRINCIPAL,
    },
  },
  evaluate(evidence, context) {
    const { wg, reader } = readGraph(evidence, context, [
      "identity",
      "azure",
      "compute",
      "unity-catalog",
      "apps",
      "account",
      "account-admins",
    ]);
    const found = privilegedNotFromEntra(wg, { perPrincipal: perPrincipalOf(context) });
    const local = found.filter((f) => f.provenance === "local");
    const unlisted = found.filter((f) => f.provenance === "unlisted");
    const named = (list: typeof found) =>
      list.map((f) => `${f.path.principal.label} (${f.role} admin: ${describePath(f.path)})`);
    if (local.length)
      return fail(
        `${local.length} admin user(s) or group(s) were made in Databricks, not provisioned from Entra ID: ${listSome(named(local), 3)}${gapNote(reader)}`,
        local.map((f) => f.path.principal.label),
        resultPaths(local.map((f) => f.path)),
      );
    reader.settle();
    if (unlisted.length)
      return undetermined(
        `${unlisted.length} admin principal(s) are not in the workspace's SCIM lists (account-level), so whether they come from Entra ID is not known: ${listSome(named(unlisted), 3)}`,
        unlisted.map((f) => f.path.principal.label),
        resultPaths(unlisted.map((f) => f.path)),
      );
    return pass(
      "every user and group with a path to workspace, metastore or account admin was provisioned from Entra ID",
    );
  },
});
