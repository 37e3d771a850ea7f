/**
 * The people behind an Entra group that holds Owner or Contributor on a workspace (issue 20: "Entra groups where
 * Graph is read"): with Microsoft Graph read, each such group's transitive user members
 * (GET /v1.0/groups/{id}/transitiveMembers/microsoft.graph.user) that are users of the workspace get the group's
 * route to workspace admin. Collected from the emulator over HTTP; refused, the group still reaches admin itself.
 */
import { describe, expect, it } from "vitest";
import { parseFault } from "../src/emulator/faults.ts";
import { buildWorkspaceGraph } from "../src/graph/build.ts";
import { adminPaths } from "../src/graph/queries.ts";
import { byPersona, collectEmulator, withEmulator } from "./support/emulator.ts";

const GROUP = "a0000000-0000-4000-8000-000000000005";

describe("members of an Entra group with an admin-making Azure role", () => {
  it("are read once per group and reach workspace admin through it; hardened's Owner group has none listed", async () => {
    await withEmulator({ personas: ["default", "hardened"] }, async (emulator) => {
      const evidence = await collectEmulator(emulator, { notebookScan: false });
      const d = byPersona(evidence, "default");
      const members = d.entra.adminGroupMembers!;
      expect(members.status).toBe("known");
      if (members.status === "known") expect(members.value[GROUP]).toEqual(["ravi@contoso.example"]);
      const paths = adminPaths(buildWorkspaceGraph(d), "workspace");
      const ravi = paths.paths.find((p) => p.principal.label === "ravi@contoso.example")!;
      expect(ravi.kind).toBe("azure-role");
      expect(ravi.steps.map((s) => `${s.kind}: ${s.detail} → ${s.to.label}`)).toEqual([
        `member-of: member of the Entra group (Microsoft Graph transitiveMembers) → Entra Group ${GROUP}`,
        `is-admin: Azure Contributor on ${d.workspace.resourceId} → workspace admin`,
      ]);
      // his other route, through platform-team nested in admins, is still there
      expect(ravi.otherRoutes?.map((r) => r.kind)).toContain("nested-group");
      const asked = emulator.requests.filter((r) => r.path.toLowerCase().includes("/transitivemembers/"));
      expect(asked.filter((r) => r.path.includes(GROUP))).toHaveLength(1);
      // hardened: its Owner group's people are not in the directory: no user reaches admin through it
      const h = adminPaths(buildWorkspaceGraph(byPersona(evidence, "hardened")), "workspace");
      expect(h.paths.filter((p) => p.steps.some((s) => s.detail.includes("Entra group")))).toEqual([]);
    });
  }, 120_000);

  it("refused (403): unknown with the reason; the group itself still reaches admin", async () => {
    await withEmulator(
      {
        personas: ["default"],
        faults: [parseFault(`403 /v1.0/groups/${GROUP}/transitiveMembers/microsoft.graph.user`)],
      },
      async (emulator) => {
        const [d] = await collectEmulator(emulator, { notebookScan: false });
        const members = d!.entra.adminGroupMembers!;
        expect(members.status).toBe("unknown");
        if (members.status === "unknown") expect(members.reason).toMatch(/403/);
        const paths = adminPaths(buildWorkspaceGraph(d!), "workspace").paths;
        expect(paths.map((p) => p.principal.label)).toContain(`Entra Group ${GROUP}`);
        expect(paths.find((p) => p.principal.label === "ravi@contoso.example")!.kind).toBe("nested-group");
      },
    );
  }, 120_000);
});
