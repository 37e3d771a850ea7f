/**
 * Collection: finds the workspaces to read (through ARM, or one host given directly), reads each one's
 * Azure and Databricks sides into evidence, and reports progress. Workspaces are read a few at a time;
 * a workspace that fails does not stop the others.
 */
import type { Workspace } from "@azure/arm-databricks";
import PQueue from "p-queue";
import { IncompleteError } from "../errors.ts";
import {
  accountSchema,
  type DatabricksWorkspace,
  databricksWorkspaceSchema,
  entraSchema,
  type WorkspaceEvidence,
} from "../evidence/model.ts";
import { allUnknown } from "../evidence/unknown.ts";
import { type ArmConnection, checkEndpoint, isLoopback } from "./azure/arm.ts";
import { azureUnknown, collectAzure, discoverWorkspaces, getWorkspace } from "./azure/collect.ts";
import { type DatabricksAuthOptions, databricksConfig } from "./databricks/auth.ts";
import { collectDatabricks, type Problem } from "./databricks/collect.ts";
import { WORKSPACE_CONF_KEY_NAMES } from "./databricks/workspace-conf-keys.ts";
import { ApiFailure } from "./http/api-failure.ts";
import { ReadOnlyApiClient } from "./http/databricks-client.ts";
import type { RetryPolicy } from "./http/retry.ts";

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

async function plan(options: CollectOptions): Promise<PlannedWorkspace[]> {
  const { target } = options;
  const armStats = { requests: 0, retries: 0 };
  if (target.resourceId || target.subscriptionId) {
    if (!options.arm) throw new IncompleteError("reading Azure Resource Manager needs a credential");
    const subscriptionId =
      target.subscriptionId ?? /\/subscriptions\/([^/]+)/i.exec(target.resourceId ?? "")?.[1] ?? "";
    const connection: ArmConnection = { ...options.arm, subscriptionId, stats: armStats };
    try {
      const found = target.resourceId
        ? [await getWorkspace(connection, target.resourceId)]
        : await discoverWorkspaces(connection, {
            ...(target.resourceGroup ? { resourceGroup: target.resourceGroup } : {}),
            ...(target.workspaceName ? { name: target.workspaceName } : {}),
          });
      return found.map((workspace) => ({
        name: workspace.name ?? workspace.id ?? "workspace",
        host:
          target.host ??
          (workspace.workspaceUrl ? workspaceBaseUrl(workspace.workspaceUrl, options.arm?.endpoint) : null),
        arm: workspace,
        armProblem: null,
        armFatal: false,
      }));
    } catch (error) {
      const failure =
        error instanceof ApiFailure
          ? error
          : new ApiFailure({ endpoint: "ARM", kind: "network", detail: String(error) });
      // With a host given, the Databricks side can still be read; ARM facts become unknown.
      if (target.host)
        return [
          {
            name: new URL(target.host).hostname,
            host: target.host,
            arm: null,
            armProblem: failure.message,
            armFatal: true,
          },
        ];
      throw new IncompleteError(`could not list workspaces: ${failure.message}`, hintFor(failure));
    }
  }
  if (target.host) {
    return [
      {
        name: new URL(target.host).hostname,
        host: target.host,
        arm: null,
        armProblem:
          "Azure Resource Manager not read: give --subscription or --workspace-resource-id to judge the Azure side",
        armFatal: false,
      },
    ];
  }
  throw new IncompleteError("nothing to collect: no workspace host, resource id or subscription given");
}

export function hintFor(failure: ApiFailure): string | undefined {
  if (failure.kind === "auth")
    return "Sign in with `az login`, set AZURE_CLIENT_ID/AZURE_CLIENT_SECRET/AZURE_TENANT_ID, or LAKEWARD_ARM_TOKEN.";
  if (failure.status === 401) return "The credential was refused; check it is valid for this tenant.";
  if (failure.status === 403) return "The identity needs the Reader role on the subscription or workspace.";
  if (failure.kind === "network")
    return "Check the host name and that it is reachable from here (proxy, firewall, private link DNS).";
  return undefined;
}

async function collectOne(options: CollectOptions, planned: PlannedWorkspace): Promise<WorkspaceEvidence> {
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
      ? collectAzure({ ...options.arm, subscriptionId: "", stats }, planned.arm, problems)
      : Promise.resolve(azureUnknown(planned.armProblem ?? "Azure Resource Manager was not read"));

  let databricksPromise: Promise<DatabricksWorkspace>;
  if (planned.host) {
    checkEndpoint(planned.host, "workspace URL");
    const client = new ReadOnlyApiClient(databricksConfig(planned.host, options.databricksAuth), {
      ...(options.ca ? { ca: options.ca } : {}),
      ...(options.retry ? { retry: options.retry } : {}),
      stats,
    });
    databricksPromise = collectDatabricks(client, problems);
  } else {
    const reason = "the workspace URL is unknown (ARM returned no workspaceUrl)";
    problems.push({ source: "Databricks workspace API", message: reason });
    databricksPromise = Promise.resolve(databricksUnknown(reason));
  }
  const [azure, databricks] = await Promise.all([azurePromise, databricksPromise]);
  const arm = planned.arm;
  return {
    workspace: {
      name: planned.name,
      host: planned.host,
      resourceId: arm?.id ?? options.target.resourceId ?? null,
      workspaceId: arm?.workspaceId ?? null,
      location: arm?.location ?? null,
      origin: "live",
    },
    azure,
    databricks,
    account: allUnknown(accountSchema, "the account API was not read (give --account-id)", "Databricks account API"),
    entra: allUnknown(entraSchema, "Microsoft Graph was not read (give --graph)", "Microsoft Graph"),
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
  const planned = await plan(options);
  options.onProgress?.({ kind: "discovered", count: planned.length });
  const queue = new PQueue({ concurrency: options.parallel ?? 4 });
  const total = planned.length;
  const results = await Promise.all(
    planned.map((workspace, index) =>
      queue.add(async () => {
        options.onProgress?.({ kind: "workspace-start", name: workspace.name, index, total });
        const started = Date.now();
        const evidence = await collectOne(options, workspace);
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
  return results;
}
