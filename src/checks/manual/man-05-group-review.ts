import { defineCheck, manual } from "../define.ts";

export default defineCheck({
  meta: {
    id: "MAN-05",
    title: "Databricks groups and their members reviewed periodically (CIS 2.1.12, ASB PA-3)",
    category: "manual",
    severity: "medium",
    profile: "standard",
    threats: ["AT", "IN"],
    controls: ["PA-3"],
    mcsb: ["PA-4"],
    cis: ["2.1.12"],
    guide: ["SCIM synchronization of users and groups"],
    sources: ["attestation"],
    rationale:
      "Group membership decides who can read which data, who administers the workspace and who may create compute; memberships accumulate as people change roles. SCIM keeps Databricks in step with Entra ID, but only a periodic review decides whether the memberships themselves are still right, which no API can judge, so it is attested (CIS 2.1.12).",
    remediation: {
      ui: "Set up an Entra ID access review (Identity Governance → Access reviews) for the groups assigned to Azure Databricks, at least quarterly, with the group owners as reviewers and automatic removal of denied members; review workspace-local groups and the admins group by hand on the same schedule.",
      terraform: `# Keep Databricks group membership in code, so every change is a reviewed pull request:
resource "databricks_group" "data_engineers" {
  display_name = "data-engineers"
  external_id  = azuread_group.data_engineers.object_id
}

resource "databricks_group_member" "dana" {
  group_id  = databricks_group.data_engineers.id
  member_id = databricks_user.dana.id
}`,
    },
  },
  evaluate() {
    return manual(
      "attest that the Databricks groups (including admins and the groups synchronised from Entra ID) and their members were reviewed within the review period, with leavers and role changes removed. Evidence: the Entra ID access review (or the review record) and its completion date.",
    );
  },
});
