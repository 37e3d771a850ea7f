import { defineCheck, fail, pass } from "../define.ts";
import { premiumOnly } from "../helpers.ts";

export default defineCheck({
  meta: {
    id: "NET-13",
    title: "Serverless egress restricted: account network policy in restricted mode, enforced (not dry-run)",
    category: "network",
    severity: "high",
    profile: "high",
    threats: ["EX"],
    controls: ["NS-4", "DP-3"],
    mcsb: ["NS-3", "NS-1"],
    sat: ["NS-9"],
    guide: ["Implement network exfiltration protections"],
    sources: ["account-api"],
    rationale:
      "Serverless notebooks, jobs, SQL warehouses and model serving run in Databricks' network, where the customer's firewall and NSGs do not apply. Only the account network policy bound to the workspace can limit where they send data; in FULL_ACCESS mode, or in dry-run mode that merely logs, serverless compute can reach any destination on the internet.",
    remediation: {
      ui: "Account console → Security → Networking → Context-based ingress & egress control (network policies): create a policy with Serverless egress 'Restricted access', allow only the needed domains and storage accounts, switch enforcement from dry run to enforced, then assign it to the workspace (Workspaces → the workspace → Network policy).",
      terraform: `resource "databricks_account_network_policy" "restricted" {
  network_policy_id = "restricted-egress"
  egress = {
    network_access = {
      restriction_mode = "RESTRICTED_ACCESS"
      allowed_internet_destinations = [
        { destination = "pypi.example.com", internet_destination_type = "DNS_NAME" }
      ]
      allowed_storage_destinations = [
        { azure_storage_account = "datalake1", azure_storage_service = "dfs", storage_destination_type = "AZURE_STORAGE" }
      ]
      policy_enforcement = {
        enforcement_mode = "ENFORCED"
      }
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
    const notApplicable = premiumOnly(context, evidence, "serverless compute and its egress control");
    if (notApplicable) return notApplicable;
    const policy = context.get("network policy bound to the workspace", evidence.account.networkPolicy);
    if (policy === null)
      return fail(
        "no network policy restricts the workspace's serverless egress: serverless compute may reach any internet destination",
      );
    if (!policy.egressRestricted)
      return fail(
        `network policy ${policy.id} allows full internet access (restriction mode FULL_ACCESS) to serverless compute`,
        [policy.id],
      );
    if (!policy.enforced)
      return fail(
        `network policy ${policy.id} restricts serverless egress only in dry-run mode: violations are logged, not blocked`,
        [policy.id],
      );
    return pass(`network policy ${policy.id} restricts and enforces serverless egress`, [policy.id]);
  },
});
