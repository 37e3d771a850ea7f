/**
 * The evidence model: one typed, versioned description of a workspace, filled by the live collectors
 * (and, later, by the IaC readers) and read by the checks. Every leaf a check reads is a Fact, so a
 * field a source could not read says why instead of pretending to a default.
 *
 * It never holds a secret value: Spark conf values are kept only for known non-secret keys, everything
 * else becomes a fingerprint (see redact/).
 */
import { z } from "zod";
import { factSchema } from "./fact.ts";

export const EVIDENCE_SCHEMA_VERSION = 1;

const isoTime = z.string().describe("ISO 8601 timestamp");

// --- Azure Resource Manager -------------------------------------------------------------------------

export const keyReferenceSchema = z.object({
  keyVaultUri: z.string(),
  keyName: z.string(),
  keyVersion: z.string().nullable(),
});
export type KeyReference = z.infer<typeof keyReferenceSchema>;

export const vnetInjectionSchema = z.object({
  vnetId: z.string(),
  publicSubnetName: z.string().nullable(),
  privateSubnetName: z.string().nullable(),
});
export type VnetInjection = z.infer<typeof vnetInjectionSchema>;

export const subnetSchema = z.object({
  role: z.enum(["public", "private"]),
  id: z.string(),
  nsgId: z.string().nullable(),
  routeTableId: z.string().nullable(),
  natGatewayId: z.string().nullable(),
  delegations: z.array(z.string()),
});
export type Subnet = z.infer<typeof subnetSchema>;

export const privateEndpointConnectionSchema = z.object({
  id: z.string(),
  privateEndpointId: z.string().nullable(),
  groupIds: z.array(z.string()),
  status: z.string().describe("Approved | Pending | Rejected | Disconnected"),
});
export type PrivateEndpointConnection = z.infer<typeof privateEndpointConnectionSchema>;

export const diagnosticSettingSchema = z.object({
  name: z.string(),
  destinations: z.object({
    logAnalyticsWorkspaceId: z.string().nullable(),
    storageAccountId: z.string().nullable(),
    eventHubAuthorizationRuleId: z.string().nullable(),
    marketplacePartnerId: z.string().nullable(),
  }),
  logs: z.array(
    z.object({
      category: z.string().nullable(),
      categoryGroup: z.string().nullable(),
      enabled: z.boolean(),
    }),
  ),
});
export type DiagnosticSetting = z.infer<typeof diagnosticSettingSchema>;

export const managedDiskCmkSchema = keyReferenceSchema.extend({ rotateToLatestVersion: z.boolean() });

export const azureWorkspaceSchema = z.object({
  sku: factSchema(z.string()).describe("premium | standard | trial"),
  computeMode: factSchema(z.enum(["Hybrid", "Serverless"])),
  noPublicIp: factSchema(z.boolean()),
  vnetInjection: factSchema(vnetInjectionSchema.nullable()).describe(
    "null: the workspace uses a Databricks-managed VNet",
  ),
  subnets: factSchema(z.array(subnetSchema)).describe("the injected subnets; empty without VNet injection"),
  publicNetworkAccess: factSchema(z.enum(["Enabled", "Disabled"])),
  requiredNsgRules: factSchema(z.string()),
  privateEndpointConnections: factSchema(z.array(privateEndpointConnectionSchema)),
  managedServicesCmk: factSchema(keyReferenceSchema.nullable()),
  dbfsCmk: factSchema(z.object({ prepared: z.boolean(), key: keyReferenceSchema.nullable() })),
  managedDiskCmk: factSchema(managedDiskCmkSchema.nullable()),
  infrastructureEncryption: factSchema(z.boolean()),
  diagnosticSettings: factSchema(z.array(diagnosticSettingSchema)),
  diagnosticCategories: factSchema(z.array(z.string())).describe("log categories the resource offers"),
  tags: factSchema(z.record(z.string(), z.string())),
});
export type AzureWorkspace = z.infer<typeof azureWorkspaceSchema>;

// --- Databricks workspace API -----------------------------------------------------------------------

export const ipAccessListSchema = z.object({
  id: z.string(),
  label: z.string(),
  type: z.enum(["ALLOW", "BLOCK"]),
  addresses: z.array(z.string()),
  enabled: z.boolean(),
});
export type IpAccessList = z.infer<typeof ipAccessListSchema>;

export const tokenInfoSchema = z.object({
  id: z.string(),
  createdBy: z.string().nullable(),
  ownerId: z.string().nullable(),
  createdAt: isoTime.nullable(),
  expiresAt: isoTime.nullable().describe("null: the token never expires"),
  lastUsedDay: isoTime.nullable(),
  comment: z.string().nullable(),
});
export type TokenInfo = z.infer<typeof tokenInfoSchema>;

export const principalTypeSchema = z.enum(["user", "group", "servicePrincipal"]);
export type PrincipalType = z.infer<typeof principalTypeSchema>;

export const aclEntrySchema = z.object({
  principal: z.string(),
  principalType: principalTypeSchema,
  permissions: z.array(z.object({ level: z.string(), inherited: z.boolean() })),
});
export type AclEntry = z.infer<typeof aclEntrySchema>;

export const principalSchema = z.object({
  id: z.string(),
  name: z.string().describe("userName, applicationId or displayName"),
  displayName: z.string().nullable(),
  type: principalTypeSchema,
  via: z.string().nullable().describe("the nested group through which the principal is a member, if any"),
});
export type Principal = z.infer<typeof principalSchema>;

/** A Spark conf or environment entry. Values are kept only when the key is known not to carry secrets. */
export const confEntrySchema = z.object({
  key: z.string(),
  value: z.string().optional(),
  fingerprint: z.string().optional(),
  secretReference: z.boolean().describe("the value is a {{secrets/scope/key}} reference"),
  sensitiveKey: z.boolean().describe("the key's name suggests a credential"),
});
export type ConfEntry = z.infer<typeof confEntrySchema>;

export const clusterSchema = z.object({
  id: z.string(),
  name: z.string(),
  state: z.string().nullable(),
  source: z.string().nullable().describe("UI | API | JOB | PIPELINE | SQL | MODELS ..."),
  accessMode: z.string().nullable().describe("data_security_mode as the API returns it"),
  singleUserName: z.string().nullable(),
  sparkVersion: z.string().nullable(),
  creator: z.string().nullable(),
  startTime: isoTime.nullable(),
  lastRestartedTime: isoTime.nullable(),
  autoterminationMinutes: z.number().nullable(),
  policyId: z.string().nullable(),
  localDiskEncryption: z.boolean().nullable(),
  tags: z.record(z.string(), z.string()),
  initScripts: z.array(z.object({ type: z.string(), destination: z.string() })),
  sparkConf: z.array(confEntrySchema),
  sparkEnvVars: z.array(confEntrySchema),
});
export type Cluster = z.infer<typeof clusterSchema>;

export const databricksWorkspaceSchema = z.object({
  workspaceConf: z
    .record(z.string(), factSchema(z.string().nullable()))
    .describe("workspace-conf keys; a null value means the key was never set"),
  ipAccessLists: factSchema(z.array(ipAccessListSchema)),
  tokens: factSchema(z.array(tokenInfoSchema)),
  tokenPermissions: factSchema(z.array(aclEntrySchema)),
  clusters: factSchema(z.array(clusterSchema)),
  admins: factSchema(z.array(principalSchema)),
});
export type DatabricksWorkspace = z.infer<typeof databricksWorkspaceSchema>;

// --- one workspace --------------------------------------------------------------------------------

export const workspaceIdentitySchema = z.object({
  name: z.string(),
  host: z.string().nullable().describe("workspace URL"),
  resourceId: z.string().nullable().describe("ARM resource id"),
  workspaceId: z.string().nullable(),
  location: z.string().nullable(),
  origin: z.enum(["live", "terraform", "arm-template"]),
});
export type WorkspaceIdentity = z.infer<typeof workspaceIdentitySchema>;

export const collectionProblemSchema = z.object({
  source: z.string(),
  message: z.string(),
  fatal: z.boolean().optional().describe("the source could not be read at all (host unreachable, credentials refused)"),
});

export const workspaceEvidenceSchema = z.object({
  workspace: workspaceIdentitySchema,
  azure: azureWorkspaceSchema,
  databricks: databricksWorkspaceSchema,
  collection: z.object({
    startedAt: isoTime,
    finishedAt: isoTime,
    requests: z.number().int().nonnegative(),
    retries: z.number().int().nonnegative(),
    problems: z.array(collectionProblemSchema),
  }),
});
export type WorkspaceEvidence = z.infer<typeof workspaceEvidenceSchema>;

/** Fills every field of a section with the same unknown reason, for a source that could not be read at all. */
export function unknownSection<T extends Record<string, unknown>>(
  keys: readonly (keyof T)[],
  reason: string,
  source: string,
): T {
  return Object.fromEntries(keys.map((key) => [key, { status: "unknown", reason, source }])) as T;
}

export const AZURE_FIELDS = Object.keys(azureWorkspaceSchema.shape) as (keyof AzureWorkspace)[];
export const DATABRICKS_LIST_FIELDS = (
  Object.keys(databricksWorkspaceSchema.shape) as (keyof DatabricksWorkspace)[]
).filter((key) => key !== "workspaceConf");
