/**
 * Azure Databricks diagnostic log categories (Microsoft.Databricks/workspaces), used when the live
 * category list (diagnosticSettingsCategories) could not be read and for IaC, where there is no live
 * list. Source: Azure Monitor's supported-logs reference for Microsoft.Databricks/workspaces.
 */
export const KNOWN_DATABRICKS_LOG_CATEGORIES = [
  "accounts",
  "capsule8Dataplane",
  "clamAVScan",
  "cloudStorageMetadata",
  "clusterLibraries",
  "clusters",
  "databrickssql",
  "dbfs",
  "deltaPipelines",
  "featureStore",
  "genie",
  "gitCredentials",
  "globalInitScripts",
  "iamRole",
  "instancePools",
  "jobs",
  "marketplaceConsumer",
  "mlflowAcledArtifact",
  "mlflowExperiment",
  "modelRegistry",
  "notebook",
  "partnerHub",
  "RemoteHistoryService",
  "repos",
  "secrets",
  "serverlessRealTimeInference",
  "sqlanalytics",
  "sqlPermissions",
  "ssh",
  "unityCatalog",
  "webTerminal",
  "workspace",
] as const;

/** Category groups that cover every category of the resource. */
export const ALL_CATEGORY_GROUPS = ["allLogs", "audit"] as const;
