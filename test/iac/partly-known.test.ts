/**
 * Issue 15 item 5: one unknown value does not poison what is known around it. A tags map with one value
 * from a data source still fails GOV-07 when a required key is certainly absent (and cannot pass when the
 * unknown value is a required one); a standalone azurerm_network_security_rule whose resource_group_name is
 * a local from a data source is still read (NET-08). On the old code GOV-07 was unknown and NET-08 unknown.
 */
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { CORPUS, FIXTURES, HAVE_CORPUS, SKIP_REASON, together, verdicts } from "./support.ts";

describe("judged on the parts that are known (issue 15 item 5)", () => {
  it("a tags map with one unknown value fails GOV-07 on the key that is certainly absent", async () => {
    const { document, byWorkspace } = await verdicts([join(FIXTURES, "partly-known")]);
    const ws = document.workspaces.find((w) => w.workspace.name === "ws-partly-tagged")!;
    const gov07 = ws.results.find((r) => r.checkId === "GOV-07")!;
    expect(gov07.status).toBe("fail");
    expect(gov07.message).toMatch(/workspace ws-partly-tagged \(no Owner\)/);
    // Both required keys present, one of them unknown: never a pass.
    expect(byWorkspace.get("ws-tagged-unknown")?.get("GOV-07")).toBe("unknown");
  });

  it("an NSG rule with an unresolved attribute no check reads still counts (NET-08 pass)", async () => {
    const { document } = await verdicts([join(FIXTURES, "partly-known")]);
    const ws = document.workspaces.find((w) => w.workspace.name === "ws-partly-tagged")!;
    const net08 = ws.results.find((r) => r.checkId === "NET-08")!;
    expect(net08.status).toBe("pass");
    expect(net08.message).toMatch(/deny-internet-outbound/);
  });

  it.skipIf(!HAVE_CORPUS)(
    `AzureTRE's workspace with partly known tags fails GOV-07${HAVE_CORPUS ? "" : ` (${SKIP_REASON})`}`,
    async () => {
      const files = [
        join(CORPUS, "tf/AzureTRE__templates__workspace_services__databricks__terraform__main.tf"),
        join(FIXTURES, "overlays/tre-locals.tf"),
      ];
      await together(files, async (dir) => {
        const { document } = await verdicts([dir]);
        const gov07 = document.workspaces[0]!.results.find((r) => r.checkId === "GOV-07");
        expect(gov07?.status).toBe("fail");
        expect(gov07?.message).toMatch(/no CostCenter, Owner/);
      });
    },
  );
});
