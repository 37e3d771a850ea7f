/** The options that say which workspaces to read and how to authenticate, shared by collect and scan. */
import { type Command, Option } from "commander";
import { safeEngineMessage } from "../detect/engine-errors.ts";
import { DEFAULT_STATEMENT_TIMEOUT_MS } from "../detect/warehouse.ts";
import { IncompleteError, InputError } from "../errors.ts";
import type { WorkspaceEvidence } from "../evidence/model.ts";
import { DEFAULT_ACCOUNT_HOST } from "../sources/account/collect.ts";
import { signInsFromLogs, signInsFromWarehouse } from "../sources/audit/sign-ins.ts";
import { checkEndpoint, DEFAULT_ARM_ENDPOINT } from "../sources/azure/arm.ts";
import { azureCredential } from "../sources/azure/credential.ts";
import { type CollectOptions, collect, type ProgressEvent, type TargetSelection } from "../sources/collect.ts";
import type { DatabricksAuthMode } from "../sources/databricks/auth.ts";
import { DEFAULT_MAX_TABLE_GRANTS } from "../sources/databricks/unity-catalog-objects.ts";
import { DEFAULT_SCAN_LIMITS } from "../sources/databricks/workspace-objects.ts";
import { DEFAULT_GRAPH_ENDPOINT } from "../sources/graph/collect.ts";
import { refuseUserinfo } from "../sources/http/databricks-client.ts";
import { DEFAULT_TIMEOUTS } from "../sources/http/deadline.ts";
import type { Problem } from "../sources/problems.ts";
import { readInputText } from "../util/read-input.ts";

export interface TargetFlags {
  host?: string;
  /** Repeatable on the command line; one per target in the config file. */
  subscription?: string | string[];
  allSubscriptions?: boolean;
  resourceGroup?: string;
  workspace?: string;
  workspaceResourceId?: string;
  armEndpoint: string;
  databricksAuth: DatabricksAuthMode;
  databricksProfile?: string;
  caFile?: string;
  parallel: string;
  requestTimeout: string;
  scanTimeout: string;
  accountId?: string;
  accountHost: string;
  graph?: boolean;
  graphEndpoint: string;
  notebookScan: boolean;
  maxNotebooks: string;
  maxAcls?: string;
  maxTableGrants?: string;
  auditLogs?: string[];
  auditWarehouse?: string;
  auditHost?: string;
}

export function addTargetOptions(command: Command): Command {
  return command
    .option("--host <url>", "workspace URL, e.g. https://adb-123.4.azuredatabricks.net (default: $DATABRICKS_HOST)")
    .option(
      "--subscription <id...>",
      "discover every workspace of these Azure subscriptions through ARM (repeatable; default: $AZURE_SUBSCRIPTION_ID)",
    )
    .option(
      "--all-subscriptions",
      "discover every workspace of every subscription the Azure credential can read (one that cannot be listed is reported, the others are read)",
    )
    .option("--resource-group <name>", "with --subscription: only this resource group")
    .option("--workspace <name>", "with --subscription (or --snapshot): only the workspace of this name")
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
    .option(
      "--max-acls <n>",
      "read the ACL or grants of at most this many jobs, clusters, warehouses, serving endpoints, catalogs, schemas … each",
      "200",
    )
    .option(
      "--max-table-grants <n>",
      "read the grants of at most this many Unity Catalog tables, and as many volumes",
      String(DEFAULT_MAX_TABLE_GRANTS),
    )
    .option("--ca-file <pem>", "extra CA certificates to trust (PEM), e.g. a TLS-inspecting proxy's")
    .option(
      "--parallel <n>",
      "most workspaces read at once (1-128); a scan starts with 16 and adds more while ARM and the account API keep up",
      "64",
    )
    .option(
      "--request-timeout <s>",
      "longest one API request may take, connection to last byte (seconds)",
      String(DEFAULT_TIMEOUTS.requestMs / 1000),
    )
    .option(
      "--scan-timeout <s>",
      "longest the whole collection may take; what is left is unknown with this named (seconds)",
      String(DEFAULT_TIMEOUTS.scanMs / 1000),
    );
}

export async function collectOptionsFrom(flags: TargetFlags): Promise<Omit<CollectOptions, "onProgress">> {
  const env = process.env;
  const target: TargetSelection = {};
  const named = [flags.subscription ?? []].flat().filter(Boolean);
  const host =
    flags.host ??
    (named.length || flags.allSubscriptions || flags.workspaceResourceId ? undefined : env.DATABRICKS_HOST);
  if (host) refuseUserinfo(host.includes("://") ? host : `https://${host}`, flags.host ? "--host" : "DATABRICKS_HOST");
  if (host)
    target.host = checkEndpoint(host.includes("://") ? host : `https://${host}`, "--host")
      .toString()
      .replace(/\/$/, "");
  if (flags.allSubscriptions && flags.workspaceResourceId)
    throw new InputError("--all-subscriptions and --workspace-resource-id name different things: give one of them");
  const subscriptions = named.length
    ? named
    : flags.workspaceResourceId || host || flags.allSubscriptions || !env.AZURE_SUBSCRIPTION_ID
      ? []
      : [env.AZURE_SUBSCRIPTION_ID];
  if (subscriptions[0]) target.subscriptionId = subscriptions[0];
  if (subscriptions.length > 1) target.subscriptionIds = subscriptions.slice(1);
  if (flags.allSubscriptions) target.allSubscriptions = true;
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
  if (!target.host && !target.subscriptionId && !target.resourceId && !target.allSubscriptions) {
    throw new InputError(
      "no workspace to read",
      "Give --host URL (or set DATABRICKS_HOST), --subscription ID (or --all-subscriptions) to discover workspaces, or --workspace-resource-id; `lakeward demo` shows a scan against the built-in emulator.",
    );
  }
  if ((flags.resourceGroup || flags.workspace) && !target.subscriptionId && !target.allSubscriptions)
    throw new InputError("--resource-group and --workspace need --subscription or --all-subscriptions");
  const parallel = Number(flags.parallel);
  if (!Number.isInteger(parallel) || parallel < 1 || parallel > 128)
    throw new InputError(`--parallel ${flags.parallel}: give a whole number from 1 to 128`);

  const ca = flags.caFile ? await readCaFile(flags.caFile) : undefined;
  const seconds = (value: string | undefined, flag: string, fallback: number): number => {
    if (value === undefined) return fallback;
    const number = Number(value);
    if (!(number >= 0.1 && number <= 86_400))
      throw new InputError(`${flag} ${value}: give a number of seconds from 0.1 to 86400`);
    return Math.round(number * 1000);
  };
  const timeouts = {
    requestMs: seconds(flags.requestTimeout, "--request-timeout", DEFAULT_TIMEOUTS.requestMs),
    scanMs: seconds(flags.scanTimeout, "--scan-timeout", DEFAULT_TIMEOUTS.scanMs),
  };
  const maxNotebooks = Number(flags.maxNotebooks);
  if (!Number.isInteger(maxNotebooks) || maxNotebooks < 0)
    throw new InputError(`--max-notebooks ${flags.maxNotebooks}: give a whole number`);
  const maxAclReads = Number(flags.maxAcls ?? "200");
  if (!Number.isInteger(maxAclReads) || maxAclReads < 0)
    throw new InputError(`--max-acls ${flags.maxAcls}: give a whole number`);
  const maxTableGrantReads = Number(flags.maxTableGrants ?? String(DEFAULT_MAX_TABLE_GRANTS));
  if (!Number.isInteger(maxTableGrantReads) || maxTableGrantReads < 0)
    throw new InputError(`--max-table-grants ${flags.maxTableGrants}: give a whole number`);
  const accountId = flags.accountId ?? env.DATABRICKS_ACCOUNT_ID;
  refuseUserinfo(flags.accountHost, "--account-host");
  const needsArm = Boolean(target.subscriptionId || target.allSubscriptions || target.resourceId || flags.graph);
  const options: Omit<CollectOptions, "onProgress"> = {
    target,
    databricksAuth: {
      mode: flags.databricksAuth,
      ...(flags.databricksProfile ? { profile: flags.databricksProfile } : {}),
    },
    parallel,
    timeouts,
    notebookScan: flags.notebookScan ? { ...DEFAULT_SCAN_LIMITS, maxObjects: maxNotebooks } : false,
    maxAclReads,
    maxTableGrantReads,
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
    refuseUserinfo(host.includes("://") ? host : `https://${host}`, "--audit-host");
    const warehouse = {
      host: checkEndpoint(host.includes("://") ? host : `https://${host}`, "--audit-host")
        .toString()
        .replace(/\/$/, ""),
      warehouseId: flags.auditWarehouse,
      auth: options.databricksAuth,
      // Within the scan's bound: a statement that would outlast --scan-timeout is cancelled; each request
      // (submit, poll, result chunk) within --request-timeout, as every other read of the scan.
      timeoutMs: Math.min(DEFAULT_STATEMENT_TIMEOUT_MS, timeouts.scanMs),
      requestTimeoutMs: timeouts.requestMs,
      ...(ca ? { ca } : {}),
    };
    try {
      options.signIns = await signInsFromWarehouse(warehouse);
    } catch (error) {
      if (error instanceof InputError) throw error;
      // One optional source failing costs only what it feeds (IAM-13), never the scan.
      options.signInsError = `could not read last sign-ins from system.access.audit on warehouse ${flags.auditWarehouse}: ${safeEngineMessage(error)}`;
    }
  }
  if (needsArm) {
    checkEndpoint(flags.armEndpoint, "--arm-endpoint");
    const azure = azureCredential(env);
    options.arm = {
      credential: azure.credential,
      // Scrubbed from every error text, with every token the credential hands out.
      secrets: azure.secrets,
      endpoint: flags.armEndpoint,
      ...(ca ? { ca } : {}),
    };
  }
  return options;
}

/** Reads --ca-file: a regular file within the certificate size limit that holds PEM certificates. */
export async function readCaFile(file: string): Promise<string> {
  let ca: string;
  try {
    ca = await readInputText(file, { kind: "certificate" });
  } catch (error) {
    if (error instanceof InputError) throw new InputError(`--ca-file ${error.message}`, error.hint);
    throw error;
  }
  if (!ca.includes("BEGIN CERTIFICATE")) throw new InputError(`--ca-file ${file}: line 1: not a PEM certificate file`);
  return ca;
}

/** What a target names, for a message about it. */
function describeTarget(flags: TargetFlags): string {
  if (flags.workspaceResourceId) return flags.workspaceResourceId;
  if (flags.allSubscriptions) return "every subscription";
  const subscriptions = [flags.subscription ?? []].flat();
  if (subscriptions.length) return `subscription ${subscriptions.join(", ")}`;
  return flags.host ?? "the default target";
}

/**
 * Collects every target (the command line's, or the config file's targets). A target that cannot be read at
 * all is recorded as a fatal run-level problem and the others are still read, so nothing already collected is
 * lost; when no target can be read the first error stands. Run-level problems of a target (a subscription that
 * could not be listed) are recorded the same way.
 */
export async function collectTargets(
  targets: readonly TargetFlags[],
  onProgress: (event: ProgressEvent) => void,
): Promise<{ evidence: WorkspaceEvidence[]; problems: Problem[] }> {
  const evidence: WorkspaceEvidence[] = [];
  const problems: Problem[] = [];
  let firstError: IncompleteError | undefined;
  for (const target of targets) {
    const options = await collectOptionsFrom(target);
    try {
      evidence.push(...(await collect({ ...options, onProgress, onProblem: (problem) => problems.push(problem) })));
    } catch (error) {
      if (!(error instanceof IncompleteError) || targets.length === 1) throw error;
      firstError ??= error;
      problems.push({
        source: describeTarget(target),
        message: error.message,
        fatal: true,
        ...(error.hint ? { hint: error.hint } : {}),
      });
    }
  }
  if (firstError && evidence.length === 0) throw firstError;
  return { evidence, problems };
}
