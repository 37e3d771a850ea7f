/**
 * Normal traffic: what a workspace's audit log looks like on ordinary days. People sign in at the start of
 * their working hours from their office or home address, refresh tokens through the day, run notebooks
 * and SQL, start clusters under a policy, read their team's secret scope, export now and then; service
 * principals run scheduled jobs round the clock from one address. Built so that none of the detections
 * fires on it with their default thresholds (the generator's tests hold that), while still containing
 * the near misses detections must ignore: single failed sign-ins, a few downloads, isolated 403s,
 * IP-access-list refusals of Databricks' own service agents, tokens with a 30-day lifetime.
 */
import { CANARIES } from "../../emulator/canaries.ts";
import {
  type AuditEvent,
  type GeneratedWorkspace,
  type Person,
  RESOURCE_GROUP,
  type ServicePrincipal,
  SUBSCRIPTION,
} from "./model.ts";
import type { Random } from "./random.ts";

const FIRST = [
  "alex",
  "bianca",
  "carlos",
  "dana",
  "emre",
  "fatima",
  "georg",
  "hana",
  "ivan",
  "jules",
  "kofi",
  "lena",
  "marta",
  "nils",
  "olga",
  "priya",
  "quentin",
  "rosa",
  "sven",
  "tariq",
  "uma",
  "victor",
  "wen",
  "xenia",
  "yusuf",
  "zoe",
];
const LAST = [
  "andersen",
  "becker",
  "costa",
  "dubois",
  "eriksen",
  "fischer",
  "garcia",
  "horvat",
  "ito",
  "jensen",
  "kowalski",
  "larsen",
  "moreau",
  "novak",
  "okafor",
  "petrov",
  "quinn",
  "rossi",
  "schmidt",
  "tanaka",
  "ueda",
  "virtanen",
];
const BROWSERS = [
  "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36",
  "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_6) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Safari/605.1.15",
  "Mozilla/5.0 (X11; Linux x86_64; rv:132.0) Gecko/20100101 Firefox/132.0",
];
export const SDK_AGENT = "databricks-sdk-py/0.38.0 python/3.11.10 os/linux auth/pat";
const JOB_AGENT = "databricks-jobs/2.1 JobLauncher";
const NOTEBOOK_AGENT = "Databricks-Notebook/15.4";
const SQL_AGENT = "DBSQL/1.0 (Databricks SQL Warehouse)";

export const EMAIL_DOMAIN = "contoso.com";

export interface Population {
  workspaces: GeneratedWorkspace[];
  people: Person[];
  admins: Person[];
  servicePrincipals: ServicePrincipal[];
  teams: number;
}

function workspace(random: Random, name: string): GeneratedWorkspace {
  return {
    id: String(random.int(1, 8)) + random.int(100_000_000, 999_999_999) + String(random.int(100_000, 999_999)),
    name,
    resourceId: `/SUBSCRIPTIONS/${SUBSCRIPTION.toUpperCase()}/RESOURCEGROUPS/${RESOURCE_GROUP.toUpperCase()}/PROVIDERS/MICROSOFT.DATABRICKS/WORKSPACES/${name.toUpperCase()}`,
  };
}

export function buildPopulation(random: Random, users: number): Population {
  const workspaces = [workspace(random, "adb-analytics-prod"), workspace(random, "adb-analytics-dev")];
  const teams = Math.max(2, Math.ceil(users / 8));
  const adminCount = Math.max(3, Math.round(users * 0.04));
  const used = new Set<string>();
  const people: Person[] = [];
  for (let i = 0; i < users; i++) {
    let local = `${random.pick(FIRST)}.${random.pick(LAST)}`;
    if (used.has(local)) local = `${local}${i}`;
    used.add(local);
    const team = i % teams;
    const startHour = random.int(6, 9);
    people.push({
      email: `${local}@${EMAIL_DOMAIN}`,
      admin: i < adminCount,
      team,
      workspace: random.chance(0.8) ? workspaces[0]! : workspaces[1]!,
      // The team's office (shared NAT address) and, for most, a home address.
      ips: [`198.51.100.${10 + (team % 200)}`, ...(random.chance(0.7) ? [`203.0.113.${1 + ((i * 7) % 250)}`] : [])],
      startHour,
      endHour: Math.min(18, startHour + random.int(8, 9)),
      browser: random.pick(BROWSERS),
    });
  }
  const servicePrincipals: ServicePrincipal[] = [];
  for (let i = 0; i < Math.max(2, Math.ceil(users / 10)); i++) {
    const first = random.int(0, 23);
    servicePrincipals.push({
      email: random.uuid(),
      team: i % teams,
      workspace: workspaces[i % 2]!,
      ip: `198.18.0.${10 + i}`,
      hours: [first, (first + 8) % 24, (first + 16) % 24],
    });
  }
  return { workspaces, people, admins: people.filter((p) => p.admin), servicePrincipals, teams };
}

export const teamScope = (team: number) => `team-${team}`;
const TEAM_KEYS = ["db-password", "storage-key", "api-token", "sp-secret"];

const NOTEBOOK_COMMANDS = [
  "df = spark.read.table('main.sales.orders')",
  "display(df.groupBy('region').count())",
  "%sql SELECT * FROM main.sales.orders LIMIT 100",
  "df.write.mode('overwrite').saveAsTable('main.sandbox.orders_agg')",
  "import pandas as pd\npdf = df.limit(1000).toPandas()",
  "spark.conf.get('spark.sql.shuffle.partitions')",
  "dbutils.fs.ls('/Volumes/main/raw/landing')",
  "from pyspark.sql import functions as F\ndf = df.withColumn('day', F.to_date('ts'))",
];
const SQL_TEXTS = [
  "SELECT region, sum(amount) FROM main.sales.orders GROUP BY region",
  "SELECT count(*) FROM main.sales.customers WHERE country = 'DE'",
  "SELECT * FROM main.finance.ledger WHERE posting_date >= current_date() - 7",
];
const TABLES = ["main.sales.orders", "main.sales.customers", "main.finance.ledger", "main.hr.headcount"];

export const POLICY_ID = "E0631F5C0D0006A4";
const NODE_TYPES = ["Standard_DS3_v2", "Standard_D4ds_v5", "Standard_E8ds_v4"];

/** Builds events with shared defaults; requestId and sessionId come from the generator's random stream. */
export class EventFactory {
  private readonly random: Random;
  constructor(random: Random) {
    this.random = random;
  }
  make(
    init: Omit<AuditEvent, "requestId" | "sessionId" | "errorMessage" | "status"> & Partial<AuditEvent>,
  ): AuditEvent {
    return {
      sessionId: null,
      status: 200,
      errorMessage: null,
      ...init,
      requestId: init.requestId ?? this.random.uuid(),
    };
  }
}

const HOUR = 3_600_000;
const MINUTE = 60_000;

/** Whether a day (index from the start) is Monday–Friday. */
export function isWorkingDay(startMs: number, day: number): boolean {
  const weekday = new Date(startMs + day * 24 * HOUR).getUTCDay();
  return weekday !== 0 && weekday !== 6;
}

/** The index of the n-th working day (0-based). */
function workingDayOrdinal(startMs: number, day: number): number {
  let n = 0;
  for (let d = 0; d < day; d++) if (isWorkingDay(startMs, d)) n++;
  return n;
}

export interface DayContext {
  random: Random;
  factory: EventFactory;
  population: Population;
  startMs: number;
  day: number;
  canaries: boolean;
}

/** One person's ordinary working day. */
function personDay(ctx: DayContext, person: Person, out: AuditEvent[]): void {
  const { random, factory, startMs, day } = ctx;
  if (!isWorkingDay(startMs, day)) return;
  const dayStart = startMs + day * 24 * HOUR;
  const ordinal = workingDayOrdinal(startMs, day);
  // One address per day. On the first working day the last sign-in comes from the home address, so a
  // baseline that holds that day knows every address the person uses.
  const ip = ordinal === 0 ? person.ips[0]! : random.pick(person.ips);
  const lastIp = ordinal === 0 ? (person.ips[1] ?? ip) : ip;
  const ws = person.workspace;
  const from = dayStart + person.startHour * HOUR;
  const until = dayStart + person.endHour * HOUR + 50 * MINUTE;
  const at = () => from + Math.floor(random.next() * (until - from));
  const session = random.uuid();
  const base = { workspace: ws, email: person.email, ip, sessionId: session };

  const loginAt = from + random.int(0, 20) * MINUTE;
  if (random.chance(0.05)) {
    out.push(
      factory.make({
        ...base,
        time: loginAt - MINUTE,
        service: "accounts",
        action: "login",
        userAgent: person.browser,
        params: { user: person.email, authenticationMethod: "password" },
        status: 401,
        errorMessage: "Invalid username or password",
      }),
    );
  }
  out.push(
    factory.make({
      ...base,
      time: loginAt,
      service: "accounts",
      action: "aadBrowserLogin",
      userAgent: person.browser,
      params: { user: person.email },
    }),
  );
  // Token refreshes through the day, up to the end of working hours.
  for (let t = loginAt + random.int(25, 55) * MINUTE; t < until; t += random.int(25, 55) * MINUTE) {
    out.push(
      factory.make({
        ...base,
        time: t,
        service: "accounts",
        action: "aadTokenLogin",
        userAgent: SDK_AGENT,
        params: { user: person.email },
      }),
    );
  }
  out.push(
    factory.make({
      ...base,
      ip: lastIp,
      time: until - random.int(1, 9) * MINUTE,
      service: "accounts",
      action: "aadTokenLogin",
      userAgent: SDK_AGENT,
      params: { user: person.email },
    }),
  );

  const clusterId = `0${random.int(100, 999)}-${random.int(100_000, 999_999)}-${random.hex(8)}`;
  const notebookId = String(random.int(1_000_000, 9_999_999));
  const commands = random.int(40, 110);
  for (let i = 0; i < commands; i++) {
    const secret = ctx.canaries && random.chance(0.02);
    out.push(
      factory.make({
        ...base,
        time: at(),
        service: "notebook",
        action: "runCommand",
        userAgent: NOTEBOOK_AGENT,
        params: {
          notebookId,
          clusterId,
          commandId: random.hex(16),
          executionTime: (random.next() * 20).toFixed(3),
          status: "finished",
          commandText: secret
            ? `jdbc_url = 'jdbc:sqlserver://db.contoso.com'\npassword = '${CANARIES.envPassword}'`
            : random.pick(NOTEBOOK_COMMANDS),
        },
      }),
    );
  }
  const tables = random.int(10, 30);
  for (let i = 0; i < tables; i++) {
    out.push(
      factory.make({
        ...base,
        time: at(),
        service: "unityCatalog",
        action: random.chance(0.7) ? "getTable" : "generateTemporaryTableCredential",
        userAgent: NOTEBOOK_AGENT,
        params: { full_name_arg: random.pick(TABLES), workspace_id: ws.id },
      }),
    );
  }
  const queries = random.int(5, 15);
  for (let i = 0; i < queries; i++) {
    const t = at();
    const commandId = random.uuid();
    const leak = ctx.canaries && random.chance(0.01);
    const text = leak ? `-- token ${CANARIES.tokenValue}\n${random.pick(SQL_TEXTS)}` : random.pick(SQL_TEXTS);
    const params = { commandId, warehouseId: "4b9b953939869799", commandText: text };
    out.push(
      factory.make({
        ...base,
        time: t,
        service: "databrickssql",
        action: "commandSubmit",
        userAgent: SQL_AGENT,
        params,
      }),
    );
    out.push(
      factory.make({
        ...base,
        time: t + random.int(1, 30) * 1000,
        service: "databrickssql",
        action: "commandFinish",
        userAgent: SQL_AGENT,
        params: { commandId, warehouseId: params.warehouseId },
      }),
    );
  }
  if (random.chance(0.15)) {
    out.push(
      factory.make({
        ...base,
        time: from + random.int(5, 40) * MINUTE,
        service: "clusters",
        action: "create",
        userAgent: person.browser,
        params: {
          cluster_name: `${person.email.split("@")[0]}-cluster`,
          spark_version: "15.4.x-scala2.12",
          node_type_id: random.pick(NODE_TYPES),
          num_workers: String(random.int(1, 8)),
          policy_id: POLICY_ID,
          autotermination_minutes: "60",
        },
      }),
    );
  } else if (random.chance(0.5)) {
    out.push(
      factory.make({
        ...base,
        time: from + random.int(5, 40) * MINUTE,
        service: "clusters",
        action: "start",
        userAgent: person.browser,
        params: { cluster_id: clusterId },
      }),
    );
  }
  // The team's secret scope, read every working day.
  const keys = random.int(1, 3);
  for (let i = 0; i < keys; i++) {
    out.push(
      factory.make({
        ...base,
        time: at(),
        service: "secrets",
        action: "getSecret",
        userAgent: NOTEBOOK_AGENT,
        params: { scope: teamScope(person.team), key: random.pick(TEAM_KEYS) },
      }),
    );
  }
  if (random.chance(0.3))
    out.push(
      factory.make({
        ...base,
        time: at(),
        service: "jobs",
        action: "runNow",
        userAgent: person.browser,
        params: { job_id: String(random.int(100, 999)) },
      }),
    );
  if (random.chance(0.2))
    out.push(
      factory.make({
        ...base,
        time: at(),
        service: "workspace",
        action: "workspaceExport",
        userAgent: person.browser,
        params: { notebookFullPath: `/Users/${person.email}/analysis`, workspaceExportFormat: "SOURCE" },
      }),
    );
  if (random.chance(0.2))
    out.push(
      factory.make({
        ...base,
        time: at(),
        service: "notebook",
        action: "downloadPreviewResults",
        userAgent: person.browser,
        params: { notebookId },
      }),
    );
  if (random.chance(0.1))
    out.push(
      factory.make({
        ...base,
        time: at(),
        service: "databrickssql",
        action: "downloadQueryResult",
        userAgent: person.browser,
        params: { queryId: random.uuid(), fileType: "csv" },
      }),
    );
  if (random.chance(0.05))
    out.push(
      factory.make({
        ...base,
        time: at(),
        service: "clusterLibraries",
        action: "installLibraries",
        userAgent: person.browser,
        params: { clusterId, libraries: '[{"pypi":{"package":"scikit-learn==1.5.2"}}]' },
      }),
    );
  if (random.chance(0.05)) {
    out.push(
      factory.make({
        ...base,
        time: at(),
        service: random.pick(["clusters", "jobs"]),
        action: random.pick(["edit", "runNow"]),
        userAgent: person.browser,
        params: { cluster_id: clusterId },
        status: 403,
        errorMessage: "PERMISSION_DENIED: User does not have permission",
      }),
    );
  }
  if (random.chance(0.02)) {
    const t = at();
    out.push(
      factory.make({
        ...base,
        time: t,
        service: "accounts",
        action: "generateDbToken",
        userAgent: person.browser,
        params: {
          tokenExpirationTime: String(t + 30 * 24 * HOUR),
          tokenHash: random.hex(64),
          comment: "notebook automation",
        },
      }),
    );
  }
  if (person.admin && random.chance(0.1)) {
    const other = random.pick(ctx.population.people);
    // Never the admin itself: adding oneself to a group is what DET-18 looks for.
    if (other.email !== person.email)
      out.push(
        factory.make({
          ...base,
          time: at(),
          service: "groups",
          action: "addPrincipalToGroup",
          userAgent: person.browser,
          params: { targetGroupName: teamScope(other.team), targetUserName: other.email },
        }),
      );
  }
}

/** One service principal's scheduled jobs, every day. */
function servicePrincipalDay(ctx: DayContext, sp: ServicePrincipal, out: AuditEvent[]): void {
  const { random, factory, startMs, day } = ctx;
  const dayStart = startMs + day * 24 * HOUR;
  for (const hour of sp.hours) {
    const t = dayStart + hour * HOUR + random.int(0, 4) * MINUTE;
    const base = { workspace: sp.workspace, email: sp.email, ip: sp.ip, userAgent: JOB_AGENT };
    out.push(factory.make({ ...base, time: t, service: "accounts", action: "tokenLogin", params: { user: sp.email } }));
    out.push(
      factory.make({
        ...base,
        time: t + 20_000,
        service: "jobs",
        action: "runStart",
        params: { job_id: String(500 + sp.team), run_id: String(random.int(1e6, 9e6)) },
      }),
    );
    out.push(
      factory.make({
        ...base,
        time: t + 40_000,
        service: "secrets",
        action: "getSecret",
        params: { scope: teamScope(sp.team), key: "sp-secret" },
      }),
    );
    for (let i = 0; i < 4; i++)
      out.push(
        factory.make({
          ...base,
          time: t + 60_000 + i * 30_000,
          service: "unityCatalog",
          action: "getTable",
          params: { full_name_arg: random.pick(TABLES) },
        }),
      );
    out.push(
      factory.make({
        ...base,
        time: t + 15 * MINUTE,
        service: "jobs",
        action: "runSucceeded",
        params: { job_id: String(500 + sp.team) },
      }),
    );
  }
}

/** Refusals the detections must ignore: Databricks' own agents and service-principal token traffic. */
function backgroundDay(ctx: DayContext, out: AuditEvent[]): void {
  const { random, factory, startMs, day, population } = ctx;
  const dayStart = startMs + day * 24 * HOUR;
  for (let i = 0; i < 3; i++) {
    const sp = random.pick(population.servicePrincipals);
    out.push(
      factory.make({
        workspace: population.workspaces[0]!,
        time: dayStart + random.int(0, 23) * HOUR + random.int(0, 59) * MINUTE,
        service: "accounts",
        action: "IpAccessDenied",
        email: i === 0 ? sp.email : random.pick(population.people).email,
        ip: `10.139.${random.int(0, 63)}.${random.int(1, 254)}`,
        userAgent: i === 0 ? JOB_AGENT : i === 1 ? "Databricks-Runtime/15.4" : NOTEBOOK_AGENT,
        params: { path: i === 2 ? "/api/2.0/telemetry-ext" : "/api/2.0/clusters/get" },
        status: 403,
      }),
    );
  }
}

/** All normal events of one day (unsorted). */
export function normalDay(ctx: DayContext): AuditEvent[] {
  const out: AuditEvent[] = [];
  for (const person of ctx.population.people) personDay(ctx, person, out);
  for (const sp of ctx.population.servicePrincipals) servicePrincipalDay(ctx, sp, out);
  backgroundDay(ctx, out);
  return out;
}
