/**
 * Issue 15 item 9: an ARM `nullable: true` parameter given no value is null (the property is then not
 * declared and the API version's default applies), not unknown; a subnet without defaultOutboundAccess has
 * the default of the Microsoft.Network API version that creates it (2025-07-01 and later: private, no
 * default outbound access; older: default outbound access on). On the old code NET-06, NET-07 and NET-08
 * were unknown in both templates.
 */
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { CORPUS, FIXTURES, HAVE_CORPUS, SKIP_REASON, verdicts } from "./support.ts";

const DIR = join(FIXTURES, "arm-nullable");

describe("ARM parameters and network defaults (issue 15 item 9)", () => {
  it("nullable parameters without a value are null: the API version's defaults apply", async () => {
    const { byWorkspace } = await verdicts([DIR]);
    for (const name of ["ws-private-subnets", "ws-outbound-subnets"]) {
      // publicNetworkAccess default Enabled, requiredNsgRules default AllRules (Microsoft.Databricks 2024-05-01).
      expect(byWorkspace.get(name)?.get("NET-06"), name).toBe("fail");
      expect(byWorkspace.get(name)?.get("NET-07"), name).toBe("fail");
    }
  });

  it("subnets without defaultOutboundAccess follow the network API version", async () => {
    const { document } = await verdicts([DIR]);
    const net08 = (name: string) =>
      document.workspaces.find((w) => w.workspace.name === name)!.results.find((r) => r.checkId === "NET-08")!;
    expect(net08("ws-private-subnets").status).toBe("pass");
    expect(net08("ws-private-subnets").message).toMatch(/default outbound access off/);
    expect(net08("ws-outbound-subnets").status).toBe("fail");
    expect(net08("ws-outbound-subnets").message).toMatch(/Azure default outbound access is on/);
  });

  it.skipIf(!HAVE_CORPUS)(
    `a parameter without a default that is not nullable stays unknown (quickstart's customVirtualNetworkId)${HAVE_CORPUS ? "" : ` (${SKIP_REASON})`}`,
    async () => {
      const file = join(
        CORPUS,
        "arm/azure-quickstart-templates__quickstarts__microsoft.databricks__databricks-workspace-with-vnet-injection__azuredeploy.json",
      );
      const { document } = await verdicts([file]);
      const net02 = document.workspaces[0]!.results.find((r) => r.checkId === "NET-02")!;
      expect(net02.status).toBe("unknown");
      expect(net02.message).toMatch(/customVirtualNetworkId/);
    },
  );
});
