/**
 * Each detection's table of cases, typescript-eslint style: hand-made events that must raise an alert
 * (positive) and near misses that must not (negative). Every detection needs at least one of each.
 */
import { describe, expect, it } from "vitest";
import type { Alert } from "../../src/detect/alerts.ts";
import { DETECTIONS } from "../../src/detect/detections/registry.ts";
import type { AuditEvent } from "../../src/detect/generator/model.ts";
import { DAY, detect, ev, HOUR, MIN, T0, times } from "./support.ts";

interface Case {
  name: string;
  events: AuditEvent[];
  thresholds?: Record<string, number>;
  /** Alerts expected from this detection; each may be checked further. */
  alerts: {
    principal?: string | null;
    sourceIp?: string | null;
    severity?: Alert["severity"];
    facts?: Record<string, unknown>;
  }[];
}

const bob = "bob@contoso.com";
const alice = "alice@contoso.com";
const at = (day: number, hour: number, minute = 0) => T0 + day * DAY + hour * HOUR + minute * MIN;

const failed = (user: string, time: number, ip = "192.0.2.1") =>
  ev({ at: time, action: "login", email: user, ip, params: { user }, status: 401 });
const signIn = (user: string, time: number, ip: string, status = 200) =>
  ev({ at: time, action: "aadBrowserLogin", email: user, ip, params: { user }, status });
/** Sign-ins on days 0–3 at 09:00, 12:00 and 17:00 from one address: a baseline for DET-03. */
const signInBaseline = (user: string, ip: string) =>
  [0, 1, 2, 3].flatMap((day) => [9, 12, 17].map((hour) => signIn(user, at(day, hour, 5), ip)));
const secret = (user: string, time: number, scope: string, key = "k") =>
  ev({ at: time, service: "secrets", action: "getSecret", email: user, params: { scope, key } });
const conf = (key: string, value: string, service = "workspace", status = 200) =>
  ev({
    service,
    action: "workspaceConfEdit",
    email: alice,
    params: { workspaceConfKeys: key, workspaceConfValues: value },
    status,
  });
const cluster = (params: Record<string, string>, time = T0, email = bob) =>
  ev({ at: time, service: "clusters", action: "create", email, params });
const denied = (time: number, service: string, action: string, email = bob) =>
  ev({ at: time, service, action, email, status: 403, params: {} });

const TABLES: Record<string, Case[]> = {
  "DET-01": [
    {
      name: "6 failures for one user in 5 minutes",
      events: times(6, (i) => failed(bob, T0 + i * 50_000)),
      alerts: [{ principal: bob }],
    },
    {
      name: "a burst across a 10-minute boundary (sliding window)",
      events: times(5, (i) => failed(bob, at(0, 10, 7) + i * 80_000)),
      alerts: [{ principal: bob, facts: { kind: "user", failures: 5 } }],
    },
    {
      name: "spraying: 12 failures from one IP against 4 users",
      events: times(12, (i) => failed(`user${i % 4}@contoso.com`, T0 + i * 30_000, "192.0.2.9")),
      alerts: [{ principal: null, sourceIp: "192.0.2.9", facts: { kind: "ip", failures: 12 } }],
    },
    { name: "4 failures (below 5)", events: times(4, (i) => failed(bob, T0 + i * MIN)), alerts: [] },
    { name: "6 failures over 2 hours", events: times(6, (i) => failed(bob, T0 + i * 20 * MIN)), alerts: [] },
    {
      name: "6 successful sign-ins",
      events: times(6, (i) => signIn(bob, T0 + i * MIN, "192.0.2.1")),
      alerts: [],
    },
    {
      name: "4 failures with failuresPerUser=3",
      events: times(4, (i) => failed(bob, T0 + i * MIN)),
      thresholds: { failuresPerUser: 3 },
      alerts: [{ principal: bob }],
    },
  ],
  "DET-02": [
    {
      name: "three addresses within 10 minutes",
      events: ["198.51.100.10", "192.0.2.21", "192.0.2.22"].map((ip, i) => signIn(alice, T0 + i * 5 * MIN, ip)),
      alerts: [{ principal: alice, facts: { peak_ips: 3 } }],
    },
    {
      name: "two addresses",
      events: ["198.51.100.10", "192.0.2.21", "198.51.100.10"].map((ip, i) => signIn(alice, T0 + i * 5 * MIN, ip)),
      alerts: [],
    },
    {
      name: "three addresses over three hours",
      events: ["198.51.100.10", "192.0.2.21", "192.0.2.22"].map((ip, i) => signIn(alice, T0 + i * HOUR, ip)),
      alerts: [],
    },
    {
      name: "one of the three sign-ins failed",
      events: ["198.51.100.10", "192.0.2.21", "192.0.2.22"].map((ip, i) =>
        signIn(alice, T0 + i * MIN, ip, i === 2 ? 401 : 200),
      ),
      alerts: [],
    },
  ],
  "DET-03": [
    {
      name: "a 03:00 sign-in after a 09–17 baseline",
      events: [...signInBaseline(alice, "198.51.100.10"), signIn(alice, at(8, 3), "198.51.100.10")],
      alerts: [{ principal: alice, facts: { kind: "unusual-hour", usual_hours: "9-17", unusual: 3 } }],
    },
    {
      name: "a sign-in from a new address",
      events: [...signInBaseline(alice, "198.51.100.10"), signIn(alice, at(8, 11), "192.0.2.77")],
      alerts: [{ principal: alice, sourceIp: "192.0.2.77", facts: { kind: "new-ip", baseline_ips: 1 } }],
    },
    {
      name: "sign-ins within the usual hours plus slack, from the usual address",
      events: [
        ...signInBaseline(alice, "198.51.100.10"),
        signIn(alice, at(8, 7), "198.51.100.10"),
        signIn(alice, at(8, 19), "198.51.100.10"),
      ],
      alerts: [],
    },
    {
      name: "a new address in a private range (a cluster)",
      events: [...signInBaseline(alice, "198.51.100.10"), signIn(alice, at(8, 11), "10.139.0.5")],
      alerts: [],
    },
    {
      name: "a user with too little baseline",
      events: [
        signIn(bob, at(0, 9), "198.51.100.10"),
        signIn(bob, at(1, 9), "198.51.100.10"),
        signIn(bob, at(8, 3), "192.0.2.7"),
      ],
      alerts: [],
    },
  ],
  "DET-04": [
    {
      name: "a browser request refused by the IP access list",
      events: [ev({ action: "IpAccessDenied", email: bob, ip: "192.0.2.5", params: { path: "/login" }, status: 403 })],
      alerts: [{ principal: bob, sourceIp: "192.0.2.5" }],
    },
    {
      name: "a Databricks runtime agent refused",
      events: [
        ev({
          action: "IpAccessDenied",
          email: bob,
          userAgent: "Databricks-Runtime/15.4",
          params: { path: "/api" },
          status: 403,
        }),
      ],
      alerts: [],
    },
    {
      name: "a telemetry path refused",
      events: [ev({ action: "IpAccessDenied", email: bob, params: { path: "/telemetry/events" }, status: 403 })],
      alerts: [],
    },
    {
      name: "a service principal refused",
      events: [
        ev({
          action: "IpAccessDenied",
          email: "12345678-1234-1234-1234-123456789012",
          params: { path: "/api" },
          status: 403,
        }),
      ],
      alerts: [],
    },
    {
      name: "a service principal refused, with ignoreServicePrincipals=0",
      events: [
        ev({
          action: "IpAccessDenied",
          email: "12345678-1234-1234-1234-123456789012",
          params: { path: "/api" },
          status: 403,
        }),
      ],
      thresholds: { ignoreServicePrincipals: 0 },
      alerts: [{ principal: "12345678-1234-1234-1234-123456789012" }],
    },
  ],
  "DET-05": [
    {
      name: "a token without expiry",
      events: [ev({ action: "generateDbToken", email: bob, params: { tokenHash: "ab12" } })],
      alerts: [{ principal: bob, severity: "high", facts: { kind: "no-expiry" } }],
    },
    {
      name: "a token valid for 180 days",
      events: [ev({ action: "generateDbToken", email: bob, params: { tokenExpirationTime: String(T0 + 180 * DAY) } })],
      alerts: [{ principal: bob, severity: "medium", facts: { kind: "long", lifetime_days: 180 } }],
    },
    {
      name: "a token valid for 30 days",
      events: [ev({ action: "generateDbToken", email: bob, params: { tokenExpirationTime: String(T0 + 30 * DAY) } })],
      alerts: [],
    },
    {
      name: "a refused token creation",
      events: [ev({ action: "generateDbToken", email: bob, params: {}, status: 403 })],
      alerts: [],
    },
  ],
  "DET-06": [
    {
      name: "notebook export enabled",
      events: [conf("enableExportNotebook", "true")],
      alerts: [{ severity: "high", facts: { kind: "weakened" } }],
    },
    {
      name: "token lifetime limit removed",
      events: [conf("maxTokenLifetimeDays", "")],
      alerts: [{ severity: "high" }],
    },
    {
      name: "an IP access list deleted",
      events: [ev({ action: "deleteIpAccessList", email: alice, params: { ipAccessListId: "x" } })],
      alerts: [{ principal: alice, severity: "high" }],
    },
    {
      name: "an IP access list widened to /0",
      events: [
        ev({ action: "updateIpAccessList", email: alice, params: { ip_addresses: '["0.0.0.0/0"]', enabled: "true" } }),
      ],
      alerts: [{ severity: "high" }],
    },
    {
      name: "a refused attempt to turn off verbose audit logs",
      events: [conf("enableVerboseAuditLogs", "false", "workspace", 403)],
      alerts: [{ severity: "high", facts: { outcome: "refused (403)" } }],
    },
    {
      name: "notebook export disabled (a hardening: reported as info)",
      events: [conf("enableExportNotebook", "false")],
      alerts: [{ principal: alice, severity: "info", facts: { kind: "changed" } }],
    },
    {
      name: "workspaceConfEdit logged by another service",
      events: [conf("enableIpAccessLists", "false", "accounts")],
      alerts: [],
    },
    {
      name: "an IP access list narrowed to a /24",
      events: [ev({ action: "updateIpAccessList", email: alice, params: { ip_addresses: '["198.51.100.0/24"]' } })],
      alerts: [{ severity: "info" }],
    },
  ],
  "DET-07": [
    {
      name: "a user added to admins",
      events: [
        ev({
          service: "groups",
          action: "addPrincipalToGroup",
          email: alice,
          params: { targetGroupName: "admins", targetUserName: bob },
        }),
      ],
      alerts: [{ principal: alice, facts: { grant: "admins group", target: bob } }],
    },
    {
      name: "setAdmin",
      events: [ev({ action: "setAdmin", email: alice, params: { targetUserName: bob } })],
      alerts: [{ principal: alice }],
    },
    {
      name: "a user added to another group",
      events: [
        ev({
          service: "groups",
          action: "addPrincipalToGroup",
          email: alice,
          params: { targetGroupName: "data-eng", targetUserName: bob },
        }),
      ],
      alerts: [],
    },
    {
      name: "a refused addition to admins",
      events: [
        ev({
          service: "groups",
          action: "addPrincipalToGroup",
          email: bob,
          params: { targetGroupName: "admins", targetUserName: bob },
          status: 403,
        }),
      ],
      alerts: [],
    },
  ],
  "DET-08": [
    {
      name: "25 exports in 25 minutes",
      events: times(25, (i) =>
        ev({
          at: T0 + i * MIN,
          service: "workspace",
          action: "workspaceExport",
          email: bob,
          params: { notebookFullPath: `/n${i}` },
        }),
      ),
      alerts: [{ principal: bob, facts: { downloads: 25 } }],
    },
    {
      name: "15 exports in 15 minutes",
      events: times(15, (i) => ev({ at: T0 + i * MIN, service: "workspace", action: "workspaceExport", email: bob })),
      alerts: [],
    },
    {
      name: "25 downloads over 12 hours",
      events: times(25, (i) =>
        ev({ at: T0 + i * 30 * MIN, service: "notebook", action: "downloadPreviewResults", email: bob }),
      ),
      alerts: [],
    },
  ],
  "DET-09": [
    {
      name: "a scope never read before",
      events: [...[0, 1, 2, 3].map((d) => secret(bob, at(d, 10), "team-a")), secret(bob, at(8, 10), "payments")],
      alerts: [{ principal: bob, facts: { kind: "new-scope", scope: "payments", reads: 1 } }],
    },
    {
      name: "the usual scope",
      events: [...[0, 1, 2, 3].map((d) => secret(bob, at(d, 10), "team-a")), secret(bob, at(8, 10), "team-a")],
      alerts: [],
    },
    {
      name: "12 distinct keys of the usual scope in 30 minutes",
      events: [
        ...[0, 1, 2, 3].map((d) => secret(bob, at(d, 10), "team-a")),
        ...times(12, (i) => secret(bob, at(8, 10) + i * 2 * MIN, "team-a", `key-${i}`)),
      ],
      alerts: [{ principal: bob, facts: { kind: "many-keys", reads: 12 } }],
    },
    {
      name: "one key read 12 times",
      events: [
        ...[0, 1, 2, 3].map((d) => secret(bob, at(d, 10), "team-a")),
        ...times(12, (i) => secret(bob, at(8, 10) + i * MIN, "team-a")),
      ],
      alerts: [],
    },
  ],
  "DET-10": [
    {
      name: "a GPU node type",
      events: [cluster({ node_type_id: "Standard_NC6s_v3", num_workers: "2", policy_id: "P" })],
      alerts: [{ principal: bob, facts: { reasons: "gpu" } }],
    },
    {
      name: "50 workers",
      events: [cluster({ node_type_id: "Standard_DS3_v2", num_workers: "50", policy_id: "P" })],
      alerts: [{ facts: { reasons: "large", max_workers: 50 } }],
    },
    {
      name: "an autoscale maximum of 64",
      events: [
        cluster({ node_type_id: "Standard_DS3_v2", autoscale: '{"min_workers":2,"max_workers":64}', policy_id: "P" }),
      ],
      alerts: [{ facts: { reasons: "large", max_workers: 64 } }],
    },
    {
      name: "no policy where everyone else uses one",
      events: [
        ...times(9, (i) =>
          cluster({ node_type_id: "Standard_DS3_v2", num_workers: "2", policy_id: "P" }, T0 + i * HOUR, alice),
        ),
        cluster({ node_type_id: "Standard_DS3_v2", num_workers: "2" }, T0 + 10 * HOUR),
      ],
      alerts: [{ principal: bob, facts: { reasons: "no-policy" } }],
    },
    {
      name: "a small cluster under a policy",
      events: [cluster({ node_type_id: "Standard_DS3_v2", num_workers: "4", policy_id: "P" })],
      alerts: [],
    },
    {
      name: "no policy where nobody uses one",
      events: times(3, (i) => cluster({ node_type_id: "Standard_DS3_v2", num_workers: "2" }, T0 + i * HOUR)),
      alerts: [],
    },
  ],
  "DET-11": [
    {
      name: "a global init script updated",
      events: [ev({ service: "globalInitScripts", action: "update", email: alice, params: { name: "x" } })],
      alerts: [{ principal: alice, facts: { change: "globalInitScripts/update", name: "x" } }],
    },
    {
      name: "a library installed on all clusters",
      events: [
        ev({
          service: "clusterLibraries",
          action: "installLibraryOnAllClusters",
          email: alice,
          params: { library: "dbfs:/x.jar" },
        }),
      ],
      alerts: [{ principal: alice }],
    },
    {
      name: "a library installed on one cluster",
      events: [ev({ service: "clusterLibraries", action: "installLibraries", email: alice })],
      alerts: [],
    },
    { name: "a cluster created", events: [ev({ service: "clusters", action: "create", email: alice })], alerts: [] },
  ],
  "DET-12": [
    {
      name: "Databricks support access",
      events: [
        ev({
          service: "genie",
          action: "databricksAccess",
          email: "x@databricks.com",
          params: { user: "Eng@Databricks.com", approver: alice, reason: "case 42", duration: "4" },
        }),
      ],
      alerts: [{ principal: "eng@databricks.com", facts: { approver: alice, reason: "case 42", accesses: 1 } }],
    },
    {
      name: "a Databricks employee's ordinary sign-in",
      events: [signIn("eng@databricks.com", T0, "198.51.100.9")],
      alerts: [],
    },
    {
      name: "another genie action",
      events: [ev({ service: "genie", action: "listSessions", email: alice })],
      alerts: [],
    },
  ],
  "DET-13": [
    {
      name: "20 refusals across 3 actions in 20 minutes",
      events: times(20, (i) =>
        denied(T0 + i * MIN, ["clusters", "jobs", "secrets"][i % 3]!, ["edit", "runNow", "getSecret"][i % 3]!),
      ),
      alerts: [{ principal: bob, facts: { denials: 20 } }],
    },
    { name: "20 refusals of one action", events: times(20, (i) => denied(T0 + i * MIN, "jobs", "runNow")), alerts: [] },
    {
      name: "10 refusals",
      events: times(10, (i) => denied(T0 + i * MIN, i % 2 ? "jobs" : "clusters", i % 2 ? "runNow" : "edit")),
      alerts: [],
    },
    { name: "20 refused sign-ins (DET-01's)", events: times(20, (i) => failed(bob, T0 + i * MIN)), alerts: [] },
  ],
};

describe("every detection has a table with positive and negative cases", () => {
  it.each(DETECTIONS.map((d) => [d.meta.id] as const))("%s", (id) => {
    const table = TABLES[id] ?? [];
    expect(
      table.some((c) => c.alerts.length > 0),
      "a positive case",
    ).toBe(true);
    expect(
      table.some((c) => c.alerts.length === 0),
      "a negative case",
    ).toBe(true);
  });
});

for (const [id, cases] of Object.entries(TABLES)) {
  describe(id, () => {
    it.each(cases.map((c) => [c.name, c] as const))("%s", async (_name, testCase) => {
      const thresholds = Object.fromEntries(
        Object.entries(testCase.thresholds ?? {}).map(([k, v]) => [`${id}.${k}`, v]),
      );
      const { alerts, report } = await detect(testCase.events, { only: [id], thresholds });
      expect(report.events).toBe(testCase.events.length);
      expect(alerts.map((a) => a.summary)).toHaveLength(testCase.alerts.length);
      testCase.alerts.forEach((want, i) => {
        const got = alerts[i]!;
        expect(got.detectionId).toBe(id);
        if (want.principal !== undefined) expect(got.principal).toBe(want.principal);
        if (want.sourceIp !== undefined) expect(got.sourceIp).toBe(want.sourceIp);
        if (want.severity) expect(got.severity).toBe(want.severity);
        if (want.facts) expect(got.facts).toMatchObject(want.facts);
        expect(got.events.length).toBeGreaterThan(0);
        expect(got.eventCount).toBeGreaterThanOrEqual(got.events.length);
      });
    });
  });
}
