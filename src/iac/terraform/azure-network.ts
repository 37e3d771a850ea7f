/**
 * The network around a Terraform-declared workspace: its injected subnets with their NSG and route-table
 * associations (inline rules and routes, and the separate rule/route resources), private endpoints and
 * diagnostic settings, found by the references that point at the workspace. Split from map.ts.
 */
import { type Fact, type SourceLocation, unknown } from "../../evidence/fact.ts";
import type { DiagnosticSetting, NsgRule, PrivateEndpointConnection, Route, Subnet } from "../../evidence/model.ts";
import { AZURERM_DEFAULTS } from "../defaults.ts";
import { declared, defaulted } from "../evidence.ts";
import { asBool, asNumber, asString, findUnresolved, isUnresolved, type Value } from "../hcl/value.ts";
import type { BlockView, ResourceInstance } from "./config.ts";
import type { TerraformMapper } from "./map.ts";
import { loc, refersTo, show } from "./refs.ts";

/** The attributes of an NSG rule (inline or azurerm_network_security_rule) that its verdict reads. */
const RULE_ATTRIBUTES = [
  "name",
  "direction",
  "access",
  "priority",
  "protocol",
  "source_address_prefix",
  "source_address_prefixes",
  "destination_address_prefix",
  "destination_address_prefixes",
  "destination_port_range",
  "destination_port_ranges",
] as const;

export function subnets(m: TerraformMapper, ws: ResourceInstance, custom: BlockView): Fact<Subnet[]> {
  return subnetsNamed(
    m,
    `terraform: ${ws.address}.custom_parameters`,
    (role) => custom.attr(`${role}_subnet_name`),
    (role) => custom.attr(`${role}_subnet_network_security_group_association_id`),
    loc(custom),
  );
}

/** The injected subnets by name (a string or a reference to an azurerm_subnet), with their NSGs and routes. */

/** The injected subnets by name (a string or a reference to an azurerm_subnet), with their NSGs and routes. */
export function subnetsNamed(
  m: TerraformMapper,
  source: string,
  nameOf: (role: "public" | "private") => Value | undefined,
  associationOf: (role: "public" | "private") => Value | undefined,
  anchor: SourceLocation,
): Fact<Subnet[]> {
  const subnets: Subnet[] = [];
  for (const role of ["public", "private"] as const) {
    const nameValue = nameOf(role);
    if (nameValue === undefined || nameValue === null) continue;
    const subnet = m
      .of("azurerm_subnet")
      .find(
        (s) =>
          refersTo(nameValue, s) ||
          (typeof nameValue === "string" && asString(s.view.attr("name") ?? null) === nameValue),
      );
    const association = associationOf(role);
    if (!subnet) {
      const assoc = isUnresolved(association) && association.ref ? m.byAddress(association.ref) : undefined;
      const nsgFromAssoc = assoc ? assoc.view.attr("network_security_group_id") : undefined;
      if (association === undefined || association === null)
        return unknown(
          `the ${role} subnet (${show(nameValue) ?? "?"}) is not declared in this configuration and no NSG association is named`,
          source,
        );
      const notRead = `not declared in this configuration (subnet ${show(nameValue) ?? role})`;
      subnets.push({
        role,
        id: show(nameValue) ?? `${role} subnet`,
        nsgId: show(nsgFromAssoc) ?? `NSG of ${show(association) ?? "the association"}`,
        nsgRules: assoc ? nsgRules(m, nsgFromAssoc) : null,
        routeTableId: notRead,
        routes: null,
        natGatewayId: null,
        defaultOutboundAccess: null,
        delegations: [],
      });
      continue;
    }
    if (isUnresolved(subnet.exists)) return unknown(subnet.exists.reason, source);
    const nsgAssoc = m.pointingAt(
      ["azurerm_subnet_network_security_group_association"],
      (r) => r.view.attr("subnet_id"),
      subnet,
    );
    const rtAssoc = m.pointingAt(["azurerm_subnet_route_table_association"], (r) => r.view.attr("subnet_id"), subnet);
    const natAssoc = m.pointingAt(["azurerm_subnet_nat_gateway_association"], (r) => r.view.attr("subnet_id"), subnet);
    const uncertain = nsgAssoc.uncertain ?? rtAssoc.uncertain ?? natAssoc.uncertain;
    if (uncertain) return unknown(uncertain.reason, `terraform: ${subnet.address}`);
    const nsgValue = nsgAssoc.found[0]?.view.attr("network_security_group_id");
    const rtValue = rtAssoc.found[0]?.view.attr("route_table_id") ?? subnet.view.attr("route_table_id");
    const outbound = subnet.view.attr("default_outbound_access_enabled");
    subnets.push({
      role,
      id: subnet.address,
      nsgId: show(nsgValue),
      nsgRules: nsgValue === undefined ? null : nsgRules(m, nsgValue),
      routeTableId: show(rtValue),
      routes: rtValue === undefined || rtValue === null ? null : routes(m, rtValue),
      natGatewayId: show(natAssoc.found[0]?.view.attr("nat_gateway_id")),
      defaultOutboundAccess:
        outbound === undefined
          ? (AZURERM_DEFAULTS["azurerm_subnet.default_outbound_access_enabled"].from as boolean)
          : (asBool(outbound) ?? null),
      delegations: subnet.view
        .blocks("delegation")
        .views.flatMap((d) => d.blocks("service_delegation").views.map((s) => asString(s.attr("name") ?? null) ?? "")),
    });
  }
  const first = subnets[0];
  return declared(subnets, source, anchor, first ? undefined : "no subnet named");
}

export function nsgRules(m: TerraformMapper, nsgValue: Value | undefined): NsgRule[] | null {
  const nsg = isUnresolved(nsgValue) && nsgValue.ref ? m.byAddress(nsgValue.ref) : undefined;
  if (nsg?.type !== "azurerm_network_security_group" || isUnresolved(nsg.exists)) return null;
  const rules: NsgRule[] = [];
  // Only the attributes a rule's verdict reads must be known: an unresolved resource_group_name or
  // description does not make the rule, and with it the NSG, unknown (issue 15 item 5).
  const toRule = (view: BlockView): NsgRule | null => {
    const value = view.toValue();
    if (RULE_ATTRIBUTES.some((attr) => value[attr] !== undefined && findUnresolved(value[attr]!))) return null;
    const list = (single: string, plural: string) => {
      const one = asString(value[single] ?? null);
      const many = value[plural];
      return one ? [one] : Array.isArray(many) ? many.map((x) => asString(x) ?? "") : [];
    };
    return {
      name: asString(value.name ?? null) ?? "",
      direction: asString(value.direction ?? null) === "Outbound" ? "Outbound" : "Inbound",
      access: asString(value.access ?? null) === "Deny" ? "Deny" : "Allow",
      priority: asNumber(value.priority ?? null) ?? 0,
      protocol: asString(value.protocol ?? null) ?? "*",
      sourcePrefixes: list("source_address_prefix", "source_address_prefixes"),
      destinationPrefixes: list("destination_address_prefix", "destination_address_prefixes"),
      destinationPorts: list("destination_port_range", "destination_port_ranges"),
    };
  };
  const inline = nsg.view.blocks("security_rule");
  if (inline.uncertain) return null;
  for (const view of inline.views) {
    const rule = toRule(view);
    if (!rule) return null;
    rules.push(rule);
  }
  for (const r of m.of("azurerm_network_security_rule")) {
    const target = r.view.attr("network_security_group_name");
    // A rule whose NSG name is not known may belong to this NSG: the rules are then not known.
    if (isUnresolved(target) && !target.ref) return null;
    if (!refersTo(target, nsg) && !(typeof target === "string" && target === asString(nsg.view.attr("name") ?? null)))
      continue;
    if (isUnresolved(r.exists)) return null;
    const rule = toRule(r.view);
    if (!rule) return null;
    rules.push(rule);
  }
  return rules;
}

export function routes(m: TerraformMapper, rtValue: Value): Route[] | null {
  const table = isUnresolved(rtValue) && rtValue.ref ? m.byAddress(rtValue.ref) : undefined;
  if (table?.type !== "azurerm_route_table" || isUnresolved(table.exists)) return null;
  const toRoute = (view: BlockView): Route | null => {
    const v = view.toValue();
    const name = asString(v.name ?? null);
    const prefix = asString(v.address_prefix ?? null);
    const hop = asString(v.next_hop_type ?? null);
    if (!name || !prefix || !hop) return null;
    return { name, addressPrefix: prefix, nextHopType: hop, nextHopIpAddress: show(v.next_hop_in_ip_address) };
  };
  const routes: Route[] = [];
  const inline = table.view.blocks("route");
  if (inline.uncertain) return null;
  for (const view of inline.views) {
    const route = toRoute(view);
    if (!route) return null;
    routes.push(route);
  }
  for (const r of m.of("azurerm_route")) {
    const target = r.view.attr("route_table_name");
    if (
      !refersTo(target, table) &&
      !(typeof target === "string" && target === asString(table.view.attr("name") ?? null))
    )
      continue;
    const route = toRoute(r.view);
    if (!route || isUnresolved(r.exists)) return null;
    routes.push(route);
  }
  return routes;
}

export function privateEndpoints(m: TerraformMapper, ws: ResourceInstance): Fact<PrivateEndpointConnection[]> {
  const source = `terraform: azurerm_private_endpoint → ${ws.address}`;
  const out: PrivateEndpointConnection[] = [];
  let location: SourceLocation | undefined;
  const single = m.workspaces.length === 1;
  for (const pe of m.of("azurerm_private_endpoint")) {
    for (const connection of pe.view.blocks("private_service_connection").views) {
      const target = connection.attr("private_connection_resource_id");
      const groups = connection.attr("subresource_names");
      const groupIds = Array.isArray(groups) ? groups.map((g) => asString(g) ?? "") : [];
      const databricksGroup = groupIds.some((g) => g === "databricks_ui_api" || g === "browser_authentication");
      const ours = refersTo(target, ws) || (single && databricksGroup && isUnresolved(target) && !target.ref);
      if (!ours) continue;
      if (isUnresolved(pe.exists))
        return unknown(`whether ${pe.address} exists is unknown: ${pe.exists.reason}`, source);
      if (isUnresolved(groups)) return unknown(`${pe.address} subresource_names: ${groups.reason}`, source);
      const manual = asBool(connection.attr("is_manual_connection") ?? false);
      location ??= loc(connection, "private_connection_resource_id");
      out.push({
        id: pe.address,
        privateEndpointId: pe.address,
        groupIds,
        status: manual ? "Pending" : "Approved",
      });
    }
  }
  return out.length
    ? declared(
        out,
        source,
        location!,
        "automatic connections (is_manual_connection = false) are approved on creation; manual ones wait for approval",
      )
    : defaulted([], source, loc(ws.view), "no azurerm_private_endpoint in the configuration targets this workspace");
}

export function diagnosticSettings(m: TerraformMapper, ws: ResourceInstance): Fact<DiagnosticSetting[]> {
  const source = `terraform: azurerm_monitor_diagnostic_setting → ${ws.address}`;
  const { found, uncertain } = m.pointingAt(
    ["azurerm_monitor_diagnostic_setting"],
    (r) => r.view.attr("target_resource_id"),
    ws,
  );
  if (uncertain) return unknown(`a diagnostic setting's existence is unknown: ${uncertain.reason}`, source);
  const settings: DiagnosticSetting[] = [];
  for (const r of found) {
    const logs: DiagnosticSetting["logs"] = [];
    for (const type of ["enabled_log", "log"]) {
      const { views, uncertain: dyn } = r.view.blocks(type);
      if (dyn) return unknown(`${r.address}: ${dyn.reason}`, source);
      for (const v of views) {
        const category = v.attr("category");
        const group = v.attr("category_group");
        const problem = [category, group].find(isUnresolved);
        if (problem) return unknown(`${r.address}: ${problem.reason}`, source);
        logs.push({
          category: asString(category ?? null) ?? null,
          categoryGroup: asString(group ?? null) ?? null,
          enabled: type === "log" ? (asBool(v.attr("enabled") ?? true) ?? true) : true,
        });
      }
    }
    const dest = (attr: string) => show(r.view.attr(attr));
    settings.push({
      name: asString(r.view.attr("name") ?? null) ?? r.address,
      destinations: {
        logAnalyticsWorkspaceId: dest("log_analytics_workspace_id"),
        storageAccountId: dest("storage_account_id"),
        eventHubAuthorizationRuleId: dest("eventhub_authorization_rule_id"),
        marketplacePartnerId: dest("partner_solution_id"),
      },
      logs,
    });
  }
  return found.length
    ? declared(settings, source, loc(found[0]!.view))
    : defaulted([], source, loc(ws.view), "no azurerm_monitor_diagnostic_setting targets this workspace");
}
