import { describe, expect, it } from "vitest";
import { limitFor, RATE_LIMITS } from "./rate-limits.ts";

describe("the rate-limit table", () => {
  it("every row says where its figure comes from, and only rows marked documented cite a vendor page", () => {
    for (const row of RATE_LIMITS) {
      expect(row.ratePerSecond).toBeGreaterThan(0);
      expect(row.burst).toBeGreaterThanOrEqual(row.ratePerSecond);
      expect(row.source.length).toBeGreaterThan(10);
      expect(row.source.startsWith("[")).toBe(row.documented);
    }
  });

  it("every api ends with a catch-all row, so every request has a limit", () => {
    for (const api of ["databricks-workspace", "databricks-account", "arm", "graph"] as const)
      expect(limitFor(api, "https://h", "/anything/at/all").limit.api).toBe(api);
  });

  it.each([
    ["/api/2.0/preview/scim/v2/Users", "scim", 255],
    ["/api/2.0/permissions/jobs/42", "permissions", 100],
    ["/api/2.0/token-management/tokens", "token-management", 40],
    ["/api/2.0/secrets/scopes/list", "secrets", 1100],
    ["/api/2.0/dbfs/list", "dbfs", 30],
    ["/api/2.0/workspace/export", "workspace-export", 60],
    ["/api/2.0/workspace/list", "workspace-other", 20],
    ["/api/2.1/clusters/list", "workspace-other", 20],
  ])("Databricks %s counts in %s (%d/s)", (path, family, rate) => {
    const { limit, bucket } = limitFor("databricks-workspace", "https://adb-1.azuredatabricks.net", path);
    expect([limit.family, limit.ratePerSecond]).toEqual([family, rate]);
    expect(bucket).toBe(`https://adb-1.azuredatabricks.net ${family}`);
  });

  it("ARM reads count per subscription (token bucket 250, 25/s); a tenant read in the tenant's bucket", () => {
    const a = limitFor("arm", "https://management.azure.com", "/subscriptions/AAA/resourceGroups/rg/providers/x");
    const b = limitFor(
      "arm",
      "https://management.azure.com",
      "/subscriptions/bbb/providers/Microsoft.Databricks/workspaces",
    );
    const tenant = limitFor("arm", "https://management.azure.com", "/subscriptions");
    expect([a.limit.burst, a.limit.ratePerSecond, a.limit.scope]).toEqual([250, 25, "subscription"]);
    expect(a.bucket).not.toBe(b.bucket);
    expect(a.bucket).toContain(" aaa");
    expect(tenant.limit.family).toBe("arm-tenant-reads");
  });
});

describe("docs/permissions.md's quota table", () => {
  it("states the figure of every row of the table", async () => {
    const { readFile } = await import("node:fs/promises");
    const doc = await readFile(new URL("../../../docs/permissions.md", import.meta.url), "utf8");
    const section = doc.slice(
      doc.indexOf("## What a scan costs your API quota"),
      doc.indexOf("## What each check reads"),
    );
    expect(section.length).toBeGreaterThan(100);
    for (const row of RATE_LIMITS) {
      const figure = row.ratePerSecond.toLocaleString("en-US");
      const stated = row.api === "graph" ? "3,500 resource units per 10 s" : `${figure}`;
      expect(section, `${row.family}: ${stated}`).toContain(stated);
    }
    expect(section).toContain("token bucket of 250, refilled 25/s");
  });
});
