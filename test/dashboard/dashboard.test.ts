/**
 * The dashboard in process, on both store engines (the browser tests in dashboard.browser.test.ts drive
 * the real `lakeward serve`): sign-in, the session cookie's attributes, every page answering, CSRF and
 * cross-site refusal, viewer vs admin, security headers, and a hostile cluster name rendered as text.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { judge } from "../../src/cli/judge.ts";
import { serverApp } from "../../src/dashboard/server.ts";
import { known } from "../../src/evidence/fact.ts";
import type { WorkspaceEvidence } from "../../src/evidence/model.ts";
import { apiApp } from "../../src/serve/api.ts";
import { postureRecord } from "../../src/serve/posture.ts";
import type { Store } from "../../src/store/index.ts";
import { DashboardClient as Client } from "../support/dashboard-client.ts";
import { conf, goodCluster, goodEvidence } from "../support/evidence.ts";
import { ENGINES, openTestStore } from "../support/stores.ts";

const T0 = new Date("2026-11-20T06:00:00Z");
const at = (hours: number) => new Date(T0.getTime() + hours * 3_600_000);
const HOSTILE = "<img src=x onerror=alert(1)>";
const ADMIN = "lw_dashAdmin0_dashboard-admin-token-for-tests";
const VIEWER = "lw_dashView00_dashboard-viewer-token-for-tests";

async function record(store: Store, evidence: WorkspaceEvidence[], when: Date) {
  await store.runs.syncTargets([{ name: "estate", kind: "posture", schedule: null, spec: {} }], when);
  await store.runs.enqueueNow("estate", "api", "test", when);
  const run = await store.runs.claim("test", 60_000, when);
  const { record, related } = await postureRecord(store, {
    runId: run!.id,
    owner: "test",
    target: "estate",
    startedAt: when,
    finishedAt: when,
    evidence,
    document: judge(evidence, "standard", when),
    auditEvents: [
      {
        time: new Date(when.getTime() - 60_000).toISOString(),
        workspace: evidence[0]!.workspace.workspaceId,
        service: "workspace",
        action: "workspaceConfEdit",
        principal: "mallory@example.com",
        sourceIp: "198.51.100.7",
        requestId: `req-${when.getTime()}`,
        params: { workspaceConfKeys: "enableIpAccessLists", workspaceConfValues: "false" },
      },
    ],
    policy: { slaDays: { high: 30 } },
    discoveryComplete: true,
  });
  await store.record(record, related);
}

describe.each(ENGINES)("dashboard (%s)", (engine) => {
  let store: Store;
  let close: () => Promise<void>;
  let app: ReturnType<typeof serverApp>;
  const triggered: string[] = [];
  beforeAll(async () => {
    ({ store, close } = await openTestStore(engine, "dashboard"));
    await store.tokens.create("admin", "admin", T0, ADMIN);
    await store.tokens.create("viewer", "read", T0, VIEWER);
    await record(store, [goodEvidence()], at(0));
    const bad = goodEvidence();
    conf(bad, "enableIpAccessLists", "false");
    bad.databricks.clusters = known(
      [goodCluster(), goodCluster({ id: "0101-000000-evil0001", name: HOSTILE, accessMode: "NONE" })],
      "test fixture",
    );
    await record(store, [bad], at(24));
    const trigger = async (target: string, by: string) => {
      triggered.push(`${target} by ${by}`);
      return target === "estate" ? { id: 99, created: true } : null;
    };
    app = serverApp(apiApp({ store, trigger, now: () => at(25) }), {
      store,
      trigger,
      secure: false,
      now: () => at(25),
    });
  }, 120_000);
  afterAll(() => close?.());

  it("sends a stranger to the sign-in page, refuses a wrong token, and signs an admin in with a strict cookie", async () => {
    const client = new Client(app);
    const first = await client.request("/findings?state=open");
    expect(first.status).toBe(303);
    expect(first.headers.get("location")).toBe("/login?next=%2Ffindings%3Fstate%3Dopen");
    expect(first.headers.get("content-security-policy")).toContain("script-src 'self'");
    expect(first.headers.get("content-security-policy")).not.toContain("unsafe-inline");
    expect(first.headers.get("x-frame-options")).toBe("DENY");

    const wrong = await client.signIn("lw_dashAdmin0_not-the-right-secret-at-all");
    expect(wrong.status).toBe(401);
    expect(await wrong.text()).toContain("not valid");

    const signedIn = await client.signIn(ADMIN);
    expect(signedIn.status).toBe(303);
    const cookie = client.lastSetCookie.find((c) => c.startsWith("lakeward="))!;
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Strict/i);
    // The cookie value is not what the store keeps (only its hash is).
    const value = client.cookies.get("lakeward")!;
    const rows = await store.db
      .selectFrom("dashboard_sessions" as never)
      .selectAll()
      .execute();
    expect(JSON.stringify(rows)).not.toContain(value);
  });

  it("answers every page for a signed-in viewer, with the hostile cluster name only as text", async () => {
    const client = new Client(app);
    expect((await client.signIn(VIEWER)).status).toBe(303);
    const workspace = (await store.listWorkspaces())[0]!;
    const pages = [
      "/",
      "/?days=365",
      `/workspaces/${workspace.id}`,
      "/checks",
      "/checks/DATA-12",
      "/findings",
      "/findings?state=open&severity=high",
      `/settings?workspace=${workspace.id}&path=databricks.workspaceConf.enableIpAccessLists`,
      "/detections",
      "/runs",
    ];
    for (const path of pages) {
      const response = await client.request(path);
      expect(response.status, path).toBe(200);
      const body = await response.text();
      expect(body, path).not.toContain("<img src=x");
      expect(response.headers.get("cache-control"), path).toBe("no-store");
    }
    // The workspace's score chart is the daily rollup: a point per day (the day's last run).
    const workspaceHtml = await (await client.request(`/workspaces/${workspace.id}`)).text();
    const chart = JSON.parse(
      /<script type="application\/json" id="lakeward-data">([^<]*)<\/script>/.exec(workspaceHtml)![1]!,
    ).score as { labels: string[]; series: { values: (number | null)[] }[] };
    const days = await store.workspaceTrend({ workspaceId: workspace.id, days: 90, now: at(25) });
    expect(days.map((d) => d.day)).toEqual(["2026-11-20", "2026-11-21"]);
    expect(chart.labels).toEqual(days.map((d) => d.day));
    expect(chart.series[0]!.values).toEqual(days.map((d) => d.score));
    const findings = await (await client.request("/findings?check=DATA-12")).text();
    expect(findings).toContain("&lt;img src=x onerror=alert(1)&gt;");
    const csv = await client.request("/findings.csv");
    expect(csv.headers.get("content-type")).toContain("text/csv");
    expect(await csv.text()).toContain("DATA-12");
    expect((await client.request("/checks/NOPE-1")).status).toBe(404);
  });

  it("accepts a finding for an admin with the CSRF token; refuses without it, cross-site, and for a viewer", async () => {
    const open = await store.listFindings({ states: ["open"], checkId: "NET-03" });
    const id = open.findings[0]!.id;
    const form = { owner: "platform team", reason: "compensated by the private link", expires: "2027-06-01" };

    const viewer = new Client(app);
    await viewer.signIn(VIEWER);
    const refusedViewer = await viewer.post(`/findings/${id}/accept`, { ...form, csrf: await viewer.csrf() });
    expect(refusedViewer.status).toBe(403);
    expect(await refusedViewer.text()).toContain("admin role");

    const admin = new Client(app);
    await admin.signIn(ADMIN);
    const noToken = await admin.post(`/findings/${id}/accept`, form);
    expect(noToken.status).toBe(403);
    const csrf = await admin.csrf();
    const crossSite = await admin.post(`/findings/${id}/accept`, { ...form, csrf }, { origin: "https://evil.example" });
    expect(crossSite.status).toBe(403);
    const fetchSite = await admin.post(`/findings/${id}/accept`, { ...form, csrf }, { "sec-fetch-site": "cross-site" });
    expect(fetchSite.status).toBe(403);
    expect((await store.listFindings({ states: ["open"], checkId: "NET-03" })).total).toBe(1);

    // The estate page's content is cached (the same for everyone); the shell around it is each viewer's own.
    const estateAccepted = async (client: Client) => {
      const body = await (await client.request("/")).text();
      return { count: Number(/state=accepted">(\d+)</.exec(body)?.[1]), body };
    };
    const before = await estateAccepted(admin);
    expect(before.body).toContain(`name="csrf" value="${csrf}"`);
    const viewerEstate = await estateAccepted(viewer);
    expect(viewerEstate.count).toBe(before.count);
    expect(viewerEstate.body).not.toContain(csrf);
    expect(viewerEstate.body).toContain(`name="csrf" value="${await viewer.csrf()}"`);

    const nullOrigin = await admin.post(`/findings/${id}/accept`, { ...form, csrf }, { origin: "null" });
    expect(nullOrigin.status).toBe(403);
    // What Chromium sends for its own form post: same-origin fetch metadata (Origin may be "null").
    const accepted = await admin.post(
      `/findings/${id}/accept`,
      { ...form, csrf, back: "/findings?check=NET-03" },
      { "sec-fetch-site": "same-origin", origin: "null" },
    );
    expect(accepted.status).toBe(303);
    expect(accepted.headers.get("location")).toBe("/findings?check=NET-03&done=accepted");
    const after = await store.listFindings({ checkId: "NET-03" });
    expect(after.findings[0]).toMatchObject({ state: "accepted" });
    // The waiver is a new finding event: the cached estate content is rendered again, within the minute.
    expect((await estateAccepted(admin)).count).toBe(before.count + 1);

    const run = await admin.post("/runs", { target: "estate", csrf });
    expect(run.status).toBe(303);
    expect(triggered).toContain("estate by admin");
    const signedOut = await admin.post("/logout", { csrf });
    expect(signedOut.status).toBe(303);
    expect((await admin.request("/")).status).toBe(303);
  });

  it("ends a viewer's session when its token is revoked; lists tokens without their secrets", async () => {
    const viewer = new Client(app);
    await viewer.signIn(VIEWER);
    expect((await viewer.request("/")).status).toBe(200);
    expect(await store.tokens.revoke("viewer", at(25))).toBe(1);
    expect((await viewer.request("/")).status).toBe(303);
    expect((await viewer.signIn(VIEWER)).status).toBe(401);
    const listed = await store.tokens.list();
    expect(listed.map((t) => [t.name, t.role, t.revokedAt !== null])).toEqual([
      ["admin", "admin", false],
      ["viewer", "read", true],
    ]);
    expect(JSON.stringify(listed)).not.toContain(VIEWER.slice(14));
  });
});
