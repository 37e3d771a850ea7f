/** The options that say which workspaces to read and how to authenticate, shared by collect and scan. */
import { readFile } from "node:fs/promises";
import { type Command, Option } from "commander";
import { InputError } from "../errors.ts";
import { DEFAULT_ACCOUNT_HOST } from "../sources/account/collect.ts";
import { signInsFromLogs, signInsFromWarehouse } from "../sources/audit/sign-ins.ts";
import { checkEndpoint, DEFAULT_ARM_ENDPOINT } from "../sources/azure/arm.ts";
import { azureCredential } from "../sources/azure/credential.ts";
import type { CollectOptions, TargetSelection } from "../sources/collect.ts";
import type { DatabricksAuthMode } from "../sources/databricks/auth.ts";
import { DEFAULT_SCAN_LIMITS } from "../sources/databricks/workspace-objects.ts";
import { DEFAULT_GRAPH_ENDPOINT } from "../sources/graph/collect.ts";

export interface TargetFlags {
  host?: string;
  subscription?: string;
  resourceGroup?: string;
  workspace?: string;
  workspaceResourceId?: string;
  armEndpoint: string;
  databricksAuth: DatabricksAuthMode;
  databricksProfile?: string;
  caFile?: string;
  parallel: string;
  accountId?: string;
  accountHost: string;
  graph?: boolean;
  graphEndpoint: string;
  notebookScan: boolean;
  maxNotebooks: string;
  auditLogs?: string[];
  auditWarehouse?: string;
  auditHost?: string;
}

export function addTargetOptions(command: Command): Command {
  return command
    .option("--host <url>", "workspace URL, e.g. https://adb-123.4.azuredatabricks.net (default: $DATABRICKS_HOST)")
    .option(
      "--subscription <id>",
      "discover every workspace of this Azure subscription through ARM (default: $AZURE_SUBSCRIPTION_ID)",
    )
    .option("--resource-group <name>", "with --subscription: only this resource group")
    .option("--workspace <name>", "with --subscription: only the workspace of this name")
    .option("--workspace-resource-id <id>", "one workspace by its ARM resource id")
    .option(
      "--arm-endpoint <url>",
      "Azure Resource Manager endpoint",
      process.env.LAKEWARD_ARM_ENDPOINT ?? DEFAULT_ARM_ENDPOINT,
    )
    .addOption(
      new Option(
        "--databricks-auth <mode>",
        "how to authenticate to workspaces: sdk = DATABRICKS_* variables, ~/.databrickscfg, Azure CLI; azure = Entra ID token from DefaultAzureCredential",
      )
        .choices(["sdk", "azure"])
        .default("sdk"),
    )
    .option("--databricks-profile <name>", "a profile of ~/.databrickscfg")
    .option(
      "--account-id <id>",
      "also read the Databricks account API (account IP access lists, network policies, account defaults) (default: $DATABRICKS_ACCOUNT_ID)",
    )
    .option("--account-host <url>", "account API host", process.env.LAKEWARD_ACCOUNT_HOST ?? DEFAULT_ACCOUNT_HOST)
    .option(
      "--graph",
      "also read Conditional Access from Microsoft Graph (Policy.Read.All; add User.Read.All, GroupMember.Read.All, RoleManagement.Read.Directory to check every user)",
    )
    .option(
      "--graph-endpoint <url>",
      "Microsoft Graph endpoint",
      process.env.LAKEWARD_GRAPH_ENDPOINT ?? DEFAULT_GRAPH_ENDPOINT,
    )
    .option(
      "--audit-logs <path...>",
      "audit log files or folders (any format `lakeward detect` reads) for last sign-ins (IAM-13)",
    )
    .option("--audit-warehouse <id>", "a SQL warehouse to read last sign-ins from system.access.audit (IAM-13)")
    .option("--audit-host <url>", "the workspace of --audit-warehouse (default: --host or $DATABRICKS_HOST)")
    .option("--no-notebook-scan", "do not export notebooks and workspace files to scan them for hard-coded credentials")
    .option("--max-notebooks <n>", "export and scan at most this many notebooks and files per workspace", "500")
    .option("--ca-file <pem>", "extra CA certificates to trust (PEM), e.g. a TLS-inspecting proxy's")
    .option("--parallel <n>", "workspaces read at once", "4");
}

export async function collectOptionsFrom(flags: TargetFlags): Promise<Omit<CollectOptions, "onProgress">> {
  const env = process.env;
  const target: TargetSelection = {};
  const host = flags.host ?? (flags.subscription || flags.workspaceResourceId ? undefined : env.DATABRICKS_HOST);
  if (host)
    target.host = checkEndpoint(host.includes("://") ? host : `https://${host}`, "--host")
      .toString()
      .replace(/\/$/, "");
  const subscription =
    flags.subscription ?? (flags.workspaceResourceId || host ? undefined : env.AZURE_SUBSCRIPTION_ID);
  if (subscription) target.subscriptionId = subscription;
  if (flags.resourceGroup) target.resourceGroup = flags.resourceGroup;
  if (flags.workspace) target.workspaceName = flags.workspace;
  if (flags.workspaceResourceId) {
    if (
      !/^\/subscriptions\/[^/]+\/resourceGroups\/[^/]+\/providers\/Microsoft\.Databricks\/workspaces\/[^/]+$/i.test(
        flags.workspaceResourceId,
      )
    ) {
      throw new InputError(
        `--workspace-resource-id ${flags.workspaceResourceId} is not a Microsoft.Databricks/workspaces resource id`,
        "It looks like /subscriptions/SUB/resourceGroups/RG/providers/Microsoft.Databricks/workspaces/NAME.",
      );
    }
    target.resourceId = flags.workspaceResourceId;
  }
  if (!target.host && !target.subscriptionId && !target.resourceId) {
    throw new InputError(
      "no workspace to read",
      "Give --host URL (or set DATABRICKS_HOST), --subscription ID to discover workspaces, or --workspace-resource-id; `lakeward demo` shows a scan against the built-in emulator.",
    );
  }
  if ((flags.resourceGroup || flags.workspace) && !target.subscriptionId)
    throw new InputError("--resource-group and --workspace need --subscription");
  const parallel = Number(flags.parallel);
  if (!Number.isInteger(parallel) || parallel < 1 || parallel > 32)
    throw new InputError(`--parallel ${flags.parallel}: give a whole number from 1 to 32`);

  let ca: string | undefined;
  if (flags.caFile) {
    try {
      ca = await readFile(flags.caFile, "utf8");
    } catch {
      throw new InputError(`--ca-file ${flags.caFile}: cannot read the file`);
    }
    if (!ca.includes("BEGIN CERTIFICATE"))
      throw new InputError(`--ca-file ${flags.caFile}: line 1: not a PEM certificate file`);
  }
  const maxNotebooks = Number(flags.maxNotebooks);
  if (!Number.isInteger(maxNotebooks) || maxNotebooks < 0)
    throw new InputError(`--max-notebooks ${flags.maxNotebooks}: give a whole number`);
  const accountId = flags.accountId ?? env.DATABRICKS_ACCOUNT_ID;
  const needsArm = Boolean(target.subscriptionId || target.resourceId || flags.graph);
  const options: Omit<CollectOptions, "onProgress"> = {
    target,
    databricksAuth: {
      mode: flags.databricksAuth,
      ...(flags.databricksProfile ? { profile: flags.databricksProfile } : {}),
    },
    parallel,
    notebookScan: flags.notebookScan ? { ...DEFAULT_SCAN_LIMITS, maxObjects: maxNotebooks } : false,
    ...(ca ? { ca } : {}),
    ...(accountId ? { account: { accountId, host: flags.accountHost } } : {}),
    ...(flags.graph ? { graph: { endpoint: flags.graphEndpoint } } : {}),
  };
  if (flags.auditLogs?.length) {
    options.signIns = await signInsFromLogs(flags.auditLogs);
  } else if (flags.auditWarehouse) {
    const host = flags.auditHost ?? target.host ?? env.DATABRICKS_HOST;
    if (!host)
      throw new InputError("--audit-warehouse needs the warehouse's workspace", "Give --audit-host URL (or --host).");
    options.signIns = await signInsFromWarehouse({
      host: checkEndpoint(host.includes("://") ? host : `https://${host}`, "--audit-host")
        .toString()
        .replace(/\/$/, ""),
      warehouseId: flags.auditWarehouse,
      auth: options.databricksAuth,
      ...(ca ? { ca } : {}),
    });
  }
  if (needsArm) {
    checkEndpoint(flags.armEndpoint, "--arm-endpoint");
    options.arm = { credential: azureCredential(env).credential, endpoint: flags.armEndpoint, ...(ca ? { ca } : {}) };
  }
  return options;
}
