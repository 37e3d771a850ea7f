import { defineCheck, fail, pass } from "../define.ts";
import { block, expr } from "../fix-types.ts";
import { placement } from "../fixes.ts";
import { absentNote, serverlessNotApplicable } from "../helpers.ts";

export default defineCheck({
  meta: {
    id: "NET-12",
    title: "Default storage firewall on the DBFS root storage (with an access connector)",
    category: "network",
    severity: "medium",
    profile: "high",
    threats: ["EX"],
    controls: ["NS-3", "DP-2"],
    mcsb: ["NS-2"],
    guide: ["Encrypt storage accounts and restrict access", "Evaluate Private Link to access your Azure resources"],
    sources: ["arm", "iac"],
    rationale:
      "The DBFS root storage account sits in the managed resource group behind a deny assignment, so its firewall cannot be set directly; the workspace's default storage firewall is the only way to stop it accepting traffic from any network. With it on, only the workspace's subnets, private endpoints and the access connector's managed identity reach the account.",
    remediation: {
      ui: "Azure portal → the workspace → Networking → Workspace storage account firewall: enable it and select (or create) an Azure Databricks access connector; add private endpoints for the dfs and blob sub-resources if clusters reach storage privately.",
      terraform: `resource "azurerm_databricks_access_connector" "dbfs" {
  name                = "dbfs-access"
  resource_group_name = azurerm_resource_group.this.name
  location            = azurerm_resource_group.this.location
  identity {
    type = "SystemAssigned"
  }
}

resource "azurerm_databricks_workspace" "this" {
  # ...
  default_storage_firewall_enabled = true
  access_connector_id              = azurerm_databricks_access_connector.dbfs.id
}`,
      fix: (input) => ({
        settings: [
          { resource: "azurerm_databricks_workspace", path: ["default_storage_firewall_enabled"], value: true },
          {
            resource: "azurerm_databricks_workspace",
            path: ["access_connector_id"],
            value: expr("azurerm_databricks_access_connector.dbfs.id"),
          },
        ],
        resources: [
          {
            type: "azurerm_databricks_access_connector",
            name: "dbfs",
            body: {
              name: `${input.workspace.name}-dbfs`,
              ...placement(input),
              identity: block({ type: "SystemAssigned" }),
            },
          },
        ],
        caution: [
          "the DBFS root then accepts only the workspace's subnets and the access connector: serverless compute needs a network connectivity configuration, and anything else reading the account directly stops working",
        ],
      }),
    },
  },
  evaluate(evidence, context) {
    const serverless = serverlessNotApplicable(context, evidence, "there is no DBFS root storage account");
    if (serverless) return serverless;
    const firewall = context.get("defaultStorageFirewall", evidence.azure.defaultStorageFirewall);
    const accounts = context.peek("storage accounts", evidence.azure.storageAccounts);
    const root =
      accounts.status === "known" ? accounts.value.find((account) => account.role === "dbfs-root")?.name : undefined;
    const rootName = root ? `the DBFS root storage account ${root}` : "the DBFS root storage account";
    if (!firewall.enabled)
      return fail(
        `the default storage firewall is off: ${rootName} accepts connections from any network${absentNote(evidence.azure.defaultStorageFirewall)}`,
        root ? [root] : undefined,
      );
    if (!firewall.accessConnectorId)
      return fail(
        `the default storage firewall is marked enabled but no access connector is bound, so the workspace cannot reach ${rootName} through the trusted managed-identity path`,
        root ? [root] : undefined,
      );
    return pass(`the default storage firewall protects ${rootName}; access connector ${firewall.accessConnectorId}`, [
      firewall.accessConnectorId,
      ...(root ? [root] : []),
    ]);
  },
});
