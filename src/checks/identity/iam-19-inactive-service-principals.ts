import { defineCheck, fail, listSome, pass } from "../define.ts";

export default defineCheck({
  meta: {
    id: "IAM-19",
    title: "No deactivated account service principal is kept with its access",
    category: "identity",
    severity: "low",
    profile: "standard",
    threats: ["AT", "IN"],
    controls: ["PA-3", "PA-4"],
    mcsb: ["PA-3", "PA-4"],
    guide: ["Use service principals to run production jobs"],
    sources: ["account-api", "iac"],
    rationale:
      "Deactivating a service principal (SCIM active = false) only stops it from authenticating: it keeps its group memberships, entitlements, workspace assignments and Unity Catalog grants. Reactivating one is a status change, not a grant, so it does not look like privilege escalation in review — yet it brings back every right the identity ever had. Principals that are no longer needed should be deleted, not parked.",
    remediation: {
      ui: "Account console → User management → Service principals: delete each inactive principal (or reactivate it only for a live workload that needs it).",
      terraform: `# Remove the resource of a retired principal instead of setting active = false:
resource "databricks_service_principal" "automation" {
  provider     = databricks.account
  display_name = "ci-automation"
  active       = true
}`,
    },
  },
  evaluate(evidence, context) {
    const principals = context.get("account service principals", evidence.account.servicePrincipals);
    const inactive = principals
      .filter((sp) => !sp.active)
      .map((sp) =>
        sp.displayName && sp.displayName !== sp.applicationId
          ? `${sp.displayName} (${sp.applicationId})`
          : sp.applicationId,
      );
    if (inactive.length)
      return fail(
        `${inactive.length} of ${principals.length} account service principals are deactivated but still exist with their grants: ${listSome(inactive, 3)}`,
        inactive,
      );
    return pass(`all ${principals.length} account service principals are active`);
  },
});
