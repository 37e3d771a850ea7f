/**
 * Building evidence from a configuration: a skeleton in which everything is unknown (a configuration
 * declares no live state), then filled fact by fact by the Terraform and ARM mappers. Every known fact
 * carries its file and line; a value taken from a default carries a note saying which default.
 */
import { type Fact, known, type SourceLocation, type UnknownFact, unknown } from "../evidence/fact.ts";
import {
  type AzureWorkspace,
  accountSchema,
  azureWorkspaceSchema,
  type DatabricksWorkspace,
  databricksWorkspaceSchema,
  entraSchema,
  type StorageAccount,
  type WorkspaceEvidence,
  type WorkspaceIdentity,
} from "../evidence/model.ts";
import { allUnknown } from "../evidence/unknown.ts";
import { WORKSPACE_CONF_KEYS } from "../sources/databricks/workspace-conf-keys.ts";
import { DATABRICKS_SETTING_DEFAULTS } from "./defaults.ts";
import { asString, findUnresolved, isMap, isUnresolved, type Unresolved, type Value } from "./hcl/value.ts";

export const NOT_DECLARED = "not declared in the configuration (lakeward only sees what the IaC declares)";

const ACCOUNT_LEVEL =
  "account-level settings and objects are not declared in the configuration (declare them with an account-level provider, host accounts.azuredatabricks.net, or read them live: lakeward scan --account-id)";
const ENTRA = "Entra ID Conditional Access is not part of a workspace configuration";

/**
 * Reasons of facts a configuration cannot declare (live tokens, admins, inherited role assignments, locks
 * made elsewhere, Graph, the account): a check left unknown by one of them is "not judged from IaC", listed
 * once and kept out of the score, rather than an unknown of this configuration (issue 15 item 11).
 */
const UNDECLARABLE = new Set<string>([NOT_DECLARED, ACCOUNT_LEVEL, ENTRA]);

/** An unknown fact a configuration cannot declare (see UNDECLARABLE). */
export function notDeclarable(reason: string, source: string): UnknownFact {
  UNDECLARABLE.add(reason);
  return unknown(reason, source);
}

/** Whether an unknown's reason is one a configuration cannot declare. */
export function isNotDeclarable(reason: string): boolean {
  return UNDECLARABLE.has(reason);
}

export function emptyEvidence(identity: WorkspaceIdentity, source: string, at: Date): WorkspaceEvidence {
  const iso = at.toISOString();
  return {
    workspace: identity,
    azure: allUnknown(azureWorkspaceSchema, NOT_DECLARED, source),
    databricks: allUnknown(databricksWorkspaceSchema, NOT_DECLARED, source, Object.keys(WORKSPACE_CONF_KEYS)),
    account: allUnknown(accountSchema, ACCOUNT_LEVEL, source),
    entra: allUnknown(entraSchema, ENTRA, source),
    collection: { startedAt: iso, finishedAt: iso, requests: 0, retries: 0, problems: [] },
  };
}

/** A fact declared at file:line. */
export function declared<T>(value: T, source: string, location: SourceLocation, note?: string): Fact<T> {
  return known(value, source, { location, ...(note ? { note } : {}) });
}

/** A fact that is not declared, judged as the default; the note names the default. */
export function defaulted<T>(value: T, source: string, location: SourceLocation, note: string): Fact<T> {
  return known(value, source, { location, note });
}

export function unresolvedFact(value: Unresolved, source: string): Fact<never> {
  return unknown(value.reason, source);
}

/** A Fact from an evaluated value: unknown when unresolved, else `convert` (undefined → unknown with `bad`). */
export function factFrom<T>(
  value: unknown,
  convert: (value: unknown) => T | undefined,
  source: string,
  location: SourceLocation,
  bad: string,
): Fact<T> {
  if (isUnresolved(value)) return unknown(value.reason, source);
  const converted = convert(value);
  return converted === undefined ? unknown(bad, source) : known(converted, source, { location });
}

/**
 * The Databricks side of a workspace whose configuration declares no Databricks objects (an ARM
 * template, or Terraform without the databricks provider): workspace-conf keys are never set (the
 * checks apply the platform defaults), the settings API settings have their defaults, and the
 * workspace's objects (clusters, jobs, …) are unknown.
 */
export function defaultDatabricks(
  base: DatabricksWorkspace,
  anchor: SourceLocation,
  source: string,
  why: string,
): DatabricksWorkspace {
  const workspaceConf: DatabricksWorkspace["workspaceConf"] = {};
  for (const key of Object.keys(WORKSPACE_CONF_KEYS))
    workspaceConf[key] = defaulted(null, source, anchor, `${why}; a new workspace starts with the platform default`);
  const setting = <T>(value: T) =>
    defaulted(value, source, anchor, `${why}; the default (${JSON.stringify(value)}) applies`);
  const unknownWhy = notDeclarable(`${why}: the workspace's objects are not declared`, source);
  return {
    ...base,
    workspaceConf,
    settings: {
      automaticClusterUpdate: setting(DATABRICKS_SETTING_DEFAULTS.automaticClusterUpdate as boolean),
      complianceSecurityProfile: setting({ enabled: false, standards: [] as string[] }),
      enhancedSecurityMonitoring: setting(DATABRICKS_SETTING_DEFAULTS.enhancedSecurityMonitoring as boolean),
      restrictWorkspaceAdmins: setting(DATABRICKS_SETTING_DEFAULTS.restrictWorkspaceAdmins as string),
      disableLegacyDbfs: setting(DATABRICKS_SETTING_DEFAULTS.disableLegacyDbfs as boolean),
      disableLegacyAccess: setting(DATABRICKS_SETTING_DEFAULTS.disableLegacyAccess as boolean),
      sqlResultsDownload: setting(DATABRICKS_SETTING_DEFAULTS.sqlResultsDownload as boolean),
    },
    ipAccessLists: unknownWhy,
    clusters: unknownWhy,
    jobs: unknownWhy,
    clusterPolicies: unknownWhy,
    secretScopes: unknownWhy,
  };
}

/**
 * The DBFS root storage account of a declared workspace: Azure Databricks creates it in the managed
 * resource group, so a configuration names it at most; every setting is unknown with that reason, but its
 * network access, which the workspace's default storage firewall decides (see dbfsRootNetwork).
 */
/** The use of a key vault the configuration declares that none of the workspace's keys or scopes reference. */
export const UNREFERENCED_VAULT =
  "declared in the configuration; its use by this workspace (keys, secret scopes) was not established";

export function dbfsRootAccount(
  workspace: string,
  name: string,
  source: string,
  declaredIn: string,
  firewall: AzureWorkspace["defaultStorageFirewall"],
): StorageAccount {
  const managed = notDeclarable(
    `the DBFS root storage account is created by Azure Databricks in the managed resource group; the ${declaredIn} does not declare its settings`,
    source,
  );
  return {
    ...dbfsRootNetwork(firewall, managed),
    id: `DBFS root of ${workspace}`,
    name,
    role: "dbfs-root",
    usedBy: [],
    allowBlobPublicAccess: managed,
    httpsOnly: managed,
    minimumTlsVersion: managed,
    privateEndpointCount: managed,
    infrastructureEncryption: managed,
    blobSoftDelete: managed,
    containerSoftDelete: managed,
    versioning: managed,
    locks: managed,
  };
}

/**
 * A resource's tags. A map whose keys are all known but some values are not (a value from a data source)
 * is known and `partial`: a required key that is certainly absent is a failure that stands, while a pass
 * resting on the unknown values is not shown (issue 15 item 5). The unknown values are kept as their
 * expression text, so the keys count as present and never as missing.
 */
export function tagsFact(
  tags: Value | undefined,
  source: string,
  anchor: SourceLocation,
  at: SourceLocation,
): Fact<Record<string, string>> {
  if (tags === undefined || tags === null) return defaulted({}, source, anchor, "no tags declared");
  if (isUnresolved(tags)) return unknown(`tags: ${tags.reason}`, source);
  if (!isMap(tags)) return unknown("tags: not a map", source);
  const unresolved = Object.entries(tags).filter(([, v]) => findUnresolved(v) !== undefined);
  const value = Object.fromEntries(Object.entries(tags).map(([k, v]) => [k, tagValue(v)]));
  const fact = known(value, source, { location: at });
  if (!unresolved.length) return fact;
  const why = unresolved.map(([k, v]) => `${k}: ${findUnresolved(v)?.reason}`).join("; ");
  return { ...fact, partial: `the value of ${unresolved.map(([k]) => k).join(", ")} is not known (${why})` };
}

/**
 * A tag's value as evidence. One that is not known is kept as its expression ("var.owner", or "(not known)"),
 * never "", so the key counts as present: an unknown value never makes a tag missing.
 */
export function tagValue(value: Value): string {
  const open = findUnresolved(value);
  if (!open) return asString(value) ?? "";
  return open.ref ? `\${${open.ref}${open.attr ? `.${open.attr}` : ""}}` : "(not known)";
}

/**
 * The DBFS root's network access as the workspace's default storage firewall sets it (issue 15 item 6, as
 * NET-12 reads it): Azure Databricks configures the managed account itself. Enabled: the account's firewall
 * denies by default and admits the access connector; off: the account accepts connections from any network.
 * A firewall setting that is not known leaves both unknown with its reason (a result of the configuration).
 */
function dbfsRootNetwork(
  firewall: AzureWorkspace["defaultStorageFirewall"],
  managed: UnknownFact,
): Pick<StorageAccount, "publicNetworkAccess" | "networkDefaultAction"> {
  if (firewall.status === "unknown") {
    const why = unknown(`the default storage firewall decides it: ${firewall.reason}`, firewall.source);
    return { publicNetworkAccess: why, networkDefaultAction: why };
  }
  const at = firewall.location ? { location: firewall.location } : {};
  const setting = firewall.note ? ` (${firewall.note})` : "";
  if (firewall.value.enabled)
    return {
      publicNetworkAccess: managed,
      networkDefaultAction: known("Deny", firewall.source, {
        ...at,
        note: `the workspace's default storage firewall is enabled${setting}: Azure Databricks sets the DBFS root's firewall to deny by default, admitting the access connector`,
      }),
    };
  const open = `the workspace's default storage firewall is off${setting}: the DBFS root accepts connections from any network`;
  return {
    publicNetworkAccess: known("Enabled", firewall.source, { ...at, note: open }),
    networkDefaultAction: known("Allow", firewall.source, { ...at, note: open }),
  };
}
