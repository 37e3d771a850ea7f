/**
 * What a reviewer does with a generated fix before `terraform plan`: fills the variables lakeward could not
 * know. The values are the kind a team would put there (its ranges, its key, its groups); a variable this
 * table does not know fails the test, so a new one is added here on purpose, with a real-looking value.
 */
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { VariableSpec } from "../../src/checks/fix-types.ts";
import { renderValue } from "../../src/fix/hcl-write.ts";

const KEY = "https://kv-contoso-adb.vault.azure.net/keys/adb-cmk/0123456789abcdef0123456789abcdef";
const SUBNETS =
  "/subscriptions/00000000-0000-4000-8000-000000000001/resourceGroups/rg-net/providers/Microsoft.Network/virtualNetworks/vnet-adb/subnets";

export const REVIEWER_VALUES: Record<string, string | number | string[]> = {
  allowed_ip_ranges: ["198.51.100.0/24", "203.0.113.8/29"],
  token_users_group: "automation",
  managed_services_cmk_key_id: KEY,
  dbfs_cmk_key_id: KEY,
  managed_disk_cmk_key_id: KEY,
  default_catalog: "main",
  allowed_node_types: ["Standard_D4ds_v5", "Standard_D8ds_v5"],
  max_workers: 10,
  policy_users_group: "data-engineers",
  log_analytics_workspace_id:
    "/subscriptions/00000000-0000-4000-8000-000000000001/resourceGroups/rg-obs/providers/Microsoft.OperationalInsights/workspaces/law-security",
  tag_costcenter: "CC-1234",
  tag_owner: "data-platform",
  git_url_allow_list: "https://github.com/contoso/",
  dashboard_embedding_domains: ["intranet.contoso.example"],
  inference_table_catalog: "main",
  inference_table_schema: "ai_audit",
  location: "westeurope",
  resource_group_name: "rg-lakeward-emulator",
  sku: "premium",
  public_subnet_name: "snet-adb-host",
  private_subnet_name: "snet-adb-container",
  public_subnet_nsg_association_id: `${SUBNETS}/snet-adb-host`,
  private_subnet_nsg_association_id: `${SUBNETS}/snet-adb-container`,
  private_endpoint_subnet_id: `${SUBNETS}/snet-private-endpoints`,
  backend_private_endpoint_subnet_id: `${SUBNETS}/snet-backend-endpoint`,
  databricks_private_dns_zone_id:
    "/subscriptions/00000000-0000-4000-8000-000000000001/resourceGroups/rg-net/providers/Microsoft.Network/privateDnsZones/privatelink.azuredatabricks.net",
};

/** Writes terraform.tfvars for the variables of a fix; throws naming any variable without a reviewer value. */
export async function fillVariables(dir: string, variables: ReadonlyMap<string, VariableSpec>): Promise<void> {
  const unknown = [...variables.keys()].filter((name) => !(name in REVIEWER_VALUES));
  if (unknown.length)
    throw new Error(`no reviewer value for variable(s) ${unknown.join(", ")}: add them to REVIEWER_VALUES`);
  const lines = [...variables.keys()].map((name) => `${name} = ${renderValue(REVIEWER_VALUES[name]!)}`);
  await writeFile(join(dir, "terraform.tfvars"), `${lines.join("\n")}\n`);
}
