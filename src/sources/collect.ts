/**
 * Collection: finds the workspaces to read (through ARM, or one host given directly), reads each one's
 * Azure, Databricks, account and Entra sides into evidence, and reports progress. Workspaces are read a
 * few at a time; a workspace that fails does not stop the others. Account-wide and tenant-wide facts are
 * read once per run and shared.
 */
import type { Workspace } from "@azure/arm-databricks";
import PQueue from "p-queue";
import { IncompleteError } from "../errors.ts";
import {
  type Account,
  accountSchema,
  type DatabricksWorkspace,
  databricksWorkspaceSchema,
  entraSchema,
  type WorkspaceEvidence,
} from "../evidence/model.ts";
import { allUnknown } from "../evidence/unknown.ts";
import { type AccountWide, accountEvidence, readAccountWide, readNetworkPolicy } from "./account/collect.ts";
import { type SignInIndex, signInsFact } from "./audit/sign-ins.ts";
import { type ArmConnection, checkEndpoint, isLoopback } from "./azure/arm.ts";
import { ArmReader } from "./azure/arm-reader.ts";
import {
  azureUnknown,
  collectAzure,
  collectAzureDependents,
  discoverWorkspaces,
  getWorkspace,
} from "./azure/collect.ts";
import { type DatabricksAuthOptions, databricksConfig } from "./databricks/auth.ts";
import { collectDatabricks } from "./databricks/collect.ts";
import { WORKSPACE_CONF_KEY_NAMES } from "./databricks/workspace-conf-keys.ts";
import type { NotebookScanLimits } from "./databricks/workspace-objects.ts";
import { GRAPH_SCOPE, readConditionalAccess, readDirectoryMembers } from "./graph/collect.ts";
import { ApiFailure, failureHint } from "./http/api-failure.ts";
import { ReadOnlyApiClient, type TransportStats } from "./http/databricks-client.ts";
import type { RetryPolicy } from "./http/retry.ts";
import type { Problem } from "./problems.ts";

export interface TargetSelection {
  /** A workspace URL, read through the Databricks API only (or with `resourceId`, through both). */
  host?: string;
  /** The workspace's ARM resource id. */
  resourceId?: string;
  /** Discover every workspace of this subscription (optionally one resource group / one name). */
  subscriptionId?: string;
  resourceGroup?: string;
  workspaceName?: string;
}

export interface CollectOptions {
  target: TargetSelection;
  /** ARM connection; without it only the Databricks side is read. */
  arm?: Omit<ArmConnection, "subscriptionId" | "stats">;
  databricksAuth: DatabricksAuthOptions;
  /** The Databricks account API; without it the account facts are unknown. */
  account?: { accountId: string; host: string };
  /** Microsoft Graph (Conditional Access); without it those facts are unknown. */
  graph?: { endpoint: string };
  /** Last sign-ins read from audit logs or system.access.audit (see audit/sign-ins.ts). */
  signIns?: SignInIndex;
  /** Limits of the notebook credential scan, or false to skip it. */
  notebookScan?: NotebookScanLimits | false;
  ca?: string;
  /** Workspaces read at once. */
  parallel?: number;
  /** Retry timing for the Databricks API (tests shorten it). */
  retry?: RetryPolicy;
  onProgress?: (event: ProgressEvent) => void;
}

export type ProgressEvent =
  | { kind: "discovered"; count: number }
  | { kind: "workspace-start"; name: string; index: number; total: number }
  | {
      kind: "workspace-done";
      name: string;
      index: number;
      total: number;
      requests: number;
      retries: number;
      problems: number;
      ms: number;
    };

/** The base URL of a workspace from ARM's `workspaceUrl` (a bare host name). */
export function workspaceBaseUrl(workspaceUrl: string, armEndpoint: string | undefined): string {
  if (/^https?:\/\//.test(workspaceUrl)) return workspaceUrl.replace(/\/$/, "");
  // An emulator on loopback serves plain HTTP; real workspaces are always https.
  const arm = armEndpoint ? new URL(armEndpoint) : undefined;
  const host = workspaceUrl.split(":")[0] ?? "";
  const scheme = arm?.protocol === "http:" && isLoopback(host) ? "http" : "https";
  return `${scheme}://${workspaceUrl}`;
}

function databricksUnknown(reason: string): DatabricksWorkspace {
  return allUnknown(databricksWorkspaceSchema, reason, "Databricks workspace API", WORKSPACE_CONF_KEY_NAMES);
}

interface PlannedWorkspace {
  name: string;
  host: string | null;
  arm: Workspace | null;
  armProblem: string | null;
  /** ARM was asked for and failed (as opposed to not configured). */
  armFatal: boolean;
}

interface Plan {
  workspaces: PlannedWorkspace[];
  /** Every workspace of the subscription, for the estate-wide checks. */
  siblings: Workspace[];
}

async function plan(options: CollectOptions): Promise<Plan> {
  const { target } = options;
  const armStats = { requests: 0, retries: 0 };
  if (target.resourceId || target.subscriptionId) {
    if (!options.arm) throw new IncompleteError("reading Azure Resource Manager needs a credential");
    const subscriptionId =
      target.subscriptionId ?? /\/subscriptions\/([^/]+)/i.exec(target.resourceId ?? "")?.[1] ?? "";
    const connection: ArmConnection = { ...options.arm, subscriptionId, stats: armStats };
    try {
      let siblings: Workspace[];
      let found: Workspace[];
      if (target.resourceId) {
        found = [await getWorkspace(connection, target.resourceId)];
        // The rest of the subscription only feeds the estate-wide inventory; its failure is not fatal.
        siblings = await discoverWorkspaces(connection).catch(() => found);
      } else {
        siblings = await discoverWorkspaces(
          connection,
          target.resourceGroup ? { resourceGroup: target.resourceGroup } : {},
        );
        const wanted = target.workspaceName?.toLowerCase();
        found = siblings.filter((workspace) => !wanted || workspace.name?.toLowerCase() === wanted);
      }
      return {
        siblings,
        workspaces: found.map((workspace) => ({
          name: workspace.name ?? workspace.id ?? "workspace",
          host:
            target.host ??
            (workspace.workspaceUrl ? workspaceBaseUrl(workspace.workspaceUrl, options.arm?.endpoint) : null),
          arm: workspace,
          armProblem: null,
          armFatal: false,
        })),
      };
    } catch (error) {
      const failure =
        error instanceof ApiFailure
          ? error
          : new ApiFailure({ endpoint: "ARM", kind: "network", detail: String(error) });
      // With a host given, the Databricks side can still be read; ARM facts become unknown.
      if (target.host) {
        return {
          siblings: [],
          workspaces: [
            {
              name: new URL(target.host).hostname,
              host: target.host,
              arm: null,
              armProblem: failure.message,
              armFatal: true,
            },
          ],
        };
      }
      throw new IncompleteError(`could not list workspaces: ${failure.message}`, failureHint(failure));
    }
  }
  if (target.host) {
    return {
      siblings: [],
      workspaces: [
        {
          name: new URL(target.host).hostname,
          host: target.host,
          arm: null,
          armProblem:
            "Azure Resource Manager not read: give --subscription or --workspace-resource-id to judge the Azure side",
          armFatal: false,
        },
      ],
    };
  }
  throw new IncompleteError("nothing to collect: no workspace host, resource id or subscription given");
}

/** Account-wide and tenant-wide facts, read once per run by whichever workspace asks first. */
interface Shared {
  account?: { client: ReadOnlyApiClient; accountId: string; wide: Promise<AccountWide>; problems: Problem[] };
  entra?: Promise<WorkspaceEvidence["entra"]>;
  entraProblems: Problem[];
}

function shared(options: CollectOptions, stats: TransportStats): Shared {
  const result: Shared = { entraProblems: [] };
  if (options.account) {
    const client = new ReadOnlyApiClient(
      databricksConfig(
        checkEndpoint(options.account.host, "--account-host").toString().replace(/\/$/, ""),
        options.databricksAuth,
      ),
      {
        ...(options.ca ? { ca: options.ca } : {}),
        ...(options.retry ? { retry: options.retry } : {}),
        stats,
      },
    );
    const problems: Problem[] = [];
    result.account = {
      client,
      accountId: options.account.accountId,
      problems,
      wide: readAccountWide(client, options.account.accountId, problems),
    };
  }
  if (options.graph) {
    const credential = options.arm?.credential;
    if (!credential) {
      result.entra = Promise.resolve(
        allUnknown(entraSchema, "Microsoft Graph needs an Azure credential (the same as for ARM)", "Microsoft Graph"),
      );
    } else {
      const graph = new ArmReader({
        credential,
        endpoint: options.graph.endpoint,
        scope: GRAPH_SCOPE,
        stats,
        label: "Graph",
        ...(options.ca ? { ca: options.ca } : {}),
      });
      result.entra = readConditionalAccess(graph, result.entraProblems).then(async (conditionalAccessPolicies) => ({
        conditionalAccessPolicies,
        directoryMembers: await readDirectoryMembers(graph, conditionalAccessPolicies, result.entraProblems),
      }));
    }
  }
  return result;
}

async function readAccount(context: Shared, workspaceId: string | null, problems: Problem[]): Promise<Account> {
  if (!context.account)
    return allUnknown(accountSchema, "the account API was not read (give --account-id)", "Databricks account API");
  const wide = await context.account.wide;
  problems.push(...context.account.problems);
  const networkPolicy = await readNetworkPolicy(
    context.account.client,
    context.account.accountId,
    workspaceId,
    problems,
  );
  return accountEvidence(wide, networkPolicy);
}

async function collectOne(
  options: CollectOptions,
  planned: PlannedWorkspace,
  siblings: Workspace[],
  context: Shared,
): Promise<WorkspaceEvidence> {
  const startedAt = new Date();
  const problems: Problem[] = [];
  const stats = { requests: 0, retries: 0 };
  if (planned.armProblem)
    problems.push({
      source: "Azure Resource Manager",
      message: planned.armProblem,
      ...(planned.armFatal ? { fatal: true } : {}),
    });

  const azurePromise =
    planned.arm && options.arm
      ? collectAzure({ ...options.arm, subscriptionId: "", stats }, planned.arm, siblings, problems)
      : undefined;

  let databricksPromise: Promise<DatabricksWorkspace>;
  if (planned.host) {
    checkEndpoint(planned.host, "workspace URL");
    const client = new ReadOnlyApiClient(databricksConfig(planned.host, options.databricksAuth), {
      ...(options.ca ? { ca: options.ca } : {}),
      ...(options.retry ? { retry: options.retry } : {}),
      stats,
    });
    databricksPromise = collectDatabricks(
      client,
      problems,
      options.notebookScan === undefined ? {} : { notebookScan: options.notebookScan },
    );
  } else {
    const reason = "the workspace URL is unknown (ARM returned no workspaceUrl)";
    problems.push({ source: "Databricks workspace API", message: reason });
    databricksPromise = Promise.resolve(databricksUnknown(reason));
  }
  const workspaceId = planned.arm?.workspaceId ?? null;
  const [azureBase, databricks, account, entra] = await Promise.all([
    azurePromise,
    databricksPromise,
    readAccount(context, workspaceId, problems),
    context.entra ??
      Promise.resolve(allUnknown(entraSchema, "Microsoft Graph was not read (give --graph)", "Microsoft Graph")),
  ]);
  problems.push(...context.entraProblems);
  const azure =
    azureBase && planned.arm
      ? { ...azureBase.base, ...(await collectAzureDependents(azureBase, planned.arm, databricks, problems)) }
      : azureUnknown(planned.armProblem ?? "Azure Resource Manager was not read");
  const arm = planned.arm;
  const identity: WorkspaceEvidence["workspace"] = {
    name: planned.name,
    host: planned.host,
    resourceId: arm?.id ?? options.target.resourceId ?? null,
    workspaceId,
    location: arm?.location ?? null,
    origin: "live",
  };
  if (options.signIns) databricks.lastSignIns = signInsFact(options.signIns, identity);
  return {
    workspace: identity,
    azure,
    databricks,
    account,
    entra,
    collection: {
      startedAt: startedAt.toISOString(),
      finishedAt: new Date().toISOString(),
      requests: stats.requests,
      retries: stats.retries,
      problems: dedupe(problems),
    },
  };
}

/** Drops repeated problems; a fatal one (host unreachable) is kept once, not once per endpoint. */
function dedupe(problems: Problem[]): Problem[] {
  const seen = new Set<string>();
  return problems.filter((problem) => {
    const key = problem.fatal ? `fatal\0${problem.message}` : `${problem.source}\0${problem.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

export async function collect(options: CollectOptions): Promise<WorkspaceEvidence[]> {
  const { workspaces, siblings } = await plan(options);
  options.onProgress?.({ kind: "discovered", count: workspaces.length });
  const context = shared(options, { requests: 0, retries: 0 });
  const queue = new PQueue({ concurrency: options.parallel ?? 4 });
  const total = workspaces.length;
  return Promise.all(
    workspaces.map((workspace, index) =>
      queue.add(async () => {
        options.onProgress?.({ kind: "workspace-start", name: workspace.name, index, total });
        const started = Date.now();
        const evidence = await collectOne(options, workspace, siblings, context);
        options.onProgress?.({
          kind: "workspace-done",
          name: workspace.name,
          index,
          total,
          requests: evidence.collection.requests,
          retries: evidence.collection.retries,
          problems: evidence.collection.problems.length,
          ms: Date.now() - started,
        });
        return evidence;
      }),
    ),
  );
}
