/**
 * `lakeward iac` end to end: malformed files (file and line, the other files still judged, exit 2),
 * SARIF with file:line locations (valid against the SARIF 2.1.0 schema), inline and config-file
 * suppressions, variables files, local modules, provider versions, plans and nested ARM deployments.
 */
import { copyFile, mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Ajv } from "ajv";
import addFormatsModule from "ajv-formats";
import type * as Sarif from "sarif";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ResultsDocument } from "../../src/reports/results-document.ts";
import { runCli } from "../support/cli.ts";
import { CORPUS, FIXTURES, HAVE_CORPUS } from "./support.ts";

const root = new URL("../..", import.meta.url).pathname;
const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ?? addFormatsModule) as unknown as (
  ajv: Ajv,
) => Ajv;

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "lakeward-iac-cli-"));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function iacJson(args: string[]): Promise<{ code: number; stderr: string; document: ResultsDocument }> {
  const output = join(dir, `results-${Math.random().toString(36).slice(2)}.json`);
  const run = await runCli(["iac", ...args, "--profile", "high", "--format", "json", "--output", output]);
  return {
    code: run.code,
    stderr: run.stderr,
    document: JSON.parse(await readFile(output, "utf8")) as ResultsDocument,
  };
}

const status = (document: ResultsDocument, workspace: string, check: string) =>
  document.workspaces.find((w) => w.workspace.name === workspace)?.results.find((r) => r.checkId === check);

describe("malformed input", () => {
  it("names the HCL file and line, still judges the other file of the configuration, exits 2", async () => {
    const { code, stderr, document } = await iacJson([join(FIXTURES, "bad-hcl")]);
    expect(code).toBe(2);
    expect(stderr).toMatch(/bad-hcl\/broken\.tf:6: syntax error: missing "\]"/);
    expect(document.workspaces.map((w) => w.workspace.name)).toEqual(["ws-good"]);
    expect(status(document, "ws-good", "GOV-16")?.status).toBe("pass");
  });

  it("a broken terraform.tfvars.json is an error at its line; the configuration is still judged", async () => {
    const config = join(dir, "bad-tfvars-json");
    await mkdir(config, { recursive: true });
    await writeFile(
      join(config, "main.tf"),
      'resource "azurerm_databricks_workspace" "w" {\n  name = "ws-vars"\n  resource_group_name = "rg"\n  location = "westeurope"\n  sku = "premium"\n}\n',
    );
    await writeFile(join(config, "terraform.tfvars.json"), '{ "a": 1,\n  "b": \n}\n');
    const { code, stderr, document } = await iacJson([config]);
    expect(code).toBe(2);
    expect(stderr).toMatch(/terraform\.tfvars\.json:3: invalid JSON/);
    expect(status(document, "ws-vars", "GOV-16")?.status).toBe("pass");
  });

  it("names the JSON file and line of a broken ARM template, still judges the good one, exits 2", async () => {
    // The broken template is written here (a malformed file in the repository would break the linter).
    const arm = join(dir, "bad-arm");
    await mkdir(arm, { recursive: true });
    await copyFile(join(FIXTURES, "bad-arm", "good.jsonc"), join(arm, "good.jsonc"));
    await writeFile(
      join(arm, "broken.json"),
      [
        "{",
        '  "$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",',
        '  "contentVersion": "1.0.0.0",',
        '  "resources": [',
        '    { "type": "Microsoft.Databricks/workspaces", "name": "ws-broken", }',
        '    "apiVersion": "2024-05-01"',
        "  ]",
        "}",
      ].join("\n"),
    );
    const { code, stderr, document } = await iacJson([arm]);
    expect(code).toBe(2);
    expect(stderr).toMatch(/bad-arm\/broken\.json:6: invalid JSON \(CommaExpected\)/);
    expect(document.workspaces.map((w) => w.workspace.name)).toEqual(["ws-arm-good"]);
    expect(status(document, "ws-arm-good", "NET-06")?.status).toBe("pass");
  });

  it("a path that does not exist is an input error", async () => {
    const run = await runCli(["iac", join(FIXTURES, "no-such-dir")]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/no-such-dir:1: no such file or directory/);
  });
});

describe("SARIF", () => {
  it("points every result at the Terraform file and line and validates against SARIF 2.1.0", async () => {
    const output = join(dir, "default.sarif");
    const run = await runCli(["iac", join(FIXTURES, "personas", "default"), "--format", "sarif", "--output", output]);
    expect(run.code).toBe(1);
    const log = JSON.parse(await readFile(output, "utf8")) as Sarif.Log;
    const schema = JSON.parse(await readFile(join(root, "test/fixtures/sarif/sarif-schema-2.1.0.json"), "utf8"));
    const ajv = new Ajv({ allErrors: true, strict: false });
    addFormats(ajv);
    expect(ajv.compile(schema)(log)).toBe(true);
    const results = log.runs[0]!.results ?? [];
    expect(results.length).toBeGreaterThan(10);
    for (const result of results) {
      const location = result.locations?.[0]?.physicalLocation;
      expect(location?.artifactLocation?.uri, result.ruleId).toMatch(/personas\/default\/main\.tf$/);
      expect(location?.region?.startLine).toBeGreaterThan(0);
    }
    // NET-04 points at the ip_addresses of the 0.0.0.0/0 list (line 38 of the fixture's list block).
    const text = await readFile(join(FIXTURES, "personas", "default", "main.tf"), "utf8");
    const net04 = results.find((r) => r.ruleId === "NET-04")!;
    const lines = net04.locations!.map((l) => l.physicalLocation!.region!.startLine!);
    expect(lines.some((line) => text.split("\n")[line - 1]!.includes('resource "databricks_ip_access_list"'))).toBe(
      true,
    );
  });
});

describe("suppressions", () => {
  it("inline lakeward:ignore on or above a resource suppresses its failure; one without a reason is ignored", async () => {
    const output = join(dir, "suppressed.json");
    const run = await runCli([
      "iac",
      join(FIXTURES, "suppressed"),
      "--format",
      "json",
      "--output",
      output,
      "--fail-on",
      "high",
      "--profile",
      "high",
    ]);
    const document = JSON.parse(await readFile(output, "utf8")) as ResultsDocument;
    const net06 = status(document, "ws-suppressed", "NET-06")!;
    expect(net06.status).toBe("fail");
    expect(net06.suppression?.reason).toMatch(/partner VPN .*inline at .*suppressed\/main\.tf:7/);
    expect(net06.suppression?.expires).toBe("2099-12-31");
    expect(status(document, "ws-suppressed", "GOV-01")!.suppression?.reason).toMatch(/audit categories/);
    expect(status(document, "ws-suppressed", "DATA-04")!.suppression).toBeUndefined();
    expect(run.stderr).toMatch(/main\.tf:27: lakeward:ignore DATA-04 has no reason/);
    // NET-06 (high) is suppressed; what still fails at high: NET-05? no, medium. NET-07 medium, DATA-04 high.
    expect(run.code).toBe(1);
  });

  it("the config file's suppressions apply to IaC results too", async () => {
    const config = join(dir, "lakeward.yaml");
    await writeFile(
      config,
      "suppressions:\n  - check: DATA-04\n    scope: ws-suppressed\n    reason: double encryption is not offered in this region\n",
    );
    const { document } = await iacJson([join(FIXTURES, "suppressed"), "--config", config]);
    expect(status(document, "ws-suppressed", "DATA-04")!.suppression?.reason).toMatch(/not offered/);
  });
});

describe("Terraform configurations", () => {
  it("a variable without a value is unknown; --var-file resolves it; count follows a variable", async () => {
    const without = await iacJson([join(FIXTURES, "vars")]);
    const unresolved = status(without.document, "ws-vars-premium", "NET-06")!;
    expect(unresolved.status).toBe("unknown");
    expect(unresolved.message).toMatch(/var\.public_access has no default and no value/);
    const withFile = await iacJson([join(FIXTURES, "vars"), "--var-file", join(FIXTURES, "vars", "prod.tfvars")]);
    expect(status(withFile.document, "ws-vars-premium", "NET-06")!.status).toBe("pass");
    const viaVar = await iacJson([join(FIXTURES, "vars"), "--var", "public_access=true"]);
    expect(status(viaVar.document, "ws-vars-premium", "NET-06")!.status).toBe("fail");
    const counted = await iacJson([join(FIXTURES, "vars"), "--var", "public_access=true", "--var", "cmk=true"]);
    expect(counted.document.workspaces).toEqual([]);
  });

  it("reads local modules and follows module outputs into references", async () => {
    const { document } = await iacJson([join(FIXTURES, "module")]);
    expect(document.workspaces.map((w) => [w.workspace.name, w.workspace.resourceId])).toEqual([
      ["ws-from-module", "module.ws.azurerm_databricks_workspace.this"],
    ]);
    expect(status(document, "ws-from-module", "NET-01")!.status).toBe("pass");
    // The root's private endpoint targets module.ws.id; the module's own browser endpoint is manual (Pending).
    const net05 = status(document, "ws-from-module", "NET-05")!;
    expect(net05.status).toBe("pass");
    expect(net05.resources).toEqual(["azurerm_private_endpoint.ui"]);
  });

  it("expands module calls with for_each and count into one instance per key, each with its own inputs", async () => {
    const { stderr, document } = await iacJson([join(FIXTURES, "module-repeated")]);
    expect(document.workspaces.map((w) => [w.workspace.name, w.workspace.resourceId])).toEqual([
      ["ws-dev", 'module.ws["dev"].azurerm_databricks_workspace.this'],
      ["ws-prod", 'module.ws["prod"].azurerm_databricks_workspace.this'],
      ["ws-batch-0", "module.batch[0].azurerm_databricks_workspace.this"],
      ["ws-batch-1", "module.batch[1].azurerm_databricks_workspace.this"],
      ["ws-sandbox", "module.sandbox.azurerm_databricks_workspace.this"],
    ]);
    // each.value reaches the instance: dev has public IPs, prod not.
    expect(status(document, "ws-dev", "NET-01")!.status).toBe("fail");
    expect(status(document, "ws-prod", "NET-01")!.status).toBe("pass");
    // module.ws["prod"].id and element(module.batch[*].id, count.index) link each endpoint to its own workspace.
    const prod = status(document, "ws-prod", "NET-05")!;
    expect([prod.status, prod.resources]).toEqual(["pass", ["azurerm_private_endpoint.ui"]]);
    expect(status(document, "ws-dev", "NET-05")!.status).toBe("fail");
    for (const i of [0, 1]) {
      const batch = status(document, `ws-batch-${i}`, "NET-05")!;
      expect([batch.status, batch.resources]).toEqual(["pass", [`azurerm_private_endpoint.batch[${i}]`]]);
    }
    // count = var.with_sandbox ? 1 : 0 without a value: read once, existence unknown, and said so.
    expect(stderr).toMatch(/the count of module\.sandbox \(var\.with_sandbox \? 1 : 0\) is unknown/);
    const sandbox = status(document, "ws-sandbox", "NET-05")!;
    expect(sandbox.status).toBe("unknown");
    expect(sandbox.message).toMatch(/whether module\.sandbox\.azurerm_private_endpoint\.inside exists is unknown/);
  });

  it("expands repeated modules inside repeated modules, with addresses as Terraform writes them", async () => {
    const { document } = await iacJson([join(FIXTURES, "module-nested")]);
    expect(
      document.workspaces.map((w) => [w.workspace.resourceId, w.results.find((r) => r.checkId === "NET-01")?.status]),
    ).toEqual([
      ['module.region["neu"].module.ws[0].azurerm_databricks_workspace.this', "pass"],
      ['module.region["neu"].module.ws[1].azurerm_databricks_workspace.this', "pass"],
      ['module.region["weu"].module.ws[0].azurerm_databricks_workspace.this', "fail"],
      ['module.region["weu"].module.ws[1].azurerm_databricks_workspace.this', "fail"],
    ]);
  });

  it("a resource declared twice in one directory: Terraform's error at file:line, each judged at its own place", async () => {
    const config = join(dir, "duplicates");
    await mkdir(config, { recursive: true });
    const workspace = (noPublicIp: boolean) => `resource "azurerm_databricks_workspace" "this" {
  name                = "ws-shared-name"
  resource_group_name = "rg"
  location            = "westeurope"
  sku                 = "premium"
  custom_parameters {
    no_public_ip = ${noPublicIp}
  }
}
`;
    await writeFile(join(config, "a.tf"), workspace(true));
    await writeFile(join(config, "b.tf"), `# the same address again\n${workspace(false)}`);
    const { code, stderr, document } = await iacJson([config]);
    expect(code).toBe(2);
    expect(stderr).toMatch(
      /duplicates\/b\.tf:2: duplicate resource "azurerm_databricks_workspace" "this" \(also at .*duplicates\/a\.tf:1\): Terraform refuses this/,
    );
    // Both judged, told apart by where they are declared, each result pointing at its own file.
    const rows = document.workspaces.map((w) => ({
      name: w.workspace.name,
      net01: w.results.find((r) => r.checkId === "NET-01")?.status,
      files: [...new Set(w.results.flatMap((r) => (r.locations ?? []).map((l) => l.file.replace(/.*\//, ""))))],
    }));
    expect(rows).toEqual([
      { name: expect.stringMatching(/^ws-shared-name · .*duplicates\/a\.tf:1$/), net01: "pass", files: ["a.tf"] },
      { name: expect.stringMatching(/^ws-shared-name · .*duplicates\/b\.tf:2$/), net01: "fail", files: ["b.tf"] },
    ]);
  });

  it("merges override files as Terraform does, points at the override's line, and reports an orphan override", async () => {
    const { code, stderr, document } = await iacJson([join(FIXTURES, "override")]);
    // Without the merge: standard tier, public IPs, public network access — all three would fail.
    expect(status(document, "ws-override", "GOV-16")).toMatchObject({
      status: "pass",
      locations: [{ file: expect.stringMatching(/override\/override\.tf$/), line: 7 }],
    });
    expect(status(document, "ws-override", "NET-06")).toMatchObject({
      status: "pass",
      locations: [{ file: expect.stringMatching(/override\/override\.tf$/), line: 8 }],
    });
    // local.no_public_ip is replaced by name; the argument reading it stays in main.tf.
    expect(status(document, "ws-override", "NET-01")!.status).toBe("pass");
    expect(code).toBe(2);
    expect(stderr).toMatch(
      /override\/override\.tf:13: override of resource "azurerm_storage_account" "missing", which no other file of the module declares/,
    );
  });

  it("reads registry modules from .terraform/modules after terraform init, and says to run init before", async () => {
    const config = join(dir, "registry-module");
    await mkdir(join(config, ".terraform", "modules", "ws"), { recursive: true });
    await writeFile(
      join(config, "main.tf"),
      `module "ws" {
  source       = "contoso/databricks-workspace/azurerm"
  version      = "1.2.0"
  name         = "ws-from-registry"
  no_public_ip = true
}
`,
    );
    await copyFile(
      join(FIXTURES, "module", "modules", "ws", "main.tf"),
      join(config, ".terraform", "modules", "ws", "main.tf"),
    );

    const before = await iacJson([config]);
    expect(before.document.workspaces).toEqual([]);
    expect(before.stderr).toMatch(
      /module\.ws: source contoso\/databricks-workspace\/azurerm not read .*terraform init/,
    );

    await writeFile(
      join(config, ".terraform", "modules", "modules.json"),
      JSON.stringify({
        Modules: [
          { Key: "", Source: "", Dir: "." },
          {
            Key: "ws",
            Source: "registry.terraform.io/contoso/databricks-workspace/azurerm",
            Version: "1.2.0",
            Dir: ".terraform/modules/ws",
          },
        ],
      }),
    );
    const after = await iacJson([config]);
    expect(after.document.workspaces.map((w) => w.workspace.name)).toEqual(["ws-from-registry"]);
    const net01 = status(after.document, "ws-from-registry", "NET-01")!;
    expect(net01.status).toBe("pass");
    expect(net01.locations?.some((l) => l.file.endsWith(".terraform/modules/ws/main.tf") && l.line === 10)).toBe(true);
    expect(after.stderr).toMatch(
      /registry\.terraform\.io\/contoso\/databricks-workspace\/azurerm 1\.2\.0 read from .*installed by terraform init/,
    );
  });

  it("applies the no_public_ip default of the azurerm version the configuration pins", async () => {
    const { document } = await iacJson([join(FIXTURES, "versions")]);
    const v3 = status(document, "ws-azurerm3", "NET-01")!;
    expect(v3.status).toBe("fail");
    const npip = (r: typeof v3) => r.evidence.find((e) => e.label === "enableNoPublicIp")?.note;
    expect(npip(v3)).toMatch(/azurerm < 4\.0\.0 default false \(azurerm ~> 3\.90/);
    const locked = status(document, "ws-locked", "NET-01")!;
    expect(locked.status).toBe("pass");
    expect(npip(locked)).toMatch(/azurerm ≥ 4\.0\.0 default true \(azurerm 4\.12\.0 \(\.terraform\.lock\.hcl\)/);
  });

  it("reads a terraform show -json plan: planned values, and references for values known after apply", async () => {
    const { document } = await iacJson([join(FIXTURES, "plan", "plan.json")]);
    expect(document.workspaces.map((w) => w.workspace.name)).toEqual(["ws-planned"]);
    expect(status(document, "ws-planned", "NET-05")!.status).toBe("pass");
    expect(status(document, "ws-planned", "NET-07")!.status).toBe("pass");
    expect(status(document, "ws-planned", "DATA-04")!.status).toBe("pass");
    // databricks_workspace_conf attaches through the provider's host reference.
    const net03 = status(document, "ws-planned", "NET-03")!;
    expect(net03.status).toBe("fail");
    expect(net03.locations?.some((l) => l.file.endsWith("plan.json") && l.line === 43)).toBe(true);
  });
});

describe("ARM templates", () => {
  it("merges a nested deployment that targets the same workspace and reads the parameters file beside it", async () => {
    const { document, stderr } = await iacJson([join(FIXTURES, "arm-nested", "azuredeploy.json")]);
    expect(document.workspaces.map((w) => w.workspace.name)).toEqual(["ws-nested"]);
    expect(stderr).toMatch(/declared 2 times .* merged into one/);
    for (const id of ["NET-01", "NET-05", "NET-06", "NET-07", "GOV-16"])
      expect(status(document, "ws-nested", id)!.status, id).toBe("pass");
    expect(status(document, "ws-nested", "NET-06")!.locations).toEqual([
      { file: expect.stringMatching(/arm-nested\/azuredeploy\.json$/), line: 42 },
    ]);
  });

  it.skipIf(!HAVE_CORPUS)(
    "Checkov's CMK pass fixture passes DATA-02 once the tier is known (--parameters)",
    async () => {
      const params = join(dir, "premium.parameters.json");
      await writeFile(
        params,
        JSON.stringify({
          $schema: "https://schema.management.azure.com/schemas/2019-04-01/deploymentParameters.json#",
          parameters: {
            pricingTier: { value: "premium" },
            keyVaultName: { value: "kv-cmk" },
            keyName: { value: "dbfs" },
          },
        }),
      );
      const file = join(
        CORPUS,
        "arm/checkov__tests__arm__checks__resource__example_DatabricksWorkspaceDBFSRootEncryptedWithCustomerManagedKey__pass.json",
      );
      const { document } = await iacJson([file, "--parameters", params]);
      const data02 = document.workspaces[0]!.results.find((r) => r.checkId === "DATA-02")!;
      expect(data02.status).toBe("pass");
      expect(data02.message).toMatch(/https:\/\/kv-cmk\.vault\.azure\.net\/keys\/dbfs/);
    },
  );
});

describe("help", () => {
  it("teaches what is read, how defaults are judged, suppressions and exit codes", async () => {
    const run = await runCli(["iac", "--help"]);
    expect(run.code).toBe(0);
    for (const phrase of ["terraform show -json", "az bicep build", "lakeward:ignore", "not declared", "Exit codes"])
      expect(run.stdout).toContain(phrase);
  });
});
