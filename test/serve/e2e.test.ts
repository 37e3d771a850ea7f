/**
 * Issue 12's "Done when", over HTTP on both stores: the emulator, `lakeward serve` with a 2-target config
 * on a short schedule; the API lists both workspaces with scores; a setting changed in the emulator
 * (through its control endpoint, which writes the audit event) shows as a new failure with first seen and
 * as a changed setting with the actor from the audit event; restored, the finding is fixed with its time
 * to fix.
 */
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { verifySignature } from "../../src/alerts/channels/webhook.ts";
import { type RunningEmulator, startEmulator } from "../../src/emulator/server.ts";
import {
  type HttpReceiver,
  type SmtpReceiver,
  startHttpReceiver,
  startSmtpReceiver,
} from "../support/alert-receivers.ts";
import {
  eventually,
  type RunningServe,
  SMTP_PASSWORD,
  serveArgs,
  serveEnv,
  startServe,
  WEBHOOK_SECRET,
  writeServeConfig,
} from "../support/serve.ts";
import { ENGINES, type TestStoreLocation, testStoreLocation } from "../support/stores.ts";

interface Workspace {
  id: number;
  name: string;
  latest: { score: number | null; runId: number } | null;
}
interface Finding {
  id: number;
  checkId: string;
  workspace: string;
  state: string;
  firstSeenAt: string;
  fixedAt: string | null;
  timeToFixSeconds: number | null;
}
interface Run {
  id: number;
  target: string;
  status: string;
  startedAt: string | null;
  finishedAt: string | null;
}

describe.each(ENGINES)("lakeward serve end to end (%s store)", (engine) => {
  let emulator: RunningEmulator;
  let location: TestStoreLocation;
  let serve: RunningServe;
  let dir: string;
  let hook: HttpReceiver;
  let smtp: SmtpReceiver;

  beforeAll(async () => {
    emulator = await startEmulator({ personas: ["typical", "hardened"] });
    dir = await mkdtemp(join(tmpdir(), "lakeward-e2e-"));
    location = await testStoreLocation(engine, "e2e");
    hook = await startHttpReceiver();
    smtp = await startSmtpReceiver({ user: "lakeward", password: SMTP_PASSWORD });
    const caFile = join(dir, "smtp-ca.pem");
    await writeFile(caFile, smtp.cert);
    const config = await writeServeConfig(dir, emulator, ["typical", "hardened"], 4, {
      webhookUrl: hook.url("/hook"),
      smtpPort: smtp.port,
      caFile,
    });
    serve = await startServe(serveArgs(emulator, config, location.args), serveEnv(emulator));
  }, 120_000);
  afterAll(async () => {
    await serve?.stop();
    await emulator?.close();
    await hook?.close();
    await smtp?.close();
    await location?.cleanup();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it("watches two workspaces, sees a setting turned off with who did it, and its fix", async () => {
    expect((await serve.api("/api/v1/workspaces", { token: null })).status).toBe(401);
    expect((await fetch(`${serve.url}/healthz`)).status).toBe(200);
    const listed = await eventually(
      "both workspaces with scores",
      async () => {
        const { body } = await serve.api<{ workspaces: Workspace[] }>("/api/v1/workspaces");
        return body.workspaces.length === 2 &&
          body.workspaces.every((w) => w.latest?.score !== null && w.latest !== null)
          ? body.workspaces
          : undefined;
      },
      serve,
    );
    const typical = listed.find((w) => w.name === "adb-typical")!;
    expect(typical.latest!.score).toBeGreaterThan(0);
    const before = await serve.api<{ findings: Finding[] }>("/api/v1/findings?check=NET-03&state=open");
    expect(before.body.findings.filter((f) => f.workspace === "adb-typical")).toEqual([]);

    // An admin turns IP access lists off in the emulator; the control endpoint writes the audit event.
    const change = await fetch(`${emulator.armUrl}/lakeward-emulator/workspaces/adb-typical/workspace-conf`, {
      method: "POST",
      headers: { authorization: `Bearer ${emulator.token}`, "content-type": "application/json" },
      body: JSON.stringify({
        key: "enableIpAccessLists",
        value: "false",
        actor: "mallory@contoso.com",
        sourceIp: "198.51.100.23",
      }),
    });
    expect(change.status).toBe(200);
    const changedAt = Date.now();

    const failing = await eventually(
      "the new NET-03 failure",
      async () => {
        const { body } = await serve.api<{ findings: Finding[] }>("/api/v1/findings?check=NET-03&state=open");
        return body.findings.find((f) => f.workspace === "adb-typical");
      },
      serve,
    );
    expect(Date.parse(failing.firstSeenAt)).toBeGreaterThanOrEqual(changedAt - 1000);

    // The run that saw it shows the changed setting with the actor from the audit event.
    const { body: runs } = await serve.api<{ runs: Run[] }>("/api/v1/runs?target=typical&limit=50");
    const seen = runs.runs.find((r) => r.finishedAt && r.finishedAt === failing.firstSeenAt);
    expect(seen).toBeDefined();
    const drift = await serve.api<{
      settings: { path: string; before: string; after: string; actor: string | null; sourceIp: string | null }[];
    }>(`/api/v1/runs/${seen!.id}/drift`);
    expect(drift.body.settings).toContainEqual(
      expect.objectContaining({
        path: "databricks.workspaceConf.enableIpAccessLists",
        before: "true",
        after: "false",
        actor: "mallory@contoso.com",
        sourceIp: "198.51.100.23",
      }),
    );
    const history = await serve.api<{ changes: { actor: string | null }[] }>(
      `/api/v1/workspaces/${typical.id}/settings?path=databricks.workspaceConf.enableIpAccessLists`,
    );
    expect(history.body.changes.map((c) => c.actor)).toEqual(["mallory@contoso.com"]);
    const alerts = await serve.api<{ events: { kind: string; finding?: { checkId: string } }[] }>(
      "/api/v1/alerts?kind=new_failure",
    );
    expect(alerts.body.events.filter((e) => e.finding?.checkId === "NET-03")).toHaveLength(1);
    // A signed webhook and an e-mail arrived, once each.
    const [request] = await hook.waitFor(1, 60_000);
    expect(verifySignature(WEBHOOK_SECRET, request!.headers["lakeward-signature"] as string, request!.body)).toEqual({
      ok: true,
    });
    expect(request!.body).toContain("NET-03");
    const [mail] = await smtp.waitFor(1, 60_000);
    expect(mail!.parsed.subject).toMatch(/NET-03/);

    // Restored: the finding is fixed, with its time to fix.
    await fetch(`${emulator.armUrl}/lakeward-emulator/workspaces/adb-typical/workspace-conf`, {
      method: "POST",
      headers: { authorization: `Bearer ${emulator.token}`, "content-type": "application/json" },
      body: JSON.stringify({ key: "enableIpAccessLists", value: "true", actor: "alice@contoso.com" }),
    });
    const fixed = await eventually(
      "the NET-03 finding fixed",
      async () => {
        const { body } = await serve.api<{ findings: Finding[] }>(
          `/api/v1/findings?check=NET-03&state=fixed&workspace=${typical.id}`,
        );
        return body.findings[0];
      },
      serve,
    );
    expect(fixed.timeToFixSeconds).toBeGreaterThan(0);
    expect(fixed.timeToFixSeconds).toBe(
      Math.round((Date.parse(fixed.fixedAt!) - Date.parse(failing.firstSeenAt)) / 1000),
    );

    // A read-only caller cannot trigger runs; the OpenAPI document describes the routes.
    const openapi = await serve.api<{ openapi: string; paths: Record<string, unknown> }>("/api/v1/openapi.json");
    expect(openapi.body.openapi).toBe("3.1.0");
    expect(Object.keys(openapi.body.paths)).toEqual(
      expect.arrayContaining(["/api/v1/workspaces", "/api/v1/findings", "/api/v1/runs/{id}/drift"]),
    );
  }, 240_000);
});
