/**
 * Issue 15 item 10: ARM resource JSON exported from a deployed workspace is judged as a live read judges
 * the same body (the live collector's mapper, after the spec's wire shape is checked): `az resource show`
 * (properties nested), `az databricks workspace show` (properties beside id and sku), Azure Resource Graph
 * (`az graph query`: {data: [...]}, lower-case type) and the spec's own GET examples; what an export does
 * not hold is not judged. On the old code every such file was "not an ARM template" (exit 2).
 */
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "../support/cli.ts";
import { CORPUS, FIXTURES, HAVE_CORPUS, SKIP_REASON, verdicts } from "./support.ts";

const DIR = join(FIXTURES, "arm-export");

describe("ARM exports as input (issue 15 item 10)", () => {
  it("az resource show, az databricks workspace show and Resource Graph give the live read's verdicts", async () => {
    const { byWorkspace, document, scan } = await verdicts([DIR]);
    expect(scan.errors).toEqual([]);
    expect([...byWorkspace.keys()].sort()).toEqual(["ws-exported", "ws-flat", "ws-graph"]);
    for (const name of ["ws-exported", "ws-flat", "ws-graph"]) {
      const row = byWorkspace.get(name)!;
      expect(row.get("NET-01"), name).toBe("fail"); // enableNoPublicIp false
      expect(row.get("NET-02"), name).toBe("pass");
      expect(row.get("DATA-02"), name).toBe("pass"); // DBFS key from the wire names KeyName/keyvaulturi
      expect(row.get("DATA-04"), name).toBe("pass");
      expect(row.get("GOV-16"), name).toBe("pass");
      // Not in an export: the subnets, the Databricks side.
      expect(row.get("NET-11"), name).toBe("unknown");
    }
    expect(byWorkspace.get("ws-exported")?.get("NET-06")).toBe("pass");
    expect(byWorkspace.get("ws-graph")?.get("NET-06")).toBe("fail");
    expect(document.notJudged?.find((e) => e.checkId === "NET-11")?.reason).toMatch(/not in an ARM export/);
    const net06 = document.workspaces
      .find((w) => w.workspace.name === "ws-graph")!
      .results.find((r) => r.checkId === "NET-06")!;
    expect(net06.locations?.[0]).toEqual({ file: "test/iac/fixtures/arm-export/resource-graph.json", line: 4 });
  });

  it("a body that does not fit the spec's shape is an error naming file and line", async () => {
    const dir = await mkdtemp(join(tmpdir(), "lakeward-export-"));
    try {
      const file = join(dir, "bad.json");
      await writeFile(
        file,
        JSON.stringify({
          id: "/x",
          type: "Microsoft.Databricks/workspaces",
          name: "w",
          location: "l",
          properties: { parameters: "no" },
        }),
      );
      const { scan, document } = await verdicts([file]);
      expect(scan.errors.map((e) => e.message).join("\n")).toMatch(
        /bad\.json:1: not an Azure Databricks workspace resource as ARM returns it \(unexpected response shape at properties\.parameters/,
      );
      expect(document.workspaces).toEqual([]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it.skipIf(!HAVE_CORPUS)(
    `the spec's GET examples, saved as az resource show writes them, are judged as the live read judges them${HAVE_CORPUS ? "" : ` (${SKIP_REASON})`}`,
    async () => {
      const dir = await mkdtemp(join(tmpdir(), "lakeward-export-"));
      try {
        const examples = [
          "azure-rest-api-specs__specification__databricks__resource-manager__Microsoft.Databricks__Databricks__examples__2026-01-01__WorkspaceGet.json",
          "azure-rest-api-specs__specification__databricks__resource-manager__Microsoft.Databricks__stable__2024-05-01__examples__WorkspaceGetParameters.json",
        ];
        for (const [i, name] of examples.entries()) {
          const example = JSON.parse(await readFile(join(CORPUS, "api-response", name), "utf8"));
          const body = example.responses["200"].body;
          await writeFile(
            join(dir, `export-${i}.json`),
            JSON.stringify({ ...body, name: `${body.name}-${i}` }, null, 2),
          );
        }
        const { byWorkspace, scan } = await verdicts([dir]);
        expect(scan.errors).toEqual([]);
        // WorkspaceGet (2026-01-01): premium, "parameters": null → secure cluster connectivity by default (true),
        // publicNetworkAccess absent → Enabled; no VNet injection.
        const get = byWorkspace.get("myWorkspace-0")!;
        expect(get.get("GOV-16")).toBe("pass");
        expect(get.get("NET-01")).toBe("pass");
        expect(get.get("NET-02")).toBe("fail");
        expect(get.get("NET-06")).toBe("fail");
        // WorkspaceGetParameters (2024-05-01): injected into the customer's VNet myNetwork → NET-02 pass.
        expect(byWorkspace.get("myWorkspace-1")?.get("NET-02")).toBe("pass");
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    },
  );

  it("scan --arm-export judges the export's ARM side as a live read, every other check unknown (in the results)", async () => {
    const dir = await mkdtemp(join(tmpdir(), "lakeward-export-scan-"));
    try {
      const out = join(dir, "results.json");
      const run = await runCli([
        "scan",
        "--arm-export",
        join(DIR, "az-resource-show.json"),
        "--profile",
        "high",
        "--format",
        "json",
        "--output",
        out,
        "--quiet",
      ]);
      // NET-01 fails (enableNoPublicIp false): exit 1, as a live scan with that finding.
      expect(run.stderr).toBe("");
      expect(run.code).toBe(1);
      const document = JSON.parse(await readFile(out, "utf8"));
      expect(document.notJudged).toBeUndefined();
      const [workspace] = document.workspaces;
      expect(workspace.workspace.name).toBe("ws-exported");
      const status = (id: string) =>
        workspace.results.find((r: { checkId: string }) => r.checkId === id)?.status as string | undefined;
      expect(status("NET-01")).toBe("fail");
      expect(status("NET-02")).toBe("pass");
      expect(status("DATA-02")).toBe("pass");
      expect(status("NET-06")).toBe("pass");
      // Not in an export: unknown with the reason, in the workspace's results (a scan judges every check).
      for (const id of ["NET-11", "IAM-01", "GOV-01"]) expect(status(id), id).toBe("unknown");
      const net11 = workspace.results.find((r: { checkId: string }) => r.checkId === "NET-11");
      expect(net11.message).toMatch(/not in an ARM export/);
      expect(workspace.results.some((r: { status: string }) => r.status === "pass")).toBe(true);

      // A file that is no export: exit 2, the file named; a live target beside it is refused.
      const template = await runCli(["scan", "--arm-export", join(FIXTURES, "arm-unreferenced", "azuredeploy.json")]);
      expect(template.code).toBe(2);
      expect(template.stderr).toMatch(/azuredeploy\.json:1: holds no Microsoft\.Databricks\/workspaces resource/);
      const both = await runCli(["scan", "--arm-export", join(DIR, "resource-graph.json"), "--host", "https://x"]);
      expect(both.code).toBe(2);
      expect(both.stderr).toMatch(/--host says what to read live; --arm-export reads nothing live/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
