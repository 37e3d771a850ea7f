import { describe, expect, it } from "vitest";
import { goodCluster, goodEvidence, goodWarehouse, k, u } from "../../test/support/evidence.ts";
import {
  ADMIN_SP,
  clusterWithCredentialForUsers,
  localAccountAdmin,
  ruleSetGivesAdminSpToAnalysts,
  escalations as withEscalations,
} from "../../test/support/graph-fixtures.ts";
import { buildWorkspaceGraph } from "./build.ts";
import { GraphBuilder } from "./model.ts";
import {
  adminPaths,
  describePath,
  groupsWithoutActiveMember,
  privilegedNotFromEntra,
  readersOf,
  runAsPaths,
  sharedWithAllUsers,
} from "./queries.ts";

const known = <T>(fact: { status: string; value?: T }): T => {
  if (fact.status !== "known") throw new Error("fixture fact unknown");
  return fact.value as T;
};

/** The good workspace plus the three escalation paths the issue names. */
const escalations = () => withEscalations(goodEvidence());

describe("the permission graph", () => {
  it("stores nodes and edges compactly and indexes both directions", () => {
    const b = new GraphBuilder();
    const a = b.node("user", "A@example.com");
    const g = b.node("group", "team");
    expect(b.node("user", "a@EXAMPLE.com")).toBe(a);
    b.edge(a, g, "member-of", "member", true);
    b.edge(a, g, "member-of", "member", true);
    const graph = b.freeze();
    expect(graph.nodeCount).toBe(2);
    expect(graph.edgeCount).toBe(1);
    const ins: number[] = [];
    graph.forEachIn(g, (edge) => ins.push(graph.edgeFrom(edge)));
    expect(ins).toEqual([a]);
    expect(graph.edgeView(0)).toMatchObject({ kind: "member-of", control: true, detail: "member" });
  });

  it("finds each escalation path to workspace admin, step by step", () => {
    const wg = buildWorkspaceGraph(escalations());
    const { paths, gaps } = adminPaths(wg, "workspace");
    expect(gaps).toEqual([]);
    const byPrincipal = new Map(paths.map((p) => [p.principal.label, p]));
    expect(byPrincipal.get("a@example.com")?.kind).toBe("direct");
    const ola = byPrincipal.get("ola@example.com")!;
    expect(ola.kind).toBe("nested-group");
    expect(ola.steps.map((s) => s.to.label)).toEqual(["platform-team", "admins", "workspace admin"]);
    const dana = byPrincipal.get("dana@example.com")!;
    expect(dana.kind).toBe("run-as");
    expect(describePath(dana)).toBe(
      "dana@example.com —[member-of: member of analysts]→ analysts —[granted: CAN_MANAGE]→ job prod-load (777) —[runs-as: runs as 11111111-2222-4333-8444-555555555555]→ prod-etl (11111111-2222-4333-8444-555555555555) —[member-of: member of admins]→ admins —[is-admin: members of admins are workspace admins]→ workspace admin",
    );
    const azure = paths.find((p) => p.principal.key === "azurePrincipal:c0ffee00-0000-4000-8000-000000000005")!;
    expect(azure.kind).toBe("azure-role");
    expect(azure.steps[0]!.detail).toBe("Azure Contributor on /subscriptions/s/resourceGroups/rg");
  });

  it("spells out each distinct route of a principal, and says when a bound cut routes off", () => {
    const e = escalations();
    // ola is also in analysts: a second route, through the job that runs as an admin service principal.
    const groups = known<{ displayName: string; members?: { id: string; type: string; display: string }[] }[]>(
      e.databricks.groups,
    );
    groups
      .find((g) => g.displayName === "analysts")!
      .members!.push({ id: "9", type: "user", display: "ola@example.com" });
    const wg = buildWorkspaceGraph(e);
    const ola = adminPaths(wg, "workspace").paths.find((p) => p.principal.label === "ola@example.com")!;
    expect(ola.kind).toBe("nested-group");
    expect(ola.routesCutOff).toBeUndefined();
    expect(ola.otherRoutes?.map((r) => [r.kind, r.steps.map((s) => s.to.label).join(" > ")])).toEqual([
      [
        "run-as",
        "analysts > job prod-load (777) > prod-etl (11111111-2222-4333-8444-555555555555) > admins > workspace admin",
      ],
    ]);
    const one = adminPaths(wg, "workspace", { perPrincipal: 1 });
    const olaShortest = one.paths.find((p) => p.principal.label === "ola@example.com")!;
    expect(olaShortest.otherRoutes).toBeUndefined();
    expect(olaShortest.routesCutOff).toBe("more than one route: only the shortest is spelt out");
    expect(one.routesCutOff).toBeGreaterThanOrEqual(1);
    // Too few steps allowed for the run-as route: not a route, and not a cut either.
    expect(
      adminPaths(wg, "workspace", { maxSteps: 4 }).paths.find((p) => p.principal.label === "ola@example.com")!
        .otherRoutes,
    ).toBeUndefined();
  });

  it("finds none of them in the good workspace", () => {
    const wg = buildWorkspaceGraph(goodEvidence());
    const kinds = adminPaths(wg, "workspace").paths.map((p) => `${p.principal.label}:${p.kind}`);
    expect(kinds.filter((k) => !k.endsWith(":direct") && !k.includes("Owner"))).toEqual(["Entra Group p-1:azure-role"]);
    expect(runAsPaths(wg).total).toBe(0);
  });

  it("names the metastore's admins through its owner group", () => {
    const paths = adminPaths(buildWorkspaceGraph(goodEvidence()), "metastore").paths;
    expect(paths.map((p) => `${p.principal.label}:${p.kind}`)).toEqual([
      "metastore-admins:direct",
      "a@example.com:direct",
    ]);
  });

  it("names the account admins, through an account group too, and says when they were not read", () => {
    const e = goodEvidence();
    localAccountAdmin(e);
    known<unknown[]>(e.account.accountAdmins!).push(
      { principal: "account-ops", principalType: "group", externalId: "ext-g-9", via: null },
      { principal: "b@example.com", principalType: "user", externalId: "ext-2", via: "account-ops" },
    );
    const account = adminPaths(buildWorkspaceGraph(e), "account");
    expect(account.notCollected).toBeUndefined();
    expect(account.paths.map((p) => `${p.principal.label}:${p.kind}`)).toEqual([
      "account-ops:direct",
      "a@example.com:direct",
      "root@example.com:direct",
      "b@example.com:direct",
    ]);
    expect(describePath(account.paths.find((p) => p.principal.label === "b@example.com")!)).toBe(
      "b@example.com —[member-of: member of account-ops (account group)]→ account-ops —[is-admin: account admin (account SCIM role account_admin)]→ account admin",
    );
    // Made in the account by hand, not in the workspace: IAM-22's local account admin.
    expect(
      privilegedNotFromEntra(buildWorkspaceGraph(e)).map((l) => `${l.path.principal.label}:${l.role}:${l.provenance}`),
    ).toEqual(["root@example.com:account:local"]);
    const unread = goodEvidence();
    unread.account.accountAdmins = u("forbidden (HTTP 403 PERMISSION_DENIED)");
    const answer = adminPaths(buildWorkspaceGraph(unread), "account");
    expect(answer.notCollected).toMatch(/account admins were not read: forbidden/);
    delete unread.account.accountAdmins;
    expect(adminPaths(buildWorkspaceGraph(unread), "account").notCollected).toMatch(/does not carry/);
  });

  it("finds who can act as a service principal through its account rule set (can-assume)", () => {
    const e = goodEvidence();
    ruleSetGivesAdminSpToAnalysts(e);
    known<unknown[]>(e.databricks.users).push({
      id: "4",
      userName: "eve@example.com",
      active: true,
      externalId: "ext-4",
      entitlements: [],
      groups: [],
    });
    const roles = known<unknown[]>(e.account.servicePrincipalRoles!);
    roles.push(
      // a member of an account group the workspace does not list, named in the rule set
      {
        servicePrincipal: ADMIN_SP,
        role: "roles/servicePrincipal.manager",
        principal: "eve@example.com",
        principalType: "user",
        via: "ops-oncall",
      },
      // not in the workspace: cannot sign in to it, so no path here
      {
        servicePrincipal: ADMIN_SP,
        role: "roles/servicePrincipal.user",
        principal: "ghost@example.com",
        principalType: "user",
        via: null,
      },
      // a service principal this workspace does not have
      {
        servicePrincipal: "99999999-0000-4000-8000-000000000000",
        role: "roles/servicePrincipal.user",
        principal: "analysts",
        principalType: "group",
        via: null,
      },
    );
    const wg = buildWorkspaceGraph(e);
    const admin = new Map(adminPaths(wg, "workspace").paths.map((p) => [p.principal.label, p]));
    expect(admin.get("analysts")!.kind).toBe("run-as");
    expect(describePath(admin.get("analysts")!)).toBe(
      `analysts —[can-assume: roles/servicePrincipal.user on the service principal (account rule set)]→ prod-etl (${ADMIN_SP}) —[member-of: member of admins]→ admins —[is-admin: members of admins are workspace admins]→ workspace admin`,
    );
    expect(admin.get("eve@example.com")!.steps.map((s) => `${s.kind}→${s.to.label}`)).toEqual([
      "member-of→ops-oncall",
      `can-assume→prod-etl (${ADMIN_SP})`,
      "member-of→admins",
      "is-admin→workspace admin",
    ]);
    expect(admin.has("ghost@example.com")).toBe(false);
    expect(runAsPaths(wg).paths.map((p) => p.principal.label)).toEqual([
      "analysts",
      "ops-oncall",
      "dana@example.com",
      "eve@example.com",
    ]);
    // The rule sets unread: the queries resting on them say so.
    e.account.servicePrincipalRoles = u("forbidden (HTTP 403 PERMISSION_DENIED)");
    const unread = buildWorkspaceGraph(e);
    expect(unread.inputs.find((i) => i.label === "service principal rule sets")!.fact.status).toBe("unknown");
    expect(runAsPaths(unread).total).toBe(0);
  });

  it("says who can run code as a service principal, and a cluster's credential", () => {
    const e = escalations();
    clusterWithCredentialForUsers(e);
    const { paths, total } = runAsPaths(buildWorkspaceGraph(e));
    expect(total).toBe(3);
    // ola is an admin (nested group): not counted; dana and analysts are not, and reach the admin SP through the job.
    expect(paths.map((p) => p.principal.label)).toEqual(["analysts", "users", "dana@example.com"]);
    expect(paths.find((p) => p.principal.label === "users")!.steps.map((s) => s.kind)).toEqual([
      "granted",
      "carries-credential",
    ]);
  });

  it("says who reads a secret scope, a catalog and an external location, and through which chain", () => {
    const wg = buildWorkspaceGraph(goodEvidence());
    const scope = readersOf(wg, "secretScope", "datalake")!;
    expect(scope.paths.map(describePath)).toEqual([
      "analysts —[granted: READ]→ secret scope datalake",
      "dana@example.com —[member-of: member of analysts]→ analysts —[granted: READ]→ secret scope datalake",
    ]);
    expect(scope.note).toMatch(/admins/);
    expect(readersOf(wg, "catalog", "main")!.paths.map((p) => p.principal.label)).toEqual([
      "analysts",
      "data-platform",
      "dana@example.com",
    ]);
    expect(readersOf(wg, "externalLocation", "raw")!.paths.length).toBe(3);
    expect(readersOf(wg, "catalog", "nope")).toBeUndefined();
  });

  it("says who can use a SQL warehouse or query a serving endpoint, and through which chain", () => {
    const wg = buildWorkspaceGraph(goodEvidence());
    expect(readersOf(wg, "warehouse", "d1e2f3a4b5c60001")!.paths.map(describePath)).toEqual([
      "analysts —[granted: CAN_USE]→ SQL warehouse bi (d1e2f3a4b5c60001)",
      "dana@example.com —[granted: IS_OWNER]→ SQL warehouse bi (d1e2f3a4b5c60001)",
    ]);
    const endpoint = readersOf(wg, "servingEndpoint", "chat")!;
    expect(endpoint.paths.map((p) => `${p.principal.label}:${p.kind}:${p.steps.at(-1)!.detail}`)).toEqual([
      "analysts:direct:CAN_QUERY",
      "data-platform:direct:CAN_MANAGE",
      "dana@example.com:nested-group:CAN_QUERY",
    ]);
    expect(endpoint.gaps).toEqual([]);
    // Access only: a warehouse or endpoint manager does not run code as anyone, so no admin path runs through them.
    const admin = adminPaths(wg, "workspace");
    expect(
      admin.paths.flatMap((p) => p.steps).filter((s) => s.to.kind === "warehouse" || s.to.kind === "servingEndpoint"),
    ).toEqual([]);
  });

  it("says which warehouse or endpoint ACL it could not read, for the queries that rest on them only", () => {
    const e = goodEvidence();
    e.databricks.sqlWarehouses = k([goodWarehouse({ permissions: null })]);
    known<{ permissions?: unknown }[]>(e.databricks.servingEndpoints)[0]!.permissions = undefined;
    const wg = buildWorkspaceGraph(e);
    expect(wg.gaps.map((g) => `${g.topic} ${g.label}: ${g.reason} (${g.source})`)).toEqual([
      "warehouses SQL warehouse bi (d1e2f3a4b5c60001) ACL: not read (GET /api/2.0/permissions/warehouses/d1e2f3a4b5c60001)",
      "serving serving endpoint chat ACL: this evidence does not carry serving endpoint ACLs (GET /api/2.0/permissions/serving-endpoints/e1)",
    ]);
    expect(readersOf(wg, "warehouse", "d1e2f3a4b5c60001")!.gaps.map((g) => g.label)).toContain(
      "SQL warehouse bi (d1e2f3a4b5c60001) ACL",
    );
    expect(adminPaths(wg, "workspace").gaps).toEqual([]);
    expect(runAsPaths(wg).gaps).toEqual([]);
  });

  it("lists objects shared with users / account users", () => {
    const e = goodEvidence();
    const catalogs = known<{ grants?: unknown[] | null }[]>(e.databricks.unityCatalog.catalogs);
    catalogs[0]!.grants = [{ principal: "account users", privileges: ["USE_CATALOG", "SELECT"] }];
    const shared = sharedWithAllUsers(buildWorkspaceGraph(e)).map((s) => `${s.group}→${s.object.label}: ${s.detail}`);
    expect(shared).toContain("account users→catalog main: USE_CATALOG, SELECT");
    expect(shared).toContain("users→cluster policy small-shared: CAN_USE");
    e.databricks.sqlWarehouses = k([
      goodWarehouse({
        permissions: [
          { principal: "users", principalType: "group", permissions: [{ level: "CAN_MANAGE", inherited: false }] },
        ],
      }),
    ]);
    expect(
      sharedWithAllUsers(buildWorkspaceGraph(e)).map((s) => `${s.group}→${s.object.label}: ${s.detail}`),
    ).toContain("users→SQL warehouse bi (d1e2f3a4b5c60001): CAN_MANAGE");
  });

  it("names privileged principals not provisioned from Entra ID", () => {
    const local = privilegedNotFromEntra(buildWorkspaceGraph(escalations()));
    expect(local.map((l) => `${l.path.principal.label}:${l.provenance}`)).toEqual([
      "platform-team:local",
      "ola@example.com:local",
    ]);
    expect(privilegedNotFromEntra(buildWorkspaceGraph(goodEvidence()))).toEqual([]);
  });

  it("finds groups with no active member, and says when members are not known", () => {
    const e = goodEvidence();
    const groups = known<{ displayName: string; members?: unknown[] }[]>(e.databricks.groups);
    groups.push({
      id: "g-x",
      displayName: "old-team",
      externalId: null,
      entitlements: [],
      memberCount: 0,
      members: [],
    } as never);
    const users = known<{ userName: string; active: boolean }[]>(e.databricks.users);
    users.find((u) => u.userName === "dana@example.com")!.active = false;
    const result = groupsWithoutActiveMember(buildWorkspaceGraph(e));
    expect(result.empty.map((g) => g.group.label).sort()).toEqual(["analysts", "old-team"]);
    expect(result.empty.find((g) => g.group.label === "analysts")!.grants).toBeGreaterThan(0);
    delete groups.find((g) => g.displayName === "analysts")!.members;
    const unknownMembers = buildWorkspaceGraph(e);
    expect(groupsWithoutActiveMember(unknownMembers).notKnown.map((g) => g.label)).toEqual(["analysts"]);
    expect(unknownMembers.gaps.map((g) => g.label)).toEqual(["group members"]);
  });

  it("records the facts it read and the ACLs it could not", () => {
    const e = goodEvidence();
    known<{ permissions: unknown }[]>(e.databricks.jobs)[0]!.permissions = null;
    e.databricks.clusters = k([goodCluster({ permissions: undefined })]);
    const wg = buildWorkspaceGraph(e);
    expect(wg.inputs.map((i) => i.label)).toContain("members of the admins group");
    expect(wg.gaps.map((g) => `${g.label}: ${g.reason}`)).toEqual([
      "job nightly-etl (101) ACL: not read",
      "cluster shared (0101-000000-good0001) ACL: this evidence does not carry cluster ACLs",
    ]);
  });
});
