import { defineCheck, fail, pass } from "../define.ts";
import { premiumOnly } from "../helpers.ts";

export default defineCheck({
  meta: {
    id: "NET-10",
    title: "Account-level IP access lists enabled",
    category: "network",
    severity: "medium",
    profile: "high",
    threats: ["AT"],
    controls: ["IM-6"],
    mcsb: ["NS-2", "IM-7"],
    sat: ["NS-8", "NS-13"],
    guide: ["Use IP access lists"],
    sources: ["account-api"],
    rationale:
      "The account console and the account API manage every workspace, metastore and identity of the account, so an account admin's stolen credentials are worth more than any workspace login. Account IP access lists only admit them from known networks; like the workspace lists they only take effect once enforcement is on and an enabled ALLOW list exists.",
    remediation: {
      ui: 'Account console (accounts.azuredatabricks.net) → Settings → Security → IP access list: add an ALLOW list with your VPN/office ranges, then enable the feature. Or with the CLI: `databricks account ip-access-lists create corp ALLOW --json \'{"ip_addresses": ["203.0.113.0/24"]}\'`.',
      terraform: `# The databricks provider has no resource for account-console IP access lists, so this calls the account
# API once from a deployment script whose user-assigned identity is a Databricks account admin.
resource "azurerm_resource_deployment_script_azure_cli" "account_ip_access_list" {
  name                = "databricks-account-ip-access-list"
  resource_group_name = azurerm_resource_group.ops.name
  location            = azurerm_resource_group.ops.location
  version             = "2.63.0"
  retention_interval  = "P1D"

  identity {
    type         = "UserAssigned"
    identity_ids = [azurerm_user_assigned_identity.databricks_account_admin.id]
  }

  script_content = <<-EOT
    api=https://accounts.azuredatabricks.net/api/2.0/accounts/\${var.databricks_account_id}
    az rest --resource 2ff814a6-3304-4ab8-85cb-cd0e6f879c1d --method post --url $api/ip-access-lists \\
      --body '{"label": "corp", "list_type": "ALLOW", "ip_addresses": ["203.0.113.0/24"]}'
    az rest --resource 2ff814a6-3304-4ab8-85cb-cd0e6f879c1d --method patch \\
      --url $api/settings/types/acct_ip_acl_enable/names/default \\
      --body '{"allow_missing": true, "field_mask": "acct_ip_acl_enable.value", "setting": {"acct_ip_acl_enable": {"value": true}}}'
  EOT
}`,
    },
  },
  evaluate(evidence, context) {
    const notApplicable = premiumOnly(context, evidence, "account IP access lists");
    if (notApplicable) return notApplicable;
    const enforced = context.get("account IP access lists enforced", evidence.account.ipAccessListsEnforced);
    const lists = context.get("account IP access lists", evidence.account.ipAccessLists);
    const allowLists = lists.filter((list) => list.type === "ALLOW" && list.enabled);
    if (!enforced)
      return fail(
        `account IP access lists are not enforced, so the account console and account API accept sign-ins from any network${
          lists.length ? ` (${lists.length} list(s) are defined but have no effect)` : ""
        }`,
      );
    if (allowLists.length === 0)
      return fail(
        "account IP access lists are enforced but no enabled ALLOW list exists, so every address that is not blocked may connect",
        lists.map((list) => `${list.label} (${list.id}, ${list.type}${list.enabled ? "" : ", disabled"})`),
      );
    return pass(
      `account IP access lists are enforced with ${allowLists.length} enabled ALLOW list(s)`,
      allowLists.map((list) => `${list.label} (${list.id})`),
    );
  },
});
