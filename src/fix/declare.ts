/**
 * Turning a plan's setting changes into resource bodies: which resources lakeward declares itself (the
 * workspace, workspace-conf, the workspace settings) and how a change's path lands in a body. Shared by
 * the module writer and the patcher (a resource the user's files lack is declared the same way).
 */
import {
  block,
  expr,
  type HclObject,
  type HclValue,
  isBlocks,
  type NewResource,
  resourceGroupOf,
  type SettingChange,
} from "../checks/fix-types.ts";
import { vnetInjectionOf } from "../checks/fixes.ts";
import type { WorkspacePlan } from "./plan.ts";

/** Attributes whose value is a map: a path's last step under them is a key, not a nested block. */
export const MAP_ATTRIBUTES = new Set(["custom_config", "spark_conf", "spark_env_vars", "custom_tags", "tags"]);

/**
 * Whether a path step names a map attribute: one of MAP_ATTRIBUTES followed by exactly one step (the key).
 * `tags` of databricks_sql_endpoint is a block (`tags { custom_tags { key value } }`): its paths are longer.
 */
export const isMapStep = (name: string, rest: readonly string[]) => MAP_ATTRIBUTES.has(name) && rest.length === 1;

/**
 * `block[attr=value]` → { name, select: [attr, value] }; `block?` → { name, existing: true }: only the
 * blocks already there (a job's `job_cluster`: a job without one runs on other compute and gets none).
 */
export function parseStep(step: string): { name: string; select?: [string, string]; existing?: boolean } {
  const existing = step.endsWith("?");
  const bare = existing ? step.slice(0, -1) : step;
  const match = /^([A-Za-z_][\w-]*)\[([\w-]+)=(.*)\]$/.exec(bare);
  const parsed: { name: string; select?: [string, string] } = match
    ? { name: match[1]!, select: [match[2]!, match[3]!] }
    : { name: bare };
  return existing ? { ...parsed, existing } : parsed;
}

type Mutable = Record<string, HclValue>;

/**
 * Sets `path` to `value` in a body, creating nested blocks and maps on the way; the note (the check) becomes
 * a comment above it, the notes of several checks setting one attribute one under the other.
 */
export function applyToBody(
  body: Mutable,
  path: readonly string[],
  value: HclValue,
  note?: string,
  ifAbsent = false,
): void {
  const [first, ...rest] = path;
  if (first === undefined) return;
  const { name, select, existing: onlyExisting } = parseStep(first);
  if (rest.length === 0) {
    if (ifAbsent && body[name] !== undefined) return;
    const notes = String(body[`#${name}`] ?? "")
      .split("\n")
      .filter(Boolean);
    if (note && !notes.includes(note)) notes.push(note);
    delete body[name];
    delete body[`#${name}`];
    if (notes.length) body[`#${name}`] = notes.join("\n");
    body[name] = value;
    return;
  }
  if (!select && isMapStep(name, rest)) {
    const current = body[name];
    const map: Mutable =
      current && typeof current === "object" && !Array.isArray(current) && !isBlocks(current) && !("hcl" in current)
        ? { ...(current as HclObject) }
        : {};
    applyToBody(map, rest, value, note, ifAbsent);
    body[name] = map;
    return;
  }
  const existing = body[name];
  const blocks = isBlocks(existing) ? existing.blocks.map((b) => ({ ...b }) as Mutable) : [];
  let targets = select ? blocks.filter((b) => b[select[0]] === select[1]) : blocks;
  if (targets.length === 0) {
    if (onlyExisting) return;
    const created: Mutable = select ? { [select[0]]: select[1] } : {};
    blocks.push(created);
    targets = [created];
  }
  for (const target of targets) applyToBody(target, rest, value, note, ifAbsent);
  body[name] = block(...blocks);
}

/** Resource types that are one per workspace and adopted with `import` id "global" (Databricks settings). */
export function isWorkspaceSetting(type: string): boolean {
  return /^databricks_.*_setting$/.test(type);
}

/** The current workspace as the evidence shows it, so importing it changes nothing but what the fixes set. */
export function workspaceResource(plan: WorkspacePlan): NewResource | null {
  const { workspace } = plan;
  if (!workspace.resourceId) return null;
  const value = (label: string) => plan.evidence.get(label);
  const body: Mutable = {
    name: workspace.name,
    resource_group_name: resourceGroupOf(workspace.resourceId) ?? "",
    location: workspace.location ?? variable(plan, "location", "string", "Azure region of the workspace"),
  };
  const sku = value("sku");
  body.sku =
    typeof sku === "string" ? sku : variable(plan, "sku", "string", "The workspace's pricing tier as it is today");
  const access = value("publicNetworkAccess");
  if (access === "Enabled" || access === "Disabled") body.public_network_access_enabled = access === "Enabled";
  const rules = value("requiredNsgRules");
  const vnet = vnetInjectionOf(value("customVirtualNetworkId"));
  if (typeof rules === "string" && vnet) body.network_security_group_rules_required = rules;
  const infra = value("parameters.requireInfrastructureEncryption");
  if (typeof infra === "boolean") body.infrastructure_encryption_enabled = infra;
  // What is already set stays declared as it is, so the plan does not remove it (a key, a connector).
  const keyId = (label: string) => {
    const key = value(label) as { keyVaultUri?: unknown; keyName?: unknown; keyVersion?: unknown } | undefined;
    if (!key || typeof key.keyVaultUri !== "string" || typeof key.keyName !== "string") return undefined;
    const version = typeof key.keyVersion === "string" && key.keyVersion ? `/${key.keyVersion}` : "";
    return `${key.keyVaultUri.replace(/\/+$/, "")}/keys/${key.keyName}${version}`;
  };
  const services = keyId("encryption.entities.managedServices");
  if (services) body.managed_services_cmk_key_vault_key_id = services;
  const disks = keyId("encryption.entities.managedDisk");
  if (disks) body.managed_disk_cmk_key_vault_key_id = disks;
  const firewall = value("defaultStorageFirewall") as { enabled?: unknown; accessConnectorId?: unknown } | undefined;
  if (firewall && typeof firewall.accessConnectorId === "string" && firewall.accessConnectorId) {
    body.access_connector_id = firewall.accessConnectorId;
    if (typeof firewall.enabled === "boolean") body.default_storage_firewall_enabled = firewall.enabled;
  }
  const tags = value("workspace tags");
  if (tags && typeof tags === "object" && !Array.isArray(tags)) body.tags = tags as HclObject;
  const custom: Mutable = {};
  const npip = value("enableNoPublicIp");
  if (typeof npip === "boolean") custom.no_public_ip = npip;
  if (vnet) {
    custom.virtual_network_id = vnet.vnetId;
    custom.public_subnet_name =
      vnet.publicSubnetName ?? variable(plan, "public_subnet_name", "string", "The host (public) subnet's name");
    custom.private_subnet_name =
      vnet.privateSubnetName ?? variable(plan, "private_subnet_name", "string", "The container subnet's name");
    custom.public_subnet_network_security_group_association_id = variable(
      plan,
      "public_subnet_nsg_association_id",
      "string",
      "Id of the NSG association of the host subnet (the subnet's id)",
    );
    custom.private_subnet_network_security_group_association_id = variable(
      plan,
      "private_subnet_nsg_association_id",
      "string",
      "Id of the NSG association of the container subnet (the subnet's id)",
    );
  }
  if (Object.keys(custom).length) body.custom_parameters = block(custom);
  return { type: "azurerm_databricks_workspace", name: "this", body, importId: workspace.resourceId };
}

function variable(plan: WorkspacePlan, name: string, type: string, description: string): HclValue {
  if (!plan.variables.has(name)) plan.variables.set(name, { type, description });
  return expr(`var.${name}`);
}

/** How a resource lakeward declares itself starts, before the changes are applied. */
export function baseDeclaration(plan: WorkspacePlan, change: SettingChange): NewResource | null {
  if (change.resource === "azurerm_databricks_workspace") return workspaceResource(plan);
  if (change.resource === "databricks_workspace_conf")
    return { type: "databricks_workspace_conf", name: "this", body: {} };
  if (isWorkspaceSetting(change.resource)) return { type: change.resource, name: "this", body: {}, importId: "global" };
  return change.declare ?? null;
}

/** A key naming one declared resource: type and the declaration's name. */
export const declarationKey = (resource: Pick<NewResource, "type" | "name">) => `${resource.type}.${resource.name}`;
