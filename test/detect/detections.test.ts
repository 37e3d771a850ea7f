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
const uc = (email: string, time: number, operation: string, securable: string) =>
  ev({
    at: time,
    service: "unityCatalog",
    action: securable.startsWith("abfss:") ? "generateTemporaryPathCredential" : "generateTemporaryTableCredential",
    email,
    params: securable.startsWith("abfss:") ? { operation, url: securable } : { operation, table_full_name: securable },
  });
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
      name: "a token valid for 364.996 days is not rounded down to 364",
      events: [
        ev({
          action: "generateDbToken",
          email: bob,
          params: { tokenExpirationTime: String(T0 + 364 * DAY + Math.round(0.996 * DAY)) },
        }),
      ],
      thresholds: { maxLifetimeDays: 364 },
      alerts: [{ principal: bob, facts: { kind: "long", lifetime_days: 364.996 } }],
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
      name: "a change reports the value before it, from the previous change of that key",
      events: [
        { ...conf("enableResultsDownloading", "false"), time: T0 },
        { ...conf("enableResultsDownloading", "true"), time: T0 + HOUR },
      ],
      alerts: [
        { severity: "high", facts: { kind: "weakened", before: "false", new_value: "true" } },
        { severity: "info", facts: { kind: "changed", before: null, new_value: "false" } },
      ],
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
      name: "a service principal added to admins: the member is named, not the group",
      events: [
        ev({
          service: "accounts",
          action: "addPrincipalToGroup",
          email: alice,
          params: {
            targetGroupName: "admins",
            targetGroupId: "123",
            targetUserId: "5b1e0c9a-3f2d-4e8b-9a71-2c4d6e8f0a1b",
          },
        }),
      ],
      alerts: [{ principal: alice, facts: { grant: "admins group", target: "5b1e0c9a-3f2d-4e8b-9a71-2c4d6e8f0a1b" } }],
    },
    {
      name: "setAccountAdmin and setAdmin by one admin on one target in the same second: two alerts",
      events: [
        ev({ at: T0, action: "setAccountAdmin", email: alice, requestId: "", params: { targetUserName: bob } }),
        ev({ at: T0, action: "setAdmin", email: alice, requestId: "", params: { targetUserName: bob } }),
      ],
      // (Alerts of one time are ordered by id.)
      alerts: [
        { principal: alice, facts: { grant: "setAdmin", target: bob } },
        { principal: alice, facts: { grant: "setAccountAdmin", target: bob } },
      ],
    },
    {
      name: "a failed setAdmin (500) raises nothing",
      events: [ev({ action: "setAdmin", email: alice, params: { targetUserName: bob }, status: 500 })],
      alerts: [],
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
    {
      name: "20 refused Unity Catalog requests (DET-19's)",
      events: times(20, (i) => denied(T0 + i * MIN, "unityCatalog", i % 2 ? "getTable" : "getSchema")),
      alerts: [],
    },
  ],
  "DET-14": [
    {
      name: "an IP access list deleted",
      events: [ev({ action: "deleteIpAccessList", email: alice, params: { ipAccessListId: "x" } })],
      alerts: [{ principal: alice, severity: "high", facts: { kind: "weakened", change: "deleteIpAccessList" } }],
    },
    {
      name: "an IP access list widened to /0",
      events: [
        ev({ action: "updateIpAccessList", email: alice, params: { ip_addresses: '["0.0.0.0/0"]', enabled: "true" } }),
      ],
      alerts: [{ severity: "high" }],
    },
    {
      name: "an IP access list narrowed to a /24: reported, low",
      events: [
        ev({
          action: "updateIpAccessList",
          email: alice,
          params: { ip_addresses: '["198.51.100.0/24"]', label: "office" },
        }),
      ],
      alerts: [{ severity: "low", facts: { kind: "changed", list: "office" } }],
    },
    { name: "an IP access list read", events: [ev({ action: "getIpAccessList", email: alice })], alerts: [] },
  ],
  "DET-15": [
    {
      name: "an account setting changed",
      events: [
        ev({
          action: "setSetting",
          email: alice,
          accountLevel: true,
          params: { settingTypeName: "shield_esm_enablement_ac", settingValueForAudit: '{"is_enforced":false}' },
        }),
      ],
      alerts: [{ principal: alice, facts: { setting: "shield_esm_enablement_ac", outcome: "succeeded" } }],
    },
    { name: "an account setting read", events: [ev({ action: "getSetting", email: alice })], alerts: [] },
  ],
  "DET-16": [
    {
      name: "terms of service accepted",
      events: [ev({ action: "acceptTos", email: alice, params: { workspace_id: "42" } })],
      alerts: [{ principal: alice, severity: "low", facts: { action: "acceptTos", workspace: 42 } }],
    },
    { name: "terms of service read", events: [ev({ action: "getTos", email: alice })], alerts: [] },
  ],
  "DET-17": [
    {
      name: "a user removed from admins",
      events: [
        ev({
          action: "removePrincipalFromGroup",
          email: alice,
          params: { targetGroupName: "admins", targetUserName: bob },
        }),
      ],
      alerts: [{ principal: alice, facts: { change: "removed from admins group", target: bob } }],
    },
    {
      name: "removeAdmin",
      events: [ev({ action: "removeAdmin", email: alice, params: { targetUserName: bob } })],
      alerts: [{ facts: { change: "removeAdmin" } }],
    },
    {
      name: "a user removed from another group",
      events: [
        ev({
          action: "removePrincipalFromGroup",
          email: alice,
          params: { targetGroupName: "eng", targetUserName: bob },
        }),
      ],
      alerts: [],
    },
  ],
  "DET-18": [
    {
      name: "a user adds itself to a group",
      events: [
        ev({ action: "addPrincipalToGroup", email: bob, params: { targetGroupName: "finance", targetUserName: bob } }),
      ],
      alerts: [{ principal: bob, severity: "high", facts: { kind: "self-grant" } }],
    },
    {
      name: "a group nested into admins",
      events: [
        ev({
          action: "addPrincipalToGroup",
          email: alice,
          params: { targetGroupName: "admins", targetUserName: "contractors" },
        }),
      ],
      alerts: [{ principal: alice, severity: "high", facts: { kind: "group-nesting", target: "contractors" } }],
    },
    {
      name: "30 permission changes in 30 minutes",
      events: times(30, (i) =>
        ev({
          at: T0 + i * MIN,
          service: "clusters",
          action: "changeClusterAcl",
          email: alice,
          params: { cluster_id: `c${i}` },
        }),
      ),
      alerts: [{ principal: alice, severity: "medium", facts: { kind: "burst", changes: 30 } }],
    },
    {
      name: "a user added to a group by someone else; 20 ACL changes",
      events: [
        ev({
          action: "addPrincipalToGroup",
          email: alice,
          params: { targetGroupName: "finance", targetUserName: bob },
        }),
        ...times(20, (i) => ev({ at: T0 + i * MIN, service: "jobs", action: "changeJobAcl", email: alice })),
      ],
      alerts: [],
    },
    {
      name: "a refused self-grant",
      events: [ev({ action: "setAdmin", email: bob, params: { targetUserName: bob }, status: 403 })],
      alerts: [],
    },
  ],
  "DET-19": [
    {
      name: "20 refused temporary-credential requests in 20 minutes",
      events: times(20, (i) => denied(T0 + i * MIN, "unityCatalog", "generateTemporaryTableCredential")),
      alerts: [{ principal: bob, facts: { kind: "data", denials: 20 } }],
    },
    {
      name: "30 refused Unity Catalog requests of any kind",
      events: times(30, (i) => denied(T0 + i * MIN, "unityCatalog", i % 2 ? "getTable" : "listSchemas")),
      alerts: [{ principal: bob, facts: { kind: "any", denials: 30 } }],
    },
    {
      name: "10 refused data requests",
      events: times(10, (i) => denied(T0 + i * MIN, "unityCatalog", "generateTemporaryTableCredential")),
      alerts: [],
    },
  ],
  "DET-20": [
    {
      name: "a mount point created",
      events: [
        ev({
          service: "dbfs",
          action: "mount",
          email: bob,
          params: { mountPoint: "/mnt/raw", source: "abfss://raw@acct.dfs.core.windows.net/" },
        }),
      ],
      alerts: [{ principal: bob, facts: { mount_point: "/mnt/raw" } }],
    },
    {
      name: "a refused mount",
      events: [ev({ service: "dbfs", action: "mount", email: bob, status: 403 })],
      alerts: [],
    },
  ],
  "DET-21": [
    {
      name: "a token recipient created without an IP access list",
      events: [ev({ service: "unityCatalog", action: "createRecipient", email: bob, params: { name: "partner-a" } })],
      alerts: [{ principal: bob, facts: { recipient: "partner-a" } }],
    },
    {
      name: "a recipient created with an IP access list",
      events: [
        ev({
          service: "unityCatalog",
          action: "createRecipient",
          email: bob,
          params: { name: "partner-b", ip_access_list: '{"allowed_ip_addresses":["198.51.100.0/24"]}' },
        }),
      ],
      alerts: [],
    },
    {
      name: "a Databricks-to-Databricks recipient (cannot have IP lists)",
      events: [
        ev({
          service: "unityCatalog",
          action: "createRecipient",
          email: bob,
          params: { name: "partner-c", authentication_type: "DATABRICKS" },
        }),
      ],
      alerts: [],
    },
  ],
  "DET-22": [
    {
      name: "recipient tokens made to never expire",
      events: [
        ev({
          service: "unityCatalog",
          action: "updateMetastore",
          email: alice,
          params: { metastore_id: "m1", delta_sharing_recipient_token_lifetime_in_seconds: "0" },
        }),
      ],
      alerts: [{ principal: alice, severity: "high", facts: { kind: "weakened", lifetime_days: 0 } }],
    },
    {
      name: "recipient token lifetime set to 30 days",
      events: [
        ev({
          service: "unityCatalog",
          action: "updateMetastore",
          email: alice,
          params: { metastore_id: "m1", delta_sharing_recipient_token_lifetime_in_seconds: String(30 * 86400) },
        }),
      ],
      alerts: [{ severity: "low", facts: { kind: "changed", lifetime_days: 30 } }],
    },
    {
      name: "another metastore update",
      events: [ev({ service: "unityCatalog", action: "updateMetastore", email: alice, params: { name: "m" } })],
      alerts: [],
    },
  ],
  "DET-23": [
    {
      name: "three sharing queries refused by the recipient's IP list",
      events: times(3, (i) =>
        ev({
          at: T0 + i * MIN,
          service: "unityCatalog",
          action: "deltaSharingQueryTable",
          email: "partner-a",
          ip: "203.0.113.9",
          params: { recipient_name: "partner-a", share: "sales", is_ip_access_denied: "true" },
        }),
      ),
      alerts: [{ principal: "partner-a", sourceIp: "203.0.113.9", facts: { requests: 3, shares: "sales" } }],
    },
    {
      name: "allowed sharing queries",
      events: [
        ev({
          service: "unityCatalog",
          action: "deltaSharingQueryTable",
          params: { recipient_name: "partner-a", is_ip_access_denied: "false" },
        }),
      ],
      alerts: [],
    },
  ],
  "DET-24": [
    {
      name: "60 deletes in one day",
      events: times(60, (i) => ev({ at: T0 + i * 5 * MIN, service: "jobs", action: "delete", email: bob })),
      alerts: [{ principal: bob, facts: { deletes: 60, actions: "delete" } }],
    },
    {
      name: "40 deletes in one day",
      events: times(40, (i) => ev({ at: T0 + i * 5 * MIN, service: "jobs", action: "delete", email: bob })),
      alerts: [],
    },
  ],
  "DET-25": [
    {
      name: "sign-ins to five workspaces in one day",
      events: times(5, (i) => ({
        ...signIn(bob, T0 + i * HOUR, "198.51.100.10"),
        workspace: { id: `10${i}`, name: `ws${i}`, resourceId: `/ws/${i}` },
      })),
      alerts: [{ principal: bob, facts: { workspaces: 5 } }],
    },
    {
      name: "sign-ins to four workspaces",
      events: times(4, (i) => ({
        ...signIn(bob, T0 + i * HOUR, "198.51.100.10"),
        workspace: { id: `10${i}`, name: `ws${i}`, resourceId: `/ws/${i}` },
      })),
      alerts: [],
    },
  ],
  "DET-26": [
    {
      name: "25 reads and 25 writes elsewhere in an hour",
      events: [
        ...times(25, (i) => uc(bob, T0 + i * MIN, "READ", `main.sales.t${i}`)),
        ...times(25, (i) => uc(bob, T0 + i * MIN + 30_000, "WRITE", `abfss://exfil@x.dfs.core.windows.net/p${i}`)),
      ],
      alerts: [{ principal: bob, facts: { reads: 25, writes: 25, writes_elsewhere: 25 } }],
    },
    {
      name: "25 reads and 25 writes of the same tables",
      events: [
        ...times(25, (i) => uc(bob, T0 + i * MIN, "READ", `main.sales.t${i}`)),
        ...times(25, (i) => uc(bob, T0 + i * MIN + 30_000, "READ_WRITE", `main.sales.t${i}`)),
      ],
      alerts: [],
    },
  ],
  "DET-27": [
    {
      name: "a container escape",
      events: [
        ev({
          service: "capsule8-alerts-dataplane",
          action: "Container Escape via Kernel Exploitation",
          email: "system-user",
          params: { instanceId: "i-0abc" },
        }),
      ],
      alerts: [{ severity: "critical", facts: { kind: "container-breakout", instance: "i-0abc", events: 1 } }],
    },
    {
      name: "a kernel module loaded twice on one host",
      events: times(2, (i) =>
        ev({
          at: T0 + i * MIN,
          service: "capsule8-alerts-dataplane",
          action: "Kernel Module Loaded",
          params: { instanceId: "i-1" },
        }),
      ),
      alerts: [{ severity: "high", facts: { kind: "kernel", events: 2 } }],
    },
    {
      name: "another service's event",
      events: [ev({ service: "clusters", action: "Kernel Module Loaded" })],
      alerts: [],
    },
  ],
  "DET-28": [
    {
      name: "an infected file found",
      events: [
        ev({
          service: "clamAVScanService-dataplane",
          action: "clamAVScanAction",
          params: { instanceId: "i-2" },
          result: "/tmp/x.so: Unix.Trojan.Mirai-7100807-0 FOUND",
        }),
      ],
      alerts: [{ facts: { kind: "found", file: "/tmp/x.so", signature: "Unix.Trojan.Mirai-7100807-0" } }],
    },
    {
      name: "a scan that found two infected files",
      events: [ev({ service: "clamAVScanService-dataplane", action: "clamAVScanAction", result: "Infected files: 2" })],
      alerts: [{ facts: { kind: "scan-summary", infected: 2 } }],
    },
    {
      name: "a clean scan",
      events: [ev({ service: "clamAVScanService-dataplane", action: "clamAVScanAction", result: "Infected files: 0" })],
      alerts: [],
    },
  ],
  "DET-29": [
    {
      name: "a service principal secret created",
      events: [
        ev({
          action: "createServicePrincipalSecret",
          email: alice,
          params: { service_principal_id: "1234", lifetime: "7776000s" },
        }),
      ],
      alerts: [{ principal: alice, facts: { service_principal: 1234, lifetime: "7776000s" } }],
    },
    {
      name: "secrets listed",
      events: [ev({ action: "listServicePrincipalSecrets", email: alice })],
      alerts: [],
    },
  ],
  "DET-30": [
    {
      name: "print() in two commands",
      events: times(2, (i) =>
        ev({
          at: T0 + i * MIN,
          service: "notebook",
          action: "runCommand",
          email: bob,
          params: { notebookId: "77", commandText: `print(password)  # ${i}` },
        }),
      ),
      alerts: [{ principal: bob, severity: "info", facts: { commands: 2, notebooks: 77 } }],
    },
    {
      name: "display() and a word containing print",
      events: [
        ev({ service: "notebook", action: "runCommand", email: bob, params: { commandText: "display(df)" } }),
        ev({ service: "notebook", action: "runCommand", email: bob, params: { commandText: "blueprint(x)" } }),
      ],
      alerts: [],
    },
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
