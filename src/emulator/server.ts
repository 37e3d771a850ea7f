/**
 * The lakeward emulator: a local, faithful stand-in for Azure Resource Manager and the Databricks
 * workspace REST API, served over real HTTP(S) on loopback so that lakeward's collectors, the tests and
 * the demo talk to it through the same SDK clients they use against Azure.
 *
 * ARM listens on one port; each persona workspace gets its own port, as each real workspace has its own
 * host, and ARM's `workspaceUrl` points at it. Every request is recorded (method, path, status; never
 * headers) so tests can assert that a scan only reads.
 */
import { createServer as createHttpsServer } from "node:https";
import type { AddressInfo } from "node:net";
import { serve } from "@hono/node-server";
import { Hono } from "hono";
import type { RateLimit } from "../sources/http/rate-limits.ts";
import { loopbackCertificate } from "../util/loopback-cert.ts";
import { accountApp } from "./account-routes.ts";
import { armApp } from "./arm-routes.ts";
import { DEFAULT_EMULATOR_TOKEN } from "./canaries.ts";
import { controlApp } from "./control-routes.ts";
import { buildEnvironment, type Environment, type EnvironmentName } from "./environment.ts";
import { generateWorkspaces } from "./estate.ts";
import { FaultInjector, type FaultRule } from "./faults.ts";
import {
  buildPersona,
  EMULATOR_ACCOUNT,
  EMULATOR_RESOURCE_GROUP,
  EMULATOR_SUBSCRIPTION,
  PERSONA_NAMES,
  type PersonaName,
  type PersonaWorkspace,
} from "./personas.ts";
import { EmulatorRateLimits } from "./rate-limits.ts";
import { type AuditLogOptions, closeStatementEngine } from "./statement-routes.ts";
import { type StrictCorpus, strictArmBodies } from "./strict.ts";
import { loadStrictDatabricks, type StrictBody } from "./strict-databricks.ts";
import { strictWorkspaceApp, workspaceApp } from "./workspace-routes.ts";

export interface RecordedRequest {
  /** "arm" or the persona name. */
  server: string;
  method: string;
  path: string;
  query: string;
  status: number;
  at: string;
}

export type EmulatorCaller = "admin" | "workspace-admin" | "user";

export interface EmulatorOptions {
  /** ARM port; 0 (the default) picks a free one. Workspaces use the following ports, or free ones when 0. */
  port?: number;
  personas?: readonly PersonaName[];
  faults?: readonly FaultRule[];
  /** Added to every response, in milliseconds. */
  latencyMs?: number;
  /**
   * Serve this many workspaces generated from `personas` (estate.ts: `adb-<persona>-<n>`, varied content)
   * instead of one per persona.
   */
  workspaces?: number;
  /**
   * Enforce the documented rate limits (sources/http/rate-limits.ts) as token buckets, answering 429 with
   * Retry-After past them (rate-limits.ts); `true` for the documented table, or a table of one's own.
   */
  rateLimits?: boolean | readonly RateLimit[];
  token?: string;
  /** Serve HTTPS with a freshly generated certificate for 127.0.0.1 (its PEM is returned as `caPem`). */
  tls?: boolean;
  /** ARM list page size, small by default so that nextLink paging is exercised. */
  armPageSize?: number;
  /** Largest SCIM page the workspaces return, whatever `count` asks (the real API caps it too). */
  scimPageSize?: number;
  /** Tasks and job clusters per page of jobs/list (expand_tasks) and jobs/get; the real API's is 100. */
  jobArrayPageSize?: number;
  /** What surrounds the workspaces: subscription, account and tenant (see environment.ts). */
  environment?: EnvironmentName;
  /**
   * Who the token belongs to in every workspace: a workspace admin who is also in the metastore's admin
   * group (the default, what lakeward asks for), a workspace admin only ("workspace-admin": Unity Catalog
   * lists are partial), or a plain user, who is refused the admin-only APIs and whose lists are partial.
   */
  caller?: EmulatorCaller;
  now?: number;
  /** The audit events behind the SQL Statement Execution API's system.access.audit (default: a small generated set). */
  auditLog?: AuditLogOptions;
  /**
   * ARM and Graph paths (matched case-insensitively, without the query) answered with a fixed body instead of
   * the persona's: contract tests serve the real services' shapes (spec examples) through it.
   */
  armBodies?: Record<string, unknown>;
  /**
   * The `strict` persona: serve the real services' response examples verbatim (src/emulator/strict.ts), read
   * at run time from a contract-fixture folder; `armExamples` names the ARM examples to serve (default all).
   */
  strict?: { corpus: StrictCorpus; armExamples?: readonly string[] };
  /** Changes a persona's data before it is served (tests that need a case no persona has). */
  customize?: (workspace: PersonaWorkspace) => void;
}

/** The `strict` persona's Databricks workspace (strict-databricks.ts), served when `strict` is given. */
export interface StrictWorkspace {
  url: string;
  /** Every body it answers with, and where each comes from. */
  bodies: StrictBody[];
}

export interface EmulatedWorkspace {
  persona: PersonaName;
  name: string;
  url: string;
  resourceId: string;
}

export interface RunningEmulator {
  armUrl: string;
  /** The account API's base URL (like https://accounts.azuredatabricks.net). */
  accountUrl: string;
  accountId: string;
  /** Microsoft Graph, served on the ARM listener. */
  graphUrl: string;
  environment: EnvironmentName;
  subscriptionId: string;
  resourceGroup: string;
  token: string;
  caPem: string | undefined;
  workspaces: EmulatedWorkspace[];
  strict: StrictWorkspace | undefined;
  requests: RecordedRequest[];
  /** The enforced rate limits and their counts, when `rateLimits` was asked for. */
  rateLimits: EmulatorRateLimits | undefined;
  /**
   * Stops one workspace's listener (by name or persona), so that it cannot be reached any more: connections
   * to its port are refused, as to a workspace whose host is gone.
   */
  closeWorkspace(name: string): Promise<void>;
  /** Answers an ARM or Graph path with a fixed body from now on (as `armBodies`, set once the ports are known). */
  setArmBody(path: string, body: unknown): void;
  close(): Promise<void>;
}

/** Shared by the ARM and workspace apps. */
export interface EmulatorState {
  token: string;
  faults: FaultInjector;
  latencyMs: number;
  requests: RecordedRequest[];
  workspaces: { data: PersonaWorkspace; host: string }[];
  armPageSize: number;
  scimPageSize: number;
  jobArrayPageSize: number;
  environment: Environment;
  caller: EmulatorCaller;
  armOrigin: () => string;
  auditLog?: AuditLogOptions;
  armBodies: Map<string, unknown>;
  rateLimits?: EmulatorRateLimits | undefined;
}

/** Records the request, applies latency, checks the bearer token and injects faults. */
export function commonMiddleware(
  state: EmulatorState,
  server: string,
  errorBody: (status: number, path: string) => unknown,
) {
  return async (c: import("hono").Context, next: () => Promise<void>) => {
    const url = new URL(c.req.url);
    const record: RecordedRequest = {
      server,
      method: c.req.method,
      path: url.pathname,
      query: url.search,
      status: 0,
      at: new Date().toISOString(),
    };
    state.requests.push(record);
    try {
      if (state.latencyMs > 0) await new Promise((resolve) => setTimeout(resolve, state.latencyMs));
      const auth = c.req.header("authorization");
      if (!auth?.startsWith("Bearer ")) {
        c.res = c.json(errorBody(401, url.pathname), 401);
        return;
      }
      if (auth.slice(7) !== state.token) {
        c.res =
          server === "arm"
            ? c.json({ error: { code: "InvalidAuthenticationToken", message: "The access token is invalid." } }, 401)
            : c.json({ error_code: "403", message: "Invalid access token." }, 403);
        return;
      }
      const throttledFor = state.rateLimits?.take(apiOfServer(server, url.pathname), server, url.pathname);
      if (throttledFor !== undefined) {
        c.res = c.json(errorBody(429, url.pathname), 429);
        c.res.headers.set("Retry-After", String(throttledFor));
        return;
      }
      const fault = state.faults.match(server, url.pathname);
      if (fault) {
        c.res = c.json(errorBody(fault.status, url.pathname), fault.status as 400);
        if (fault.retryAfterSeconds !== undefined) c.res.headers.set("Retry-After", String(fault.retryAfterSeconds));
        return;
      }
      await next();
    } finally {
      record.status = c.res.status;
    }
  };
}

/** Which API of the rate-limit table a listener serves (ARM's listener serves Graph under /v1.0 too). */
function apiOfServer(server: string, path: string) {
  if (server === "arm") return path.startsWith("/v1.0/") ? ("graph" as const) : ("arm" as const);
  if (server === "account") return "databricks-account" as const;
  return "databricks-workspace" as const;
}

async function listen(
  app: Hono,
  port: number,
  tls: { key: string; cert: string } | undefined,
): Promise<{ port: number; close: () => Promise<void> }> {
  return new Promise((resolve, reject) => {
    const server = serve(
      {
        fetch: app.fetch,
        port,
        hostname: "127.0.0.1",
        ...(tls ? { createServer: createHttpsServer, serverOptions: { key: tls.key, cert: tls.cert } } : {}),
      },
      (info: AddressInfo) => {
        resolve({
          port: info.port,
          close: () =>
            new Promise<void>((done) => {
              (server as import("node:http").Server).closeAllConnections?.();
              server.close(() => done());
            }),
        });
      },
    );
    server.once("error", reject);
  });
}

export async function startEmulator(options: EmulatorOptions = {}): Promise<RunningEmulator> {
  const now = options.now ?? Date.now();
  const personas = options.personas ?? PERSONA_NAMES;
  const token = options.token ?? DEFAULT_EMULATOR_TOKEN;
  const tls = options.tls ? await loopbackCertificate("lakeward-emulator") : undefined;
  const scheme = tls ? "https" : "http";

  let armPort = 0;
  const state: EmulatorState = {
    token,
    faults: new FaultInjector(options.faults ?? []),
    latencyMs: options.latencyMs ?? 0,
    requests: [],
    workspaces: [],
    armPageSize: options.armPageSize ?? 2,
    scimPageSize: options.scimPageSize ?? 100,
    jobArrayPageSize: options.jobArrayPageSize ?? 100,
    caller: options.caller ?? "admin",
    environment: buildEnvironment(options.environment ?? "secure"),
    armOrigin: () => `${scheme}://127.0.0.1:${armPort}`,
    auditLog: options.auditLog,
    rateLimits: options.rateLimits
      ? new EmulatorRateLimits(options.rateLimits === true ? undefined : options.rateLimits)
      : undefined,
    armBodies: new Map(
      Object.entries({
        ...(options.strict ? strictArmBodies(options.strict.corpus, options.strict.armExamples) : {}),
        ...options.armBodies,
      }).map(([path, body]) => [path.toLowerCase(), body]),
    ),
  };

  const closers: (() => Promise<void>)[] = [];
  const workspaceClosers = new Map<PersonaWorkspace, () => Promise<void>>();
  let accountPort = 0;
  let strict: StrictWorkspace | undefined;
  try {
    // The control endpoint (control-routes.ts) shares the ARM listener, ahead of ARM's read-only routes.
    const armListener = new Hono().route("/lakeward-emulator", controlApp(state)).route("/", armApp(state));
    const arm = await listen(armListener, options.port ?? 0, tls);
    armPort = arm.port;
    closers.push(arm.close);
    const account = await listen(accountApp(state), options.port ? options.port + 1 : 0, tls);
    accountPort = account.port;
    closers.push(account.close);
    const datas =
      options.workspaces !== undefined
        ? generateWorkspaces(options.workspaces, personas, now, state.environment.hardenedLocation)
        : personas.map((persona) => buildPersona(persona, now, state.environment.hardenedLocation));
    for (const [index, data] of datas.entries()) {
      options.customize?.(data);
      const entry = { data, host: "" };
      const server = await listen(workspaceApp(state, data), options.port ? options.port + index + 2 : 0, tls);
      let closed: Promise<void> | undefined;
      const close = () => {
        closed ??= server.close();
        return closed;
      };
      closers.push(close);
      workspaceClosers.set(data, close);
      entry.host = `127.0.0.1:${server.port}`;
      state.workspaces.push(entry);
    }
    if (options.strict) {
      const bodies = await loadStrictDatabricks(options.strict.corpus.dir);
      const server = await listen(strictWorkspaceApp(state, bodies), 0, tls);
      closers.push(server.close);
      strict = { url: `${scheme}://127.0.0.1:${server.port}`, bodies };
    }
  } catch (error) {
    await Promise.all(closers.map((close) => close()));
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "EADDRINUSE")
      throw new Error(
        `emulator: port ${options.port} (or one of the next ${personas.length + 1}) is in use; choose another --port or 0 for free ports`,
      );
    throw error;
  }

  return {
    armUrl: state.armOrigin(),
    accountUrl: `${scheme}://127.0.0.1:${accountPort}`,
    accountId: EMULATOR_ACCOUNT,
    graphUrl: state.armOrigin(),
    environment: state.environment.name,
    subscriptionId: EMULATOR_SUBSCRIPTION,
    resourceGroup: EMULATOR_RESOURCE_GROUP,
    token,
    caPem: tls?.cert,
    workspaces: state.workspaces.map(({ data, host }) => ({
      persona: data.persona,
      name: data.name,
      url: `${scheme}://${host}`,
      resourceId: data.resourceId,
    })),
    strict,
    requests: state.requests,
    rateLimits: state.rateLimits,
    setArmBody: (path, body) => void state.armBodies.set(path.toLowerCase(), body),
    closeWorkspace: async (name) => {
      const entry = state.workspaces.find((w) => w.data.name === name || w.data.persona === name);
      const close = entry ? workspaceClosers.get(entry.data) : undefined;
      if (!close) throw new Error(`emulator: no workspace ${name}`);
      await close();
    },
    close: async () => {
      await Promise.all(closers.map((close) => close()));
      await closeStatementEngine(state);
    },
  };
}
