/**
 * Evidence fixtures for check tests: `goodEvidence()` is a workspace on which every check passes; a test
 * case edits the part its check reads. `k(value)` and `u(reason)` make known and unknown facts.
 */
import { type Fact, known, unknown } from "../../src/evidence/fact.ts";
import type { Cluster, WorkspaceEvidence } from "../../src/evidence/model.ts";
import { WORKSPACE_CONF_KEY_NAMES } from "../../src/sources/databricks/workspace-conf-keys.ts";

export const NOW = new Date("2026-11-20T12:00:00Z");
const DAY = 86_400_000;
export const daysAgo = (days: number) => new Date(NOW.getTime() - days * DAY).toISOString();
export const daysAhead = (days: number) => new Date(NOW.getTime() + days * DAY).toISOString();

export const k = <T>(value: T): Fact<T> => known(value, "test fixture");
export const u = (reason = "HTTP 403 PERMISSION_DENIED: test"): Fact<never> => unknown(reason, "test fixture");

const SUB = "/subscriptions/s/resourceGroups/rg/providers";
const vault = "https://kv.vault.azure.net/";

export function goodCluster(overrides: Partial<Cluster> = {}): Cluster {
  return {
    id: "0101-000000-good0001",
    name: "shared",
    state: "RUNNING",
    source: "UI",
    accessMode: "USER_ISOLATION",
    singleUserName: null,
    sparkVersion: "15.4.x-scala2.12",
    creator: "dana@example.com",
    startTime: daysAgo(2),
    lastRestartedTime: null,
    autoterminationMinutes: 60,
    policyId: "P1",
    localDiskEncryption: true,
    tags: { CostCenter: "1", Owner: "x" },
    initScripts: [],
    sparkConf: [],
    sparkEnvVars: [],
    ...overrides,
  };
}

const HARDENED_CONF: Record<string, string | null> = {
  enableIpAccessLists: "true",
  enableTokensConfig: "true",
  maxTokenLifetimeDays: "30",
  enableExportNotebook: "false",
  enableNotebookTableClipboard: "false",
  enableResultsDownloading: "false",
  enableUploadDataUis: "false",
  enableDbfsFileBrowser: "false",
  enableWebTerminal: "false",
  enableDeprecatedGlobalInitScripts: "false",
  enableDeprecatedClusterNamedInitScripts: "false",
  enforceUserIsolation: "true",
  enableVerboseAuditLogs: "true",
  storeInteractiveNotebookResultsInCustomerAccount: "true",
  enableJobViewAcls: "true",
  enforceClusterViewAcls: "true",
  enforceWorkspaceViewAcls: "true",
  enableWorkspaceAclsConfig: "true",
  enableProjectsAllowList: "true",
  projectsAllowList: "https://github.com/contoso/",
  enableFileStoreEndpoint: "false",
  mlflowRunArtifactDownloadEnabled: "false",
  "enable-X-Frame-Options": "true",
  "enable-X-Content-Type-Options": "true",
  "enable-X-XSS-Protection": "true",
  enableDcs: "false",
};

export function goodEvidence(): WorkspaceEvidence {
  const workspaceConf = Object.fromEntries(WORKSPACE_CONF_KEY_NAMES.map((key) => [key, k(HARDENED_CONF[key] ?? null)]));
  return {
    workspace: {
      name: "ws",
      host: "https://adb-1.1.azuredatabricks.net",
      resourceId: `${SUB}/Microsoft.Databricks/workspaces/ws`,
      workspaceId: "1",
      location: "westeurope",
      origin: "live",
    },
    azure: {
      sku: k("premium"),
      computeMode: k("Hybrid"),
      noPublicIp: k(true),
      vnetInjection: k({
        vnetId: `${SUB}/Microsoft.Network/virtualNetworks/v`,
        publicSubnetName: "host",
        privateSubnetName: "container",
      }),
      subnets: k([
        {
          role: "public",
          id: `${SUB}/Microsoft.Network/virtualNetworks/v/subnets/host`,
          nsgId: `${SUB}/Microsoft.Network/networkSecurityGroups/n`,
          routeTableId: null,
          natGatewayId: null,
          delegations: ["Microsoft.Databricks/workspaces"],
        },
        {
          role: "private",
          id: `${SUB}/Microsoft.Network/virtualNetworks/v/subnets/container`,
          nsgId: `${SUB}/Microsoft.Network/networkSecurityGroups/n`,
          routeTableId: null,
          natGatewayId: null,
          delegations: ["Microsoft.Databricks/workspaces"],
        },
      ]),
      publicNetworkAccess: k("Disabled"),
      requiredNsgRules: k("NoAzureDatabricksRules"),
      privateEndpointConnections: k([
        {
          id: "pec-1",
          privateEndpointId: `${SUB}/Microsoft.Network/privateEndpoints/pe`,
          groupIds: ["databricks_ui_api"],
          status: "Approved",
        },
      ]),
      managedServicesCmk: k({ keyVaultUri: vault, keyName: "services", keyVersion: "1" }),
      dbfsCmk: k({ prepared: true, key: { keyVaultUri: vault, keyName: "dbfs", keyVersion: "1" } }),
      managedDiskCmk: k({ keyVaultUri: vault, keyName: "disks", keyVersion: "1", rotateToLatestVersion: true }),
      infrastructureEncryption: k(true),
      diagnosticSettings: k([
        {
          name: "all",
          destinations: {
            logAnalyticsWorkspaceId: `${SUB}/Microsoft.OperationalInsights/workspaces/law`,
            storageAccountId: null,
            eventHubAuthorizationRuleId: null,
            marketplacePartnerId: null,
          },
          logs: [{ category: null, categoryGroup: "allLogs", enabled: true }],
        },
      ]),
      diagnosticCategories: k(["accounts", "clusters", "notebook", "workspace"]),
      tags: k({ CostCenter: "1", Owner: "x" }),
    },
    databricks: {
      workspaceConf,
      ipAccessLists: k([{ id: "1", label: "corp", type: "ALLOW", addresses: ["203.0.113.0/24"], enabled: true }]),
      tokens: k([
        {
          id: "t1",
          createdBy: "sp",
          ownerId: "1",
          createdAt: daysAgo(5),
          expiresAt: daysAhead(25),
          lastUsedDay: daysAgo(1),
          comment: "ci",
        },
      ]),
      tokenPermissions: k([
        { principal: "automation", principalType: "group", permissions: [{ level: "CAN_USE", inherited: false }] },
      ]),
      clusters: k([goodCluster()]),
      admins: k([
        { id: "1", name: "a@example.com", displayName: "a", type: "user", via: null },
        { id: "2", name: "b@example.com", displayName: "b", type: "user", via: null },
      ]),
    },
    collection: { startedAt: NOW.toISOString(), finishedAt: NOW.toISOString(), requests: 0, retries: 0, problems: [] },
  };
}

/** Sets a workspace-conf key (null = never set). */
export function conf(evidence: WorkspaceEvidence, key: string, value: string | null | Fact<string | null>): void {
  evidence.databricks.workspaceConf[key] = value !== null && typeof value === "object" ? value : k(value);
}
