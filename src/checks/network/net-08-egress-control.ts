import type { Fact } from "../../evidence/fact.ts";
import type { NsgRule, Route, Subnet } from "../../evidence/model.ts";
import { defineCheck, fail, listSome, pass, undetermined } from "../define.ts";
import { serverlessNotApplicable } from "../helpers.ts";

/** How one egress mechanism of a subnet was judged. */
type Finding =
  | { state: "controlled"; how: string }
  | { state: "open"; why: string }
  | { state: "unknown"; why: string };

const lower = (value: string) => value.trim().toLowerCase();
/** Destinations an NSG rule can name that include the internet. */
const INTERNET_PREFIXES = new Set(["*", "internet", "0.0.0.0/0", "any"]);
const toInternet = (rule: NsgRule) => rule.destinationPrefixes.some((prefix) => INTERNET_PREFIXES.has(lower(prefix)));
const allPorts = (rule: NsgRule) =>
  rule.destinationPorts.some((port) => port.trim() === "*" || port.trim() === "0-65535");
const allProtocols = (rule: NsgRule) => rule.protocol.trim() === "*" || lower(rule.protocol) === "any";

/** The prefix length of an IPv4 CIDR, or undefined for service tags and IPv6. */
function prefixLength(prefix: string): number | undefined {
  const match = /^\d{1,3}(?:\.\d{1,3}){3}\/(\d{1,2})$/.exec(prefix.trim());
  return match ? Number(match[1]) : undefined;
}

/** The subnet's user-defined routes: does 0.0.0.0/0 leave through an inspecting hop? */
function judgeRoutes(subnet: Subnet): Finding {
  if (subnet.routes === null || subnet.routes === undefined) {
    return subnet.routeTableId
      ? { state: "unknown", why: `the routes of route table ${subnet.routeTableId} were not read` }
      : { state: "open", why: "no route table, so 0.0.0.0/0 takes Azure's system route to the internet" };
  }
  const routes: Route[] = subnet.routes;
  // Broad user-defined routes straight to the internet (e.g. 0.0.0.0/1 + 128.0.0.0/1) override the default route.
  const bypass = routes.filter((route) => {
    const length = prefixLength(route.addressPrefix);
    return lower(route.nextHopType) === "internet" && length !== undefined && length > 0 && length < 8;
  });
  const defaultRoute = routes.find((route) => route.addressPrefix.trim() === "0.0.0.0/0");
  if (!defaultRoute)
    return { state: "open", why: "no user-defined 0.0.0.0/0 route (Azure's system route to the internet applies)" };
  const hop = lower(defaultRoute.nextHopType);
  let how: string | undefined;
  if (hop === "virtualappliance")
    how = `0.0.0.0/0 → virtual appliance ${defaultRoute.nextHopIpAddress ?? "(no IP)"} (route ${defaultRoute.name})`;
  else if (hop === "virtualnetworkgateway")
    how = `0.0.0.0/0 → virtual network gateway (forced tunnelling, route ${defaultRoute.name})`;
  else if (hop === "none") how = `0.0.0.0/0 → None: internet-bound traffic is dropped (route ${defaultRoute.name})`;
  if (!how) return { state: "open", why: `0.0.0.0/0 → ${defaultRoute.nextHopType} (route ${defaultRoute.name})` };
  if (bypass.length)
    return {
      state: "open",
      why: `${how}, but ${bypass.map((r) => `${r.addressPrefix} → Internet (route ${r.name})`).join(", ")} bypass${bypass.length === 1 ? "es" : ""} it`,
    };
  return { state: "controlled", how };
}

/** The attached NSG's custom rules: is internet-bound traffic denied before anything allows it? */
function judgeNsg(subnet: Subnet): Finding {
  if (!subnet.nsgId) return { state: "open", why: "no network security group" };
  if (subnet.nsgRules === null || subnet.nsgRules === undefined)
    return { state: "unknown", why: `the rules of ${subnet.nsgId} were not read` };
  const outbound = subnet.nsgRules
    .filter((rule) => rule.direction === "Outbound")
    .sort((a, b) => a.priority - b.priority);
  const deny = outbound.find(
    (rule) => rule.access === "Deny" && toInternet(rule) && allPorts(rule) && allProtocols(rule),
  );
  if (!deny)
    return { state: "open", why: `${nsgName(subnet.nsgId)} has no rule denying all outbound internet traffic` };
  const holes = outbound.filter((rule) => rule.access === "Allow" && rule.priority < deny.priority && toInternet(rule));
  if (holes.length)
    return {
      state: "open",
      why: `${nsgName(subnet.nsgId)} denies internet outbound (${deny.name}, priority ${deny.priority}) but allows it first: ${holes
        .map((rule) => `${rule.name} (priority ${rule.priority}, ports ${rule.destinationPorts.join(",")})`)
        .join(", ")}`,
    };
  return {
    state: "controlled",
    how: `${nsgName(subnet.nsgId)} denies internet outbound (${deny.name}, priority ${deny.priority})`,
  };
}

/** No NAT gateway, no public IPs on the nodes and default outbound access off: nothing can reach the internet. */
function judgeOutboundPath(subnet: Subnet, noPublicIp: Fact<boolean>): Finding {
  if (subnet.natGatewayId) return { state: "open", why: `outbound through NAT gateway ${subnet.natGatewayId}` };
  if (noPublicIp.status === "known" && !noPublicIp.value)
    return { state: "open", why: "cluster nodes have public IP addresses (No Public IP is off)" };
  if (subnet.defaultOutboundAccess === true) return { state: "open", why: "Azure default outbound access is on" };
  if (noPublicIp.status === "unknown")
    return { state: "unknown", why: `whether nodes get public IPs is unknown (${noPublicIp.reason})` };
  if (subnet.defaultOutboundAccess === null || subnet.defaultOutboundAccess === undefined)
    return { state: "unknown", why: "ARM did not say whether default outbound access is on" };
  return { state: "controlled", how: "no outbound path: no NAT gateway, no public IPs, default outbound access off" };
}

function nsgName(id: string): string {
  return id.split("/").pop() ?? id;
}

function subnetLabel(subnet: Subnet): string {
  return `${subnet.role} subnet ${subnet.id.split("/").pop() ?? subnet.id}`;
}

export default defineCheck({
  meta: {
    id: "NET-08",
    title:
      "Egress controlled: injected subnets route 0.0.0.0/0 to a firewall/appliance, or NSG denies Internet outbound",
    category: "network",
    severity: "high",
    profile: "high",
    threats: ["EX", "RA"],
    controls: ["NS-4", "DP-3"],
    mcsb: ["NS-3", "NS-1"],
    guide: [
      "Implement network exfiltration protections",
      "Deploy Azure Databricks in your own Azure virtual network (VNet injection)",
    ],
    sources: ["arm", "iac"],
    rationale:
      "By default cluster nodes can send data to any address on the internet, so a compromised account or a malicious library can exfiltrate data or mine crypto unnoticed. Routing 0.0.0.0/0 from the injected subnets through Azure Firewall (or another inspecting appliance), denying Internet outbound in their NSGs, or leaving them no outbound path at all limits egress to the destinations Databricks needs; this needs VNet injection, so a workspace in a Databricks-managed VNet fails. lakeward judges the configured path and never probes egress from a cluster.",
    remediation: {
      ui: "Azure portal → Route tables → Create: add a route 0.0.0.0/0 → Virtual appliance (your Azure Firewall's private IP) and associate the table with both Databricks subnets; allow only the Databricks control-plane, metastore, storage and Event Hubs destinations in the firewall policy (or the AzureDatabricks/Storage/Sql/EventHub service tags in the NSG) and add an outbound NSG rule denying Internet.",
      terraform: `resource "azurerm_route_table" "databricks" {
  name                = "databricks-egress"
  location            = azurerm_resource_group.this.location
  resource_group_name = azurerm_resource_group.this.name

  route {
    name                   = "to-firewall"
    address_prefix         = "0.0.0.0/0"
    next_hop_type          = "VirtualAppliance"
    next_hop_in_ip_address = azurerm_firewall.hub.ip_configuration[0].private_ip_address
  }
}

resource "azurerm_subnet_route_table_association" "public" {
  subnet_id      = azurerm_subnet.public.id
  route_table_id = azurerm_route_table.databricks.id
}

resource "azurerm_subnet_route_table_association" "private" {
  subnet_id      = azurerm_subnet.private.id
  route_table_id = azurerm_route_table.databricks.id
}

resource "azurerm_network_security_rule" "deny_internet_out" {
  name                        = "deny-internet-out"
  priority                    = 4000
  direction                   = "Outbound"
  access                      = "Deny"
  protocol                    = "*"
  source_port_range           = "*"
  destination_port_range      = "*"
  source_address_prefix       = "*"
  destination_address_prefix  = "Internet"
  resource_group_name         = azurerm_resource_group.this.name
  network_security_group_name = azurerm_network_security_group.databricks.name
}`,
    },
  },
  evaluate(evidence, context) {
    const serverless = serverlessNotApplicable(context, evidence, "serverless egress is judged by NET-13");
    if (serverless) return serverless;
    const injection = context.get("customVirtualNetworkId", evidence.azure.vnetInjection);
    if (injection === null)
      return fail(
        "no VNet injection: the workspace runs in a Databricks-managed VNet whose outbound traffic cannot be routed through a firewall or restricted (NET-02)",
      );
    const subnets = context.get("injected subnets", evidence.azure.subnets);
    const expected = [
      ...(injection.publicSubnetName ? (["public"] as const) : []),
      ...(injection.privateSubnetName ? (["private"] as const) : []),
    ];
    const missing = expected.filter((role) => !subnets.some((subnet) => subnet.role === role));
    if (subnets.length === 0 || missing.length)
      return undetermined(
        `VNet injection into ${injection.vnetId} is configured, but the ${missing.length ? missing.join(" and ") : "injected"} subnet(s) could not be read`,
      );
    const noPublicIp = context.peek("enableNoPublicIp", evidence.azure.noPublicIp);
    const controlled: string[] = [];
    const open: { id: string; text: string }[] = [];
    const unclear: { id: string; text: string }[] = [];
    for (const subnet of subnets) {
      const findings = [judgeRoutes(subnet), judgeNsg(subnet), judgeOutboundPath(subnet, noPublicIp)];
      const good = findings.find((f): f is Extract<Finding, { state: "controlled" }> => f.state === "controlled");
      if (good) {
        controlled.push(`${subnetLabel(subnet)}: ${good.how}`);
        continue;
      }
      const unknowns = findings.filter((f): f is Extract<Finding, { state: "unknown" }> => f.state === "unknown");
      const opens = findings.filter((f): f is Extract<Finding, { state: "open" }> => f.state === "open");
      const why = [...opens.map((f) => f.why), ...unknowns.map((f) => `${f.why} (unknown)`)].join("; ");
      (unknowns.length ? unclear : open).push({ id: subnet.id, text: `${subnetLabel(subnet)} (${why})` });
    }
    if (open.length)
      return fail(
        `outbound internet traffic is not controlled on ${open.length} of ${subnets.length} injected subnet(s): ${listSome(
          open.map((o) => o.text),
          2,
        )}${
          unclear.length
            ? `; could not judge: ${listSome(
                unclear.map((o) => o.text),
                2,
              )}`
            : ""
        }`,
        open.map((o) => o.id),
      );
    if (unclear.length)
      return undetermined(
        `egress control could not be established for ${listSome(
          unclear.map((o) => o.text),
          2,
        )}`,
        unclear.map((o) => o.id),
      );
    return pass(
      `egress is controlled on every injected subnet: ${controlled.join("; ")}`,
      subnets.map((s) => s.id),
    );
  },
});
