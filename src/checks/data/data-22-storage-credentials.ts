import { defineCheck, fail, listSome, notApplicable, pass } from "../define.ts";
import { premiumOnly } from "../helpers.ts";

export default defineCheck({
  meta: {
    id: "DATA-22",
    title: "Unity Catalog storage credentials use managed identities (access connector), not client secrets",
    category: "data",
    severity: "high",
    profile: "standard",
    threats: ["AT", "EX"],
    controls: ["IM-2"],
    mcsb: ["IM-3"],
    sat: ["GOV-22"],
    guide: ["Access Storage via Managed Identities"],
    sources: ["workspace-api", "iac"],
    rationale:
      "A storage credential backed by a service principal holds a client secret that someone must create, store, rotate and can leak; anyone holding it reaches the storage from anywhere. A managed identity through an Azure Databricks access connector has no secret at all and lets the storage firewall trust exactly that connector.",
    remediation: {
      ui: "Azure portal: create an 'Access Connector for Azure Databricks' and grant it 'Storage Blob Data Contributor' on the account. Catalog Explorer → External data → Credentials → Create credential (Azure Managed Identity) with the connector's id; repoint each external location to it, then delete the service-principal credential and its client secret.",
      terraform: `resource "azurerm_databricks_access_connector" "uc" {
  name                = "uc-connector"
  resource_group_name = azurerm_resource_group.this.name
  location            = azurerm_resource_group.this.location
  identity {
    type = "SystemAssigned"
  }
}

resource "databricks_storage_credential" "uc" {
  name = "uc-mi"
  azure_managed_identity {
    access_connector_id = azurerm_databricks_access_connector.uc.id
  }
}`,
    },
  },
  evaluate(evidence, context) {
    const tier = premiumOnly(context, evidence, "Unity Catalog");
    if (tier) return tier;
    const assignment = context.get("current metastore assignment", evidence.databricks.unityCatalog.assignment);
    if (!assignment)
      return notApplicable("no Unity Catalog metastore is assigned (see DATA-10): no storage credentials");
    const credentials = context.get("storage credentials", evidence.databricks.unityCatalog.storageCredentials);
    const secrets = credentials.filter((credential) => credential.kind === "service-principal");
    const others = credentials.filter((credential) => credential.kind === "other").map((c) => c.name);
    const othersNote = others.length
      ? `; ${others.length} credential(s) of another kind (not an Azure identity, e.g. for another cloud) not judged: ${listSome(others)}`
      : "";
    if (secrets.length)
      return fail(
        `${secrets.length} storage credential(s) use a service principal with a client secret: ${listSome(
          secrets.map((c) => `${c.name}${c.owner ? ` (owner ${c.owner})` : ""}`),
        )}${othersNote}`,
        secrets.map((credential) => credential.name),
      );
    const managed = credentials.filter((credential) => credential.kind === "managed-identity").map((c) => c.name);
    return pass(
      managed.length
        ? `all ${managed.length} Azure storage credential(s) use managed identities: ${listSome(managed)}${othersNote}`
        : `no storage credential uses a client secret${othersNote}`,
      managed,
    );
  },
});
