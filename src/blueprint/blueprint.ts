/**
 * `lakeward blueprint`: a complete Terraform configuration for a new Azure Databricks workspace that
 * follows the guide at a profile — VNet injection with an NSG, no public IPs, back-end Private Link
 * (and front-end at `high`), customer-managed keys (high), the DBFS storage firewall with an access
 * connector, diagnostic settings, IP access lists, workspace-conf hardening, tokens, legacy features off,
 * a cluster policy, Unity Catalog and tags and locks. It is written as HCL text (a fixed configuration
 * reads best as what it is); test/fix/blueprint.test.ts parses it and judges it with `lakeward iac`.
 */
import { renderValue } from "../fix/hcl-write.ts";
import { PROVIDER_VERSIONS, TERRAFORM_VERSION, terraformBlock } from "../fix/module.ts";
import { databricksTf } from "./databricks.ts";
import { networkTf } from "./network.ts";
import { workspaceTf } from "./workspace.ts";

export const BLUEPRINT_PROFILES = ["standard", "high"] as const;
export type BlueprintProfile = (typeof BLUEPRINT_PROFILES)[number];

interface Variable {
  name: string;
  type: string;
  description: string;
  /** Written in terraform.tfvars.example (a made-up value to replace), never as a default. */
  example: string | number | string[] | Record<string, string>;
  /** A default only where one value is right for nearly everyone. */
  default?: string | number | string[];
  validation?: { condition: string; message: string };
  profiles?: readonly BlueprintProfile[];
}

const VARIABLES: readonly Variable[] = [
  { name: "workspace_name", type: "string", description: "Name of the new workspace", example: "adb-analytics-prod" },
  { name: "location", type: "string", description: "Azure region", example: "westeurope" },
  {
    name: "resource_group_name",
    type: "string",
    description: "Resource group to create for the workspace and its network",
    example: "rg-adb-analytics-prod",
  },
  {
    name: "tags",
    type: "map(string)",
    description: "Tags on every resource and, through the cluster policy, on every cluster (GOV-07)",
    example: { CostCenter: "CC-1234", Owner: "data-platform@contoso.example" },
    validation: {
      condition: 'alltrue([for tag in ["CostCenter", "Owner"] : contains(keys(var.tags), tag)])',
      message: "tags must include CostCenter and Owner.",
    },
  },
  {
    name: "vnet_cidr",
    type: "string",
    description: "Address space of the workspace VNet (a /22 or larger: it is split into four subnets)",
    example: "10.40.0.0/22",
  },
  {
    name: "allowed_ip_ranges",
    type: "list(string)",
    description:
      "CIDR ranges users and API clients come from (VPN, office egress); nobody else can reach the workspace",
    example: ["198.51.100.0/24"],
  },
  {
    name: "log_analytics_workspace_id",
    type: "string",
    description: "Id of the Log Analytics workspace (or your SIEM's) that keeps the Databricks audit logs",
    example:
      "/subscriptions/00000000-0000-4000-8000-000000000001/resourceGroups/rg-security/providers/Microsoft.OperationalInsights/workspaces/law-security",
  },
  {
    name: "datalake_storage_account_name",
    type: "string",
    description: "Globally unique name of the data lake storage account (3-24 lower-case letters and digits)",
    example: "stadbanalyticsprod",
  },
  {
    name: "max_token_lifetime_days",
    type: "number",
    description: "Longest lifetime of a new personal access token, in days (IAM-06: at most 90)",
    example: 30,
    default: 30,
    validation: {
      condition: "var.max_token_lifetime_days >= 1 && var.max_token_lifetime_days <= 90",
      message: "max_token_lifetime_days must be between 1 and 90.",
    },
  },
  {
    name: "token_users_group",
    type: "string",
    description: "The group (automation, service principals) that may use personal access tokens",
    example: "automation",
    profiles: ["standard"],
  },
  {
    name: "git_url_allow_list",
    type: "list(string)",
    description: "Git URL prefixes Git folders may use (GOV-13)",
    example: ["https://github.com/contoso/"],
  },
  {
    name: "allowed_node_types",
    type: "list(string)",
    description: "Node types the cluster policy allows",
    example: ["Standard_D4ds_v5", "Standard_D8ds_v5"],
  },
  { name: "max_workers", type: "number", description: "Most workers a cluster may have", example: 8 },
  {
    name: "cluster_users_group",
    type: "string",
    description: "Group whose members create clusters, through the bounded policy",
    example: "data-engineers",
  },
  {
    name: "metastore_id",
    type: "string",
    description: "Id of the Unity Catalog metastore of the region (account console → Catalog)",
    example: "0a1b2c3d-0000-4000-8000-000000000001",
  },
  {
    name: "catalog_name",
    type: "string",
    description: "The workspace's catalog, and its default instead of hive_metastore",
    example: "analytics",
  },
  {
    name: "data_admins_group",
    type: "string",
    description: "Group that owns the catalog, its storage credential and external location",
    example: "data-platform-admins",
  },
  {
    name: "maven_group_prefix",
    type: "string",
    description: "Maven coordinates prefix clusters may install libraries from (GOV-12)",
    example: "com.contoso:",
  },
  {
    name: "firewall_private_ip",
    type: "string",
    description: "Private IP of your egress firewall (hub): every route out of the cluster subnets goes there",
    example: "10.0.0.4",
    profiles: ["high"],
  },
  {
    name: "frontend_subnet_id",
    type: "string",
    description: "Subnet (in a VNet your users reach, e.g. the hub) for the front-end private endpoints",
    example:
      "/subscriptions/00000000-0000-4000-8000-000000000001/resourceGroups/rg-hub/providers/Microsoft.Network/virtualNetworks/vnet-hub/subnets/snet-endpoints",
    profiles: ["high"],
  },
  {
    name: "key_vault_name",
    type: "string",
    description: "Globally unique name of the Key Vault holding the workspace's keys",
    example: "kv-adb-analytics-prod",
    profiles: ["high"],
  },
  {
    name: "azure_databricks_application_object_id",
    type: "string",
    description:
      "Object id of the AzureDatabricks enterprise application in your tenant (az ad sp show --id 2ff814a6-3304-4ab8-85cb-cd0e6f879c1d --query id)",
    example: "00000000-0000-4000-8000-0000000000ad",
    profiles: ["high"],
  },
  {
    name: "compliance_standards",
    type: "list(string)",
    description: "Compliance standards of the compliance security profile (HIPAA, PCI_DSS, …)",
    example: ["HIPAA"],
    profiles: ["high"],
  },
  {
    name: "security_alert_email",
    type: "string",
    description: "Where the activity-log alerts on the workspace go",
    example: "security@contoso.example",
    profiles: ["high"],
  },
];

const variablesOf = (profile: BlueprintProfile) =>
  VARIABLES.filter((variable) => !variable.profiles || variable.profiles.includes(profile));

function variablesTf(profile: BlueprintProfile): string {
  return variablesOf(profile)
    .map((variable) => {
      const lines = [
        `variable "${variable.name}" {`,
        `  type        = ${variable.type}`,
        `  description = ${renderValue(variable.description)}`,
      ];
      if (variable.default !== undefined) lines.push(`  default     = ${renderValue(variable.default)}`);
      if (variable.validation)
        lines.push(
          "",
          "  validation {",
          `    condition     = ${variable.validation.condition}`,
          `    error_message = ${renderValue(variable.validation.message)}`,
          "  }",
        );
      lines.push("}");
      return lines.join("\n");
    })
    .join("\n\n");
}

function tfvarsExample(profile: BlueprintProfile): string {
  const entries = variablesOf(profile);
  const width = Math.max(...entries.map((v) => v.name.length));
  return [
    "# Copy to terraform.tfvars and replace every value: these are examples, not defaults.",
    ...entries.map((v) => `${v.name.padEnd(width)} = ${renderValue(v.example)}`),
  ].join("\n");
}

function versionsTf(): string {
  return `${terraformBlock()}

provider "azurerm" {
  features {
    key_vault {
      purge_soft_delete_on_destroy = false
    }
  }
}

# The workspace-level provider, authenticated with your Azure CLI / managed identity login.
provider "databricks" {
  host                        = azurerm_databricks_workspace.this.workspace_url
  azure_workspace_resource_id = azurerm_databricks_workspace.this.id
}`;
}

function readme(profile: BlueprintProfile): string {
  const high = profile === "high";
  return `# Azure Databricks workspace blueprint (\`${profile}\` profile)

Written by \`lakeward blueprint --profile ${profile}\`: a complete Terraform configuration for a new
workspace that follows the Azure Databricks security best practices at the \`${profile}\` profile of
lakeward's checks. \`lakeward iac . --profile ${profile}\` judges it with no failure (lakeward's own test
runs exactly that on this output, with the example values).

| file | what is in it |
| --- | --- |
| \`versions.tf\` | Terraform ${TERRAFORM_VERSION}; azurerm ${PROVIDER_VERSIONS.azurerm} and databricks ${PROVIDER_VERSIONS.databricks}, pinned |
| \`network.tf\` | the workspace VNet: host and container subnets delegated to Databricks, one NSG, no default outbound access, ${high ? "a route table sending all egress to your firewall" : "a NAT gateway for a stable egress IP"}; the private DNS zone and the back-end private endpoint${high ? "; the front-end private endpoints (UI/API and browser authentication)" : ""} |
| \`workspace.tf\` | the workspace (Premium, VNet-injected, no public IPs, NoAzureDatabricksRules${high ? ", public network access off, infrastructure encryption, customer-managed keys for managed services, managed disks (auto-rotated) and the DBFS root, the compliance security profile with enhanced security monitoring" : ""}), the default storage firewall with an access connector, diagnostic settings (allLogs), the data lake (private, TLS 1.2, versioning and soft delete), locks${high ? ", the Key Vault (purge protection) and activity-log alerts" : ""} |
| \`databricks.tf\` | workspace-conf hardening, IP access lists, the workspace settings (admins restricted, legacy DBFS and Hive access off, SQL results download off, automatic cluster update${high ? ", compliance profile, enhanced monitoring" : ""}), tokens (${high ? "personal access tokens off" : "only one group, lifetime at most var.max_token_lifetime_days"}), entitlements, the bounded-encrypted cluster policy (tags forced), artifact allow-lists, Unity Catalog (metastore assignment, storage credential on the access connector, external location, an isolated catalog, system tables) |
| \`variables.tf\` | what differs between organisations, each with a description |
| \`terraform.tfvars.example\` | example values: copy it to \`terraform.tfvars\` and replace every value |

## Deploy

\`\`\`sh
cp terraform.tfvars.example terraform.tfvars && $EDITOR terraform.tfvars
lakeward iac . --profile ${profile}     # no failure before anything exists
terraform init && terraform plan -out ws.tfplan && terraform apply ws.tfplan
lakeward scan --host https://<workspace_url> --profile ${profile}   # and the live workspace agrees
\`\`\`

Before you apply:

- \`allowed_ip_ranges\` are the only addresses that reach the workspace: include the network you run
  Terraform from${high ? ", and run it from a network that reaches the front-end private endpoint (public network access is off)" : ""}.
${high ? "- the AzureDatabricks application needs the managed-services key before the workspace is created; the role assignment in workspace.tf does that, with `azure_databricks_application_object_id` from your tenant.\n- keys are RSA 4096 with purge protection on: a deleted vault or key cannot be recovered after 90 days, and the data encrypted with it is lost.\n" : ""}- the metastore (\`metastore_id\`) is the region's existing Unity Catalog metastore; the account admin
  assigns it.

lakeward parsed these files with the HCL parser \`lakeward iac\` uses and judged them with
\`lakeward iac\`; it did not run \`terraform validate\` (Terraform is not bundled): run it after init.
`;
}

/** The blueprint's files by name, for a profile. */
export function blueprintFiles(profile: BlueprintProfile): Map<string, string> {
  return new Map([
    ["versions.tf", `${versionsTf()}\n`],
    ["network.tf", `${networkTf(profile).trim()}\n`],
    ["workspace.tf", `${workspaceTf(profile).trim()}\n`],
    ["databricks.tf", `${databricksTf(profile).trim()}\n`],
    ["variables.tf", `${variablesTf(profile)}\n`],
    ["terraform.tfvars.example", `${tfvarsExample(profile)}\n`],
    ["README.md", readme(profile)],
  ]);
}
