/**
 * The API of `lakeward serve`: JSON under /api/v1, described by an OpenAPI 3.1 document generated from the
 * route schemas (@hono/zod-openapi) at /api/v1/openapi.json. Every route but /healthz needs a bearer
 * token; read tokens read, admin tokens also trigger runs and waive findings. Workspace-supplied strings
 * are returned as data, never as markup.
 */
import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import type { Context, Next } from "hono";
import type { ChannelHealth } from "../alerts/model.ts";
import { FINDING_STATES } from "../results/alert-event.ts";
import type { Store } from "../store/index.ts";
import type { TokenRole } from "../store/tokens.ts";
import { VERSION } from "../version.ts";

type Env = { Variables: { token: { id: number; name: string; role: TokenRole } } };

const error = z.object({ error: z.string() }).openapi("Error");
const idParam = z.object({
  id: z
    .string()
    .regex(/^\d+$/)
    .openapi({ param: { name: "id", in: "path" }, example: "12" }),
});
const counts = z.object({
  pass: z.number(),
  fail: z.number(),
  unknown: z.number(),
  not_applicable: z.number(),
  manual: z.number(),
});
const problem = z.object({
  source: z.string(),
  message: z.string(),
  fatal: z.boolean().optional(),
  hint: z.string().optional(),
});

const workspace = z
  .object({
    id: z.number(),
    key: z.string(),
    name: z.string(),
    host: z.string().nullable(),
    resourceId: z.string().nullable(),
    target: z.string().nullable(),
    tags: z.record(z.string(), z.string()),
    firstSeenAt: z.string(),
    lastSeenAt: z.string(),
    goneAt: z.string().nullable().describe("set when discovery stopped listing the workspace"),
    latest: z
      .object({ runId: z.number(), at: z.string(), score: z.number().nullable(), counts, problems: z.array(problem) })
      .nullable(),
    openFindings: z.number(),
  })
  .openapi("Workspace");
const scorePoint = z
  .object({ at: z.string(), score: z.number().nullable(), workspaces: z.number().optional() })
  .openapi("ScorePoint");

const run = z
  .object({
    id: z.number(),
    target: z.string(),
    kind: z.enum(["posture", "detect"]),
    trigger: z.string(),
    status: z.enum(["queued", "running", "succeeded", "partial", "failed", "interrupted"]),
    scheduledFor: z.string().nullable(),
    requestedBy: z.string().nullable(),
    claimedBy: z.string().nullable(),
    queuedAt: z.string(),
    startedAt: z.string().nullable(),
    finishedAt: z.string().nullable(),
    problems: z.array(problem),
    summary: z.record(z.string(), z.unknown()).nullable(),
  })
  .openapi("Run");
const runDetail = run
  .extend({
    workspaces: z.array(
      z.object({
        workspaceId: z.number(),
        name: z.string(),
        key: z.string(),
        score: z.number().nullable(),
        counts,
        problems: z.array(problem),
        readAs: z
          .object({ name: z.string(), workspaceAdmin: z.boolean(), metastoreAdmin: z.boolean().nullable() })
          .nullable(),
        evidenceKept: z.boolean().describe("false once retention dropped this run's full evidence"),
      }),
    ),
  })
  .openapi("RunDetail");

const finding = z
  .object({
    id: z.number(),
    workspaceId: z.number(),
    workspace: z.string(),
    key: z.string(),
    workspaceKey: z.string(),
    checkId: z.string(),
    resource: z.string().describe('"" for the workspace itself'),
    title: z.string(),
    severity: z.string(),
    state: z.enum(FINDING_STATES),
    message: z.string(),
    threats: z.array(z.string()),
    controls: z.array(z.string()),
    firstSeenAt: z.string(),
    lastSeenAt: z.string(),
    openedAt: z.string(),
    fixedAt: z.string().nullable(),
    reopenCount: z.number(),
    reopenedAt: z.string().nullable(),
    dueAt: z.string().nullable(),
    timeToFixSeconds: z.number().nullable(),
    ageDays: z.number(),
    suppression: z.object({ reason: z.string(), expires: z.string().nullable(), scope: z.string() }).nullable(),
    acceptance: z
      .object({ owner: z.string(), reason: z.string(), expires: z.string(), by: z.string(), at: z.string() })
      .nullable(),
  })
  .openapi("Finding");
const settingChange = z
  .object({
    workspace: z.string().optional(),
    runId: z.number(),
    at: z.string(),
    path: z.string(),
    before: z.string().nullable(),
    after: z.string().nullable(),
    actor: z.string().nullable().describe("from the audit event that made the change; null when none was found"),
    actorTime: z.string().nullable(),
    sourceIp: z.string().nullable(),
    requestId: z.string().nullable(),
    auditAction: z.string().nullable(),
  })
  .openapi("SettingChange");

const json = <T extends z.ZodType>(schema: T, description: string) => ({
  content: { "application/json": { schema } },
  description,
});
const unauthorized = { 401: json(error, "no or unknown bearer token") };
const secured = [{ bearer: [] }];

function list(value: string | undefined): string[] | undefined {
  const items = value
    ?.split(",")
    .map((v) => v.trim())
    .filter(Boolean);
  return items?.length ? items : undefined;
}

export interface ApiOptions {
  store: Store;
  /** Queues a run of a target now; null when the target is unknown. */
  trigger(target: string, requestedBy: string): Promise<{ id: number; created: boolean } | null>;
  /** The alert channels' health (the alerts module), when alerts are configured. */
  channelHealth?: () => Promise<ChannelHealth[]>;
  now?: () => Date;
}

export function apiApp(options: ApiOptions): OpenAPIHono<Env> {
  const { store } = options;
  const now = () => options.now?.() ?? new Date();
  const app = new OpenAPIHono<Env>({
    defaultHook: (result, c) => {
      if (!result.success)
        return c.json(
          {
            error: `invalid request: ${result.error.issues.map((i) => `${i.path.join(".") || "(body)"}: ${i.message}`).join("; ")}`,
          },
          400,
        );
    },
  });
  app.openAPIRegistry.registerComponent("securitySchemes", "bearer", {
    type: "http",
    scheme: "bearer",
    description: "an API token (lw_…)",
  });

  app.get("/healthz", async (c) => {
    try {
      await store.runs.schedules();
      return c.json({ status: "ok", version: VERSION, store: store.engine });
    } catch {
      return c.json({ status: "store unavailable", version: VERSION, store: store.engine }, 503);
    }
  });

  const auth = async (c: Context<Env>, next: Next) => {
    const header = c.req.header("authorization") ?? "";
    const token = /^Bearer\s+(\S+)$/i.exec(header)?.[1];
    const verified = token ? await store.tokens.verify(token, now()) : null;
    if (!verified) {
      c.header("WWW-Authenticate", 'Bearer realm="lakeward"');
      return c.json({ error: "a valid bearer token is required (Authorization: Bearer lw_…)" }, 401);
    }
    c.set("token", verified);
    await next();
  };
  app.use("/api/*", auth);
  const admin = (c: Context<Env>) =>
    c.get("token").role === "admin" ? null : c.json({ error: "this needs an admin token" }, 403);

  app.openapi(
    createRoute({
      method: "get",
      path: "/api/v1/workspaces",
      security: secured,
      summary: "Every watched workspace with its latest score",
      responses: { 200: json(z.object({ workspaces: z.array(workspace) }), "workspaces"), ...unauthorized },
    }),
    async (c) => c.json({ workspaces: await store.listWorkspaces(now()) }, 200),
  );

  const days = z.object({
    days: z.coerce
      .number()
      .int()
      .min(1)
      .max(3660)
      .default(90)
      .openapi({ param: { name: "days", in: "query" } }),
  });
  app.openapi(
    createRoute({
      method: "get",
      path: "/api/v1/workspaces/{id}/scores",
      security: secured,
      summary: "One workspace's score over time",
      request: { params: idParam, query: days },
      responses: { 200: json(z.object({ scores: z.array(scorePoint) }), "scores"), ...unauthorized },
    }),
    async (c) =>
      c.json(
        {
          scores: await store.scoreHistory({
            workspaceId: Number(c.req.valid("param").id),
            days: c.req.valid("query").days,
            now: now(),
          }),
        },
        200,
      ),
  );
  app.openapi(
    createRoute({
      method: "get",
      path: "/api/v1/scores",
      security: secured,
      summary: "The estate's score over time (daily mean of the workspaces' scores)",
      request: { query: days },
      responses: { 200: json(z.object({ scores: z.array(scorePoint) }), "scores"), ...unauthorized },
    }),
    async (c) => c.json({ scores: await store.scoreHistory({ days: c.req.valid("query").days, now: now() }) }, 200),
  );
  app.openapi(
    createRoute({
      method: "get",
      path: "/api/v1/workspaces/{id}/settings",
      security: secured,
      summary:
        "The history of one evidence field of a workspace (e.g. databricks.workspaceConf.enableIpAccessLists), with who changed it",
      request: {
        params: idParam,
        query: z.object({
          path: z
            .string()
            .min(1)
            .max(500)
            .openapi({ param: { name: "path", in: "query" } }),
        }),
      },
      responses: { 200: json(z.object({ changes: z.array(settingChange) }), "changes, oldest first"), ...unauthorized },
    }),
    async (c) =>
      c.json({ changes: await store.settingHistory(Number(c.req.valid("param").id), c.req.valid("query").path) }, 200),
  );

  app.openapi(
    createRoute({
      method: "get",
      path: "/api/v1/runs",
      security: secured,
      summary: "Runs, newest first",
      request: {
        query: z.object({
          target: z.string().optional(),
          status: z.enum(["queued", "running", "succeeded", "partial", "failed", "interrupted"]).optional(),
          limit: z.coerce.number().int().min(1).max(500).default(50),
          before: z.coerce.number().int().optional().describe("runs with a smaller id (paging)"),
        }),
      },
      responses: { 200: json(z.object({ runs: z.array(run) }), "runs"), ...unauthorized },
    }),
    async (c) => {
      const q = c.req.valid("query");
      return c.json(
        {
          runs: await store.listRuns({
            ...(q.target ? { target: q.target } : {}),
            ...(q.status ? { status: q.status } : {}),
            limit: q.limit,
            ...(q.before ? { beforeId: q.before } : {}),
          }),
        },
        200,
      );
    },
  );
  app.openapi(
    createRoute({
      method: "post",
      path: "/api/v1/runs",
      security: secured,
      summary: "Trigger a run of a target now (admin)",
      request: { body: { content: { "application/json": { schema: z.object({ target: z.string().min(1) }) } } } },
      responses: {
        202: json(
          z.object({
            id: z.number(),
            created: z.boolean().describe("false: a run of the target was already queued or running"),
          }),
          "queued",
        ),
        403: json(error, "not an admin token"),
        404: json(error, "no such target"),
        ...unauthorized,
      },
    }),
    async (c) => {
      const refused = admin(c);
      if (refused) return refused as never;
      const { target } = c.req.valid("json");
      const queued = await options.trigger(target, c.get("token").name);
      if (!queued) return c.json({ error: `no target ${target}` }, 404);
      return c.json(queued, 202);
    },
  );
  app.openapi(
    createRoute({
      method: "get",
      path: "/api/v1/runs/{id}",
      security: secured,
      summary: "One run, with its workspaces",
      request: { params: idParam },
      responses: { 200: json(runDetail, "the run"), 404: json(error, "no such run"), ...unauthorized },
    }),
    async (c) => {
      const found = await store.getRun(Number(c.req.valid("param").id));
      return found ? c.json(found, 200) : c.json({ error: "no such run" }, 404);
    },
  );
  app.openapi(
    createRoute({
      method: "get",
      path: "/api/v1/runs/{id}/results",
      security: secured,
      summary: "The results of a run (the results document's workspace entries, docs/schema/results.schema.json)",
      request: { params: idParam, query: z.object({ workspace: z.coerce.number().int().optional() }) },
      responses: { 200: json(z.object({ workspaces: z.array(z.unknown()) }), "results"), ...unauthorized },
    }),
    async (c) => {
      const workspaceId = c.req.valid("query").workspace;
      return c.json({ workspaces: await store.runResults(Number(c.req.valid("param").id), workspaceId) }, 200);
    },
  );
  app.openapi(
    createRoute({
      method: "get",
      path: "/api/v1/runs/{id}/drift",
      security: secured,
      summary:
        "What changed in a run: every changed setting (with who changed it), status changes, finding transitions",
      request: { params: idParam },
      responses: {
        200: json(
          z.object({
            runId: z.number(),
            settings: z.array(settingChange),
            statuses: z.array(
              z.object({
                workspace: z.string(),
                checkId: z.string(),
                before: z.string().nullable(),
                after: z.string(),
              }),
            ),
            findings: z.array(
              z.object({
                workspace: z.string(),
                findingId: z.number(),
                checkId: z.string(),
                resource: z.string(),
                title: z.string(),
                severity: z.string(),
                from: z.string().nullable(),
                to: z.string(),
                note: z.string().nullable(),
              }),
            ),
          }),
          "drift",
        ),
        ...unauthorized,
      },
    }),
    async (c) => c.json(await store.runDrift(Number(c.req.valid("param").id)), 200),
  );

  app.openapi(
    createRoute({
      method: "get",
      path: "/api/v1/findings",
      security: secured,
      summary: "Findings with their lifecycle, filtered",
      request: {
        query: z.object({
          state: z
            .string()
            .optional()
            .describe(`comma-separated: ${FINDING_STATES.join(", ")}`),
          severity: z.string().optional().describe("comma-separated severities"),
          workspace: z.coerce.number().int().optional(),
          check: z.string().optional(),
          threat: z.string().optional(),
          control: z.string().optional(),
          minAgeDays: z.coerce.number().min(0).optional(),
          limit: z.coerce.number().int().min(1).max(1000).default(100),
          offset: z.coerce.number().int().min(0).default(0),
        }),
      },
      responses: {
        200: json(z.object({ total: z.number(), findings: z.array(finding) }), "findings"),
        400: json(error, "bad filter"),
        ...unauthorized,
      },
    }),
    async (c) => {
      const q = c.req.valid("query");
      const states = list(q.state);
      const bad = states?.find((s) => !(FINDING_STATES as readonly string[]).includes(s));
      if (bad) return c.json({ error: `unknown state ${bad}` }, 400);
      const result = await store.listFindings(
        {
          ...(states ? { states: states as (typeof FINDING_STATES)[number][] } : {}),
          ...(list(q.severity) ? { severities: list(q.severity)! } : {}),
          ...(q.workspace !== undefined ? { workspaceId: q.workspace } : {}),
          ...(q.check ? { checkId: q.check } : {}),
          ...(q.threat ? { threat: q.threat } : {}),
          ...(q.control ? { control: q.control } : {}),
          ...(q.minAgeDays !== undefined ? { minAgeDays: q.minAgeDays } : {}),
          limit: q.limit,
          offset: q.offset,
        },
        now(),
      );
      return c.json(result, 200);
    },
  );
  app.openapi(
    createRoute({
      method: "get",
      path: "/api/v1/findings/{id}/history",
      security: secured,
      summary: "A finding's transitions",
      request: { params: idParam },
      responses: {
        200: json(
          z.object({
            events: z.array(
              z.object({
                at: z.string(),
                runId: z.number().nullable(),
                from: z.string().nullable(),
                to: z.string(),
                note: z.string().nullable(),
              }),
            ),
          }),
          "history",
        ),
        ...unauthorized,
      },
    }),
    async (c) => c.json({ events: await store.findingHistory(Number(c.req.valid("param").id)) }, 200),
  );
  app.openapi(
    createRoute({
      method: "post",
      path: "/api/v1/findings/{id}/accept",
      security: secured,
      summary: "Accept (waive) a finding until an expiry (admin); it reopens by itself after",
      request: {
        params: idParam,
        body: {
          content: {
            "application/json": {
              schema: z.object({
                owner: z.string().min(1).max(200),
                reason: z.string().min(10).max(2000),
                expires: z
                  .string()
                  .regex(/^\d{4}-\d{2}-\d{2}(T.*)?$/)
                  .describe("ISO date or time"),
              }),
            },
          },
        },
      },
      responses: {
        200: json(z.object({ state: z.string() }), "accepted"),
        403: json(error, "not an admin token"),
        404: json(error, "no such finding"),
        409: json(error, "cannot be accepted"),
        ...unauthorized,
      },
    }),
    async (c) => {
      const refused = admin(c);
      if (refused) return refused as never;
      const body = c.req.valid("json");
      if (Number.isNaN(Date.parse(body.expires)) || Date.parse(body.expires) < now().getTime() - 86_400_000)
        return c.json({ error: "expires must be a date in the future" }, 409);
      const result = await store.acceptFinding(Number(c.req.valid("param").id), {
        ...body,
        by: c.get("token").name,
        at: now().toISOString(),
      });
      if (!result) return c.json({ error: "no such finding" }, 404);
      if (!result.ok) return c.json({ error: `a ${result.state} finding cannot be accepted` }, 409);
      return c.json({ state: result.state }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: "get",
      path: "/api/v1/alerts",
      security: secured,
      summary: "Alert events (finding transitions, detection alerts, failed runs), newest first",
      request: {
        query: z.object({
          kind: z.string().optional(),
          run: z.coerce.number().int().optional(),
          limit: z.coerce.number().int().min(1).max(1000).default(100),
        }),
      },
      responses: {
        200: json(
          z.object({ events: z.array(z.record(z.string(), z.unknown())) }),
          "events (schema: lakeward/alert-event)",
        ),
        ...unauthorized,
      },
    }),
    async (c) => {
      const q = c.req.valid("query");
      const events = await store.listAlertEvents({
        ...(q.kind ? { kind: q.kind } : {}),
        ...(q.run ? { runId: q.run } : {}),
        limit: q.limit,
      });
      return c.json({ events: events as unknown as Record<string, unknown>[] }, 200);
    },
  );
  app.openapi(
    createRoute({
      method: "get",
      path: "/api/v1/detections",
      security: secured,
      summary: "Detection alerts from audit logs",
      request: {
        query: z.object({
          detection: z.string().optional(),
          limit: z.coerce.number().int().min(1).max(1000).default(100),
        }),
      },
      responses: {
        200: json(z.object({ alerts: z.array(z.record(z.string(), z.unknown())) }), "alerts"),
        ...unauthorized,
      },
    }),
    async (c) => {
      const q = c.req.valid("query");
      return c.json(
        {
          alerts: await store.listDetectionAlerts({
            ...(q.detection ? { detectionId: q.detection } : {}),
            limit: q.limit,
          }),
        },
        200,
      );
    },
  );
  app.openapi(
    createRoute({
      method: "get",
      path: "/api/v1/schedules",
      security: secured,
      summary: "Targets with their schedule and next run",
      responses: {
        200: json(
          z.object({
            targets: z.array(
              z.object({
                name: z.string(),
                kind: z.string(),
                schedule: z.string().nullable(),
                nextRunAt: z.string().nullable(),
              }),
            ),
          }),
          "targets",
        ),
        ...unauthorized,
      },
    }),
    async (c) => {
      const targets = await store.runs.schedules();
      return c.json(
        { targets: targets.map((t) => ({ ...t, nextRunAt: t.nextRunAt ? t.nextRunAt.toISOString() : null })) },
        200,
      );
    },
  );

  app.openapi(
    createRoute({
      method: "get",
      path: "/api/v1/deliveries",
      security: secured,
      summary: "Alert deliveries, newest first, with their attempts",
      request: {
        query: z.object({
          channel: z.string().optional(),
          state: z.enum(["pending", "delivered", "failed"]).optional(),
          limit: z.coerce.number().int().min(1).max(500).default(50),
          before: z.string().optional().describe("created before this ISO time (paging)"),
        }),
      },
      responses: {
        200: json(z.object({ deliveries: z.array(z.record(z.string(), z.unknown())) }), "deliveries"),
        ...unauthorized,
      },
    }),
    async (c) => {
      const q = c.req.valid("query");
      const rows = await store.deliveries.list({
        ...(q.channel ? { channel: q.channel } : {}),
        ...(q.state ? { state: q.state } : {}),
        limit: q.limit,
        ...(q.before ? { before: q.before } : {}),
      });
      const deliveries = [];
      for (const row of rows) deliveries.push({ ...row, attemptLog: await store.deliveries.attempts(row.id) });
      return c.json({ deliveries: deliveries as unknown as Record<string, unknown>[] }, 200);
    },
  );
  app.openapi(
    createRoute({
      method: "get",
      path: "/api/v1/channels",
      security: secured,
      summary: "Alert channels with their last delivery and failures",
      responses: {
        200: json(z.object({ channels: z.array(z.record(z.string(), z.unknown())) }), "channels"),
        ...unauthorized,
      },
    }),
    async (c) =>
      c.json({ channels: ((await options.channelHealth?.()) ?? []) as unknown as Record<string, unknown>[] }, 200),
  );

  app.doc31("/api/v1/openapi.json", {
    openapi: "3.1.0",
    info: {
      title: "lakeward serve API",
      version: VERSION,
      description: "Security posture history of Azure Databricks workspaces. docs/serve.md",
    },
    security: secured,
  });
  app.notFound((c) => c.json({ error: "no such route" }, 404));
  app.onError((err, c) => c.json({ error: `internal error: ${err.message.slice(0, 200)}` }, 500));
  return app;
}
