/**
 * Issue 15 item 6: NET-09 judges the DBFS root storage account by the workspace's default storage firewall
 * (`defaultStorageFirewall` / `default_storage_firewall_enabled`, with the access connector), as NET-12 does:
 * Azure Databricks configures that managed account itself. On the old code NET-09 was "not judged from IaC"
 * for every workspace (the account's settings were unknown).
 */
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { CORPUS, FIXTURES, HAVE_CORPUS, SKIP_REASON, together, verdicts } from "./support.ts";

const ARM = join(FIXTURES, "dbfs-firewall/azuredeploy.json");

describe("the DBFS root's network access follows the default storage firewall (issue 15 item 6)", () => {
  it("ARM: Enabled with an access connector passes NET-09; a parameter without a value is unknown", async () => {
    const { document, byWorkspace } = await verdicts([ARM]);
    const firewalled = document.workspaces.find((w) => w.workspace.name === "ws-firewalled")!;
    const net09 = firewalled.results.find((r) => r.checkId === "NET-09")!;
    expect(net09.status).toBe("pass");
    expect(net09.message).toMatch(/DBFS root.*firewall default action Deny/);
    expect(byWorkspace.get("ws-firewall-unknown")?.get("NET-09")).toBe("unknown");
    const unknownResult = document.workspaces
      .find((w) => w.workspace.name === "ws-firewall-unknown")!
      .results.find((r) => r.checkId === "NET-09")!;
    // A result of the configuration (a parameter without a value), not "not judged from IaC".
    expect(unknownResult.message).toMatch(/firewallUnknown/);
  });

  it("ARM: the same template with the firewall Disabled fails NET-09 and NET-12 together", async () => {
    await together([ARM], async (dir) => {
      const parameters = join(dir, "off.parameters.json");
      await writeFile(
        parameters,
        JSON.stringify({
          $schema: "https://schema.management.azure.com/schemas/2019-04-01/deploymentParameters.json#",
          contentVersion: "1.0.0.0",
          parameters: { storageFirewall: { value: "Disabled" } },
        }),
      );
      const { document } = await verdicts([join(dir, "azuredeploy.json")], "high", { parameterFiles: [parameters] });
      const firewalled = document.workspaces.find((w) => w.workspace.name === "ws-firewalled")!;
      for (const id of ["NET-09", "NET-12"])
        expect(firewalled.results.find((r) => r.checkId === id)?.status, id).toBe("fail");
    });
  });

  it.skipIf(!HAVE_CORPUS)(
    `Terraform: AzureTRE's workspace (firewall on, access connector) passes; turned off it fails${HAVE_CORPUS ? "" : ` (${SKIP_REASON})`}`,
    async () => {
      const main = join(CORPUS, "tf/AzureTRE__templates__workspace_services__databricks__terraform__main.tf");
      const on = await verdicts([main]);
      expect(on.byWorkspace.get("azurerm_databricks_workspace.databricks")?.get("NET-09")).toBe("pass");
      await together([main], async (dir) => {
        // An override file, as Terraform merges it: the same workspace with the firewall off.
        await writeFile(
          join(dir, "off_override.tf"),
          'resource "azurerm_databricks_workspace" "databricks" {\n  default_storage_firewall_enabled = false\n}\n',
        );
        const off = await verdicts([dir]);
        const results = off.document.workspaces[0]!.results;
        const net09 = results.find((r) => r.checkId === "NET-09")!;
        expect(net09.status).toBe("fail");
        expect(net09.message).toMatch(/DBFS root\) — public network access Enabled, firewall default action Allow/);
        expect(results.find((r) => r.checkId === "NET-12")?.status).toBe("fail");
      });
    },
  );
});
