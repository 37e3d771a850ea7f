/**
 * Issue 15 item 3: a run that judged nothing never exits 0, and what could not be read is said. On the old
 * code each of these exited 0 ("no Azure Databricks workspace found"), and `iac main.bicep` with a compiled
 * main.json beside it said the JSON would be scanned and then did not scan it.
 */
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "../support/cli.ts";
import { FIXTURES } from "./support.ts";

async function iac(path: string) {
  const run = await runCli(["iac", path, "--profile", "high", "--format", "json"]);
  const document = JSON.parse(run.stdout) as { workspaces: { workspace: { name: string } }[] };
  return { ...run, names: document.workspaces.map((w) => w.workspace.name) };
}

describe("never exit 0 when nothing was judged (issue 15 item 3)", () => {
  it("Bicep only: exit 2, saying to compile it", async () => {
    const run = await iac(join(FIXTURES, "bicep-only", "main.bicep"));
    expect(run.code).toBe(2);
    expect(run.names).toEqual([]);
    expect(run.stderr).toMatch(/az bicep build --file main\.bicep/);
    expect(run.stderr).toMatch(/error: nothing was judged/);
  });

  it("main.bicep with its compiled main.json beside it: the JSON is judged", async () => {
    const run = await iac(join(FIXTURES, "bicep-compiled", "main.bicep"));
    expect(run.names).toEqual(["ws-bicep"]);
    expect(run.stderr).toMatch(/compiled template .*main\.json is scanned instead/);
    expect(run.code).toBe(1);
  });

  it("the workspace in a registry module that terraform init has not installed: exit 2 with the reason", async () => {
    const run = await iac(join(FIXTURES, "module-remote"));
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/module\.databricks: source Azure\/avm-res-databricks-workspace\/azurerm not read/);
    expect(run.stderr).toMatch(/error: nothing was judged/);
  });

  it("a local module that is missing: an error at the call, exit 2, the rest judged", async () => {
    const run = await iac(join(FIXTURES, "module-missing"));
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(
      /module-missing\/main\.tf:2: module "network": the module directory .*modules\/network does not exist/,
    );
    expect(run.names).toEqual(["ws-missing-module"]);
  });
});
