/**
 * Issue 15 item 8: storage accounts and key vaults declared in the same configuration are judged (DATA-05,
 * DATA-06, NET-09, DATA-20) even when no Databricks resource references them, and the result says the
 * account's role was not established. On the old code they were left out: NET-09 passed on the DBFS root
 * alone, DATA-06 and DATA-20 were not applicable.
 */
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { CORPUS, FIXTURES, HAVE_CORPUS, SKIP_REASON, together, verdicts } from "./support.ts";

const NOT_ESTABLISHED = /stlanding \(declared in the configuration; its role for this workspace was not established\)/;

describe("declared storage accounts and key vaults referenced by nothing (issue 15 item 8)", () => {
  it("are judged, and each result says their role was not established", async () => {
    const { document } = await verdicts([join(FIXTURES, "unreferenced")]);
    const results = document.workspaces[0]!.results;
    const result = (id: string) => results.find((r) => r.checkId === id)!;
    for (const id of ["NET-09", "DATA-05", "DATA-06"]) {
      expect(result(id).status, id).toBe("fail");
      expect(result(id).message, id).toMatch(NOT_ESTABLISHED);
    }
    expect(result("DATA-20").status).toBe("fail");
    expect(result("DATA-20").message).toMatch(
      /kv-unreferenced \(declared in the configuration; its use .* not established\)/,
    );
    expect(document.workspaces[0]!.results.find((r) => r.checkId === "NET-09")!.locations?.[0]?.file).toMatch(
      /unreferenced\/main\.tf$/,
    );
  });

  it("ARM: declared storage accounts (with their blob services) and vaults are judged the same way", async () => {
    const { document } = await verdicts([join(FIXTURES, "arm-unreferenced")]);
    const results = document.workspaces[0]!.results;
    const result = (id: string) => results.find((r) => r.checkId === id)!;
    const landing = /stlandingarm \(declared in the configuration; its role for this workspace was not established\)/;
    // stlandingarm: public network access Enabled and no networkAcls (ARM default Allow); TLS1_0; a nested blob
    // service with blob soft delete only. stlockedarm: firewall Deny, TLS1_2, every recovery setting on — it
    // passes all three, so each failure names only stlandingarm.
    expect(result("NET-09").status).toBe("fail");
    expect(result("NET-09").message).toMatch(/^1 of 3 storage account\(s\)/);
    expect(result("DATA-05").message).toMatch(/^1 of 3 storage accounts are exposed/);
    expect(result("DATA-06").message).toMatch(/lacks container soft delete, versioning/);
    for (const id of ["NET-09", "DATA-05", "DATA-06"]) {
      expect(result(id).status, id).toBe("fail");
      expect(result(id).message, id).toMatch(landing);
      expect(result(id).message, id).not.toMatch(/stlockedarm/);
    }
    expect(result("DATA-20").status).toBe("fail");
    expect(result("DATA-20").message).toMatch(
      /kv-arm-unreferenced \(declared in the configuration; its use .* not established\)/,
    );
    // The TLS failure points at the line that declares it.
    expect(result("DATA-05").locations?.some((l) => /arm-unreferenced\/azuredeploy\.json$/.test(l.file))).toBe(true);
  });

  it.skipIf(!HAVE_CORPUS)(
    `the lakehouse module's key vault (purge protection off) fails DATA-20 once it exists${HAVE_CORPUS ? "" : ` (${SKIP_REASON})`}`,
    async () => {
      const files = [
        "tf/terraform-databricks-examples__modules__adb-lakehouse__vnet_injected_databricks_workspace.tf",
        "tf/terraform-databricks-examples__modules__adb-lakehouse__key_vault.tf",
      ].map((f) => join(CORPUS, f));
      await together(files, async (dir) => {
        // count = var.key_vault_name != "" ? 1 : 0: without a value its existence is unknown and it is left out
        // (DATA-20 is then not judged: the workspace's secret scopes are not declared).
        const unset = await verdicts([dir]);
        expect(unset.byWorkspace.get("azurerm_databricks_workspace.this")?.get("DATA-20")).toBe("unknown");
        const { byWorkspace, document } = await verdicts([dir], "high", {
          vars: new Map([["key_vault_name", "kv-lake"]]),
        });
        expect(byWorkspace.get("azurerm_databricks_workspace.this")?.get("DATA-20")).toBe("fail");
        const data20 = document.workspaces[0]!.results.find((r) => r.checkId === "DATA-20")!;
        expect(data20.message).toMatch(
          /kv-lake \(declared in the configuration; its use .* not established\) lacks purge protection/,
        );
      });
    },
  );
});
