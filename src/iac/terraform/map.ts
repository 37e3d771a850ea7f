/**
 * Terraform configuration → workspace evidence. One evidence per `azurerm_databricks_workspace`
 * instance; the resources around it (private endpoints, diagnostic settings, subnets, NSGs, routes,
 * CMK resources, locks, storage, vaults) are found by the references that point at it, and the
 * Databricks provider's resources attach to the workspace their provider block points at (see
 * attachDatabricks). What the configuration does not declare is the provider's default (defaults.ts),
 * with a note; what it cannot declare is unknown with the reason. The network around the workspace is
 * mapped in azure-network.ts, the storage, locks, vaults and alerts in azure-resources.ts, the Databricks
 * side in databricks.ts and the files beside it, the account in account.ts.
 */
import { type Fact, known, type SourceLocation, unknown } from "../../evidence/fact.ts";
import type { AzureWorkspace, DatabricksWorkspace, KeyReference, WorkspaceEvidence } from "../../evidence/model.ts";
import { ArmWorkspace } from "../arm/map.ts";
import {
  AZURERM_DEFAULTS,
  type AzurermDefaultKey,
  describeVersion,
  type ProviderVersion,
  providerAtLeast,
} from "../defaults.ts";
import { declared, defaulted, emptyEvidence, notDeclarable, tagsFact } from "../evidence.ts";
import {
  asBool,
  asString,
  findUnresolved,
  isMap,
  isUnresolved,
  type Unresolved,
  type Value,
  type ValueMap,
} from "../hcl/value.ts";
import { accountSection, isAccountHost } from "./account.ts";
import { azapiArmResource, azapiWorkspaceVersion } from "./azapi.ts";
import { diagnosticSettings, privateEndpoints, subnets, subnetsNamed } from "./azure-network.ts";
import { activityLogAlerts, keyVaults, locks, storageAccounts } from "./azure-resources.ts";
import type { BlockView, ModuleInstance, ResourceInstance } from "./config.ts";
import { databricksSection } from "./databricks.ts";
import { loc, refersTo, show } from "./refs.ts";

export interface TerraformMapping {
  evidence: WorkspaceEvidence[];
  notes: string[];
  /** Every resource's declaration, for inline suppressions: address → file, first and last line. */
  declarations: { address: string; file: string; line: number; endLine: number; workspace: string | null }[];
  /** Where each workspace's resource is declared (addresses can repeat in an invalid configuration). */
  declaredAt: Map<WorkspaceEvidence, SourceLocation>;
}

function keyFromId(value: Value | undefined, mapper: TerraformMapper): KeyReference | Unresolved | null {
  if (value === undefined || value === null) return null;
  const text = asString(value);
  if (text !== undefined) {
    const match = /^(https:\/\/[^/]+\/)keys\/([^/]+)(?:\/([^/]+))?/i.exec(text);
    if (match) return { keyVaultUri: match[1]!, keyName: match[2]!, keyVersion: match[3] ?? null };
    return { keyVaultUri: text, keyName: text, keyVersion: null };
  }
  if (isUnresolved(value)) {
    if (!value.ref) return value;
    // A reference to an azurerm_key_vault_key: name the vault and the key as declared.
    const key = mapper.byAddress(value.ref);
    if (key && key.type === "azurerm_key_vault_key") {
      const vault = key.view.attr("key_vault_id");
      const vaultResource = isUnresolved(vault) && vault.ref ? mapper.byAddress(vault.ref) : undefined;
      const vaultName = vaultResource ? asString(vaultResource.view.attr("name") ?? null) : undefined;
      const keyName = asString(key.view.attr("name") ?? null);
      return {
        keyVaultUri: vaultName ? `https://${vaultName}.vault.azure.net/` : (show(vault) ?? "key vault"),
        keyName: keyName ?? key.address,
        keyVersion: null,
      };
    }
    return { keyVaultUri: show(value) ?? "key vault", keyName: show(value) ?? "key", keyVersion: null };
  }
  return null;
}

export class TerraformMapper {
  readonly root: ModuleInstance;
  readonly resources: ResourceInstance[];
  private readonly versions: Map<string, ProviderVersion>;
  private readonly at: Date;
  readonly notes: string[];

  constructor(root: ModuleInstance, versions: Map<string, ProviderVersion>, at: Date) {
    this.root = root;
    this.resources = root.allResources();
    this.versions = versions;
    this.at = at;
    this.notes = [...root.notes];
  }

  /** The workspaces: azurerm_databricks_workspace and azapi_resource of type Microsoft.Databricks/workspaces. */
  get workspaces(): ResourceInstance[] {
    this.workspaceCache ??= [
      ...this.of("azurerm_databricks_workspace"),
      ...this.of("azapi_resource").filter((r) => azapiWorkspaceVersion(r) !== null),
    ];
    return this.workspaceCache;
  }
  private workspaceCache: ResourceInstance[] | undefined;
  /** databricks_* resources of an account-level provider (host accounts.azuredatabricks.net). */
  private readonly accountResources: ResourceInstance[] = [];

  byAddress(address: string): ResourceInstance | undefined {
    return this.resources.find((r) => r.address === address || (r.key === null && r.baseAddress === address));
  }

  of(type: string): ResourceInstance[] {
    return this.resources.filter((r) => r.type === type);
  }

  /** Resources of a type whose attribute points at `target`; uncertain ones (count unknown) make the result unknown. */
  pointingAt(
    types: readonly string[],
    attribute: (r: ResourceInstance) => Value | undefined,
    target: ResourceInstance,
  ): { found: ResourceInstance[]; uncertain: Unresolved | null } {
    const found: ResourceInstance[] = [];
    let uncertain: Unresolved | null = null;
    for (const resource of this.resources.filter((r) => types.includes(r.type))) {
      if (!refersTo(attribute(resource), target)) continue;
      if (isUnresolved(resource.exists)) uncertain ??= resource.exists;
      else found.push(resource);
    }
    return { found, uncertain };
  }

  map(): TerraformMapping {
    const workspaces = this.workspaces;
    const attachments = this.attachDatabricks(workspaces);
    // Addresses per declared name: two workspaces of one name are told apart by their addresses.
    const names = new Map<string, Set<string>>();
    for (const ws of workspaces) {
      const name = asString(ws.view.attr("name") ?? null) ?? ws.address;
      names.set(name, (names.get(name) ?? new Set()).add(ws.address));
    }
    const evidence: WorkspaceEvidence[] = [];
    const declaredAt = new Map<WorkspaceEvidence, SourceLocation>();
    for (const ws of workspaces) {
      const declaredName = asString(ws.view.attr("name") ?? null);
      let name = declaredName ?? ws.address;
      if (declaredName && (names.get(name)?.size ?? 0) > 1) name = `${name} (${ws.address})`;
      if (isUnresolved(ws.exists)) this.notes.push(`${ws.address}: ${ws.exists.reason}; judged as if it exists`);
      const judged = this.workspaceEvidence(ws, name, attachments.get(ws.address) ?? []);
      declaredAt.set(judged, loc(ws.view));
      evidence.push(judged);
    }
    // Databricks resources whose workspace is not declared here: judged on their own.
    const orphans = attachments.get("");
    if (orphans?.length) {
      const provider = orphans[0]!.provider;
      const ev = emptyEvidence(
        {
          name: `databricks provider "${provider}" (workspace not declared in this configuration)`,
          host: null,
          resourceId: null,
          workspaceId: null,
          location: null,
          origin: "terraform",
        },
        "terraform",
        this.at,
      );
      ev.azure = {
        ...ev.azure,
        sku: notDeclarable(
          "the workspace's Azure resource is not declared in this configuration, so its tier is not known",
          "terraform",
        ),
      };
      ev.databricks = this.databricksSection(null, orphans, ev.databricks);
      evidence.push(ev);
    }
    if (this.accountResources.length) {
      for (const judged of evidence) judged.account = accountSection(this.accountResources, judged.account);
      if (!evidence.length)
        this.notes.push(
          `${this.accountResources.length} account-level databricks_* resource(s) are not judged: the configuration declares no workspace for the account checks to apply to`,
        );
    }
    const declarations = this.resources.map((r) => {
      const owner = [...attachments.entries()].find(([, list]) => list.includes(r))?.[0];
      return {
        address: r.address,
        file: r.view.file,
        line: r.view.line,
        endLine: r.view.endLine,
        workspace: owner ?? null,
      };
    });
    return { evidence, notes: this.notes, declarations, declaredAt };
  }

  // --- which workspace a databricks_* resource configures -----------------------------------------

  /**
   * databricks_* resources attach to the workspace their provider block points at (`host =
   * azurerm_databricks_workspace.x.workspace_url`, or `azure_workspace_resource_id = ….id`); account-level
   * resources (metastore assignment) by their workspace_id. With exactly one workspace, resources whose
   * provider names no workspace attach to it. With several, they are listed in a note and not judged.
   * Key "" collects resources when the configuration declares no workspace at all.
   */
  private attachDatabricks(workspaces: ResourceInstance[]): Map<string, ResourceInstance[]> {
    const out = new Map<string, ResourceInstance[]>();
    const add = (key: string, r: ResourceInstance) => out.set(key, [...(out.get(key) ?? []), r]);
    const unattached: ResourceInstance[] = [];
    for (const resource of this.resources.filter((r) => r.type.startsWith("databricks_"))) {
      if (resource.type === "databricks_metastore_assignment") {
        const target = workspaces.find((ws) => refersTo(resource.view.attr("workspace_id"), ws));
        if (target) {
          add(target.address, resource);
          continue;
        }
      }
      const { config } = resource.module.providerConfig(resource.provider);
      const host = config?.attr("host");
      const resourceId = config?.attr("azure_workspace_resource_id");
      const target = workspaces.find((ws) => refersTo(host, ws) || refersTo(resourceId, ws));
      if (target) add(target.address, resource);
      else {
        // Account-level provider: the account section of every workspace's evidence (account.ts).
        if (isAccountHost(asString(host ?? null))) this.accountResources.push(resource);
        else unattached.push(resource);
      }
    }
    if (unattached.length) {
      if (workspaces.length === 1) {
        for (const r of unattached) add(workspaces[0]!.address, r);
        this.notes.push(
          `${unattached.length} databricks_* resource(s) whose provider does not name a workspace are attributed to the only workspace, ${workspaces[0]!.address}`,
        );
      } else if (workspaces.length === 0) for (const r of unattached) add("", r);
      else
        this.notes.push(
          `${unattached.length} databricks_* resource(s) are not judged: their provider block does not point at one of the ${workspaces.length} workspaces (${unattached
            .slice(0, 5)
            .map((r) => r.address)
            .join(", ")}); set host = azurerm_databricks_workspace.<name>.workspace_url`,
        );
    }
    return out;
  }

  // --- defaults -------------------------------------------------------------------------------------

  private version(provider: string): ProviderVersion | undefined {
    return this.versions.get(provider);
  }

  /** A boolean/string attribute with its azurerm default when not declared. */
  azurermValue<T>(
    view: BlockView,
    attr: string,
    key: AzurermDefaultKey,
    convert: (v: Value) => T | undefined,
    source: string,
  ): Fact<T> {
    const value = view.attr(attr);
    if (value !== undefined && value !== null) {
      if (isUnresolved(value)) return unknown(value.reason, source);
      const converted = convert(value);
      return converted === undefined
        ? unknown(`${attr} = ${JSON.stringify(value)} is not a valid value`, source)
        : declared(converted, source, loc(view, attr));
    }
    const spec = AZURERM_DEFAULTS[key] as { changedIn?: string; before?: unknown; from: unknown };
    if (spec.changedIn) {
      const version = this.version("azurerm");
      const atLeast = providerAtLeast(version, spec.changedIn);
      if (atLeast === null)
        return unknown(
          `${attr} is not declared and the azurerm version is not visible (${describeVersion(version)}): the default is ${JSON.stringify(spec.before)} before ${spec.changedIn} and ${JSON.stringify(spec.from)} from ${spec.changedIn}; declare it or pin the provider`,
          source,
        );
      const value = (atLeast ? spec.from : spec.before) as Value;
      return defaulted(
        convert(value) as T,
        source,
        loc(view),
        `not declared; azurerm ${atLeast ? "≥" : "<"} ${spec.changedIn} default ${JSON.stringify(value)} (${describeVersion(version)})`,
      );
    }
    return defaulted(
      convert(spec.from as Value) as T,
      source,
      loc(view),
      `not declared; azurerm default ${JSON.stringify(spec.from)}`,
    );
  }

  // --- one workspace ----------------------------------------------------------------------------------

  private workspaceEvidence(ws: ResourceInstance, name: string, attached: ResourceInstance[]): WorkspaceEvidence {
    const location = asString(ws.view.attr("location") ?? null) ?? null;
    const evidence = emptyEvidence(
      { name, host: null, resourceId: ws.address, workspaceId: null, location, origin: "terraform" },
      `terraform: ${ws.address}`,
      this.at,
    );
    evidence.azure =
      ws.type === "azurerm_databricks_workspace"
        ? this.azureSection(ws, evidence.azure, attached)
        : this.azapiSection(ws, attached);
    evidence.databricks = this.databricksSection(ws, attached, evidence.databricks);
    return evidence;
  }

  /**
   * An azapi_resource workspace: its body (and the azapi_update_resource bodies that patch it) read as the
   * ARM resource it is, with the API version from `type`; what other Terraform resources declare (private
   * endpoints, diagnostic settings, locks, subnets and their NSGs, the DBFS key resource, vaults, storage)
   * found by their references to it, as for azurerm_databricks_workspace.
   */
  private azapiSection(ws: ResourceInstance, attached: ResourceInstance[]): AzureWorkspace {
    const patches = this.of("azapi_update_resource").filter(
      (r) => azapiWorkspaceVersion(r) !== null && refersTo(r.view.attr("resource_id"), ws),
    );
    for (const patch of patches.filter((r) => isUnresolved(r.exists)))
      this.notes.push(`${patch.address}: ${(patch.exists as Unresolved).reason}; its body is applied as if it exists`);
    const decls = [ws, ...patches].map((r) => azapiArmResource(r, azapiWorkspaceVersion(r)!));
    const arm = new ArmWorkspace(decls, decls, this.at, `terraform: ${ws.address}`, decls[0]).evidence().azure;
    const body = (...path: string[]) => {
      let out: Value | undefined;
      for (const decl of decls) {
        let current: Value | undefined = decl.body;
        for (const key of path) current = isMap(current ?? null) ? (current as ValueMap)[key] : current;
        if (current !== undefined) out = current;
      }
      return out;
    };
    const parameter = (name: string) => body("properties", "parameters", name, "value");
    const src = `terraform: ${ws.address}.body.properties.parameters`;
    const subnets =
      arm.vnetInjection.status === "known" && arm.vnetInjection.value !== null
        ? subnetsNamed(
            this,
            src,
            (role) => parameter(role === "public" ? "customPublicSubnetName" : "customPrivateSubnetName"),
            () => undefined,
            loc(ws.view, "body"),
          )
        : arm.subnets;
    const key = (entity: string) =>
      body("properties", "encryption", "entities", entity, "keyVaultProperties", "keyVaultUri");
    const dbfsKeys = this.pointingAt(
      [
        "azurerm_databricks_workspace_root_dbfs_customer_managed_key",
        "azurerm_databricks_workspace_customer_managed_key",
      ],
      (r) => r.view.attr("workspace_id"),
      ws,
    );
    const dbfsKey = dbfsKeys.found[0];
    let dbfsCmk = arm.dbfsCmk;
    if (dbfsKeys.uncertain && !dbfsKey)
      dbfsCmk = unknown(`whether the DBFS root key resource exists is unknown: ${dbfsKeys.uncertain.reason}`, src);
    else if (dbfsKey) {
      const reference = keyFromId(dbfsKey.view.attr("key_vault_key_id"), this);
      dbfsCmk = isUnresolved(reference)
        ? unknown(`key_vault_key_id: ${reference.reason}`, `terraform: ${dbfsKey.address}`)
        : declared(
            { prepared: arm.dbfsCmk.status === "known" ? arm.dbfsCmk.value.prepared : true, key: reference },
            `terraform: ${dbfsKey.address}`,
            loc(dbfsKey.view, "key_vault_key_id"),
          );
    }
    return {
      ...arm,
      subnets,
      dbfsCmk,
      privateEndpointConnections: privateEndpoints(this, ws),
      diagnosticSettings: diagnosticSettings(this, ws),
      locks: locks(this, ws),
      storageAccounts: storageAccounts(
        this,
        ws,
        parameter("storageAccountName"),
        attached,
        arm.defaultStorageFirewall,
        // A serverless workspace (computeMode Serverless) has no managed resource group, so no DBFS root account.
        !(arm.computeMode.status === "known" && arm.computeMode.value === "Serverless"),
      ),
      keyVaults: keyVaults(
        this,
        ws,
        [
          [key("managedServices"), "managed services CMK"],
          [key("managedDisk"), "managed disk CMK"],
        ],
        attached,
      ),
      activityLogAlerts: activityLogAlerts(this),
    };
  }

  private azureSection(ws: ResourceInstance, base: AzureWorkspace, attached: ResourceInstance[]): AzureWorkspace {
    const src = (attr: string) => `terraform: ${ws.address}.${attr}`;
    const view = ws.view;
    const custom = view.blocks("custom_parameters").views[0];
    const bool = (v: Value) => asBool(v);
    const sku = view.attr("sku");
    const out: AzureWorkspace = { ...base };
    out.sku =
      sku === undefined
        ? unknown("sku is not declared (it is required)", src("sku"))
        : isUnresolved(sku)
          ? unknown(sku.reason, src("sku"))
          : declared((asString(sku) ?? "").toLowerCase(), src("sku"), loc(view, "sku"));
    out.computeMode = declared(
      "Hybrid",
      src("resource"),
      loc(view),
      "azurerm_databricks_workspace creates classic (Hybrid) workspaces",
    );
    out.noPublicIp = custom
      ? this.azurermValue(
          custom,
          "no_public_ip",
          "azurerm_databricks_workspace.custom_parameters.no_public_ip",
          bool,
          src("custom_parameters.no_public_ip"),
        )
      : this.azurermValue(
          view,
          "no_public_ip",
          "azurerm_databricks_workspace.custom_parameters.no_public_ip",
          bool,
          src("custom_parameters.no_public_ip"),
        );

    // VNet injection and the injected subnets.
    const vnet = custom?.attr("virtual_network_id");
    if (vnet === undefined || vnet === null) {
      out.vnetInjection = declared(
        null,
        src("custom_parameters"),
        loc(custom ?? view),
        "no virtual_network_id: a Databricks-managed VNet",
      );
      out.subnets = declared([], src("custom_parameters"), loc(custom ?? view), "no VNet injection");
    } else if (isUnresolved(vnet) && !vnet.ref) {
      out.vnetInjection = unknown(`virtual_network_id: ${vnet.reason}`, src("custom_parameters.virtual_network_id"));
      out.subnets = unknown(`virtual_network_id: ${vnet.reason}`, src("custom_parameters.virtual_network_id"));
    } else {
      const publicName = custom!.attr("public_subnet_name");
      const privateName = custom!.attr("private_subnet_name");
      out.vnetInjection = declared(
        {
          vnetId: show(vnet) ?? "virtual network",
          publicSubnetName: show(publicName),
          privateSubnetName: show(privateName),
        },
        src("custom_parameters.virtual_network_id"),
        loc(custom!, "virtual_network_id"),
      );
      out.subnets = subnets(this, ws, custom!);
    }

    out.publicNetworkAccess = this.azurermValue(
      view,
      "public_network_access_enabled",
      "azurerm_databricks_workspace.public_network_access_enabled",
      (v) => (asBool(v) === undefined ? undefined : asBool(v) ? ("Enabled" as const) : ("Disabled" as const)),
      src("public_network_access_enabled"),
    );
    out.requiredNsgRules = this.azurermValue(
      view,
      "network_security_group_rules_required",
      "azurerm_databricks_workspace.network_security_group_rules_required",
      (v) => asString(v),
      src("network_security_group_rules_required"),
    );
    out.privateEndpointConnections = privateEndpoints(this, ws);
    out.infrastructureEncryption = this.azurermValue(
      view,
      "infrastructure_encryption_enabled",
      "azurerm_databricks_workspace.infrastructure_encryption_enabled",
      bool,
      src("infrastructure_encryption_enabled"),
    );

    // Customer-managed keys.
    const cmk = (attr: string): Fact<KeyReference | null> => {
      const value = view.attr(attr);
      if (value === undefined || value === null)
        return defaulted(null, src(attr), loc(view), `not declared; Microsoft-managed keys`);
      const key = keyFromId(value, this);
      if (isUnresolved(key)) return unknown(`${attr}: ${key.reason}`, src(attr));
      return declared(key, src(attr), loc(view, attr));
    };
    out.managedServicesCmk = cmk("managed_services_cmk_key_vault_key_id");
    const disk = cmk("managed_disk_cmk_key_vault_key_id");
    const rotate = this.azurermValue(
      view,
      "managed_disk_cmk_rotation_to_latest_version_enabled",
      "azurerm_databricks_workspace.managed_disk_cmk_rotation_to_latest_version_enabled",
      bool,
      src("managed_disk_cmk_rotation_to_latest_version_enabled"),
    );
    out.managedDiskCmk =
      disk.status === "unknown" || disk.value === null
        ? disk.status === "unknown"
          ? disk
          : { ...disk, value: null }
        : rotate.status === "unknown"
          ? rotate
          : { ...disk, value: { ...disk.value, rotateToLatestVersion: rotate.value } };
    const prepared = this.azurermValue(
      view,
      "customer_managed_key_enabled",
      "azurerm_databricks_workspace.customer_managed_key_enabled",
      bool,
      src("customer_managed_key_enabled"),
    );
    const dbfsKeys = this.pointingAt(
      [
        "azurerm_databricks_workspace_root_dbfs_customer_managed_key",
        "azurerm_databricks_workspace_customer_managed_key",
      ],
      (r) => r.view.attr("workspace_id"),
      ws,
    );
    if (prepared.status === "unknown") out.dbfsCmk = prepared;
    else if (dbfsKeys.uncertain && dbfsKeys.found.length === 0)
      out.dbfsCmk = unknown(
        `whether the DBFS root key resource exists is unknown: ${dbfsKeys.uncertain.reason}`,
        src("customer_managed_key_enabled"),
      );
    else {
      const keyResource = dbfsKeys.found[0];
      const key = keyResource ? keyFromId(keyResource.view.attr("key_vault_key_id"), this) : null;
      if (isUnresolved(key))
        out.dbfsCmk = unknown(`key_vault_key_id: ${key.reason}`, `terraform: ${keyResource!.address}`);
      else
        out.dbfsCmk = keyResource
          ? declared(
              { prepared: prepared.value, key },
              `terraform: ${keyResource.address}`,
              loc(keyResource.view, "key_vault_key_id"),
            )
          : known({ prepared: prepared.value, key: null }, src("customer_managed_key_enabled"), {
              location: prepared.location ?? loc(view),
              note: prepared.value
                ? "customer_managed_key_enabled only prepares the storage: no azurerm_databricks_workspace_root_dbfs_customer_managed_key applies a key"
                : (prepared.note ?? "no DBFS root customer-managed key"),
            });
    }

    out.diagnosticSettings = diagnosticSettings(this, ws);
    out.diagnosticCategories = notDeclarable(
      "the log categories a workspace offers are listed by Azure for the live resource; lakeward's built-in list of Databricks categories is used",
      src("diagnostic categories"),
    );
    out.tags = tagsFact(view.attr("tags"), src("tags"), loc(view), loc(view, "tags"));
    out.enhancedSecurity = this.enhancedSecurity(ws);
    const firewall = this.azurermValue(
      view,
      "default_storage_firewall_enabled",
      "azurerm_databricks_workspace.default_storage_firewall_enabled",
      bool,
      src("default_storage_firewall_enabled"),
    );
    out.defaultStorageFirewall =
      firewall.status === "unknown"
        ? firewall
        : {
            ...firewall,
            value: { enabled: firewall.value, accessConnectorId: show(view.attr("access_connector_id")) },
          };
    out.storageAccounts = storageAccounts(
      this,
      ws,
      custom?.attr("storage_account_name"),
      attached,
      out.defaultStorageFirewall,
    );
    out.keyVaults = keyVaults(
      this,
      ws,
      [
        [view.attr("managed_services_cmk_key_vault_key_id"), "managed services CMK"],
        [view.attr("managed_disk_cmk_key_vault_key_id"), "managed disk CMK"],
      ],
      attached,
    );
    out.locks = locks(this, ws);
    out.roleAssignments = notDeclarable(
      "role assignments inherited from the resource group, subscription and management groups are not in the configuration",
      src("role assignments"),
    );
    out.activityLogAlerts = activityLogAlerts(this);
    out.computeQuotas = notDeclarable("compute quotas are a property of the subscription, read live", src("quotas"));
    out.siblingWorkspaces = notDeclarable("the subscription's other workspaces are read live", src("siblings"));
    return out;
  }

  private enhancedSecurity(ws: ResourceInstance): AzureWorkspace["enhancedSecurity"] {
    const source = `terraform: ${ws.address}.enhanced_security_compliance`;
    const block = ws.view.blocks("enhanced_security_compliance").views[0];
    if (!block)
      return defaulted(
        {
          automaticClusterUpdate: null,
          complianceSecurityProfile: null,
          complianceStandards: [],
          enhancedSecurityMonitoring: null,
        },
        source,
        loc(ws.view),
        "no enhanced_security_compliance block",
      );
    const v = block.toValue();
    const problem = findUnresolved(v);
    if (problem) return unknown(problem.reason, source);
    const flag = (x: Value | undefined) => (x === undefined || x === null ? false : (asBool(x) ?? null));
    return declared(
      {
        automaticClusterUpdate: flag(v.automatic_cluster_update_enabled),
        complianceSecurityProfile: flag(v.compliance_security_profile_enabled),
        complianceStandards: Array.isArray(v.compliance_security_profile_standards)
          ? v.compliance_security_profile_standards.map((s) => asString(s) ?? "")
          : [],
        enhancedSecurityMonitoring: flag(v.enhanced_security_monitoring_enabled),
      },
      source,
      loc(block),
    );
  }

  vaultId(value: Value | undefined): string | null {
    const vault = isUnresolved(value) && value.ref ? this.byAddress(value.ref) : undefined;
    const name = vault?.type === "azurerm_key_vault" ? asString(vault.view.attr("name") ?? null) : undefined;
    return name ? `/providers/Microsoft.KeyVault/vaults/${name}` : show(value);
  }

  // --- Databricks provider ----------------------------------------------------------------------------

  private databricksSection(
    ws: ResourceInstance | null,
    attached: ResourceInstance[],
    base: DatabricksWorkspace,
  ): DatabricksWorkspace {
    return databricksSection(this, ws, attached, base);
  }
}
