/**
 * ARM template resources → workspace evidence. One evidence per Microsoft.Databricks/workspaces name;
 * declarations of the same workspace (a nested deployment that targets it again) are merged, later
 * ones winning. Private endpoints, diagnostic settings, VNets and subnets, NSGs, route tables, vaults
 * and locks are matched by the resource ids that point at the workspace. Defaults: defaults.ts.
 */
import { type Fact, known, type SourceLocation, unknown } from "../../evidence/fact.ts";
import type {
  AzureWorkspace,
  DiagnosticSetting,
  KeyReference,
  KeyVault,
  Lock,
  NsgRule,
  PrivateEndpointConnection,
  Route,
  StorageAccount,
  Subnet,
  WorkspaceEvidence,
} from "../../evidence/model.ts";
import { ARM_DEFAULTS, type ArmDefaultKey, apiVersionAtLeast } from "../defaults.ts";
import {
  dbfsRootAccount,
  declared,
  defaultDatabricks,
  defaulted,
  emptyEvidence,
  notDeclarable,
  tagsFact,
  UNREFERENCED_VAULT,
} from "../evidence.ts";
import {
  asBool,
  asNumber,
  asString,
  findUnresolved,
  isMap,
  isUnresolved,
  Unresolved,
  type Value,
  type ValueMap,
} from "../hcl/value.ts";
import type { ArmResource } from "./template.ts";

/**
 * The value at a path (keys case-insensitive, as ARM's). `undefined` only when the path is certainly not
 * declared; when an object on the way is unknown (a single expression that could not be evaluated, such
 * as `"properties": "[shallowMerge(…)]"` on an unknown parameter) the unknown value itself, so that no
 * default is ever applied beneath it (issue 15 item 1).
 */
const get = (value: Value | undefined, ...path: string[]): Value | undefined => {
  let current = value;
  for (const [i, key] of path.entries()) {
    if (isUnresolved(current))
      return i === 0 ? current : new Unresolved(`${path.slice(0, i).join(".")} is unknown: ${current.reason}`);
    if (!isMap(current ?? null)) return undefined;
    const map = current as ValueMap;
    const found = Object.keys(map).find((k) => k.toLowerCase() === key.toLowerCase());
    current = found === undefined ? undefined : map[found];
  }
  return current;
};

const text = (v: Value | undefined): string | null =>
  v === undefined || v === null
    ? null
    : isUnresolved(v)
      ? `(set at deployment: ${v.reason})`
      : (asString(v) ?? JSON.stringify(v));

const lastSegment = (id: string) => id.split("/").filter(Boolean).pop() ?? id;
const typeIs = (r: ArmResource, type: string) => r.type.toLowerCase() === type.toLowerCase();

/** Whether an id (or name) string points at the resource of `type` named `name`. */
function pointsAt(id: Value | undefined, type: string, name: string): boolean {
  const value = asString(id ?? null);
  if (!value) return false;
  const lower = value.toLowerCase();
  return lower.endsWith(`${type.toLowerCase()}/${name.toLowerCase()}`) || lower === name.toLowerCase();
}

export function mapArm(
  resources: readonly ArmResource[],
  at: Date,
): { evidence: WorkspaceEvidence[]; notes: string[] } {
  const notes: string[] = [];
  const workspaces = new Map<string, ArmResource[]>();
  for (const r of resources.filter((x) => typeIs(x, "Microsoft.Databricks/workspaces"))) {
    const key = r.key.toLowerCase();
    workspaces.set(key, [...(workspaces.get(key) ?? []), r]);
  }
  const evidence: WorkspaceEvidence[] = [];
  for (const [key, decls] of workspaces) {
    if (decls.length > 1)
      notes.push(
        `workspace ${key} is declared ${decls.length} times (${decls.map((d) => `${d.file}:${d.line}${d.deployment ? ` in deployment ${d.deployment}` : ""}`).join(", ")}): merged into one, later declarations winning`,
      );
    evidence.push(new ArmWorkspace(decls, resources, at).evidence());
  }
  return { evidence, notes };
}

function merge(a: Value, b: Value): Value {
  if (isMap(a) && isMap(b)) {
    const out: ValueMap = { ...a };
    for (const [k, v] of Object.entries(b)) out[k] = k in out ? merge(out[k]!, v) : v;
    return out;
  }
  return b;
}

/**
 * One workspace's evidence from its ARM declarations (later ones winning). Also used for Terraform's
 * azapi_resource / azapi_update_resource, whose body is the ARM resource (`source` names the Terraform
 * address then, and the Terraform mapper replaces the facts that come from other Terraform resources).
 */
/**
 * A declared subnet's default outbound access: as declared, else the default of the network API version
 * that creates it (issue 15 item 9) — subnets created with Microsoft.Network 2025-07-01 or later are
 * private (false), older ones have default outbound access (true). Not known (an expression, or an API
 * version lakeward cannot read): null, which the checks read as not established.
 */
function outboundAccess(declared: Value | undefined, apiVersion: string | null): boolean | null {
  if (declared !== undefined && declared !== null) return asBool(declared) ?? null;
  const spec = ARM_DEFAULTS["subnets.defaultOutboundAccess"];
  const newer = apiVersionAtLeast(apiVersion, spec.changedIn);
  return newer === null ? null : newer ? spec.from : spec.before;
}

/**
 * A declared resource's property: as declared (unknown when an expression could not be evaluated), else the
 * ARM default of `key` for the resource's API version — never a default beneath an unknown object.
 */
function resourceValue<T>(
  r: ArmResource,
  path: string[],
  key: ArmDefaultKey,
  convert: (v: Value) => T | undefined,
  source: string,
): Fact<T> {
  const raw = get(r.body, ...path);
  if (raw !== undefined && raw !== null) {
    if (isUnresolved(raw)) return unknown(raw.reason, source);
    const converted = convert(raw);
    return converted === undefined
      ? unknown(`${path.join(".")} = ${JSON.stringify(raw)} is not a valid value`, source)
      : declared(converted, source, { file: r.file, line: r.lineOf(path) });
  }
  const spec = ARM_DEFAULTS[key] as { changedIn?: string; before?: unknown; from: unknown };
  const anchor = { file: r.file, line: r.line };
  if (spec.changedIn) {
    const newer = apiVersionAtLeast(r.apiVersion, spec.changedIn);
    if (newer === null)
      return unknown(
        `${path.join(".")} is not declared and the API version is not known: the default is ${JSON.stringify(spec.before)} before ${spec.changedIn} and ${JSON.stringify(spec.from)} from it`,
        source,
      );
    const v = (newer ? spec.from : spec.before) as Value;
    return defaulted(
      convert(v) as T,
      source,
      anchor,
      `not declared; API version ${r.apiVersion} ${newer ? "≥" : "<"} ${spec.changedIn}: default ${JSON.stringify(v)}`,
    );
  }
  return defaulted(
    convert(spec.from as Value) as T,
    source,
    anchor,
    `not declared; ARM default ${JSON.stringify(spec.from)}`,
  );
}

/**
 * The resource group a resource is deployed into, as far as the template says: the `resourceGroup` of the
 * nearest nested deployment (Microsoft.Resources/deployments) that names one, lower-cased; null for the group
 * the template itself is deployed into (chosen at deployment, not in the template); unresolved when set at
 * deployment or in another subscription.
 */
function targetGroup(r: ArmResource, all: readonly ArmResource[]): string | null | Unresolved {
  const seen = new Set<string>();
  for (let deployment = r.deployment; deployment !== null && !seen.has(deployment); ) {
    seen.add(deployment);
    const name = deployment;
    const d = all.find((x) => typeIs(x, "Microsoft.Resources/deployments") && asString(x.name) === name);
    if (!d) return new Unresolved(`nested deployment ${name} is not found`);
    if (get(d.body, "subscriptionId") !== undefined)
      return new Unresolved(`nested deployment ${name} names a subscription (subscriptionId)`);
    const group = get(d.body, "resourceGroup");
    if (isUnresolved(group)) return group;
    if (group !== undefined && group !== null) return asString(group)?.toLowerCase() ?? new Unresolved("resourceGroup");
    deployment = d.deployment;
  }
  return null;
}

/**
 * The locks on a resource the template shows: locks scoped to it (`scope` or `<type>/providers/locks`), locks
 * without a scope deployed into its resource group (they lock the group), and, in a subscription-scope
 * template (one that declares resource groups), locks without a scope at its top level (they lock the
 * subscription). None found: when the template creates the resource's group, no lock can have been made
 * elsewhere before (a lock made on the subscription would be in the template's scope too), so none is a
 * known empty list (issue 15 items 4 and 7); otherwise a lock on the group or subscription made elsewhere
 * would not be in the template.
 */
function locksOf(
  r: ArmResource,
  type: string,
  name: string,
  all: readonly ArmResource[],
  source: string,
  what: "workspace" | "account",
): Fact<Lock[]> {
  const subscriptionScope = all.some((x) => typeIs(x, "Microsoft.Resources/resourceGroups") && x.deployment === null);
  const group = targetGroup(r, all);
  const found: { lock: ArmResource; scope: string }[] = [];
  for (const l of all) {
    let scope: string | null = null;
    if (typeIs(l, "Microsoft.Authorization/locks")) {
      const lockScope = get(l.body, "scope");
      if (lockScope !== undefined) {
        if (pointsAt(lockScope, type, name)) scope = `${type}/${name}`;
      } else if (subscriptionScope && l.deployment === null) scope = "subscriptions/(the deployment's)";
      else {
        const lockGroup = targetGroup(l, all);
        if (
          !isUnresolved(group) &&
          !isUnresolved(lockGroup) &&
          lockGroup === group &&
          !(group === null && subscriptionScope)
        )
          scope = `resourceGroups/${group ?? "(the deployment's)"}`;
      }
    } else if (
      typeIs(l, `${type}/providers/locks`) &&
      (asString(l.name) ?? "").toLowerCase().startsWith(`${name.toLowerCase()}/`)
    )
      scope = `${type}/${name}`;
    if (scope) found.push({ lock: l, scope });
  }
  if (found.length)
    return declared(
      found.map(({ lock, scope }) => ({
        name: text(lock.name) ?? "lock",
        level:
          asString(get(lock.body, "properties", "level") ?? null) === "ReadOnly"
            ? ("ReadOnly" as const)
            : ("CanNotDelete" as const),
        scope,
      })),
      source,
      { file: found[0]!.lock.file, line: found[0]!.lock.line },
    );
  const created =
    typeof group === "string"
      ? all.find((x) => typeIs(x, "Microsoft.Resources/resourceGroups") && asString(x.name)?.toLowerCase() === group)
      : undefined;
  if (created)
    return declared(
      [],
      source,
      { file: created.file, line: created.line },
      `the template creates the resource group ${asString(created.name)} and declares no lock on it, its subscription or the ${what}`,
    );
  return notDeclarable(
    `no lock on the ${what} is declared; a lock on its resource group or subscription would not be in the template`,
    source,
  );
}

/**
 * A storage account the template declares (Microsoft.Storage/storageAccounts), with its blob service, private
 * endpoints and locks found in the same template. Property names and meanings as the live collector reads
 * them (src/sources/azure/resources.ts, checked against the Microsoft.Storage spec: StorageAccountProperties
 * allowBlobPublicAccess, supportsHttpsTrafficOnly, minimumTlsVersion, publicNetworkAccess,
 * networkAcls.defaultAction, encryption.requireInfrastructureEncryption; BlobServiceProperties
 * deleteRetentionPolicy, containerDeleteRetentionPolicy, isVersioningEnabled).
 */
function declaredStorageAccount(r: ArmResource, all: readonly ArmResource[]): StorageAccount {
  const name = asString(r.name) ?? r.key;
  const src = (path: string) => `arm: Microsoft.Storage/storageAccounts ${name} ${path}`;
  const prop = <T>(path: string[], key: ArmDefaultKey, convert: (v: Value) => T | undefined) =>
    resourceValue(r, ["properties", ...path], key, convert, src(path.join(".")));
  const bool = (v: Value) => asBool(v);
  const str = (v: Value) => asString(v);
  const unknownName = isUnresolved(r.name);
  // Child resources of this account: "<account>/default" (nested or top level), or an account whose name is
  // only known at deployment (then nothing can be matched to it, and what they would declare is unknown).
  const childOf = (type: string) =>
    all.filter(
      (x) =>
        typeIs(x, `Microsoft.Storage/storageAccounts/${type}`) &&
        (asString(x.name) ?? "").toLowerCase().startsWith(`${name.toLowerCase()}/`),
    );
  const blob = childOf("blobServices")[0];
  const blobFact = <T>(path: string, fromBlob: (v: Value | undefined) => T | undefined, absent: T): Fact<T> => {
    const source = src(`blobServices.${path}`);
    if (unknownName)
      return unknown(`the account's name is set at deployment: its blob service cannot be matched`, source);
    if (!blob) return defaulted(absent, source, { file: r.file, line: r.line }, "no blob service declared: off");
    const raw = get(blob.body, "properties", path);
    if (isUnresolved(raw)) return unknown(raw.reason, source);
    const value = fromBlob(raw);
    return value === undefined
      ? defaulted(absent, source, { file: blob.file, line: blob.line }, `${path} not declared: off`)
      : declared(value, source, { file: blob.file, line: blob.lineOf(["properties", path]) });
  };
  const retention = (v: Value | undefined) => {
    const enabled = asBool(get(v, "enabled") ?? null);
    return enabled === undefined ? undefined : { enabled, days: asNumber(get(v, "days") ?? null) ?? null };
  };
  const endpoints = all.filter((pe) => {
    if (!typeIs(pe, "Microsoft.Network/privateEndpoints")) return false;
    const list = get(pe.body, "properties", "privateLinkServiceConnections");
    return (
      Array.isArray(list) &&
      list.some((c) =>
        pointsAt(get(c, "properties", "privateLinkServiceId"), "Microsoft.Storage/storageAccounts", name),
      )
    );
  });
  return {
    id: `Microsoft.Storage/storageAccounts/${name}`,
    name,
    role: "unreferenced",
    usedBy: [],
    allowBlobPublicAccess: prop(["allowBlobPublicAccess"], "storageAccounts.allowBlobPublicAccess", bool),
    httpsOnly: prop(["supportsHttpsTrafficOnly"], "storageAccounts.supportsHttpsTrafficOnly", bool),
    minimumTlsVersion: prop(["minimumTlsVersion"], "storageAccounts.minimumTlsVersion", str),
    publicNetworkAccess: prop(["publicNetworkAccess"], "storageAccounts.publicNetworkAccess", str),
    networkDefaultAction: prop(["networkAcls", "defaultAction"], "storageAccounts.networkAcls.defaultAction", (v) =>
      asString(v) === "Deny" ? ("Deny" as const) : asString(v) === "Allow" ? ("Allow" as const) : undefined,
    ),
    privateEndpointCount: unknownName
      ? unknown(
          "the account's name is set at deployment: private endpoints cannot be matched to it",
          src("private endpoints"),
        )
      : declared(endpoints.length, src("private endpoints"), { file: r.file, line: r.line }),
    infrastructureEncryption: prop(
      ["encryption", "requireInfrastructureEncryption"],
      "storageAccounts.encryption.requireInfrastructureEncryption",
      bool,
    ),
    blobSoftDelete: blobFact("deleteRetentionPolicy", retention, { enabled: false, days: null }),
    containerSoftDelete: blobFact("containerDeleteRetentionPolicy", retention, { enabled: false, days: null }),
    versioning: blobFact("isVersioningEnabled", (v) => asBool(v ?? null), false),
    locks: locksOf(r, "Microsoft.Storage/storageAccounts", name, all, src("locks"), "account"),
  };
}

/**
 * Whether a list item (an NSG rule, a route) cannot be read: it or its properties object is one unknown value,
 * or one of the paths its verdict reads holds an unknown value. Other unknown properties do not matter.
 */
function unreadable(item: Value, paths: readonly string[][]): boolean {
  if (isUnresolved(item) || isUnresolved(get(item, "properties") ?? null)) return true;
  return paths.some((path) => findUnresolved(get(item, ...path) ?? null) !== undefined);
}

/** The paths of an NSG security rule (SecurityRule, Microsoft.Network) that the egress and inbound verdicts read. */
const ARM_RULE_PROPERTIES: readonly string[][] = [
  ["name"],
  ...[
    "direction",
    "access",
    "priority",
    "protocol",
    "sourceAddressPrefix",
    "sourceAddressPrefixes",
    "destinationAddressPrefix",
    "destinationAddressPrefixes",
    "destinationPortRange",
    "destinationPortRanges",
  ].map((name) => ["properties", name]),
];

export class ArmWorkspace {
  private readonly decls: ArmResource[];
  private readonly all: readonly ArmResource[];
  private readonly body: ValueMap;
  private readonly name: string;
  private readonly primary: ArmResource;
  private readonly at: Date;
  private readonly source: string;
  /**
   * `primary` is the declaration that creates the resource (its API version decides the defaults, its
   * line anchors what is not declared): the last one in a template, the azapi_resource for azapi.
   */
  constructor(decls: ArmResource[], all: readonly ArmResource[], at: Date, source?: string, primary?: ArmResource) {
    this.decls = decls;
    this.all = all;
    this.at = at;
    this.primary = primary ?? decls[decls.length - 1]!;
    this.body = decls.reduce<ValueMap>((acc, d) => merge(acc, d.body) as ValueMap, {});
    this.name = this.primary.key;
    this.source = source ?? `arm: Microsoft.Databricks/workspaces ${this.name}`;
  }

  /** Where a property path is declared (the last declaration that has it), else the resource. */
  private where(...path: string[]): SourceLocation {
    for (const d of [...this.decls].reverse()) {
      if (get(d.body, ...path) !== undefined) return { file: d.file, line: d.lineOf(path) };
    }
    return { file: this.primary.file, line: this.primary.line };
  }

  private src(path: string): string {
    return `${this.source} ${path}`;
  }

  private value<T>(path: string[], key: ArmDefaultKey, convert: (v: Value) => T | undefined): Fact<T> {
    const source = this.src(path.join("."));
    const raw = get(this.body, ...path);
    if (raw !== undefined && raw !== null) {
      if (isUnresolved(raw)) return unknown(raw.reason, source);
      const converted = convert(raw);
      return converted === undefined
        ? unknown(`${path.join(".")} = ${JSON.stringify(raw)} is not a valid value`, source)
        : declared(converted, source, this.where(...path));
    }
    const spec = ARM_DEFAULTS[key] as { changedIn?: string; before?: unknown; from: unknown };
    const anchor = { file: this.primary.file, line: this.primary.line };
    if (spec.changedIn) {
      const newer = apiVersionAtLeast(this.primary.apiVersion, spec.changedIn);
      if (newer === null)
        return unknown(
          `${path.join(".")} is not declared and the API version is not known: the default is ${JSON.stringify(spec.before)} before ${spec.changedIn} and ${JSON.stringify(spec.from)} from it`,
          source,
        );
      const v = (newer ? spec.from : spec.before) as Value;
      return defaulted(
        convert(v) as T,
        source,
        anchor,
        `not declared; API version ${this.primary.apiVersion} ${newer ? "≥" : "<"} ${spec.changedIn}: default ${JSON.stringify(v)}`,
      );
    }
    return defaulted(
      convert(spec.from as Value) as T,
      source,
      anchor,
      `not declared; ARM default ${JSON.stringify(spec.from)}`,
    );
  }

  evidence(): WorkspaceEvidence {
    const location = asString(get(this.body, "location") ?? null) ?? null;
    const ev = emptyEvidence(
      {
        name: this.name,
        host: null,
        resourceId: `Microsoft.Databricks/workspaces/${this.name}`,
        workspaceId: null,
        location,
        origin: "arm-template",
      },
      this.src(""),
      this.at,
    );
    ev.azure = this.azure(ev.azure);
    ev.databricks = defaultDatabricks(
      ev.databricks,
      { file: this.primary.file, line: this.primary.line },
      this.src(""),
      "an ARM template does not configure the workspace's Databricks settings",
    );
    return ev;
  }

  private azure(base: AzureWorkspace): AzureWorkspace {
    const out: AzureWorkspace = { ...base };
    const bool = (v: Value) => asBool(v);
    const p = (name: string) => ["properties", "parameters", name, "value"];
    out.sku = this.value(["sku", "name"], "workspaces.sku.name", (v) => asString(v)?.toLowerCase());
    if (get(this.body, "sku", "name") === undefined)
      out.sku = unknown("sku.name is not declared", this.src("sku.name"));
    out.computeMode = this.value(["properties", "computeMode"], "workspaces.computeMode", (v) =>
      asString(v) === "Serverless"
        ? ("Serverless" as const)
        : asString(v) === "Hybrid"
          ? ("Hybrid" as const)
          : undefined,
    );
    out.noPublicIp = this.value(p("enableNoPublicIp"), "workspaces.parameters.enableNoPublicIp", bool);
    const vnet = get(this.body, ...p("customVirtualNetworkId"));
    if (vnet === undefined || vnet === null || vnet === "") {
      out.vnetInjection = defaulted(
        null,
        this.src("parameters.customVirtualNetworkId"),
        this.where("properties"),
        "no customVirtualNetworkId: a Databricks-managed VNet",
      );
      out.subnets = defaulted(
        [],
        this.src("parameters.customVirtualNetworkId"),
        this.where("properties"),
        "no VNet injection",
      );
    } else if (isUnresolved(vnet)) {
      out.vnetInjection = unknown(
        `customVirtualNetworkId: ${vnet.reason}`,
        this.src("parameters.customVirtualNetworkId"),
      );
      out.subnets = unknown(`customVirtualNetworkId: ${vnet.reason}`, this.src("parameters.customVirtualNetworkId"));
    } else {
      const publicName = text(get(this.body, ...p("customPublicSubnetName")));
      const privateName = text(get(this.body, ...p("customPrivateSubnetName")));
      out.vnetInjection = declared(
        { vnetId: String(vnet), publicSubnetName: publicName, privateSubnetName: privateName },
        this.src("parameters.customVirtualNetworkId"),
        this.where(...p("customVirtualNetworkId")),
      );
      out.subnets = this.subnets(String(vnet), publicName, privateName);
    }
    out.publicNetworkAccess = this.value(
      ["properties", "publicNetworkAccess"],
      "workspaces.publicNetworkAccess",
      (v) => (v === "Enabled" || v === "Disabled" ? v : undefined),
    );
    out.requiredNsgRules = this.value(["properties", "requiredNsgRules"], "workspaces.requiredNsgRules", (v) =>
      asString(v),
    );
    out.privateEndpointConnections = this.privateEndpoints();
    const key = (props: Value | undefined, names: [string, string, string]): KeyReference | null => {
      if (!isMap(props ?? null)) return null;
      return {
        keyVaultUri: text(get(props, names[0])) ?? "key vault",
        keyName: text(get(props, names[1])) ?? "key",
        keyVersion: text(get(props, names[2])),
      };
    };
    const entity = (name: string) => get(this.body, "properties", "encryption", "entities", name);
    const services = entity("managedServices");
    const servicesKey = get(services, "keyVaultProperties");
    out.managedServicesCmk = isUnresolved(services ?? null)
      ? unknown((services as Unresolved).reason, this.src("encryption.entities.managedServices"))
      : isUnresolved(servicesKey ?? null)
        ? unknown((servicesKey as Unresolved).reason, this.src("encryption.entities.managedServices"))
        : services
          ? declared(
              key(get(services, "keyVaultProperties"), ["keyVaultUri", "keyName", "keyVersion"]),
              this.src("encryption.entities.managedServices"),
              this.where("properties", "encryption", "entities", "managedServices"),
            )
          : defaulted(
              null,
              this.src("encryption.entities.managedServices"),
              this.where("properties"),
              "not declared; Microsoft-managed keys",
            );
    const disk = entity("managedDisk");
    const diskProps = get(disk, "keyVaultProperties");
    const diskRotate = get(disk, "rotationToLatestKeyVersionEnabled");
    const diskUnknown = [disk, diskProps, diskRotate].find((v) => isUnresolved(v ?? null)) as Unresolved | undefined;
    const diskKey = disk ? key(diskProps, ["keyVaultUri", "keyName", "keyVersion"]) : null;
    out.managedDiskCmk = diskUnknown
      ? unknown(diskUnknown.reason, this.src("encryption.entities.managedDisk"))
      : diskKey
        ? declared(
            {
              ...diskKey,
              rotateToLatestVersion: asBool(get(disk, "rotationToLatestKeyVersionEnabled") ?? false) ?? false,
            },
            this.src("encryption.entities.managedDisk"),
            this.where("properties", "encryption", "entities", "managedDisk"),
          )
        : defaulted(
            null,
            this.src("encryption.entities.managedDisk"),
            this.where("properties"),
            "not declared; platform-managed keys",
          );
    const prepared = this.value(p("prepareEncryption"), "workspaces.parameters.prepareEncryption", bool);
    const dbfs = get(this.body, ...p("encryption"));
    const keySourceValue = get(dbfs, "keySource");
    const keySource = asString(keySourceValue ?? null);
    if (prepared.status === "unknown") out.dbfsCmk = prepared;
    else if (isUnresolved(dbfs))
      out.dbfsCmk = unknown(`parameters.encryption: ${dbfs.reason}`, this.src("parameters.encryption"));
    else if (isUnresolved(keySourceValue ?? null))
      out.dbfsCmk = unknown(
        `parameters.encryption.keySource: ${(keySourceValue as Unresolved).reason}`,
        this.src("parameters.encryption"),
      );
    else
      out.dbfsCmk = known(
        {
          prepared: prepared.value,
          key:
            keySource?.toLowerCase() === "microsoft.keyvault"
              ? key(dbfs, ["keyvaulturi", "KeyName", "keyversion"])
              : null,
        },
        this.src("parameters.encryption"),
        {
          location: dbfs ? this.where(...p("encryption")) : (prepared.location ?? this.where("properties")),
          ...(dbfs
            ? {}
            : {
                note: prepared.value
                  ? "prepareEncryption only prepares the storage: no key is applied"
                  : "not declared; Microsoft-managed keys",
              }),
        },
      );
    out.infrastructureEncryption = this.value(
      p("requireInfrastructureEncryption"),
      "workspaces.parameters.requireInfrastructureEncryption",
      bool,
    );
    out.diagnosticSettings = this.diagnosticSettings();
    out.diagnosticCategories = notDeclarable(
      "the log categories a workspace offers are listed by Azure for the live resource; lakeward's built-in list is used",
      this.src("diagnostic categories"),
    );
    out.tags = tagsFact(get(this.body, "tags"), this.src("tags"), this.where(), this.where("tags"));
    const esc = get(this.body, "properties", "enhancedSecurityCompliance");
    const flag = (v: Value | undefined) => (v === "Enabled" ? true : v === "Disabled" ? false : null);
    const escUnknown = esc === undefined ? undefined : findUnresolved(esc);
    out.enhancedSecurity = escUnknown
      ? unknown(escUnknown.reason, this.src("enhancedSecurityCompliance"))
      : esc
        ? declared(
            {
              automaticClusterUpdate: flag(get(esc, "automaticClusterUpdate", "value")),
              complianceSecurityProfile: flag(get(esc, "complianceSecurityProfile", "value")),
              complianceStandards: (
                (get(esc, "complianceSecurityProfile", "complianceStandards") as Value[] | undefined) ?? []
              ).map((s) => asString(s) ?? ""),
              enhancedSecurityMonitoring: flag(get(esc, "enhancedSecurityMonitoring", "value")),
            },
            this.src("enhancedSecurityCompliance"),
            this.where("properties", "enhancedSecurityCompliance"),
          )
        : defaulted(
            {
              automaticClusterUpdate: null,
              complianceSecurityProfile: null,
              complianceStandards: [],
              enhancedSecurityMonitoring: null,
            },
            this.src("enhancedSecurityCompliance"),
            this.where(),
            "enhancedSecurityCompliance not declared",
          );
    const firewall = this.value(["properties", "defaultStorageFirewall"], "workspaces.defaultStorageFirewall", (v) =>
      asString(v),
    );
    out.defaultStorageFirewall =
      firewall.status === "unknown"
        ? firewall
        : {
            ...firewall,
            value: {
              enabled: firewall.value === "Enabled",
              accessConnectorId: text(get(this.body, "properties", "accessConnector", "id")),
            },
          };
    // A serverless workspace (computeMode Serverless) has no managed resource group, so no DBFS root account.
    out.storageAccounts = this.storage(
      out.defaultStorageFirewall,
      out.computeMode.status === "known" && out.computeMode.value === "Serverless",
    );
    out.keyVaults = this.keyVaults(out);
    out.locks = this.locks();
    out.roleAssignments = notDeclarable(
      "role assignments inherited from the resource group and subscription are not in the template",
      this.src("role assignments"),
    );
    out.activityLogAlerts = notDeclarable(
      "activity-log alerts are subscription-wide and read live",
      this.src("alerts"),
    );
    out.computeQuotas = notDeclarable("compute quotas are read live", this.src("quotas"));
    out.siblingWorkspaces = notDeclarable("the subscription's other workspaces are read live", this.src("siblings"));
    return out;
  }

  private subnets(vnetId: string, publicName: string | null, privateName: string | null): Fact<Subnet[]> {
    const source = this.src("parameters.customVirtualNetworkId");
    const vnetName = lastSegment(vnetId);
    const vnets = this.all.filter(
      (r) =>
        typeIs(r, "Microsoft.Network/virtualNetworks") && asString(r.name)?.toLowerCase() === vnetName.toLowerCase(),
    );
    const subnets: Subnet[] = [];
    for (const [role, name] of [
      ["public", publicName],
      ["private", privateName],
    ] as const) {
      if (!name) continue;
      let props: Value | undefined;
      let at: SourceLocation | undefined;
      let apiVersion: string | null = null;
      for (const vnet of vnets) {
        const list = get(vnet.body, "properties", "subnets");
        if (Array.isArray(list)) {
          const index = list.findIndex((s) => asString(get(s, "name") ?? null) === name);
          if (index >= 0) {
            props = get(list[index], "properties");
            at = { file: vnet.file, line: vnet.lineOf(["properties", "subnets", index]) };
            apiVersion = vnet.apiVersion;
          }
        }
      }
      const child = this.all.find(
        (r) =>
          typeIs(r, "Microsoft.Network/virtualNetworks/subnets") &&
          asString(r.name)?.toLowerCase() === `${vnetName}/${name}`.toLowerCase(),
      );
      if (child) {
        props = get(child.body, "properties");
        at = { file: child.file, line: child.line };
        apiVersion = child.apiVersion;
      }
      if (!props || !at)
        return unknown(`the ${role} subnet ${name} of ${vnetName} is not declared in this template`, source);
      // Nothing is known of a subnet whose properties (or whose NSG, route table or NAT gateway object) is
      // one unknown value: not even whether an NSG is attached.
      const opaque = [
        props,
        get(props, "networkSecurityGroup"),
        get(props, "routeTable"),
        get(props, "natGateway"),
      ].find((v) => isUnresolved(v ?? null)) as Unresolved | undefined;
      if (opaque) return unknown(`the ${role} subnet ${name}: ${opaque.reason}`, source);
      const problem = findUnresolved(props);
      const nsgId = text(get(props, "networkSecurityGroup", "id"));
      const routeTableId = text(get(props, "routeTable", "id"));
      if (problem && !nsgId) return unknown(`the ${role} subnet ${name}: ${problem.reason}`, source);
      subnets.push({
        role,
        id: `${vnetName}/subnets/${name}`,
        nsgId,
        nsgRules: nsgId ? this.nsgRules(nsgId) : null,
        routeTableId,
        routes: routeTableId ? this.routes(routeTableId) : null,
        natGatewayId: text(get(props, "natGateway", "id")),
        defaultOutboundAccess: outboundAccess(get(props, "defaultOutboundAccess"), apiVersion),
        delegations: ((get(props, "delegations") as Value[] | undefined) ?? []).map(
          (d) => asString(get(d, "properties", "serviceName") ?? null) ?? "",
        ),
      });
    }
    return declared(subnets, source, this.where("properties", "parameters", "customVirtualNetworkId"));
  }

  private nsgRules(id: string): NsgRule[] | null {
    const nsg = this.all.find(
      (r) =>
        typeIs(r, "Microsoft.Network/networkSecurityGroups") &&
        pointsAt(id, "networkSecurityGroups", asString(r.name) ?? "\u0000"),
    );
    if (!nsg) return null;
    const rules = get(nsg.body, "properties", "securityRules");
    if (isUnresolved(rules ?? null)) return null;
    if (!Array.isArray(rules)) return [];
    // A rule is read when what its verdict reads is known: a description or a service tag list from a
    // parameter without a value does not make the NSG's rules unknown (issue 15 item 5, as for Terraform).
    if (rules.some((rule) => unreadable(rule, ARM_RULE_PROPERTIES))) return null;
    return rules.map((rule) => {
      const p = get(rule, "properties");
      const list = (one: string, many: string) => {
        const single = asString(get(p, one) ?? null);
        const multiple = get(p, many);
        return single ? [single] : Array.isArray(multiple) ? multiple.map((x) => asString(x) ?? "") : [];
      };
      return {
        name: asString(get(rule, "name") ?? null) ?? "",
        direction: asString(get(p, "direction") ?? null) === "Outbound" ? "Outbound" : "Inbound",
        access: asString(get(p, "access") ?? null) === "Deny" ? "Deny" : "Allow",
        priority: asNumber(get(p, "priority") ?? null) ?? 0,
        protocol: asString(get(p, "protocol") ?? null) ?? "*",
        sourcePrefixes: list("sourceAddressPrefix", "sourceAddressPrefixes"),
        destinationPrefixes: list("destinationAddressPrefix", "destinationAddressPrefixes"),
        destinationPorts: list("destinationPortRange", "destinationPortRanges"),
      } satisfies NsgRule;
    });
  }

  private routes(id: string): Route[] | null {
    const table = this.all.find(
      (r) => typeIs(r, "Microsoft.Network/routeTables") && pointsAt(id, "routeTables", asString(r.name) ?? "\u0000"),
    );
    if (!table) return null;
    const routes = get(table.body, "properties", "routes");
    if (isUnresolved(routes ?? null)) return null;
    if (!Array.isArray(routes)) return [];
    const read = [["name"], ["properties", "addressPrefix"], ["properties", "nextHopType"]];
    if (routes.some((route) => unreadable(route, read))) return null;
    return routes.map((route) => ({
      name: asString(get(route, "name") ?? null) ?? "",
      addressPrefix: asString(get(route, "properties", "addressPrefix") ?? null) ?? "",
      nextHopType: asString(get(route, "properties", "nextHopType") ?? null) ?? "",
      nextHopIpAddress: text(get(route, "properties", "nextHopIpAddress")),
    }));
  }

  private privateEndpoints(): Fact<PrivateEndpointConnection[]> {
    const source = this.src("private endpoints");
    const out: PrivateEndpointConnection[] = [];
    let where: SourceLocation | undefined;
    for (const pe of this.all.filter((r) => typeIs(r, "Microsoft.Network/privateEndpoints"))) {
      for (const [kind, status] of [
        ["privateLinkServiceConnections", "Approved"],
        ["manualPrivateLinkServiceConnections", "Pending"],
      ] as const) {
        const list = get(pe.body, "properties", kind);
        // An endpoint whose connections are unknown may target this workspace: nothing certain about them.
        if (isUnresolved(list ?? null))
          return unknown(`${text(pe.name) ?? "a private endpoint"}: ${(list as Unresolved).reason}`, source);
        if (!Array.isArray(list)) continue;
        list.forEach((c, i) => {
          if (!pointsAt(get(c, "properties", "privateLinkServiceId"), "Microsoft.Databricks/workspaces", this.name))
            return;
          where ??= { file: pe.file, line: pe.lineOf(["properties", kind, i]) };
          const groups = get(c, "properties", "groupIds");
          out.push({
            id: text(pe.name) ?? "private endpoint",
            privateEndpointId: text(pe.name),
            groupIds: Array.isArray(groups) ? groups.map((g) => asString(g) ?? "") : [],
            status,
          });
        });
      }
    }
    const declaredConnections = get(this.body, "properties", "privateEndpointConnections");
    if (isUnresolved(declaredConnections ?? null))
      return unknown(`privateEndpointConnections: ${(declaredConnections as Unresolved).reason}`, source);
    if (Array.isArray(declaredConnections))
      for (const c of declaredConnections)
        out.push({
          id: text(get(c, "id")) ?? "connection",
          privateEndpointId: text(get(c, "properties", "privateEndpoint", "id")),
          groupIds: ((get(c, "properties", "groupIds") as Value[] | undefined) ?? []).map((g) => asString(g) ?? ""),
          status: asString(get(c, "properties", "privateLinkServiceConnectionState", "status") ?? null) ?? "Pending",
        });
    return out.length
      ? declared(
          out,
          source,
          where ?? this.where("properties", "privateEndpointConnections"),
          "automatic connections (privateLinkServiceConnections) are approved on creation",
        )
      : defaulted([], source, this.where(), "no private endpoint in the template targets this workspace");
  }

  private diagnosticSettings(): Fact<DiagnosticSetting[]> {
    const source = this.src("diagnostic settings");
    const found = this.all.filter((r) => {
      if (typeIs(r, "Microsoft.Insights/diagnosticSettings"))
        return (
          pointsAt(get(r.body, "scope"), "Microsoft.Databricks/workspaces", this.name) ||
          asString(get(r.body, "scope") ?? null)
            ?.toLowerCase()
            .endsWith(`/${this.name.toLowerCase()}`) === true
        );
      return (
        typeIs(r, "Microsoft.Databricks/workspaces/providers/diagnosticSettings") &&
        (asString(r.name) ?? "").toLowerCase().startsWith(`${this.name.toLowerCase()}/`)
      );
    });
    const settings: DiagnosticSetting[] = [];
    for (const r of found) {
      const props = get(r.body, "properties");
      const logs = get(props, "logs");
      if (isUnresolved(logs)) return unknown(logs.reason, source);
      settings.push({
        name: text(r.name) ?? "diagnostic setting",
        destinations: {
          logAnalyticsWorkspaceId: text(get(props, "workspaceId")),
          storageAccountId: text(get(props, "storageAccountId")),
          eventHubAuthorizationRuleId: text(get(props, "eventHubAuthorizationRuleId")),
          marketplacePartnerId: text(get(props, "marketplacePartnerId")),
        },
        logs: (Array.isArray(logs) ? logs : []).map((l) => ({
          category: asString(get(l, "category") ?? null) ?? null,
          categoryGroup: asString(get(l, "categoryGroup") ?? null) ?? null,
          enabled: asBool(get(l, "enabled") ?? null) ?? false,
        })),
      });
    }
    return found.length
      ? declared(settings, source, { file: found[0]!.file, line: found[0]!.line })
      : defaulted([], source, this.where(), "no diagnostic setting in the template targets this workspace");
  }

  private storage(firewall: AzureWorkspace["defaultStorageFirewall"], serverless: boolean): Fact<StorageAccount[]> {
    const source = this.src("DBFS root");
    const name =
      text(get(this.body, "properties", "parameters", "storageAccountName", "value")) ?? `dbfs-root (${this.name})`;
    // Storage accounts the template declares besides: no Databricks resource of a template references storage
    // for data, so they are judged with their role not established (issue 15 item 8).
    const declaredAccounts = this.all
      .filter((r) => typeIs(r, "Microsoft.Storage/storageAccounts"))
      .map((r) => declaredStorageAccount(r, this.all));
    if (serverless)
      return declared(
        declaredAccounts,
        source,
        this.where(),
        `a serverless workspace has no DBFS root storage account${declaredAccounts.length ? "; the storage accounts the template declares (their role for the workspace not established)" : ""}`,
      );
    return declared(
      [dbfsRootAccount(this.name, name, source, "template", firewall), ...declaredAccounts],
      source,
      this.where(),
      declaredAccounts.length
        ? "the DBFS root, and the storage accounts the template declares (their role for the workspace not established)"
        : "the DBFS root; Unity Catalog storage is not declared in ARM templates of the workspace",
    );
  }

  private keyVaults(azure: AzureWorkspace): Fact<KeyVault[]> {
    const source = this.src("key vaults");
    const uris = [azure.managedServicesCmk, azure.managedDiskCmk]
      .map((f) => (f.status === "known" && f.value ? f.value.keyVaultUri : null))
      .concat(azure.dbfsCmk.status === "known" && azure.dbfsCmk.value.key ? [azure.dbfsCmk.value.key.keyVaultUri] : []);
    const vaults: KeyVault[] = [];
    for (const r of this.all.filter((x) => typeIs(x, "Microsoft.KeyVault/vaults"))) {
      const name = asString(r.name);
      if (!name) continue;
      // A vault none of the workspace's keys name is judged all the same, its use not established (issue 15
      // item 8).
      const usedForKeys = uris.some((u) => u?.toLowerCase().includes(`//${name.toLowerCase()}.`));
      const v = (path: string[], key: ArmDefaultKey): Fact<boolean> => {
        const raw = get(r.body, ...path);
        if (raw === undefined || raw === null)
          return defaulted(
            ARM_DEFAULTS[key].from as boolean,
            `arm: ${name}.${path.join(".")}`,
            { file: r.file, line: r.line },
            `not declared; ARM default ${ARM_DEFAULTS[key].from}`,
          );
        return isUnresolved(raw)
          ? unknown(raw.reason, `arm: ${name}`)
          : declared(asBool(raw) ?? false, `arm: ${name}.${path.join(".")}`, { file: r.file, line: r.lineOf(path) });
      };
      vaults.push({
        id: name,
        name,
        usedFor: [usedForKeys ? "customer-managed key" : UNREFERENCED_VAULT],
        softDelete: v(["properties", "enableSoftDelete"], "vaults.enableSoftDelete"),
        purgeProtection: v(["properties", "enablePurgeProtection"], "vaults.enablePurgeProtection"),
      });
    }
    return declared(vaults, source, this.where(), "the vaults this template declares");
  }

  private locks(): Fact<Lock[]> {
    return locksOf(
      this.primary,
      "Microsoft.Databricks/workspaces",
      this.name,
      this.all,
      this.src("locks"),
      "workspace",
    );
  }
}
