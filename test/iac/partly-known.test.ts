/**
 * Issue 15 item 5: one unknown value does not poison what is known around it. A tags map with one value
 * from a data source still fails GOV-07 when a required key is certainly absent (and cannot pass when the
 * unknown value is a required one); a standalone azurerm_network_security_rule whose resource_group_name is
 * a local from a data source is still read (NET-08), and so is an ARM NSG rule whose description is a parameter
 * without a value. On the old code GOV-07 was unknown and NET-08 unknown.
 */
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
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

  it("an IP access list with one unknown address fails NET-04 on a known broad range; NET-03 cannot pass", async () => {
    const { document } = await verdicts([join(FIXTURES, "partly-known-ip")]);
    const result = (id: string) => document.workspaces[0]!.results.find((r) => r.checkId === id)!;
    expect(result("NET-04").status).toBe("fail");
    expect(result("NET-04").message).toMatch(/office: 10\.0\.0\.0\/8/);
    expect(result("NET-03").status).toBe("unknown");
    expect(result("NET-03").message).toMatch(
      /may be incomplete \(not known: 1 address\(es\) of databricks_ip_access_list\.office .*cannot be shown to pass/,
    );
  });

  it("ARM: an NSG rule whose description is a parameter without a value still counts; one whose destination is, does not", async () => {
    const template = join(FIXTURES, "partly-known-arm", "azuredeploy.json");
    const net08 = async (path: string) =>
      (await verdicts([path])).document.workspaces[0]!.results.find((r) => r.checkId === "NET-08")!;
    const known = await net08(template);
    expect(known.status).toBe("pass");
    expect(known.message).toMatch(/nsg denies internet outbound \(deny-internet-outbound, priority 4000\)/);
    // The same rule with its destination from the parameter: what the verdict reads is unknown, never a pass.
    const parsed = JSON.parse(await readFile(template, "utf8"));
    parsed.resources[1].properties.securityRules[0].properties.destinationAddressPrefix =
      "[parameters('ruleDescription')]";
    const dir = await mkdtemp(join(tmpdir(), "lakeward-iac-partly-"));
    try {
      await writeFile(join(dir, "azuredeploy.json"), JSON.stringify(parsed, null, 2));
      const unknownRule = await net08(dir);
      expect(unknownRule.status).toBe("unknown");
      expect(unknownRule.message).toMatch(/rules of .*nsg were not read/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
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
