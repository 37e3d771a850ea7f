/**
 * Issue 15 item 1: an object on the evidence path built by one template expression. lakeward used to read
 * `"properties": "[shallowMerge(…)]"` as "nothing declared" and apply the API version's defaults, so NPIP
 * passed on a template whose parameter turns it off. Now the functions are evaluated (shallowMerge, union,
 * createObject, coalesce, if, items, the lambda functions), and where an object cannot be evaluated every
 * property beneath it is unknown — the last test walks every mapped property and every object above it.
 */
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AzureWorkspace } from "../../src/evidence/model.ts";
import { judgeIac, scanIac } from "../../src/iac/scan.ts";

let dir: string;
let counter = 0;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "lakeward-iac-arm-objects-"));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

type Json = Record<string, unknown>;

const template = (workspace: Json, extra: Json = {}): Json => ({
  $schema: "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",
  contentVersion: "1.0.0.0",
  parameters: {
    enableNoPublicIp: { type: "bool", defaultValue: false },
    secure: { type: "bool", defaultValue: true },
    extra: { type: "object" },
  },
  variables: { base: { managedResourceGroupId: "[concat(subscription().id, '/resourceGroups/mrg')]" } },
  resources: [
    {
      type: "Microsoft.Databricks/workspaces",
      apiVersion: "2024-05-01",
      name: "ws-expr",
      location: "westeurope",
      sku: { name: "premium" },
      ...workspace,
    },
  ],
  ...extra,
});

async function judge(json: Json) {
  const file = join(dir, `t${counter++}.json`);
  await writeFile(file, JSON.stringify(json, null, 2));
  const scan = await scanIac([file]);
  const { document } = judgeIac(scan, "high", new Date("2026-11-01T00:00:00Z"));
  const evidence = scan.configurations[0]?.evidence[0];
  const status = (check: string) => document.workspaces[0]?.results.find((r) => r.checkId === check)?.status;
  return { evidence, status, errors: scan.errors };
}

describe("ARM objects built by one expression (issue 15 item 1)", () => {
  it.each([
    [
      "shallowMerge (Bicep's spread)",
      "[shallowMerge(createArray(variables('base'), createObject('parameters', createObject('enableNoPublicIp', createObject('value', parameters('enableNoPublicIp'))))))]",
    ],
    [
      "union",
      "[union(variables('base'), createObject('parameters', createObject('enableNoPublicIp', createObject('value', parameters('enableNoPublicIp')))))]",
    ],
    [
      "if",
      "[if(parameters('secure'), union(variables('base'), createObject('parameters', createObject('enableNoPublicIp', createObject('value', false())))), variables('base'))]",
    ],
    [
      "coalesce",
      "[coalesce(null(), createObject('parameters', createObject('enableNoPublicIp', createObject('value', parameters('enableNoPublicIp')))))]",
    ],
    [
      "toObject over items",
      "[toObject(items(createObject('parameters', createObject('enableNoPublicIp', createObject('value', parameters('enableNoPublicIp'))))), lambda('i', lambdaVariables('i').key), lambda('i', lambdaVariables('i').value))]",
    ],
  ])("%s: the parameter that turns No Public IP off makes NET-01 fail", async (_name, properties) => {
    const { status, evidence } = await judge(template({ properties }));
    expect(evidence?.azure.noPublicIp).toMatchObject({ status: "known", value: false });
    expect(status("NET-01")).toBe("fail");
  });

  it("a property under an object that cannot be evaluated is unknown, never the default", async () => {
    // reference() is known only at deployment: the whole object is unknown.
    const { status, evidence } = await judge(
      template({ properties: "[union(variables('base'), reference('settings').properties)]" }),
    );
    expect(evidence?.azure.noPublicIp.status).toBe("unknown");
    expect(evidence?.azure.noPublicIp).toMatchObject({ reason: expect.stringMatching(/reference\(\)/) });
    for (const check of ["NET-01", "NET-02", "NET-06", "NET-07", "DATA-01", "DATA-02", "DATA-03", "DATA-04"])
      expect(status(check), check).toBe("unknown");
  });

  it("the same under a parameter object without a value", async () => {
    const { status } = await judge(template({ properties: "[parameters('extra')]" }));
    expect(status("NET-01")).toBe("unknown");
    expect(status("NET-06")).toBe("unknown");
  });

  /** Every property the ARM mapper reads, with the evidence it becomes. */
  const MAPPED: [string[], keyof AzureWorkspace][] = [
    [["sku", "name"], "sku"],
    [["tags"], "tags"],
    [["properties", "computeMode"], "computeMode"],
    [["properties", "parameters", "enableNoPublicIp", "value"], "noPublicIp"],
    [["properties", "parameters", "customVirtualNetworkId", "value"], "vnetInjection"],
    [["properties", "parameters", "customVirtualNetworkId", "value"], "subnets"],
    [["properties", "publicNetworkAccess"], "publicNetworkAccess"],
    [["properties", "requiredNsgRules"], "requiredNsgRules"],
    [["properties", "privateEndpointConnections"], "privateEndpointConnections"],
    [["properties", "encryption", "entities", "managedServices", "keyVaultProperties"], "managedServicesCmk"],
    [["properties", "encryption", "entities", "managedDisk", "keyVaultProperties"], "managedDiskCmk"],
    [["properties", "parameters", "prepareEncryption", "value"], "dbfsCmk"],
    [["properties", "parameters", "encryption", "value", "keySource"], "dbfsCmk"],
    [["properties", "parameters", "requireInfrastructureEncryption", "value"], "infrastructureEncryption"],
    [["properties", "enhancedSecurityCompliance", "enhancedSecurityMonitoring", "value"], "enhancedSecurity"],
    [["properties", "defaultStorageFirewall"], "defaultStorageFirewall"],
  ];
  const cases = MAPPED.flatMap(([path, fact]) =>
    path.map((_, depth) => [path.slice(0, depth + 1).join("."), fact] as const),
  );

  it.each(cases)("no default beneath an unevaluated %s (%s)", async (prefix, fact) => {
    // The object at `prefix` is one expression that cannot be evaluated; nothing else is declared.
    const workspace: Json = { properties: { managedResourceGroupId: "/subscriptions/x/resourceGroups/mrg" } };
    const keys = prefix.split(".");
    let at: Json = workspace;
    for (const key of keys.slice(0, -1)) {
      at[key] = (at[key] as Json | undefined) ?? {};
      at = at[key] as Json;
    }
    at[keys[keys.length - 1]!] = "[reference('elsewhere').value]";
    const { evidence } = await judge(template(workspace));
    const value = evidence?.azure[fact] as { status: string; note?: string };
    expect(value.status, `${fact} with ${prefix} unknown (note: ${value.note ?? "none"})`).toBe("unknown");
  });
});
