import { checkCases } from "../../../test/support/check-cases.ts";
import { goodSubnet, k, u } from "../../../test/support/evidence.ts";
import type { NsgRule, Subnet, WorkspaceEvidence } from "../../evidence/model.ts";
import check from "./net-08-egress-control.ts";

/** Both injected subnets, each edited the same way. */
function subnets(e: WorkspaceEvidence, edit: (subnet: Subnet) => void): void {
  const both = [goodSubnet("public", "host"), goodSubnet("private", "container")];
  for (const subnet of both) edit(subnet);
  e.azure.subnets = k(both);
}
const noRoutes = (s: Subnet) => {
  s.routeTableId = null;
  s.routes = null;
};
const noDeny = (s: Subnet) => void (s.nsgRules = []);
const allowHttpsOut: NsgRule = {
  name: "allow-https-out",
  direction: "Outbound",
  access: "Allow",
  priority: 200,
  protocol: "Tcp",
  sourcePrefixes: ["*"],
  destinationPrefixes: ["Internet"],
  destinationPorts: ["443"],
};

checkCases(check, [
  { name: "default route to the firewall (and NSG deny)", status: "pass", message: /virtual appliance 10\.0\.0\.4/ },
  {
    name: "NSG deny alone is enough",
    status: "pass",
    edit: (e) => subnets(e, noRoutes),
    message: /denies internet outbound \(deny-internet-out/,
  },
  {
    name: "no outbound path at all",
    status: "pass",
    edit: (e) =>
      subnets(e, (s) => {
        noRoutes(s);
        noDeny(s);
      }),
    message: /no outbound path/,
  },
  {
    name: "forced tunnelling to a VPN gateway",
    status: "pass",
    edit: (e) =>
      subnets(e, (s) => {
        noDeny(s);
        s.routes = [
          {
            name: "to-onprem",
            addressPrefix: "0.0.0.0/0",
            nextHopType: "VirtualNetworkGateway",
            nextHopIpAddress: null,
          },
        ];
      }),
  },
  {
    name: "a NAT gateway does not matter when 0.0.0.0/0 goes to the firewall",
    status: "pass",
    edit: (e) =>
      subnets(e, (s) => {
        noDeny(s);
        s.natGatewayId = "/subscriptions/s/natGateways/nat";
      }),
  },
  {
    name: "no VNet injection",
    status: "fail",
    edit: (e) => void (e.azure.vnetInjection = k(null)),
    message: /Databricks-managed VNet/,
  },
  {
    name: "NAT gateway, no route, no deny",
    status: "fail",
    edit: (e) =>
      subnets(e, (s) => {
        noRoutes(s);
        noDeny(s);
        s.natGatewayId = "/subscriptions/s/natGateways/nat";
      }),
    message: /2 of 2 injected subnet\(s\).*NAT gateway/,
    resources: [
      "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/v/subnets/host",
      "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/v/subnets/container",
    ],
  },
  {
    name: "an allow rule to Internet before the deny is a hole",
    status: "fail",
    edit: (e) =>
      subnets(e, (s) => {
        noRoutes(s);
        s.nsgRules = [...(s.nsgRules ?? []), allowHttpsOut];
        s.defaultOutboundAccess = true;
      }),
    message: /allows it first: allow-https-out \(priority 200, ports 443\)/,
  },
  {
    name: "a deny rule limited to some ports does not count",
    status: "fail",
    edit: (e) =>
      subnets(e, (s) => {
        noRoutes(s);
        s.nsgRules = [{ ...allowHttpsOut, name: "deny-80", access: "Deny", destinationPorts: ["80"] }];
        s.defaultOutboundAccess = true;
      }),
    message: /no rule denying all outbound internet traffic/,
  },
  {
    name: "broad routes to Internet bypass the firewall",
    status: "fail",
    edit: (e) =>
      subnets(e, (s) => {
        noDeny(s);
        s.defaultOutboundAccess = true;
        s.routes = [
          ...(s.routes ?? []),
          { name: "low", addressPrefix: "0.0.0.0/1", nextHopType: "Internet", nextHopIpAddress: null },
          { name: "high", addressPrefix: "128.0.0.0/1", nextHopType: "Internet", nextHopIpAddress: null },
        ];
      }),
    message: /bypass it/,
  },
  {
    name: "default route to Internet",
    status: "fail",
    edit: (e) =>
      subnets(e, (s) => {
        noDeny(s);
        s.natGatewayId = "/subscriptions/s/natGateways/nat";
        s.routes = [{ name: "out", addressPrefix: "0.0.0.0/0", nextHopType: "Internet", nextHopIpAddress: null }];
      }),
    message: /0\.0\.0\.0\/0 → Internet/,
  },
  {
    name: "no NAT and default outbound off, but nodes have public IPs",
    status: "fail",
    edit: (e) => {
      e.azure.noPublicIp = k(false);
      subnets(e, (s) => {
        noRoutes(s);
        noDeny(s);
      });
    },
    message: /public IP addresses/,
  },
  {
    name: "only one subnet uncontrolled",
    status: "fail",
    edit: (e) => {
      const host = goodSubnet("public", "host");
      const container = goodSubnet("private", "container");
      noRoutes(container);
      noDeny(container);
      container.defaultOutboundAccess = true;
      e.azure.subnets = k([host, container]);
    },
    message: /1 of 2 injected subnet\(s\): private subnet container/,
    resources: ["/subscriptions/s/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/v/subnets/container"],
  },
  {
    name: "default outbound access not reported, nothing else controls egress",
    status: "unknown",
    edit: (e) =>
      subnets(e, (s) => {
        noRoutes(s);
        noDeny(s);
        s.defaultOutboundAccess = null;
      }),
    message: /default outbound access/,
  },
  {
    name: "route table present but its routes not read",
    status: "unknown",
    edit: (e) =>
      subnets(e, (s) => {
        s.routes = undefined;
        noDeny(s);
        s.defaultOutboundAccess = true;
      }),
    message: /routes of route table .* were not read/,
  },
  {
    name: "NSG rules not read",
    status: "unknown",
    edit: (e) =>
      subnets(e, (s) => {
        noRoutes(s);
        s.nsgRules = null;
        s.defaultOutboundAccess = true;
      }),
  },
  {
    name: "No Public IP unknown when only the missing outbound path would control egress",
    status: "unknown",
    edit: (e) => {
      e.azure.noPublicIp = u("not declared");
      subnets(e, (s) => {
        noRoutes(s);
        noDeny(s);
      });
    },
  },
  { name: "subnets unreadable", status: "unknown", edit: (e) => void (e.azure.subnets = u()) },
  {
    name: "injection configured but subnets missing",
    status: "unknown",
    edit: (e) => void (e.azure.subnets = k([goodSubnet("public", "host")])),
    message: /private subnet/,
  },
  { name: "serverless", status: "not_applicable", edit: (e) => void (e.azure.computeMode = k("Serverless")) },
]);
