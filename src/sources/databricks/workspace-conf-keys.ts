/**
 * The workspace-conf keys lakeward reads, with what a never-set key (null) means. The meanings follow
 * the platform documentation and SAT's reading (reference/apis.md §1.1). Where the default is not fixed
 * (it varies with the workspace's age), `whenUnset` is undefined and a check must say `unknown`.
 */
export interface WorkspaceConfKey {
  /** What the setting governs, for reports. */
  governs: string;
  /** The effective value when the key was never set, if the platform documents one. */
  whenUnset: string | undefined;
}

export const WORKSPACE_CONF_KEYS = {
  enableIpAccessLists: { governs: "IP access lists enforced", whenUnset: "false" },
  enableTokensConfig: { governs: "personal access tokens allowed", whenUnset: "true" },
  maxTokenLifetimeDays: { governs: "maximum lifetime of new personal access tokens (days)", whenUnset: undefined },
  enableExportNotebook: { governs: "notebook export", whenUnset: "true" },
  enableNotebookTableClipboard: { governs: "copying notebook result tables to the clipboard", whenUnset: "true" },
  enableResultsDownloading: { governs: "notebook results download", whenUnset: "true" },
  enableUploadDataUis: { governs: "data upload UIs", whenUnset: "true" },
  enableDbfsFileBrowser: { governs: "DBFS file browser", whenUnset: "false" },
  enableWebTerminal: { governs: "web terminal on clusters", whenUnset: undefined },
  enableDeprecatedGlobalInitScripts: { governs: "legacy global init scripts", whenUnset: "false" },
  enableDeprecatedClusterNamedInitScripts: { governs: "legacy cluster-named init scripts", whenUnset: "false" },
  enforceUserIsolation: { governs: "forbids No-isolation-shared clusters", whenUnset: "false" },
  enableVerboseAuditLogs: { governs: "verbose audit logs", whenUnset: "false" },
  storeInteractiveNotebookResultsInCustomerAccount: {
    governs: "notebook results kept in the customer's storage",
    whenUnset: "false",
  },
  enableJobViewAcls: { governs: "job visibility ACLs", whenUnset: "true" },
  enforceClusterViewAcls: { governs: "cluster visibility ACLs", whenUnset: "true" },
  enforceWorkspaceViewAcls: { governs: "workspace object visibility ACLs", whenUnset: "true" },
  enableWorkspaceAclsConfig: { governs: "workspace object ACLs", whenUnset: undefined },
  enableProjectsAllowList: { governs: "Git URL allow-list enforced", whenUnset: "false" },
  projectsAllowList: { governs: "allowed Git URL prefixes", whenUnset: "" },
  enableFileStoreEndpoint: { governs: "FileStore /files/ endpoint", whenUnset: undefined },
  mlflowRunArtifactDownloadEnabled: { governs: "MLflow run artifact download", whenUnset: "true" },
  "enable-X-Frame-Options": { governs: "X-Frame-Options header", whenUnset: "true" },
  "enable-X-Content-Type-Options": { governs: "X-Content-Type-Options header", whenUnset: "true" },
  "enable-X-XSS-Protection": { governs: "X-XSS-Protection header", whenUnset: "true" },
  enableDcs: { governs: "custom container images (Databricks Container Services)", whenUnset: "false" },
} as const satisfies Record<string, WorkspaceConfKey>;

export type WorkspaceConfKeyName = keyof typeof WORKSPACE_CONF_KEYS;
export const WORKSPACE_CONF_KEY_NAMES = Object.keys(WORKSPACE_CONF_KEYS) as WorkspaceConfKeyName[];
