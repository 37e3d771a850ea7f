/**
 * Collection: finds the workspaces to read (through ARM, or one host given directly), reads each one's
 * Azure, Databricks, account and Entra sides into evidence, and reports progress. Workspaces are read a
 * few at a time; a workspace that fails does not stop the others. Account-wide and tenant-wide facts are
 * read once per run and shared.
 */
import type { Workspace } from "@azure/arm-databricks";
import type { PipelineResponse } from "@azure/core-rest-pipeline";
import PQueue from "p-queue";
import { IncompleteError } from "../errors.ts";
import { azureAdminRole } from "../evidence/azure-roles.ts";
import { unknown } from "../evidence/fact.ts";
import {
  type Account,
  accountSchema,
  type DatabricksWorkspace,
  databricksWorkspaceSchema,
  entraSchema,
  type WorkspaceEvidence,
} from "../evidence/model.ts";
import { inferTier } from "../evidence/tier.ts";
import { allUnknown } from "../evidence/unknown.ts";
import { readWorkspaceAssignments } from "./account/assignments.ts";
import { type AccountWide, accountEvidence, readAccountWide, readNetworkPolicy } from "./account/collect.ts";
import { type SignInIndex, signInsFact } from "./audit/sign-ins.ts";
import { type ArmConnection, checkEndpoint, isLoopback } from "./azure/arm.ts";
import type { ArmReader } from "./azure/arm-reader.ts";
import {
  azureUnknown,
  collectAzure,
  collectAzureDependents,
  discoverWorkspaces,
  getWorkspace,
  listSubscriptions,
} from "./azure/collect.ts";
import { type DatabricksAuthOptions, databricksConfig } from "./databricks/auth.ts";
import { collectDatabricks } from "./databricks/collect.ts";
import { WORKSPACE_CONF_KEY_NAMES } from "./databricks/workspace-conf-keys.ts";
import type { NotebookScanLimits } from "./databricks/workspace-objects.ts";
import { graphReader, readAdminGroupMembers, readConditionalAccess, readDirectoryMembers } from "./graph/collect.ts";
import { ApiFailure, failureHint } from "./http/api-failure.ts";
import { ReadOnlyApiClient, refuseUserinfo, type TransportStats } from "./http/databricks-client.ts";
import { DEFAULT_TIMEOUTS, type Deadline, scanDeadline } from "./http/deadline.ts";
import { type LimiterCounts, RequestLimiter } from "./http/limiter.ts";
import { ResponseMemo } from "./http/memo.ts";
import { DEFAULT_RETRY, type RetryPolicy } from "./http/retry.ts";
import type { Problem } from "./problems.ts";

export interface TargetSelection {
  /** A workspace URL, read through the Databricks API only (or with `resourceId`, through both). */
  host?: string;
  /** The workspace's ARM resource id. */
  resourceId?: string;
  /** Discover every workspace of this subscription (optionally one resource group / one name). */
  subscriptionId?: string;
  /** More subscriptions to discover, as `subscriptionId`. */
  subscriptionIds?: readonly string[];
  /** Discover every workspace of every subscription the Azure credential can see. */
  allSubscriptions?: boolean;
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
  /** Why the sign-ins that were asked for could not be read: lastSignIns is unknown with it, the rest read. */
  signInsError?: string;
  /** Limits of the notebook credential scan, or false to skip it. */
  notebookScan?: NotebookScanLimits | false;
  /** Objects of each kind whose ACL or grants are read (`--max-acls`, default 200). */
  maxAclReads?: number;
  /** Unity Catalog tables, and volumes, whose grants are read (`--max-table-grants`, default 1,000 each). */
  maxTableGrantReads?: number;
  ca?: string;
  /**
   * Most workspaces read at once (default DEFAULT_PARALLEL). The run starts with a few and adds more while
   * the APIs every workspace shares (ARM, Graph, the account API) keep up: no backlog there, no 429 from them.
   */
  parallel?: number;
  /** Retry timing for every source (tests shorten it). */
  retry?: RetryPolicy;
  /**
   * The per-host limiter of the run (http/limiter.ts): the documented rate of every API family, adaptive
   * concurrency, pauses after 429s. Default: a new one per run; give one to read its counts afterwards.
   */
  limiter?: RequestLimiter;
  /**
   * Bounds of the network side (`--request-timeout`, `--scan-timeout`): one request, connection to last
   * byte, and the whole collection. Past the scan deadline nothing more is sent and what is left is unknown
   * with the deadline named. Defaults: DEFAULT_TIMEOUTS.
   */
  timeouts?: { requestMs?: number; scanMs?: number };
  onProgress?: (event: ProgressEvent) => void;
  /**
   * A problem of the run rather than of one workspace: a subscription whose workspaces could not be listed
   * while others could (it is fatal: the run is incomplete). Without this callback such problems are lost,
   * so every caller that discovers several subscriptions passes one.
   */
  onProblem?: (problem: Problem) => void;
}

export type ProgressEvent =
  | { kind: "discovered"; count: number; subscriptions?: number; counts?: LimiterCounts }
  /** `live` counts the workspace's requests as they are made. */
  | { kind: "workspace-start"; name: string; index: number; total: number; live?: TransportStats }
  | {
      kind: "workspace-done";
      name: string;
      index: number;
      total: number;
      requests: number;
      retries: number;
      problems: number;
      /** Why the workspace could not be read, when it could not (a fatal problem). */
      failed?: string;
      ms: number;
    }
  | {
      kind: "finished";
      workspaces: number;
      failed: number;
      /** Requests of the whole run (discovery, account and Entra included) and the 429s among their answers. */
      requests: number;
      throttled: number;
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
  /** `arm` came from a GET of the workspace, not from a list (whose items may carry less). */
  armFromGet?: boolean;
  /** Every workspace of its subscription, for the estate-wide checks. */
  siblings: Workspace[];
}

interface Plan {
  workspaces: PlannedWorkspace[];
  subscriptions: number;
}

/** The options of one run, with its one scan deadline (discovery included) and its one limiter. */
type RunOptions = CollectOptions & {
  deadline: Deadline;
  limiter: RequestLimiter;
  /** The run's answers by URL, one memo per transport kind (http/memo.ts). */
  memo: { arm: ResponseMemo<PipelineResponse>; databricks: ResponseMemo<object> };
};

/** The ARM connection of a run: its credential and endpoint, with the run's timeouts and retry timing. */
function armConnection(options: RunOptions, subscriptionId: string, stats: TransportStats): ArmConnection {
  if (!options.arm) throw new IncompleteError("reading Azure Resource Manager needs a credential");
  return {
    ...options.arm,
    subscriptionId,
    stats,
    limits: {
      ...options.arm.limits,
      ...(options.timeouts?.requestMs ? { requestTimeoutMs: options.timeouts.requestMs } : {}),
      deadline: options.deadline,
      limiter: options.limiter,
      memo: options.memo.arm,
      ...(options.retry ? { retry: options.retry } : {}),
    },
  };
}

const asFailure = (error: unknown) =>
  error instanceof ApiFailure ? error : new ApiFailure({ endpoint: "ARM", kind: "network", detail: String(error) });

/** The subscriptions a target names, or every one the credential sees (`allSubscriptions`). */
async function subscriptionsOf(options: RunOptions, armStats: TransportStats): Promise<string[]> {
  const { target } = options;
  const named = [...new Set([target.subscriptionId, ...(target.subscriptionIds ?? [])].filter(Boolean))] as string[];
  if (!target.allSubscriptions) return named;
  if (!options.arm) throw new IncompleteError("reading Azure Resource Manager needs a credential");
  try {
    const listing = await listSubscriptions(armConnection(options, "", armStats));
    for (const skipped of listing.skipped)
      options.onProblem?.({
        source: "ARM GET /subscriptions",
        message: `subscription ${skipped.name} (${skipped.id}) is ${skipped.state}: its workspaces cannot be listed; skipped`,
      });
    const all = [...new Set([...named, ...listing.readable.map((subscription) => subscription.id)])];
    if (!all.length)
      throw new IncompleteError(
        "the Azure credential sees no subscription",
        "Give it the Reader role on the subscriptions to scan (or name them with --subscription).",
      );
    return all;
  } catch (error) {
    if (error instanceof IncompleteError) throw error;
    const failure = asFailure(error);
    throw new IncompleteError(`could not list subscriptions: ${failure.message}`, failureHint(failure));
  }
}

function plannedFrom(workspace: Workspace, siblings: Workspace[], options: CollectOptions): PlannedWorkspace {
  return {
    name: workspace.name ?? workspace.id ?? "workspace",
    host:
      options.target.host ??
      (workspace.workspaceUrl ? workspaceBaseUrl(workspace.workspaceUrl, options.arm?.endpoint) : null),
    arm: workspace,
    armProblem: null,
    armFatal: false,
    siblings,
  };
}

async function plan(options: RunOptions): Promise<Plan> {
  const { target } = options;
  const armStats = { requests: 0, retries: 0 };
  const hostOnly = (armProblem: string, armFatal: boolean): Plan => ({
    subscriptions: 0,
    workspaces: [
      { name: new URL(target.host!).hostname, host: target.host!, arm: null, armProblem, armFatal, siblings: [] },
    ],
  });
  if (target.resourceId) {
    if (!options.arm) throw new IncompleteError("reading Azure Resource Manager needs a credential");
    const subscriptionId = /\/subscriptions\/([^/]+)/i.exec(target.resourceId)?.[1] ?? "";
    const connection = armConnection(options, subscriptionId, armStats);
    try {
      const found = await getWorkspace(connection, target.resourceId);
      // The rest of the subscription only feeds the estate-wide inventory; its failure is not fatal.
      const siblings = await discoverWorkspaces(connection).catch(() => [found]);
      return { subscriptions: 1, workspaces: [{ ...plannedFrom(found, siblings, options), armFromGet: true }] };
    } catch (error) {
      const failure = asFailure(error);
      // With a host given, the Databricks side can still be read; ARM facts become unknown.
      if (target.host) return hostOnly(failure.message, true);
      throw new IncompleteError(`could not read the workspace: ${failure.message}`, failureHint(failure));
    }
  }
  const subscriptions = await subscriptionsOf(options, armStats);
  if (subscriptions.length) {
    if (!options.arm) throw new IncompleteError("reading Azure Resource Manager needs a credential");
    const arm = options.arm;
    const wanted = target.workspaceName?.toLowerCase();
    // Subscriptions are listed a few at a time; one that fails does not stop the others.
    const queue = new PQueue({ concurrency: 4 });
    const listed = await Promise.all(
      subscriptions.map((subscriptionId) =>
        queue.add(async () => {
          try {
            const siblings = await discoverWorkspaces(
              armConnection({ ...options, arm }, subscriptionId, armStats),
              target.resourceGroup ? { resourceGroup: target.resourceGroup } : {},
            );
            const found = siblings.filter((workspace) => !wanted || workspace.name?.toLowerCase() === wanted);
            return { subscriptionId, workspaces: found.map((workspace) => plannedFrom(workspace, siblings, options)) };
          } catch (error) {
            return { subscriptionId, failure: asFailure(error) };
          }
        }),
      ),
    );
    const failures = listed.flatMap((entry) => (entry.failure ? [{ ...entry, failure: entry.failure }] : []));
    if (failures.length === subscriptions.length) {
      const first = failures[0]!.failure;
      // With a host given, the Databricks side can still be read; ARM facts become unknown.
      if (target.host && subscriptions.length === 1) return hostOnly(first.message, true);
      throw new IncompleteError(
        subscriptions.length === 1
          ? `could not list workspaces: ${first.message}`
          : `could not list the workspaces of any of the ${subscriptions.length} subscriptions: ${first.message}`,
        failureHint(first),
      );
    }
    for (const { subscriptionId, failure } of failures) {
      const hint = failureHint(failure);
      options.onProblem?.({
        source: failure.endpoint,
        message: `subscription ${subscriptionId}: its workspaces could not be listed (${failure.statusText}); the other subscriptions were read`,
        fatal: true,
        ...(hint ? { hint } : {}),
      });
    }
    return { subscriptions: subscriptions.length, workspaces: listed.flatMap((entry) => entry.workspaces ?? []) };
  }
  if (target.host)
    return hostOnly(
      "Azure Resource Manager not read: give --subscription or --workspace-resource-id to judge the Azure side",
      false,
    );
  throw new IncompleteError("nothing to collect: no workspace host, resource id or subscription given");
}

/** Account-wide and tenant-wide facts, read once per run by whichever workspace asks first. */
interface Shared {
  account?: { client: ReadOnlyApiClient; accountId: string; wide: Promise<AccountWide>; problems: Problem[] };
  entra?: Promise<WorkspaceEvidence["entra"]>;
  entraProblems: Problem[];
  /** Microsoft Graph, when read: for the members of the groups that hold an admin-making Azure role. */
  graph?: { reader: ArmReader; members: Map<string, Promise<string[]>> };
}

/** The options every Databricks client of one run gets (CA, retry timing, request timeout, scan deadline). */
function clientOptions(options: RunOptions, stats: TransportStats, api: "databricks-workspace" | "databricks-account") {
  return {
    ...(options.ca ? { ca: options.ca } : {}),
    ...(options.retry ? { retry: options.retry } : {}),
    timeoutMs: options.timeouts?.requestMs ?? DEFAULT_TIMEOUTS.requestMs,
    deadline: options.deadline,
    limiter: options.limiter,
    memo: options.memo.databricks,
    api,
    stats,
  };
}

function shared(options: RunOptions, stats: TransportStats): Shared {
  const result: Shared = { entraProblems: [] };
  if (options.account) {
    refuseUserinfo(options.account.host, "--account-host");
    const client = new ReadOnlyApiClient(
      databricksConfig(
        checkEndpoint(options.account.host, "--account-host").toString().replace(/\/$/, ""),
        options.databricksAuth,
      ),
      clientOptions(options, stats, "databricks-account"),
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
      const graph = graphReader(
        armConnection({ ...options, arm: { ...options.arm!, endpoint: options.graph.endpoint } }, "", stats),
      );
      result.graph = { reader: graph, members: new Map() };
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
  const { client, accountId } = context.account;
  const [networkPolicy, workspaceAssignments] = await Promise.all([
    readNetworkPolicy(client, accountId, workspaceId, problems),
    readWorkspaceAssignments(client, accountId, workspaceId, wide.servicePrincipals, problems),
  ]);
  return accountEvidence(wide, networkPolicy, workspaceAssignments);
}

async function collectOne(
  options: RunOptions,
  planned: PlannedWorkspace,
  siblings: Workspace[],
  context: Shared,
  stats: TransportStats = { requests: 0, retries: 0 },
): Promise<WorkspaceEvidence> {
  const startedAt = new Date();
  const problems: Problem[] = [];
  if (planned.armProblem)
    problems.push({
      source: "Azure Resource Manager",
      message: planned.armProblem,
      ...(planned.armFatal ? { fatal: true } : {}),
    });

  const azurePromise =
    planned.arm && options.arm
      ? collectAzure(armConnection(options, "", stats), planned.arm, siblings, problems, {
          fromGet: planned.armFromGet === true,
        })
      : undefined;

  let databricksPromise: Promise<DatabricksWorkspace>;
  const hostRefused = planned.host ? userinfoRefusal(planned.host) : undefined;
  if (planned.host && hostRefused) {
    // Only ARM can give such a URL here (a host given by the user was refused before the scan).
    problems.push({ source: "Databricks workspace API", message: hostRefused });
    databricksPromise = Promise.resolve(databricksUnknown(hostRefused));
  } else if (planned.host) {
    checkEndpoint(planned.host, "workspace URL");
    const client = new ReadOnlyApiClient(
      databricksConfig(planned.host, options.databricksAuth),
      clientOptions(options, stats, "databricks-workspace"),
    );
    databricksPromise = collectDatabricks(client, problems, {
      ...(options.notebookScan === undefined ? {} : { notebookScan: options.notebookScan }),
      ...(options.maxAclReads === undefined ? {} : { maxAclReads: options.maxAclReads }),
      ...(options.maxTableGrantReads === undefined ? {} : { maxTableGrantReads: options.maxTableGrantReads }),
    });
  } else {
    const reason = "the workspace URL is unknown (ARM returned no workspaceUrl)";
    problems.push({ source: "Databricks workspace API", message: reason });
    databricksPromise = Promise.resolve(databricksUnknown(reason));
  }
  const workspaceId = planned.arm?.workspaceId ?? null;
  const [azureBase, databricks, account, sharedEntra] = await Promise.all([
    azurePromise,
    databricksPromise,
    readAccount(context, workspaceId, problems),
    context.entra ??
      Promise.resolve(allUnknown(entraSchema, "Microsoft Graph was not read (give --graph)", "Microsoft Graph")),
  ]);
  problems.push(...context.entraProblems);
  // One object for every workspace of the run: what is read per workspace goes on a copy.
  let entra = sharedEntra;
  const azure =
    azureBase && planned.arm
      ? { ...azureBase.base, ...(await collectAzureDependents(azureBase, databricks, problems)) }
      : azureUnknown(planned.armProblem ?? "Azure Resource Manager was not read");
  // The people behind an Entra group with Owner or Contributor on the workspace (the permission graph).
  if (context.graph && azure.roleAssignments.status === "known") {
    const groups = azure.roleAssignments.value
      .filter((ra) => ra.principalType === "Group" && azureAdminRole(ra))
      .map((ra) => ra.principalId);
    entra = {
      ...entra,
      adminGroupMembers: await readAdminGroupMembers(context.graph.reader, groups, context.graph.members, problems),
    };
  }
  // Without ARM the tier still shows in what the Databricks API answered (see evidence/tier.ts).
  if (!planned.arm) azure.sku = inferTier(databricks) ?? azure.sku;
  const arm = planned.arm;
  const identity: WorkspaceEvidence["workspace"] = {
    name: planned.name,
    host: planned.host && hostRefused ? withoutUserinfo(planned.host) : planned.host,
    resourceId: arm?.id ?? options.target.resourceId ?? null,
    workspaceId,
    location: arm?.location ?? null,
    origin: "live",
  };
  if (options.signIns) databricks.lastSignIns = signInsFact(options.signIns, identity);
  else if (options.signInsError) databricks.lastSignIns = unknown(options.signInsError, "audit logs");
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
      ...(databricks.caller.status === "known"
        ? {
            readAs: {
              name: databricks.caller.value.name,
              workspaceAdmin: databricks.caller.value.admin,
              metastoreAdmin: databricks.caller.value.metastoreAdmin,
            },
          }
        : {}),
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

function withoutUserinfo(url: string): string {
  const parsed = new URL(url);
  parsed.username = "";
  parsed.password = "";
  return parsed.toString().replace(/\/$/, "");
}

/** Why a URL with userinfo is refused, or undefined when it has none. */
function userinfoRefusal(url: string): string | undefined {
  try {
    refuseUserinfo(url, "the workspace URL ARM gave");
    return undefined;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}

/** Workspaces read at once at the start of a run, and at most (`parallel` lowers the most). */
export const START_PARALLEL = 16;
export const DEFAULT_PARALLEL = 64;
/** Seconds of requests waiting for the shared APIs past which more workspaces at once would only wait longer. */
const SHARED_BACKLOG_SECONDS = 4;

/**
 * Concurrency across workspaces, adapted after each workspace: halved after a 429 from an API every
 * workspace shares (one workspace's own 429s slow only that workspace, in the limiter); four more while the
 * shared APIs have no backlog; unchanged while they do (more workspaces would only queue there).
 */
function workspacesInFlight(queue: PQueue, limiter: RequestLimiter, most: number): () => void {
  let seen = limiter.counts.throttledShared;
  return () => {
    const throttled = limiter.counts.throttledShared;
    if (throttled > seen) queue.concurrency = Math.max(1, Math.floor(queue.concurrency / 2));
    else if (limiter.sharedBacklogSeconds < SHARED_BACKLOG_SECONDS)
      queue.concurrency = Math.min(most, queue.concurrency + 4);
    seen = throttled;
  };
}

export async function collect(collectOptions: CollectOptions): Promise<WorkspaceEvidence[]> {
  if (collectOptions.target.host) refuseUserinfo(collectOptions.target.host, "--host");
  // One deadline for the whole run, discovery included.
  const options: RunOptions = {
    ...collectOptions,
    deadline: scanDeadline(collectOptions.timeouts?.scanMs ?? DEFAULT_TIMEOUTS.scanMs),
    limiter:
      collectOptions.limiter ??
      new RequestLimiter({ maxPauseMs: collectOptions.retry?.maxWaitMs ?? DEFAULT_RETRY.maxWaitMs }),
    memo: { arm: new ResponseMemo(), databricks: new ResponseMemo() },
  };
  try {
    return await collectRun(options);
  } finally {
    options.limiter.close();
  }
}

async function collectRun(options: RunOptions): Promise<WorkspaceEvidence[]> {
  const { workspaces, subscriptions } = await plan(options);
  options.onProgress?.({
    kind: "discovered",
    count: workspaces.length,
    counts: options.limiter.counts,
    ...(subscriptions > 1 ? { subscriptions } : {}),
  });
  const context = shared(options, { requests: 0, retries: 0 });
  const queue = new PQueue({ concurrency: Math.min(START_PARALLEL, options.parallel ?? DEFAULT_PARALLEL) });
  const adapt = workspacesInFlight(queue, options.limiter, options.parallel ?? DEFAULT_PARALLEL);
  const total = workspaces.length;
  const runStarted = Date.now();
  const all = await Promise.all(
    workspaces.map((workspace, index) =>
      queue.add(async () => {
        const live: TransportStats = { requests: 0, retries: 0 };
        options.onProgress?.({ kind: "workspace-start", name: workspace.name, index, total, live });
        const started = Date.now();
        const evidence = await collectOne(options, workspace, workspace.siblings, context, live);
        const fatal = evidence.collection.problems.find((problem) => problem.fatal);
        options.onProgress?.({
          kind: "workspace-done",
          name: workspace.name,
          index,
          total,
          requests: evidence.collection.requests,
          retries: evidence.collection.retries,
          problems: evidence.collection.problems.length,
          ...(fatal ? { failed: fatal.message } : {}),
          ms: Date.now() - started,
        });
        adapt();
        return evidence;
      }),
    ),
  );
  options.onProgress?.({
    kind: "finished",
    workspaces: total,
    failed: all.filter((evidence) => evidence.collection.problems.some((problem) => problem.fatal)).length,
    requests: options.limiter.counts.sent,
    throttled: options.limiter.counts.throttled,
    ms: Date.now() - runStarted,
  });
  return all;
}
