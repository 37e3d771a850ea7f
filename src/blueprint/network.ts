/** network.tf of the blueprint: the VNet the workspace is injected into, its NSG, egress and private endpoints. */
import type { BlueprintProfile } from "./blueprint.ts";

export function networkTf(profile: BlueprintProfile): string {
  const high = profile === "high";
  return `# The workspace's own VNet (NET-02): two delegated subnets with one NSG (NET-11), no default outbound
# access, and ${high ? "all egress routed through your firewall (NET-08)" : "egress through a NAT gateway with a fixed public IP"}.

resource "azurerm_resource_group" "this" {
  name     = var.resource_group_name
  location = var.location
  tags     = var.tags
}

resource "azurerm_virtual_network" "this" {
  name                = "vnet-\${var.workspace_name}"
  location            = var.location
  resource_group_name = azurerm_resource_group.this.name
  address_space       = [var.vnet_cidr]
  tags                = var.tags
}

${delegatedSubnet("host", 0)}${delegatedSubnet("container", 1)}# Private endpoints (workspace front- and back-end, storage) live in their own subnet.
resource "azurerm_subnet" "endpoints" {
  name                            = "snet-private-endpoints"
  resource_group_name             = azurerm_resource_group.this.name
  virtual_network_name            = azurerm_virtual_network.this.name
  address_prefixes                = [cidrsubnet(var.vnet_cidr, 2, 2)]
  default_outbound_access_enabled = false
}

resource "azurerm_network_security_group" "databricks" {
  name                = "nsg-\${var.workspace_name}"
  location            = var.location
  resource_group_name = azurerm_resource_group.this.name
  tags                = var.tags
}

resource "azurerm_subnet_network_security_group_association" "host" {
  subnet_id                 = azurerm_subnet.host.id
  network_security_group_id = azurerm_network_security_group.databricks.id
}

resource "azurerm_subnet_network_security_group_association" "container" {
  subnet_id                 = azurerm_subnet.container.id
  network_security_group_id = azurerm_network_security_group.databricks.id
}
${high ? egressThroughFirewall() : egressThroughNat()}
# privatelink.azuredatabricks.net resolves the workspace URL to its private endpoints inside the VNet.
resource "azurerm_private_dns_zone" "databricks" {
  name                = "privatelink.azuredatabricks.net"
  resource_group_name = azurerm_resource_group.this.name
  tags                = var.tags
}

resource "azurerm_private_dns_zone_virtual_network_link" "databricks" {
  name                  = "databricks"
  resource_group_name   = azurerm_resource_group.this.name
  private_dns_zone_name = azurerm_private_dns_zone.databricks.name
  virtual_network_id    = azurerm_virtual_network.this.id
}

# Back-end Private Link (NET-07): clusters reach the control plane through this endpoint, so the
# workspace can drop the NSG rules to the control plane (NoAzureDatabricksRules).
resource "azurerm_private_endpoint" "backend" {
  name                = "pe-\${var.workspace_name}-backend"
  location            = var.location
  resource_group_name = azurerm_resource_group.this.name
  subnet_id           = azurerm_subnet.endpoints.id
  tags                = var.tags

  private_service_connection {
    name                           = "psc-backend"
    private_connection_resource_id = azurerm_databricks_workspace.this.id
    is_manual_connection           = false
    subresource_names              = ["databricks_ui_api"]
  }

  private_dns_zone_group {
    name                 = "databricks"
    private_dns_zone_ids = [azurerm_private_dns_zone.databricks.id]
  }
}
${
  high
    ? `
# Front-end Private Link (NET-05): users reach the UI and API only through these endpoints (public
# network access is off, NET-06). browser_authentication is needed once per region and network.
resource "azurerm_private_endpoint" "frontend" {
  for_each            = toset(["databricks_ui_api", "browser_authentication"])
  name                = "pe-\${var.workspace_name}-\${replace(each.key, "_", "-")}"
  location            = var.location
  resource_group_name = azurerm_resource_group.this.name
  subnet_id           = var.frontend_subnet_id
  tags                = var.tags

  private_service_connection {
    name                           = "psc-\${replace(each.key, "_", "-")}"
    private_connection_resource_id = azurerm_databricks_workspace.this.id
    is_manual_connection           = false
    subresource_names              = [each.key]
  }

  private_dns_zone_group {
    name                 = "databricks"
    private_dns_zone_ids = [azurerm_private_dns_zone.databricks.id]
  }
}
`
    : ""
}`;
}

/** One of the two subnets the workspace is injected into (host and container differ only in name and range). */
function delegatedSubnet(role: "host" | "container", index: number): string {
  return `resource "azurerm_subnet" "${role}" {
  name                            = "snet-${role}"
  resource_group_name             = azurerm_resource_group.this.name
  virtual_network_name            = azurerm_virtual_network.this.name
  address_prefixes                = [cidrsubnet(var.vnet_cidr, 2, ${index})]
  default_outbound_access_enabled = false
  service_endpoints               = ["Microsoft.Storage"]

  delegation {
    name = "databricks"
    service_delegation {
      name = "Microsoft.Databricks/workspaces"
      actions = [
        "Microsoft.Network/virtualNetworks/subnets/join/action",
        "Microsoft.Network/virtualNetworks/subnets/prepareNetworkPolicies/action",
        "Microsoft.Network/virtualNetworks/subnets/unprepareNetworkPolicies/action",
      ]
    }
  }
}

`;
}

function egressThroughFirewall(): string {
  return `
# Egress control (NET-08): every route out goes to your firewall, which allows only the Azure Databricks
# service tags and your own destinations.
resource "azurerm_route_table" "egress" {
  name                = "rt-\${var.workspace_name}-egress"
  location            = var.location
  resource_group_name = azurerm_resource_group.this.name
  tags                = var.tags

  route {
    name                   = "default-to-firewall"
    address_prefix         = "0.0.0.0/0"
    next_hop_type          = "VirtualAppliance"
    next_hop_in_ip_address = var.firewall_private_ip
  }
}

resource "azurerm_subnet_route_table_association" "host" {
  subnet_id      = azurerm_subnet.host.id
  route_table_id = azurerm_route_table.egress.id
}

resource "azurerm_subnet_route_table_association" "container" {
  subnet_id      = azurerm_subnet.container.id
  route_table_id = azurerm_route_table.egress.id
}
`;
}

function egressThroughNat(): string {
  return `
# With no public IPs on the cluster nodes (NET-01), a NAT gateway gives them one stable egress address.
resource "azurerm_public_ip" "nat" {
  name                = "pip-\${var.workspace_name}-nat"
  location            = var.location
  resource_group_name = azurerm_resource_group.this.name
  allocation_method   = "Static"
  sku                 = "Standard"
  tags                = var.tags
}

resource "azurerm_nat_gateway" "this" {
  name                = "nat-\${var.workspace_name}"
  location            = var.location
  resource_group_name = azurerm_resource_group.this.name
  sku_name            = "Standard"
  tags                = var.tags
}

resource "azurerm_nat_gateway_public_ip_association" "this" {
  nat_gateway_id       = azurerm_nat_gateway.this.id
  public_ip_address_id = azurerm_public_ip.nat.id
}

resource "azurerm_subnet_nat_gateway_association" "host" {
  subnet_id      = azurerm_subnet.host.id
  nat_gateway_id = azurerm_nat_gateway.this.id
}

resource "azurerm_subnet_nat_gateway_association" "container" {
  subnet_id      = azurerm_subnet.container.id
  nat_gateway_id = azurerm_nat_gateway.this.id
}
`;
}
