/**
 * The permission graph at estate scale: a synthetic workspace's evidence with 50,000 principals (users,
 * groups, service principals, Azure principals) whose memberships, ACLs, grants and role assignments make
 * about 500,000 edges (the account's workspace assignments and rule-set roles, and serving endpoints' secrets,
 * included). Measures building the graph from the evidence, then every query once (admin paths to the
 * workspace, the metastore and the account, who can run code as a service principal, objects shared with all users,
 * privileged principals not from Entra, groups with no active member, the readers of 100 securables, who can
 * read 20 tables — SELECT, USE SCHEMA and USE CATALOG each — and the tables and volumes every user can read), with
 * the peak memory of the process. A tenth of the catalogs hold 3 schemas of 5 tables and a volume, with grants. Goal: build + queries under 10 s and 1 GiB.
 *
 *   npm run bench:graph                              50,000 principals, ~500,000 edges, writes docs/performance.md
 *   npm run bench:graph -- --principals 5000 --no-docs
 */
import { readFile, writeFile } from "node:fs/promises";
import { cpus, loadavg, totalmem } from "node:os";
import { join } from "node:path";
import type { WorkspaceEvidence } from "../../src/evidence/model.ts";
import { buildWorkspaceGraph } from "../../src/graph/build.ts";
import { dataReaders, readableByAll } from "../../src/graph/data-readers.ts";
import {
  adminPaths,
  groupsWithoutActiveMember,
  privilegedNotFromEntra,
  readersOf,
  runAsPaths,
  sharedWithAllUsers,
} from "../../src/graph/queries.ts";
import { goodEvidence } from "../../test/support/evidence.ts";
import { flag, option, RssSampler, stopAfter, vmHwm } from "../support.ts";

const root = new URL("../..", import.meta.url).pathname;
const PRINCIPALS = Number(option("--principals", "50000"));
const writeDocs = !flag("--no-docs");
stopAfter("bench:graph", 10);

/** A deterministic generator (mulberry32): every run of the bench gets the same workspace. */
function random(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const known = <T>(value: T) => ({ status: "known" as const, value, source: "bench" });

/** Evidence of one large workspace: proportions of a big tenant (mostly users, a few thousand groups). */
function syntheticEvidence(total: number): WorkspaceEvidence {
  const rnd = random(7);
  const pick = (n: number) => Math.floor(rnd() * n);
  const e = goodEvidence();
  const userCount = Math.round(total * 0.88);
  const groupCount = Math.round(total * 0.06);
  const spCount = Math.round(total * 0.04);
  const azureCount = total - userCount - groupCount - spCount;
  const groupName = (g: number) => (g === 0 ? "admins" : `team-${g}`);
  const userName = (u: number) => `user${u}@contoso.example`;
  const spId = (s: number) => `00000000-0000-4000-8000-${String(s).padStart(12, "0")}`;
  const members: { id: string; type: "user" | "group" | "servicePrincipal"; display: string }[][] = Array.from(
    { length: groupCount },
    () => [],
  );
  const users = Array.from({ length: userCount }, (_, u) => {
    // Each user is in 5 groups (a few in admins), so membership is most of the edges, as in a real tenant.
    const groups = new Set<number>(u < 20 ? [0] : []);
    while (groups.size < 5) groups.add(1 + pick(groupCount - 1));
    for (const g of groups) members[g]!.push({ id: `u${u}`, type: "user", display: userName(u) });
    return {
      id: `u${u}`,
      userName: userName(u),
      active: rnd() > 0.05,
      externalId: rnd() > 0.1 ? `ext-u${u}` : null,
      entitlements: ["workspace-access"],
      groups: [...groups].map(groupName),
    };
  });
  // Nesting: every group but admins sits in one parent with a lower number (a forest, some deep chains).
  // team-1 is in admins and stays a leaf; the others nest under team-2 … (so not everyone is an admin).
  for (let g = 3; g < groupCount; g++)
    members[2 + pick(g - 2)]!.push({ id: `g${g}`, type: "group", display: groupName(g) });
  members[0]!.push({ id: "g1", type: "group", display: groupName(1) });
  const sps = Array.from({ length: spCount }, (_, s) => {
    members[1 + pick(groupCount - 1)]!.push({ id: `sp${s}`, type: "servicePrincipal", display: `sp-${s}` });
    return { id: `sp${s}`, applicationId: spId(s), displayName: `sp-${s}`, active: true, entitlements: [] };
  });
  const principalRef = () => {
    const r = rnd();
    if (r < 0.6) return { principal: groupName(1 + pick(groupCount - 1)), principalType: "group" as const };
    if (r < 0.95) return { principal: userName(pick(userCount)), principalType: "user" as const };
    return { principal: spId(pick(spCount)), principalType: "servicePrincipal" as const };
  };
  const levels = ["CAN_VIEW", "CAN_MANAGE_RUN", "CAN_MANAGE"];
  const jobs = Array.from({ length: Math.round(total * 0.4) }, (_, j) => ({
    id: String(j),
    name: `job-${j}`,
    creator: userName(pick(userCount)),
    runAs: rnd() < 0.7 ? spId(pick(spCount)) : userName(pick(userCount)),
    unattended: true,
    clusters: [],
    permissions: Array.from({ length: 3 }, () => ({
      ...principalRef(),
      permissions: [{ level: levels[pick(3)]!, inherited: false }],
    })),
  }));
  const base = e.databricks.clusters.status === "known" ? e.databricks.clusters.value[0]! : undefined;
  const clusters = Array.from({ length: Math.round(total * 0.1) }, (_, c) => ({
    ...base!,
    id: `c${c}`,
    name: `cluster-${c}`,
    sparkConf:
      c % 10 === 0 ? [{ key: "fs.azure.account.oauth2.client.secret", secretReference: true, sensitiveKey: true }] : [],
    permissions: Array.from({ length: 4 }, () => ({
      ...principalRef(),
      permissions: [{ level: ["CAN_ATTACH_TO", "CAN_RESTART", "CAN_MANAGE"][pick(3)]!, inherited: false }],
    })),
  }));
  const grantList = (n: number) =>
    Array.from({ length: n }, () => ({ principal: principalRef().principal, privileges: ["USE_CATALOG", "SELECT"] }));
  const scopes = Array.from({ length: Math.round(total * 0.04) }, (_, s) => ({
    name: `scope-${s}`,
    backend: "DATABRICKS" as const,
    keyVaultResourceId: null,
    acls: known(
      Array.from({ length: 5 }, () => ({ principal: principalRef().principal, permission: "READ" as const })),
    ),
  }));
  const catalogs = Array.from({ length: Math.round(total * 0.04) }, (_, c) => ({
    name: `catalog_${c}`,
    owner: groupName(1 + pick(groupCount - 1)),
    catalogType: "MANAGED_CATALOG",
    isolationMode: "OPEN",
    storageRoot: null,
    grants: grantList(8),
    // Below the first tenth of the catalogs: 3 schemas of 5 tables and a volume each, with grants on every level.
    schemas:
      c % 10 === 0
        ? Array.from({ length: 3 }, (_, s) => {
            const schema = `catalog_${c}.schema_${s}`;
            const grants = (n: number, privileges: string[]) =>
              Array.from({ length: n }, () => ({ principal: principalRef().principal, privileges }));
            return {
              name: `schema_${s}`,
              fullName: schema,
              owner: groupName(1 + pick(groupCount - 1)),
              grants: grants(3, ["USE_SCHEMA", "SELECT"]),
              tables: Array.from({ length: 5 }, (_, t) => ({
                name: `table_${t}`,
                fullName: `${schema}.table_${t}`,
                owner: groupName(1 + pick(groupCount - 1)),
                tableType: "MANAGED",
                grants: grants(2, ["SELECT"]),
              })),
              volumes: [
                {
                  name: "files",
                  fullName: `${schema}.files`,
                  owner: groupName(1 + pick(groupCount - 1)),
                  volumeType: "MANAGED",
                  grants: grants(2, ["READ_VOLUME"]),
                },
              ],
            };
          })
        : [],
  }));
  const locations = Array.from({ length: Math.round(total * 0.02) }, (_, l) => ({
    name: `loc_${l}`,
    url: `abfss://c${l}@lake.dfs.core.windows.net/`,
    credential: "uc-mi",
    owner: groupName(1 + pick(groupCount - 1)),
    grants: grantList(5),
  }));
  const roleAssignments = Array.from({ length: azureCount }, (_, a) => ({
    principalId: `azure-${a}`,
    principalType: "User",
    roleDefinitionId:
      a % 50 === 0 ? "x/b24988ac-6180-42a0-ab88-20f7382dd24c" : "x/acdd72a7-3385-48ef-bd42-f606fba81ae7",
    roleName: null,
    scope: "/subscriptions/s",
  }));
  const groups = members.map((list, g) => ({
    id: `g${g}`,
    displayName: groupName(g),
    externalId: g % 3 === 0 ? null : `ext-g${g}`,
    entitlements: [],
    memberCount: list.length,
    members: list,
  }));
  const db = e.databricks;
  db.users = known(users);
  db.groups = known(groups);
  db.servicePrincipals = known(sps);
  db.admins = known(
    members[0]!.map((m) => ({ id: m.id, name: m.display, displayName: m.display, type: m.type, via: null })),
  );
  db.jobs = known(jobs);
  db.clusters = known(clusters);
  db.secretScopes = known(scopes);
  db.unityCatalog.catalogs = known(catalogs);
  db.unityCatalog.externalLocations = known(locations);
  e.azure.roleAssignments = known(roleAssignments);
  // Serving endpoints, some serving with a secret of one of the scopes (an edge endpoint → scope).
  db.servingEndpoints = known(
    Array.from({ length: Math.round(total * 0.002) }, (_, n) => ({
      name: `endpoint-${n}`,
      id: `ep${n}`,
      externalModel: n % 2 === 0,
      aiGateway: false,
      gateway: null,
      permissions: Array.from({ length: 3 }, () => ({
        ...principalRef(),
        permissions: [{ level: ["CAN_VIEW", "CAN_QUERY", "CAN_MANAGE"][pick(3)]!, inherited: false }],
      })),
      secretReferences:
        n % 3 === 0
          ? [{ scope: `scope-${pick(scopes.length)}`, key: "api-key", where: "environment_vars API_KEY" }]
          : [],
    })),
  );
  // The account: every Entra-provisioned user assigned to the workspace (the admins' members as ADMIN), rule sets
  // naming managers and assumers on 2% of the groups and on 2% of the service principals.
  const adminIds = new Set(members[0]!.map((m) => m.id));
  e.account.workspaceAssignments = known(
    users
      .filter((u) => u.externalId)
      .map((u) => ({
        principal: u.userName,
        principalType: "user" as const,
        permissions: [adminIds.has(u.id) ? "ADMIN" : "USER"],
      })),
  );
  e.account.groupRoles = known(
    Array.from({ length: Math.round(groupCount * 0.02) }, (_, n) => ({
      group: groupName(1 + pick(groupCount - 1)),
      role: n % 2 === 0 ? "roles/group.manager" : "roles/group.assumer",
      ...principalRef(),
      via: null,
    })),
  );
  e.account.servicePrincipalRoles = known(
    Array.from({ length: Math.round(spCount * 0.02) }, () => ({
      servicePrincipal: spId(pick(spCount)),
      role: "roles/servicePrincipal.user",
      ...principalRef(),
      via: null,
    })),
  );
  return e;
}

const mib = (bytes: number) => `${Math.round(bytes / 1_048_576)} MiB`;
const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

async function main(): Promise<void> {
  const sampler = new RssSampler();
  const t0 = performance.now();
  const evidence = syntheticEvidence(PRINCIPALS);
  const generated = performance.now();
  const rssBefore = process.memoryUsage().rss;
  sampler.reset();
  // CPU time beside wall time: on a shared machine the wall clock is stretched by everyone else's work.
  const cpuBefore = process.cpuUsage();
  const wg = buildWorkspaceGraph(evidence);
  const built = performance.now();
  const answers = {
    workspaceAdminPaths: adminPaths(wg, "workspace").total,
    metastoreAdminPaths: adminPaths(wg, "metastore").total,
    accountAdminPaths: adminPaths(wg, "account").total,
    runAsServicePrincipal: runAsPaths(wg).total,
    sharedWithAllUsers: sharedWithAllUsers(wg).length,
    privilegedNotFromEntra: privilegedNotFromEntra(wg).length,
    groupsWithoutActiveMember: groupsWithoutActiveMember(wg).empty.length,
    readerPaths: 0,
    tableReaders: 0,
    readableByAllUsers: 0,
  };
  for (let i = 0; i < 50; i++) {
    answers.readerPaths += readersOf(wg, "secretScope", `scope-${i}`)?.total ?? 0;
    answers.readerPaths += readersOf(wg, "catalog", `catalog_${i}`)?.total ?? 0;
  }
  // Who can read a table (three searches each: SELECT, USE SCHEMA, USE CATALOG), and what every user can read.
  for (let i = 0; i < 20; i++)
    answers.tableReaders += dataReaders(wg, "table", `catalog_${i * 10}.schema_${i % 3}.table_${i % 5}`)?.total ?? 0;
  answers.readableByAllUsers = readableByAll(wg).length;
  const queried = performance.now();
  const cpu = process.cpuUsage(cpuBefore);
  const peak = Math.max(sampler.peak, process.memoryUsage().rss);
  const hwm = await vmHwm();
  const principals = PRINCIPALS;
  const figures = {
    principals,
    nodes: wg.graph.nodeCount,
    edges: wg.graph.edgeCount,
    generateSeconds: seconds(generated - t0),
    buildSeconds: seconds(built - generated),
    queriesSeconds: seconds(queried - built),
    totalSeconds: seconds(queried - generated),
    cpuSeconds: seconds((cpu.user + cpu.system) / 1000),
    rssBeforeBuild: mib(rssBefore),
    peakRssBuildAndQueries: mib(peak),
    vmHwm: hwm === undefined ? "n/a" : mib(hwm),
    answers,
    load: loadavg()
      .map((l) => l.toFixed(1))
      .join(" / "),
    goalMet: queried - generated < 10_000 && (hwm ?? peak) < 1024 * 1_048_576,
  };
  console.log(JSON.stringify(figures, null, 2));
  if (writeDocs) await updateDocs(figures);
}

async function updateDocs(f: Record<string, unknown> & { answers: Record<string, number> }): Promise<void> {
  const path = join(root, "docs", "performance.md");
  const text = await readFile(path, "utf8").catch(() => "# Performance\n");
  const rows = [
    ["figure", "value"],
    ["principals / nodes / edges", `${f.principals} / ${f.nodes} / ${f.edges}`],
    ["build (evidence → graph)", String(f.buildSeconds)],
    ["all queries", String(f.queriesSeconds)],
    ["build + all queries, wall clock", `**${f.totalSeconds}** (goal 10 s)`],
    ["build + all queries, CPU time of the process", String(f.cpuSeconds)],
    ["RSS before the build (evidence in memory)", String(f.rssBeforeBuild)],
    ["peak RSS during build and queries", String(f.peakRssBuildAndQueries)],
    ["process high-water mark (VmHWM, generation included)", `**${f.vmHwm}** (goal 1 GiB)`],
    ["goal met", f.goalMet ? "yes" : "no"],
  ];
  const widths = rows[0]!.map((_, i) => Math.max(3, ...rows.map((row) => row[i]!.length)));
  const line = (row: string[]) => `| ${row.map((cell, i) => cell.padEnd(widths[i]!)).join(" | ")} |`;
  const table = [line(rows[0]!), line(widths.map((w) => "-".repeat(w))), ...rows.slice(1).map(line)].join("\n");
  const section = `## Permission graph

\`npm run bench:graph\` (bench/graph/run.ts): one synthetic workspace's evidence with ${f.principals} principals (88 %
users in five groups each, 6 % groups nested in a forest, 4 % service principals, 2 % Azure principals), jobs,
clusters, secret scopes, catalogs (a tenth with 3 schemas of 5 tables and a volume each), external locations and
serving endpoints (a third serving with a secret) with their ACLs and grants, and the account's edges (every Entra user assigned to the workspace, ADMIN for the admins;
group manager/assumer roles on 2 % of the groups, Service principal User on 2 % of the service principals); the
graph built from it, then every query once (admin paths to the workspace, the metastore and the account, run-as a
service principal, shared with all users, privileged principals not from Entra, groups with no active member,
readers of 100 securables, who can read 20 tables, the tables and volumes every user can read). Machine:
${cpus().length} cores, ${mib(totalmem())}, Node ${process.version}; load average at the end ${f.load} (1 / 5 / 15 min).

${table}

A load average far above the CPU count means other work shared the machine: the wall clock is stretched by it,
the CPU time is what the build and the queries themselves cost (one thread, plus the garbage collector's).
"Goal met" judges the wall clock.

Answers (so a change that makes the queries cheaper by answering less shows): ${Object.entries(f.answers)
    .map(([k, v]) => `${k} ${v}`)
    .join(", ")}.

Reproduce: \`npm run bench:graph\` (options: \`-- --principals N\`, \`-- --no-docs\`); it stops itself after 10 minutes.
`;
  const start = text.indexOf("## Permission graph");
  let next: string;
  if (start >= 0) {
    const after = text.indexOf("\n## ", start + 3);
    next = `${text.slice(0, start)}${section}${after >= 0 ? text.slice(after + 1) : ""}`;
  } else next = `${text.trimEnd()}\n\n${section}`;
  await writeFile(path, next);
  console.error(`bench:graph: wrote the figures into ${path}`);
}

await main();
