/**
 * Issue 15 item 2: `azapi_resource` workspaces (type = "Microsoft.Databricks/workspaces@<version>"), patched
 * by `azapi_update_resource`, are judged: the body goes through the ARM mapper with the API version from
 * `type`, and the Terraform resources around the workspace (private endpoints, locks, Databricks resources)
 * attach by their references to it. On the old code both fixtures said "no Azure Databricks workspace
 * found" and exited 0.
 */
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "../support/cli.ts";
import { FIXTURES, verdicts } from "./support.ts";

describe("azapi_resource workspaces (issue 15 item 2)", () => {
  it("reads the body with the API version from type, patches from azapi_update_resource, and the resources around it", async () => {
    const { byWorkspace, document } = await verdicts([join(FIXTURES, "azapi")]);
    const ws = byWorkspace.get("ws-azapi");
    expect(ws, "the azapi workspace is judged").toBeDefined();
    // enableNoPublicIp = var.npip (false): a declared value, not the 2024-05-01 default (true).
    expect(ws?.get("NET-01")).toBe("fail");
    // The private endpoint references azapi_resource.ws.id; publicNetworkAccess Disabled in the body.
    expect(ws?.get("NET-05")).toBe("pass");
    expect(ws?.get("NET-06")).toBe("pass");
    // requireInfrastructureEncryption comes from the azapi_update_resource patch.
    expect(ws?.get("DATA-04")).toBe("pass");
    // The lock's scope is azapi_resource.ws.id.
    expect(ws?.get("DATA-07")).toBe("pass");
    expect(ws?.get("GOV-16")).toBe("pass");
    const result = (id: string) => document.workspaces[0]!.results.find((r) => r.checkId === id)!;
    // Results point at the body's lines: the parameter (34) and the patch's attribute (46).
    expect(result("NET-01").locations).toContainEqual({ file: "test/iac/fixtures/azapi/main.tf", line: 34 });
    expect(result("DATA-04").locations).toContainEqual({ file: "test/iac/fixtures/azapi/main.tf", line: 46 });
    // The Databricks provider's host is the azapi workspace's URL: its resources attach to it.
    const tokens = document.workspaces[0]!.results.find((r) => r.checkId === "IAM-07")!;
    expect(tokens.evidence.some((e) => JSON.stringify(e.value ?? "").includes("databricks_token.ci"))).toBe(true);
  });

  it("a serverless workspace (computeMode Serverless) has no DBFS root storage account to judge", async () => {
    // Before, the azapi mapper gave it a DBFS root "dbfs-root (azapi_resource.workspace)" with public network
    // access, and NET-09 failed where the live scan of the same persona passes.
    const { byWorkspace, document } = await verdicts([join(FIXTURES, "personas", "serverless")]);
    const ws = byWorkspace.get("adb-serverless");
    expect(ws?.get("NET-09")).toBe("not_applicable");
    const storage = document.workspaces[0]!.results.find((r) => r.checkId === "NET-09")!;
    expect(storage.message).toMatch(/serverless workspace without a DBFS root/);
  });

  it("azapi v1's jsonencode body: one unknown value inside does not hide the rest", async () => {
    const { byWorkspace } = await verdicts([join(FIXTURES, "azapi-v1")]);
    const ws = byWorkspace.get("ws-azapi-v1");
    expect(ws?.get("NET-01")).toBe("pass");
    expect(ws?.get("GOV-16")).toBe("pass");
    // Not declared: the 2023-02-01 defaults apply.
    expect(ws?.get("NET-06")).toBe("fail");
  });

  it("a body that cannot be evaluated leaves every property unknown, and the run does not exit 0", async () => {
    const run = await runCli(["iac", join(FIXTURES, "azapi-unknown"), "--profile", "high", "--format", "json"]);
    const document = JSON.parse(run.stdout) as {
      workspaces: { workspace: { name: string }; results: { checkId: string; status: string }[] }[];
    };
    const results = new Map(document.workspaces[0]!.results.map((r) => [r.checkId, r.status]));
    for (const check of ["NET-01", "NET-02", "NET-06", "NET-07", "DATA-01", "DATA-02", "DATA-03", "DATA-04"])
      expect(results.get(check), check).toBe("unknown");
    expect(document.workspaces[0]!.workspace.name).toBe("ws-opaque");
  });
});
