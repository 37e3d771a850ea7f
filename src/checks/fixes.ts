/**
 * Pieces several checks' Terraform fixes share (CheckMeta.remediation.fix): one bounded, encrypted cluster
 * policy, the `users` group's entitlements, private endpoints to the workspace, and the VNet-injection
 * prerequisite of Private Link. Each check still says its own fix in its file; these only keep the shared
 * resources identical, so a module that fixes several checks declares each resource once.
 */
import {
  block,
  expr,
  type FixInput,
  type HclExpression,
  type HclObject,
  type NewResource,
  resourceGroupOf,
  type SettingChange,
  type TerraformFix,
} from "./fix-types.ts";

/** The VNet injection the evidence shows (label customVirtualNetworkId), or null when there is none. */
export function vnetInjectionOf(
  value: unknown,
): { vnetId: string; publicSubnetName: string | null; privateSubnetName: string | null } | null {
  if (typeof value === "string" && value) return { vnetId: value, publicSubnetName: null, privateSubnetName: null };
  if (typeof value !== "object" || value === null) return null;
  const { vnetId, publicSubnetName, privateSubnetName } = value as Record<string, unknown>;
  if (typeof vnetId !== "string" || !vnetId) return null;
  const text = (v: unknown) => (typeof v === "string" && v ? v : null);
  return { vnetId, publicSubnetName: text(publicSubnetName), privateSubnetName: text(privateSubnetName) };
}

/** Undefined when the workspace is VNet-injected; otherwise why a fix that needs the customer's VNet cannot apply. */
export function needsVnetInjection(input: FixInput, what: string): string | undefined {
  if (vnetInjectionOf(input.evidence("customVirtualNetworkId"))) return undefined;
  return `${what} needs a VNet-injected workspace (NET-02), and VNet injection is chosen when a workspace is created: deploy a new workspace from \`lakeward blueprint --profile high\` and migrate to it`;
}

/** The workspace's resource group and region in a new resource's body. */
export function placement(input: FixInput): HclObject {
  return {
    location:
      input.workspace.location ??
      input.variable("location", { type: "string", description: "Azure region of the workspace" }),
    resource_group_name:
      resourceGroupOf(input.workspace.resourceId) ??
      input.variable("resource_group_name", { type: "string", description: "Resource group of the workspace" }),
  };
}

/** A private endpoint to the workspace for one sub-resource (databricks_ui_api, browser_authentication). */
export function workspacePrivateEndpoint(
  input: FixInput,
  name: string,
  subresource: string,
  subnetVariable: string,
  subnetDescription: string,
): NewResource {
  return {
    type: "azurerm_private_endpoint",
    name,
    body: {
      name: `pe-${input.workspace.name}-${name.replaceAll("_", "-")}`,
      ...placement(input),
      subnet_id: input.variable(subnetVariable, { type: "string", description: subnetDescription }),
      private_service_connection: block({
        name: `psc-${name.replaceAll("_", "-")}`,
        private_connection_resource_id: expr(`${input.workspaceAddress}.id`),
        is_manual_connection: false,
        subresource_names: [subresource],
      }),
      private_dns_zone_group: block({
        name: "databricks",
        private_dns_zone_ids: [
          input.variable("databricks_private_dns_zone_id", {
            type: "string",
            description: "Id of the privatelink.azuredatabricks.net private DNS zone linked to the VNet",
          }),
        ],
      }),
    },
  };
}

/** The one cluster policy the fixes declare: bounded size, auto-termination, encryption and required tags. */
export function boundedPolicy(input: FixInput): NewResource {
  // The definition below refers to these two variables.
  input.variable("allowed_node_types", {
    type: "list(string)",
    description: "Node types users may choose (e.g. the sizes your teams use today)",
  });
  input.variable("max_workers", {
    type: "number",
    description: "Most workers a cluster under the policy may have",
  });
  return {
    type: "databricks_cluster_policy",
    name: "lakeward_bounded",
    body: {
      name: "bounded-encrypted",
      definition: expr(`jsonencode({
    "autotermination_minutes"                 = { type = "range", minValue = 10, maxValue = 120, defaultValue = 60 }
    "num_workers"                             = { type = "range", maxValue = var.max_workers }
    "autoscale.max_workers"                   = { type = "range", maxValue = var.max_workers }
    "node_type_id"                            = { type = "allowlist", values = var.allowed_node_types }
    "driver_node_type_id"                     = { type = "allowlist", values = var.allowed_node_types }
    "enable_local_disk_encryption"            = { type = "fixed", value = true }
    "spark_conf.spark.io.encryption.enabled"  = { type = "fixed", value = "true" }
    "spark_conf.spark.network.crypto.enabled" = { type = "fixed", value = "true" }
    "spark_conf.spark.authenticate"           = { type = "fixed", value = "true" }
  })`),
    },
  };
}

/** Who may use the policy (CAN_USE), so non-admins create clusters through it. */
export function policyPermissions(input: FixInput): NewResource {
  return {
    type: "databricks_permissions",
    name: "lakeward_bounded_policy",
    body: {
      cluster_policy_id: expr("databricks_cluster_policy.lakeward_bounded.id"),
      access_control: block({
        group_name: input.variable("policy_users_group", {
          type: "string",
          description: "Group whose members create clusters through the bounded policy",
        }),
        permission_level: "CAN_USE",
      }),
    },
  };
}

/** The `users` group may not create unrestricted clusters (or pools); its other entitlements stay as they are. */
export function usersEntitlements(withPools: boolean): SettingChange[] {
  const declare: NewResource = {
    type: "databricks_entitlements",
    name: "users",
    body: {
      group_id: expr("data.databricks_group.users.id"),
      // databricks_entitlements sets the group's entitlements as a whole: keep the ones every user needs.
      workspace_access: true,
      databricks_sql_access: true,
    },
    data: [{ type: "databricks_group", name: "users", body: { display_name: "users" } }],
  };
  const match = { group_id: /\busers\b/ };
  return [
    { resource: "databricks_entitlements", match, path: ["allow_cluster_create"], value: false, declare },
    ...(withPools
      ? [
          {
            resource: "databricks_entitlements",
            match,
            path: ["allow_instance_pool_create"],
            value: false,
            declare,
          },
        ]
      : []),
  ];
}

/** Encryption settings on every cluster and job cluster the configuration declares (clusters made elsewhere: manual). */
export function onEveryCluster(path: readonly string[], value: HclObject[string], otherwise: string): SettingChange[] {
  return [
    { resource: "databricks_cluster", path, value, otherwise },
    { resource: "databricks_job", path: ["job_cluster?", "new_cluster?", ...path], value, otherwise },
  ];
}

/** Enforcing IP access lists (NET-03, NET-14): with an ALLOW list first, and the addresses seen named. */
export function ipAccessFix(input: FixInput, reference: (hcl: string) => { hcl: string }): TerraformFix {
  const lists = input.evidence("IP access lists");
  const allow = Array.isArray(lists)
    ? (lists as { type?: string; enabled?: boolean; label?: string; addresses?: string[] }[]).filter(
        (l) => l.type === "ALLOW" && l.enabled,
      )
    : [];
  const seen = input.egressIps;
  const lockout = "enforcing IP access lists locks out every address not on an ALLOW list";
  const caution = [
    seen === null
      ? `${lockout}: put your VPN/office egress ranges in var.allowed_ip_ranges first (\`lakeward fix --audit-logs\` lists the addresses seen in the audit logs)`
      : seen.length
        ? `${lockout}: the audit logs show successful requests from ${seen.join(", ")} — keep the ones that are yours (var.allowed_ip_ranges starts with them) before applying`
        : `${lockout}: the audit logs given show no successful request, so fill var.allowed_ip_ranges with your egress ranges first`,
    ...(allow.length
      ? [
          `these ALLOW lists become enforced as they are: ${allow.map((l) => `${l.label} (${(l.addresses ?? []).join(", ")})`).join("; ")}`,
        ]
      : []),
  ];
  return {
    settings: [{ resource: "databricks_workspace_conf", path: ["custom_config", "enableIpAccessLists"], value: true }],
    resources: allow.length
      ? []
      : [
          {
            type: "databricks_ip_access_list",
            name: "corporate",
            body: {
              label: "corporate",
              list_type: "ALLOW",
              ip_addresses: allowedRanges(input),
              depends_on: [reference("databricks_workspace_conf.this")],
            },
          },
        ],
    caution,
  };
}

/** The ALLOW ranges variable; its default is the addresses the audit logs show, when they were given. */
export function allowedRanges(input: FixInput): HclExpression {
  const seen = input.egressIps ?? [];
  return input.variable("allowed_ip_ranges", {
    type: "list(string)",
    description:
      "CIDR ranges users and API clients come from (VPN, office egress); nobody else can reach the workspace",
    ...(seen.length
      ? { default: seen.map((ip) => (ip.includes("/") ? ip : ip.includes(":") ? `${ip}/128` : `${ip}/32`)) }
      : {}),
  });
}
