/**
 * The `strict` persona's ARM side: every Microsoft.Databricks workspace example of the Azure REST API specs
 * (2024-05-01 and 2026-01-01, in ../shared/corpus/api-response/, see its SOURCES.md) is served verbatim and
 * scanned. What the example lacks must never be what a check passes on: each workspace fact resting on a
 * property the example does not have says so (its note names the absent property and the default or meaning
 * applied), and every passing result that uses such a fact carries that note in its evidence.
 * Skipped, with a message, when ../shared is not beside the repository (it is in CI).
 */
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { CHECKS } from "../src/checks/registry.ts";
import { loadStrictCorpus, type StrictCorpus } from "../src/emulator/strict.ts";
import { evaluateWorkspace } from "../src/engine/evaluate.ts";
import type { AzureWorkspace } from "../src/evidence/model.ts";
import { collectEmulator, withEmulator } from "./support/emulator.ts";

const CORPUS = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "shared", "corpus", "api-response");
const present = existsSync(CORPUS);
if (!present) console.warn(`strict persona (ARM): ${CORPUS} is absent; its contract tests are skipped`);

/** The example properties each workspace fact is read from (any one present is enough). */
const FIELDS: Partial<Record<keyof AzureWorkspace, string[]>> = {
  sku: ["sku.name"],
  computeMode: ["properties.computeMode"],
  noPublicIp: ["properties.parameters.enableNoPublicIp"],
  vnetInjection: ["properties.parameters.customVirtualNetworkId"],
  publicNetworkAccess: ["properties.publicNetworkAccess"],
  requiredNsgRules: ["properties.requiredNsgRules"],
  privateEndpointConnections: ["properties.privateEndpointConnections"],
  managedServicesCmk: ["properties.encryption.entities.managedServices"],
  dbfsCmk: ["properties.parameters.prepareEncryption", "properties.parameters.encryption"],
  managedDiskCmk: ["properties.encryption.entities.managedDisk"],
  infrastructureEncryption: ["properties.parameters.requireInfrastructureEncryption"],
  tags: ["tags"],
  enhancedSecurity: ["properties.enhancedSecurityCompliance"],
  defaultStorageFirewall: ["properties.defaultStorageFirewall"],
};

/** The labels checks record these facts under. */
const LABELS: Record<string, keyof AzureWorkspace> = {
  sku: "sku",
  computeMode: "computeMode",
  enableNoPublicIp: "noPublicIp",
  customVirtualNetworkId: "vnetInjection",
  publicNetworkAccess: "publicNetworkAccess",
  requiredNsgRules: "requiredNsgRules",
  privateEndpointConnections: "privateEndpointConnections",
  "encryption.entities.managedServices": "managedServicesCmk",
  "managed services CMK": "managedServicesCmk",
  "parameters.prepareEncryption / parameters.encryption": "dbfsCmk",
  "DBFS root CMK": "dbfsCmk",
  "encryption.entities.managedDisk": "managedDiskCmk",
  "managed disk CMK": "managedDiskCmk",
  "parameters.requireInfrastructureEncryption": "infrastructureEncryption",
  "workspace tags": "tags",
  "enhancedSecurityCompliance (ARM)": "enhancedSecurity",
  defaultStorageFirewall: "defaultStorageFirewall",
};

function has(body: unknown, path: string): boolean {
  let at: unknown = body;
  for (const part of path.split(".")) {
    if (at === null || typeof at !== "object" || !(part in at)) return false;
    at = (at as Record<string, unknown>)[part];
  }
  return at !== null && at !== undefined;
}

describe.skipIf(!present)("the strict persona: ARM workspace examples served verbatim", async () => {
  const corpus: StrictCorpus = present ? await loadStrictCorpus(CORPUS) : { dir: CORPUS, arm: [] };
  const gets = corpus.arm.filter((example) =>
    /Workspace(Get|GetParameters|ManagedDiskEncryptionGet)\.json$/.test(example.file),
  );
  const list = corpus.arm.find((example) => /WorkspacesListBySubscription\.json$/.test(example.file));

  it("has the spec examples of both API versions", () => {
    expect(new Set(gets.map((example) => example.apiVersion))).toEqual(new Set(["2024-05-01", "2026-01-01"]));
    expect(list).toBeDefined();
  });

  it.each(gets.map((example) => [example.file.split("__examples__").pop()!, example] as const))(
    "%s: no check passes on a property the example lacks",
    async (_name, example) => {
      const body = example.body as { id: string };
      await withEmulator(
        { personas: ["default"], strict: { corpus, armExamples: [example.file, ...(list ? [list.file] : [])] } },
        async (emulator) => {
          const [evidence] = await collectEmulator(emulator, {
            target: { resourceId: body.id, host: emulator.workspaces[0]!.url },
            notebookScan: false,
          });
          const azure = evidence!.azure;
          // The workspace itself was read (the rest of the fixture's subscription is not in the corpus).
          expect(azure.sku.status, JSON.stringify(azure.sku)).toBe("known");
          const source = `ARM ${body.id} (api 2026-01-01)`;
          for (const [key, fields] of Object.entries(FIELDS) as [keyof AzureWorkspace, string[]][]) {
            const fact = azure[key];
            if (fact.status !== "known" || fact.source !== source) continue;
            if (fields.some((field) => has(example.body, field))) continue;
            expect(fact.note, `${key} is known without ${fields.join(" or ")} in ${example.file}`).toMatch(
              /absent|no customVirtualNetworkId|inferred/,
            );
          }
          const judged = evaluateWorkspace(evidence!, CHECKS, { profile: "high" });
          for (const result of judged.results.filter((r) => r.status === "pass")) {
            for (const use of result.evidence.filter((u) => u.source === source)) {
              const key = LABELS[use.label];
              expect(key, `${result.checkId} uses "${use.label}", unknown to this test: map it`).toBeDefined();
              if (FIELDS[key!]!.some((field) => has(example.body, field))) continue;
              expect(use.note, `${result.checkId} passes on ${use.label}, which ${example.file} lacks`).toMatch(
                /absent|no customVirtualNetworkId|inferred/,
              );
            }
          }
        },
      );
    },
  );
});
