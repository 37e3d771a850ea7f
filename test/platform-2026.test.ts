/**
 * Issue 17 over real HTTP against the emulator: the checks for the 2026 platform are unknown (never a pass)
 * when their endpoints answer 403, and a setting added to the settings v2 catalogue is recorded the next
 * scan (INFO-08, by name) and its change shows in drift. (Pass on `hardened` and fail elsewhere: test/personas.test.ts.)
 */
import { describe, expect, it } from "vitest";
import { CHECKS } from "../src/checks/registry.ts";
import { evidenceChanges } from "../src/diff/canonical.ts";
import { parseFault } from "../src/emulator/faults.ts";
import { evaluateWorkspace } from "../src/engine/evaluate.ts";
import { byPersona, collectEmulator, withEmulator } from "./support/emulator.ts";

/** Each new check and the endpoints its evidence comes from. */
const ENDPOINTS: Record<string, string[]> = {
  "GOV-20": ["/api/2.0/accounts/*/settings/types/dcp_acct_enable/names/default"],
  "GOV-21": ["/api/2.0/accounts/*/settings/types/shield_*_enablement_ac/names/default"],
  "IAM-16": ["/api/2.0/token-management/tokens"],
  "IAM-17": ["/api/2.0/token-management/tokens"],
  "DATA-29": ["/api/2.0/serving-endpoints"],
  "GOV-22": ["/api/2.0/apps"],
  "DATA-30": ["/api/2.0/settings/types/aibi_dash_embed_*/names/default"],
  "DATA-31": ["/api/2.0/secrets/scopes/list"],
  "GOV-23": ["/api/2.1/clusters/list"],
  "INFO-08": ["/api/2.1/settings-metadata", "/api/2.1/accounts/*/settings-metadata"],
};

describe("the 2026 platform checks over HTTP", () => {
  it("403 on their endpoints: unknown with the reason, on every persona, never a pass", async () => {
    const faults = [...new Set(Object.values(ENDPOINTS).flat())].map((path) => parseFault(`403 ${path}`));
    await withEmulator({ faults, personas: ["hardened", "default", "typical"] }, async (emulator) => {
      const evidence = await collectEmulator(emulator);
      expect(evidence).toHaveLength(3);
      for (const workspace of evidence) {
        const results = evaluateWorkspace(workspace, CHECKS, { profile: "high" }).results;
        for (const id of Object.keys(ENDPOINTS)) {
          const result = results.find((r) => r.checkId === id)!;
          expect(result.status, `${workspace.workspace.name} ${id}: ${result.message}`).toBe("unknown");
          expect(result.message, `${workspace.workspace.name} ${id}`).toMatch(/403|forbidden/i);
        }
      }
    });
  }, 120_000);

  it("a setting added to settings-metadata is reported as not judged, and its change shows in drift", async () => {
    await withEmulator({ personas: ["hardened"] }, async (emulator) => {
      const post = (value: boolean) =>
        fetch(`${emulator.armUrl}/lakeward-emulator/workspaces/hardened/settings-v2`, {
          method: "POST",
          headers: { authorization: `Bearer ${emulator.token}`, "content-type": "application/json" },
          body: JSON.stringify({ name: "shiny_new_control", field: "boolean_val", value: { value } }),
        });
      const before = byPersona(await collectEmulator(emulator), "hardened");
      const info = (w: typeof before) =>
        evaluateWorkspace(w, CHECKS, { profile: "high" }).results.find((r) => r.checkId === "INFO-08")!;
      expect(info(before).status).toBe("pass");

      expect((await post(false)).status).toBe(200);
      const added = byPersona(await collectEmulator(emulator), "hardened");
      const reported = info(added);
      // An inventory: on record by name with its value, never a failure (a real catalogue lists dozens).
      expect(reported.status).toBe("pass");
      expect(reported.resources).toContain("workspace setting shiny_new_control");
      expect(reported.message).toContain('workspace setting shiny_new_control (effective value {"value":false})');
      const appeared = evidenceChanges(before, added).filter((c) => c.path.includes("shiny_new_control"));
      expect(appeared.map((c) => c.path)).toEqual([expect.stringMatching(/^databricks\.discoveredSettings\[/)]);
      expect(appeared[0]!.before).toBeNull();

      expect((await post(true)).status).toBe(200);
      const changed = byPersona(await collectEmulator(emulator), "hardened");
      const drift = evidenceChanges(added, changed).filter((c) => c.path.includes("shiny_new_control"));
      expect(drift).toEqual([
        expect.objectContaining({ before: expect.stringContaining("false"), after: expect.stringContaining("true") }),
      ]);
      // The same setting, the same resource: its value changed, no finding was fixed and another opened.
      expect(info(changed).resources).toEqual(reported.resources);
    });
  }, 120_000);
});
