/**
 * Unity Catalog facts read per listed object — recipients' federation policies, ABAC policies and data
 * classification per catalog — cover only the recipients and catalogs the scanning identity can list. Read as a
 * workspace admin that is not a metastore admin, the lists are partial (collect.ts markPartial), and so are the
 * facts derived from them, with the same reason: an inventory of what one identity sees is not the metastore's.
 */
import { describe, expect, it } from "vitest";
import type { EmulatorCaller } from "../../src/emulator/server.ts";
import type { WorkspaceEvidence } from "../../src/evidence/model.ts";
import { byPersona, collectEmulator, withEmulator } from "../support/emulator.ts";

const read = (caller: EmulatorCaller) =>
  withEmulator({ personas: ["hardened"], caller }, async (emulator) =>
    byPersona(await collectEmulator(emulator, { notebookScan: false }), "hardened"),
  );

const derived = (w: WorkspaceEvidence) => {
  const uc = w.databricks.unityCatalog;
  return {
    recipientFederationPolicies: uc.recipientFederationPolicies,
    abacPolicies: uc.abacPolicies,
    dataClassification: uc.dataClassification,
  };
};

describe("Unity Catalog facts derived per listed object", () => {
  it("are partial, with the lists' reason, when the lists are", async () => {
    const workspaceAdmin = await read("workspace-admin");
    const catalogs = workspaceAdmin.databricks.unityCatalog.catalogs;
    expect(catalogs.status).toBe("known");
    const reason = catalogs.status === "known" ? catalogs.partial : undefined;
    expect(reason).toMatch(/not the metastore's owner nor in its owner group/);
    for (const [name, fact] of Object.entries(derived(workspaceAdmin))) {
      expect(fact.status, name).toBe("known");
      if (fact.status === "known") expect(fact.partial, name).toBe(reason);
    }
  }, 120_000);

  it("are whole when the identity sees the whole metastore", async () => {
    const admin = await read("admin");
    for (const [name, fact] of Object.entries(derived(admin))) {
      expect(fact.status, name).toBe("known");
      if (fact.status === "known") expect(fact.partial, name).toBeUndefined();
    }
  }, 120_000);
});
