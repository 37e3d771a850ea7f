/**
 * The emulator's control endpoint, for tests and demos of drift: it changes a persona's setting the way an
 * admin would, and writes the matching audit event into the emulated system.access.audit, so `lakeward
 * serve` sees the change at its next run and can say who made it.
 *
 *   POST /lakeward-emulator/workspaces/{name}/workspace-conf   {"key": "enableIpAccessLists", "value": "false",
 *                                                               "actor": "mallory@contoso.com", "sourceIp": "…"}
 *
 *   POST /lakeward-emulator/workspaces/{name}/clusters         {"cluster": {…Databricks ClusterDetails…}}
 *   adds a cluster to the workspace's clusters list (tests plant hostile names through it).
 *
 * The event is what Databricks logs for a workspace-conf PATCH (service `workspace`, action
 * `workspaceConfEdit`, request params `workspaceConfKeys` / `workspaceConfValues`), as DET-06 reads it.
 * Served on the ARM listener with the emulator's token; not recorded with the read requests.
 */
import { randomUUID } from "node:crypto";
import { Hono } from "hono";
import type { AuditEvent } from "../detect/generator/model.ts";
import { settingV2 } from "./platform-2026.ts";
import type { EmulatorState } from "./server.ts";
import { appendAuditEvents } from "./statement-routes.ts";

export function controlApp(state: EmulatorState): Hono {
  const app = new Hono();
  app.use("*", async (c, next) => {
    if (c.req.header("authorization") !== `Bearer ${state.token}`) return c.json({ error: "unauthorized" }, 401);
    await next();
  });
  app.post("/workspaces/:name/workspace-conf", async (c) => {
    const entry = state.workspaces.find(
      (w) => w.data.name === c.req.param("name") || w.data.persona === c.req.param("name"),
    );
    if (!entry) return c.json({ error: `no workspace ${c.req.param("name")}` }, 404);
    let body: { key?: unknown; value?: unknown; actor?: unknown; sourceIp?: unknown };
    try {
      body = await c.req.json();
    } catch {
      return c.json({ error: "expected a JSON object" }, 400);
    }
    if (typeof body.key !== "string" || !(typeof body.value === "string" || body.value === null))
      return c.json({ error: 'expected {"key": string, "value": string | null}' }, 400);
    const ws = entry.data;
    const before = ws.workspaceConf[body.key] ?? null;
    ws.workspaceConf[body.key] = body.value;
    const properties = ws.arm.properties as { workspaceId?: string };
    const event: AuditEvent = {
      time: Date.now(),
      workspace: { id: String(properties.workspaceId ?? ""), name: ws.name, resourceId: ws.resourceId },
      service: "workspace",
      action: "workspaceConfEdit",
      email: typeof body.actor === "string" ? body.actor : "admin@contoso.com",
      ip: typeof body.sourceIp === "string" ? body.sourceIp : "203.0.113.50",
      userAgent: "Mozilla/5.0 (emulator control)",
      sessionId: null,
      requestId: randomUUID(),
      params: { workspaceConfKeys: body.key, workspaceConfValues: body.value ?? "" },
      status: 200,
      errorMessage: null,
    };
    await appendAuditEvents(state, [event]);
    return c.json({
      workspace: ws.name,
      key: body.key,
      before,
      after: body.value,
      requestId: event.requestId,
      time: new Date(event.time).toISOString(),
    });
  });
  // Adds a setting to (or changes one in) a workspace's settings v2 catalogue, as a platform release or an
  // admin would: {"name": "new_control", "field": "boolean_val", "value": {"value": true}, "type"?, "description"?}.
  app.post("/workspaces/:name/settings-v2", async (c) => {
    const entry = state.workspaces.find(
      (w) => w.data.name === c.req.param("name") || w.data.persona === c.req.param("name"),
    );
    if (!entry) return c.json({ error: `no workspace ${c.req.param("name")}` }, 404);
    let body: { name?: unknown; field?: unknown; value?: unknown; type?: unknown; description?: unknown };
    try {
      body = await c.req.json();
    } catch {
      return c.json({ error: "expected a JSON object" }, 400);
    }
    if (
      typeof body.name !== "string" ||
      !/^[a-z0-9_]+$/.test(body.name) ||
      typeof body.value !== "object" ||
      !body.value
    )
      return c.json({ error: 'expected {"name": snake_case string, "value": object, "field"?: string}' }, 400);
    const field = typeof body.field === "string" ? body.field : "boolean_val";
    const setting = settingV2(
      body.name,
      typeof body.type === "string" ? body.type : "BooleanMessage",
      typeof body.description === "string" ? body.description : body.name,
      { key: field, body: body.value as Record<string, unknown> },
    );
    const list = entry.data.settingsV2;
    const at = list.findIndex((s) => s.metadata.name === body.name);
    if (at >= 0) list[at] = setting;
    else list.push(setting);
    return c.json({ workspace: entry.data.name, setting: setting.setting });
  });
  app.post("/workspaces/:name/clusters", async (c) => {
    const entry = state.workspaces.find(
      (w) => w.data.name === c.req.param("name") || w.data.persona === c.req.param("name"),
    );
    if (!entry) return c.json({ error: `no workspace ${c.req.param("name")}` }, 404);
    let body: { cluster?: unknown };
    try {
      body = await c.req.json();
    } catch {
      return c.json({ error: "expected a JSON object" }, 400);
    }
    const cluster = body.cluster as Record<string, unknown> | undefined;
    if (!cluster || typeof cluster !== "object" || typeof cluster.cluster_id !== "string")
      return c.json({ error: 'expected {"cluster": {"cluster_id": string, …}}' }, 400);
    entry.data.clusters.push(cluster as (typeof entry.data.clusters)[number]);
    return c.json({ workspace: entry.data.name, clusters: entry.data.clusters.length });
  });
  return app;
}
