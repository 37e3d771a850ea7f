/**
 * The account-level edges of the permission graph, collected from the emulator over HTTP (issue 20): the
 * account's workspace assignments (GET /api/2.0/accounts/{id}/workspaces/{workspace_id}/permissionassignments,
 * iam.PermissionAssignments — ADMIN makes a workspace admin) and the group rule sets (roles/group.manager,
 * roles/group.assumer on accounts/{id}/groups/{group_id}/ruleSets/default, and group.manager on the account's
 * own rule set). A refused read is unknown — the queries say so — never an empty list.
 */
import type { iam } from "@databricks/sdk-experimental";
import { describe, expect, it } from "vitest";
import { parseFault } from "../src/emulator/faults.ts";
import type { PersonaWorkspace } from "../src/emulator/personas.ts";
import { buildWorkspaceGraph } from "../src/graph/build.ts";
import { adminPaths, describePath } from "../src/graph/queries.ts";
import { byPersona, collectEmulator, withEmulator } from "./support/emulator.ts";

const value = <T>(fact: { status: string; value?: T } | undefined): T => {
  if (fact?.status !== "known") throw new Error(`fact not known: ${JSON.stringify(fact)}`);
  return fact.value as T;
};

describe("account workspace assignments", () => {
  it("are read per workspace; an ADMIN assignment is a route to workspace admin, absent when not assigned", async () => {
    // The default workspace's people are its own (no Entra externalId): the account assigns nobody. Make joe,
    // no admin, an account-assigned ADMIN the way an account admin would in the account console.
    const customize = (ws: PersonaWorkspace) => {
      if (ws.persona === "default")
        ws.accountAssignments = [
          {
            permissions: ["ADMIN"],
            principal: { principal_id: 4242, user_name: "joe@contoso.example", display_name: "Joe" },
          },
          // A principal the response cannot name (no name field, an id no account SCIM list holds): partial.
          { permissions: ["ADMIN"], principal: { principal_id: 999_999 } },
        ] satisfies iam.PermissionAssignment[];
    };
    await withEmulator({ personas: ["default", "hardened"], customize }, async (emulator) => {
      const evidence = await collectEmulator(emulator, { notebookScan: false });
      const d = byPersona(evidence, "default");
      const assignments = d.account.workspaceAssignments!;
      expect(value(assignments)).toEqual([
        { principal: "joe@contoso.example", principalType: "user", permissions: ["ADMIN"] },
      ]);
      expect(assignments.status === "known" && assignments.partial).toMatch(
        /1 ADMIN assignment\(s\) name no principal/,
      );
      const asked = emulator.requests.filter((r) => r.path.endsWith("/permissionassignments"));
      expect(asked).toHaveLength(2);
      expect(asked.map((r) => r.path)).toContainEqual(
        `/api/2.0/accounts/${emulator.accountId}/workspaces/${d.workspace.workspaceId}/permissionassignments`,
      );
      const joe = adminPaths(buildWorkspaceGraph(d), "workspace").paths.find(
        (p) => p.principal.label === "joe@contoso.example",
      )!;
      expect(joe.kind).toBe("direct");
      expect(describePath(joe)).toBe(
        "joe@contoso.example —[is-admin: ADMIN workspace assignment (account permissionassignments)]→ workspace admin",
      );

      // hardened: its Entra-provisioned principals are assigned, the direct members of admins as ADMIN.
      const h = byPersona(evidence, "hardened");
      const hardened = value(h.account.workspaceAssignments);
      expect(hardened.length).toBeGreaterThan(0);
      const admins = hardened.filter((a) => a.permissions.includes("ADMIN")).map((a) => a.principal);
      const hardenedPaths = adminPaths(buildWorkspaceGraph(h), "workspace");
      for (const name of admins)
        expect(hardenedPaths.paths.find((p) => p.principal.label === name)?.kind, name).toBe("direct");
      const users = hardened.filter((a) => !a.permissions.includes("ADMIN")).map((a) => a.principal);
      expect(users.length).toBeGreaterThan(0);
      for (const name of users)
        expect(
          hardenedPaths.paths.find((p) => p.principal.label === name),
          name,
        ).toBeUndefined();
    });
  }, 120_000);

  it("refused (403): unknown with the reason, and the admin query rests on an unread fact", async () => {
    await withEmulator(
      { personas: ["default"], faults: [parseFault("403 /api/2.0/accounts/*/workspaces/*/permissionassignments")] },
      async (emulator) => {
        const [d] = await collectEmulator(emulator, { notebookScan: false });
        const fact = d!.account.workspaceAssignments!;
        expect(fact.status).toBe("unknown");
        if (fact.status === "unknown") expect(fact.reason).toMatch(/403/);
        const wg = buildWorkspaceGraph(d!);
        expect(wg.inputs.find((i) => i.label === "account workspace assignments")!.fact.status).toBe("unknown");
        expect(d!.collection.problems.map((p) => p.source).join("\n")).toMatch(/permissionassignments/);
      },
    );
  }, 120_000);
});

describe("group rule sets", () => {
  it("read each account group's rule set and the account's: joe, as manager of the leavers' group, reaches admin", async () => {
    await withEmulator({ personas: ["default", "hardened"] }, async (emulator) => {
      const evidence = await collectEmulator(emulator, { notebookScan: false });
      const d = byPersona(evidence, "default");
      expect(value(d.account.groupRoles)).toEqual([
        { group: "*", role: "roles/group.manager", principal: "platform-admins", principalType: "group", via: null },
        {
          group: "contractors-2023",
          role: "roles/group.manager",
          principal: "joe@contoso.example",
          principalType: "user",
          via: null,
        },
      ]);
      const names = emulator.requests
        .filter((r) => r.path.endsWith("/access-control/rule-sets"))
        .map((r) => new URLSearchParams(r.query).get("name"));
      expect(names).toEqual(
        expect.arrayContaining([
          `accounts/${emulator.accountId}/ruleSets/default`,
          `accounts/${emulator.accountId}/groups/8001/ruleSets/default`,
          `accounts/${emulator.accountId}/groups/8002/ruleSets/default`,
        ]),
      );
      const joe = adminPaths(buildWorkspaceGraph(d), "workspace").paths.find(
        (p) => p.principal.label === "joe@contoso.example",
      )!;
      const routes = [joe, ...(joe.otherRoutes ?? [])].map((r) => r.steps.map((s) => `${s.kind}: ${s.detail}`));
      expect(routes).toContainEqual([
        "can-assume: roles/group.manager on group contractors-2023 (account rule set): may add itself to it",
        "can-assume: roles/servicePrincipal.user on the service principal (account rule set)",
        "member-of: member of admins",
        "is-admin: members of admins are workspace admins",
      ]);
      // hardened: no group of its workspace is named by a rule set, and platform-admins is not one of its groups.
      const h = adminPaths(buildWorkspaceGraph(byPersona(evidence, "hardened")), "workspace");
      expect(h.paths.filter((p) => p.steps.some((s) => s.kind === "can-assume"))).toEqual([]);
    });
  }, 120_000);

  it("a group.assumer or every-group manager reaches the group; a refused account rule set is unknown", async () => {
    await withEmulator({ personas: ["default"] }, async (emulator) => {
      const [d] = await collectEmulator(emulator, { notebookScan: false });
      // Built from the evidence read, plus roles as the account would hold them: the graph's reading of them.
      const roles = value(d!.account.groupRoles);
      roles.push({
        group: "platform-team",
        role: "roles/group.assumer",
        principal: "joe@contoso.example",
        principalType: "user",
        via: null,
      });
      const joe = adminPaths(buildWorkspaceGraph(d!), "workspace").paths.find(
        (p) => p.principal.label === "joe@contoso.example",
      )!;
      expect(joe.steps.map((s) => `${s.kind}: ${s.detail} → ${s.to.label}`)).toEqual([
        "can-assume: roles/group.assumer on group platform-team (account rule set): may assume it as a role → platform-team",
        "member-of: member of admins → admins",
        "is-admin: members of admins are workspace admins → workspace admin",
      ]);
      roles.splice(0, roles.length, {
        group: "*",
        role: "roles/group.manager",
        principal: "joe@contoso.example",
        principalType: "user",
        via: null,
      });
      const every = adminPaths(buildWorkspaceGraph(d!), "workspace").paths.find(
        (p) => p.principal.label === "joe@contoso.example",
      )!;
      expect([every, ...(every.otherRoutes ?? [])].map((r) => r.steps.map((s) => s.to.label))).toContainEqual([
        "every group of the account",
        "platform-team",
        "admins",
        "workspace admin",
      ]);
    });
    await withEmulator(
      {
        personas: ["default"],
        faults: [parseFault("403 /api/2.0/preview/accounts/*/access-control/rule-sets")],
      },
      async (emulator) => {
        const [d] = await collectEmulator(emulator, { notebookScan: false });
        for (const fact of [d!.account.groupRoles!, d!.account.servicePrincipalRoles!]) {
          expect(fact.status).toBe("unknown");
          if (fact.status === "unknown") expect(fact.reason).toMatch(/403/);
        }
        const wg = buildWorkspaceGraph(d!);
        expect(wg.inputs.find((i) => i.label === "group rule sets")!.fact.status).toBe("unknown");
      },
    );
  }, 120_000);
});
