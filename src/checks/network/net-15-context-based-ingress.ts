import { defineCheck, fail, pass } from "../define.ts";
import { premiumOnly } from "../helpers.ts";

export default defineCheck({
  meta: {
    id: "NET-15",
    title: "Context-based ingress: the workspace's network policy restricts public ingress",
    category: "network",
    severity: "medium",
    profile: "high",
    threats: ["AT"],
    controls: ["NS-4", "IM-6"],
    mcsb: ["NS-2", "IM-7"],
    sat: ["NS-12"],
    guide: ["Use IP access lists"],
    sources: ["account-api"],
    rationale:
      "Context-based ingress extends IP access lists: the account's network policy decides which identities may reach the workspace UI, APIs and apps from which public networks, so stolen credentials are useless outside trusted networks and high-value service principals can be pinned to the networks they run from. A policy without an ingress section, or with public access in FULL_ACCESS mode, admits every public address; lakeward reports that as a failure, not as unknown, because the absence of ingress rules is itself what the account API returned.",
    remediation: {
      ui: "Account console → Security → Networking → Context-based ingress & egress control: edit the workspace's policy, set public access to 'Restricted', add allow rules for your corporate ranges (and partner platforms you use), test in dry-run mode, then enforce.",
      terraform: `resource "databricks_account_network_policy" "restricted" {
  network_policy_id = "restricted-ingress"
  ingress = {
    public_access = {
      restriction_mode = "RESTRICTED_ACCESS"
      allow_rules = [
        {
          label          = "corporate"
          origin         = { included_ip_ranges = { ip_ranges = ["203.0.113.0/24"] } }
          destination    = { all_destinations = true }
          authentication = { identity_type = "IDENTITY_TYPE_ALL_USERS" }
        }
      ]
    }
  }
}

resource "databricks_workspace_network_option" "this" {
  workspace_id      = azurerm_databricks_workspace.this.workspace_id
  network_policy_id = databricks_account_network_policy.restricted.network_policy_id
}`,
    },
  },
  evaluate(evidence, context) {
    const notApplicable = premiumOnly(context, evidence, "context-based ingress control");
    if (notApplicable) return notApplicable;
    const policy = context.get("network policy bound to the workspace", evidence.account.networkPolicy);
    if (policy === null)
      return fail(
        "no network policy is bound to the workspace, so no context-based ingress rule restricts public access",
      );
    if (policy.ingressRestricted === null)
      return fail(
        `network policy ${policy.id} has no ingress rules, so public ingress is unrestricted (the policy default)`,
        [policy.id],
      );
    return policy.ingressRestricted
      ? pass(`network policy ${policy.id} restricts public ingress to the workspace`, [policy.id])
      : fail(`network policy ${policy.id} allows public ingress from any network (FULL_ACCESS)`, [policy.id]);
  },
});
