import type { StorageAccount } from "../../evidence/model.ts";
import { UNREFERENCED_ACCOUNT } from "../data/storage.ts";
import { defineCheck, fail, listSome, notApplicable, pass, undetermined } from "../define.ts";
import type { EvaluationContext } from "../types.ts";

type Judgement = { state: "denied"; how: string } | { state: "open"; why: string } | { state: "unknown"; why: string };

function judge(account: StorageAccount, context: EvaluationContext): Judgement {
  const access = context.peek(`storage account ${account.name} publicNetworkAccess`, account.publicNetworkAccess);
  const firewall = context.peek(
    `storage account ${account.name} networkAcls.defaultAction`,
    account.networkDefaultAction,
  );
  if (access.status === "known" && access.value === "Disabled")
    return { state: "denied", how: "public network access disabled" };
  if (access.status === "known" && access.value === "SecuredByPerimeter")
    return { state: "denied", how: "public access governed by a network security perimeter" };
  if (firewall.status === "known" && firewall.value === "Deny") {
    const endpoints =
      account.privateEndpointCount.status === "known"
        ? `, ${account.privateEndpointCount.value} private endpoint(s)`
        : "";
    return { state: "denied", how: `firewall default action Deny${endpoints}` };
  }
  if (access.status === "unknown") return { state: "unknown", why: `publicNetworkAccess unknown: ${access.reason}` };
  if (firewall.status === "unknown")
    return { state: "unknown", why: `firewall default action unknown: ${firewall.reason}` };
  return { state: "open", why: `public network access ${access.value}, firewall default action ${firewall.value}` };
}

const describe = (account: StorageAccount) =>
  `${account.name} (${account.role === "dbfs-root" ? "DBFS root" : account.role === "unreferenced" ? UNREFERENCED_ACCOUNT : `Unity Catalog: ${account.usedBy.join(", ") || "storage"}`})`;

export default defineCheck({
  meta: {
    id: "NET-09",
    title:
      "Storage accounts (DBFS root, Unity Catalog locations) deny public network access by default (firewall / private endpoints)",
    category: "network",
    severity: "high",
    profile: "high",
    threats: ["EX"],
    controls: ["NS-3", "DP-2"],
    mcsb: ["NS-2"],
    guide: ["Encrypt storage accounts and restrict access", "Evaluate Private Link to access your Azure resources"],
    sources: ["arm", "iac"],
    rationale:
      "A storage account whose firewall allows all networks can be read from anywhere by whoever holds a key, a SAS token or a stolen identity. Denying public network access by default (firewall default action Deny or public access disabled), and admitting only the Databricks subnets, private endpoints and the access connector's managed identity, keeps the data reachable only from trusted networks, as the guide recommends for the DBFS root and every account behind Unity Catalog.",
    remediation: {
      ui: "Azure portal → each listed storage account → Networking → Public network access: 'Enabled from selected virtual networks and IP addresses' (add the Databricks subnets and, under Resource instances, the access connector) or 'Disabled' with private endpoints. For the DBFS root, enable the workspace's default storage firewall instead (see NET-12).",
      terraform: `resource "azurerm_storage_account" "datalake" {
  # ...
  public_network_access_enabled = false # or keep it on with the network_rules below

  network_rules {
    default_action             = "Deny"
    bypass                     = ["AzureServices"]
    virtual_network_subnet_ids = [azurerm_subnet.public.id, azurerm_subnet.private.id]
    private_link_access {
      endpoint_resource_id = azurerm_databricks_access_connector.this.id
    }
  }
}`,
    },
  },
  evaluate(evidence, context) {
    const accounts = context.get("storage accounts", evidence.azure.storageAccounts);
    if (accounts.length === 0) {
      const mode = context.get("computeMode", evidence.azure.computeMode);
      return mode === "Serverless"
        ? notApplicable("serverless workspace without a DBFS root, and no Unity Catalog storage account was found")
        : undetermined(
            "no storage account was identified, although a classic workspace has a DBFS root storage account",
          );
    }
    const denied: string[] = [];
    const open: { account: StorageAccount; why: string }[] = [];
    const unclear: { account: StorageAccount; why: string }[] = [];
    for (const account of accounts) {
      const judgement = judge(account, context);
      if (judgement.state === "denied") denied.push(`${describe(account)}: ${judgement.how}`);
      else if (judgement.state === "open") open.push({ account, why: judgement.why });
      else unclear.push({ account, why: judgement.why });
    }
    const unclearNote = unclear.length
      ? `; could not judge ${listSome(
          unclear.map((u) => `${describe(u.account)} (${u.why})`),
          3,
        )}`
      : "";
    if (open.length)
      return fail(
        `${open.length} of ${accounts.length} storage account(s) accept connections from any network: ${listSome(
          open.map((o) => `${describe(o.account)} — ${o.why}`),
          3,
        )}${unclearNote}`,
        open.map((o) => o.account.name),
      );
    if (unclear.length)
      return undetermined(
        `network access of ${listSome(
          unclear.map((u) => `${describe(u.account)} (${u.why})`),
          3,
        )} could not be read`,
        unclear.map((u) => u.account.name),
      );
    return pass(
      `all ${accounts.length} storage account(s) deny public network access by default: ${denied.join("; ")}`,
      accounts.map((a) => a.name),
    );
  },
});
