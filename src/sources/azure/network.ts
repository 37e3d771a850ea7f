/**
 * The injected subnets of a VNet-injected workspace, with what egress and NSG checks need: the NSG and
 * its custom rules, the route table and its routes, NAT gateway and default outbound access.
 */
import { NetworkManagementClient } from "@azure/arm-network";
import { type Fact, known, unknown } from "../../evidence/fact.ts";
import type { NsgRule, Route, Subnet, VnetInjection } from "../../evidence/model.ts";
import { type Problem, problemOf } from "../problems.ts";
import {
  type ArmConnection,
  armClientOptions,
  armFailure,
  connectionCredential,
  connectionSecrets,
  parseResourceId,
  preparePipeline,
} from "./arm.ts";

function client(connection: ArmConnection, subscriptionId: string): NetworkManagementClient {
  const network = new NetworkManagementClient(
    connectionCredential(connection),
    subscriptionId,
    armClientOptions(connection),
  );
  preparePipeline(network.pipeline, connection);
  return network;
}

const prefixes = (one: string | undefined, many: string[] | undefined) => (many?.length ? many : one ? [one] : []);

export async function readSubnets(
  connection: ArmConnection,
  vnet: Fact<VnetInjection | null>,
  problems: Problem[],
): Promise<Fact<Subnet[]>> {
  if (vnet.status === "unknown") return vnet;
  if (vnet.value === null) return known([], vnet.source, { note: "no VNet injection" });
  const parts = parseResourceId(vnet.value.vnetId);
  if (!parts) return unknown(`customVirtualNetworkId is not a resource id: ${vnet.value.vnetId}`, vnet.source);
  const network = client(connection, parts.subscriptionId);
  const roles = [
    ["public", vnet.value.publicSubnetName],
    ["private", vnet.value.privateSubnetName],
  ] as const;
  const source = `ARM GET ${vnet.value.vnetId}/subnets`;
  try {
    const subnets: Subnet[] = [];
    for (const [role, name] of roles) {
      if (!name) return unknown(`the ${role} subnet name is absent from the workspace parameters`, vnet.source);
      const subnet = await network.subnets.get(parts.resourceGroup, parts.name, name);
      const nsgId = subnet.networkSecurityGroup?.id ?? null;
      const routeTableId = subnet.routeTable?.id ?? null;
      let nsgRules: NsgRule[] | null = null;
      let routes: Route[] | null = null;
      // The NSG and route table may live elsewhere; a failure to read them leaves those parts null (unknown).
      if (nsgId) {
        const nsg = parseResourceId(nsgId);
        try {
          if (nsg) {
            const group = await client(connection, nsg.subscriptionId).networkSecurityGroups.get(
              nsg.resourceGroup,
              nsg.name,
            );
            nsgRules = (group.securityRules ?? []).map((rule) => ({
              name: rule.name ?? "",
              direction: rule.direction === "Inbound" ? "Inbound" : "Outbound",
              access: rule.access === "Deny" ? "Deny" : "Allow",
              priority: rule.priority ?? 0,
              protocol: rule.protocol ?? "*",
              sourcePrefixes: prefixes(rule.sourceAddressPrefix, rule.sourceAddressPrefixes),
              destinationPrefixes: prefixes(rule.destinationAddressPrefix, rule.destinationAddressPrefixes),
              destinationPorts: prefixes(rule.destinationPortRange, rule.destinationPortRanges),
            }));
          }
        } catch (error) {
          problems.push(problemOf(armFailure(error, `GET ${nsgId}`, connectionSecrets(connection)), nsgId));
        }
      }
      if (routeTableId) {
        const table = parseResourceId(routeTableId);
        try {
          if (table) {
            const read = await client(connection, table.subscriptionId).routeTables.get(
              table.resourceGroup,
              table.name,
            );
            routes = (read.routes ?? []).map((route) => ({
              name: route.name ?? "",
              addressPrefix: route.addressPrefix ?? "",
              nextHopType: route.nextHopType ?? "",
              nextHopIpAddress: route.nextHopIpAddress ?? null,
            }));
          }
        } catch (error) {
          problems.push(
            problemOf(armFailure(error, `GET ${routeTableId}`, connectionSecrets(connection)), routeTableId),
          );
        }
      }
      subnets.push({
        role,
        id: subnet.id ?? `${vnet.value.vnetId}/subnets/${name}`,
        nsgId,
        nsgRules: nsgId ? nsgRules : [],
        routeTableId,
        routes: routeTableId ? routes : [],
        natGatewayId: subnet.natGateway?.id ?? null,
        defaultOutboundAccess: typeof subnet.defaultOutboundAccess === "boolean" ? subnet.defaultOutboundAccess : null,
        delegations: (subnet.delegations ?? []).map((d) => d.serviceName ?? "").filter(Boolean),
      });
    }
    return known(subnets, source);
  } catch (error) {
    const failure = armFailure(error, source, connectionSecrets(connection));
    problems.push(problemOf(failure, source));
    return unknown(failure.reason, source);
  }
}
