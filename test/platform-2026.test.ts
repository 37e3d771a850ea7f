/**
 * Issue 17 over real HTTP against the emulator: the checks for the 2026 platform are unknown (never a pass)
 * when their endpoints answer 403, and a setting added to the settings v2 catalogue is recorded the next
 * scan (INFO-08, by name) and its change shows in drift. Every check issue 17 added (ISSUE_17) passes on
 * `hardened` and fails on the sandbox default, secure typical or secure default persona (INFO-08, an inventory,
 * has no failing state); the combined findings are unknown when a part's endpoint answers 403. (Every check
 * across all personas: test/personas.test.ts.)
 */
import { describe, expect, it } from "vitest";
import { CHECKS } from "../src/checks/registry.ts";
import { exitCodeFor, judge } from "../src/cli/judge.ts";
import { evidenceChanges } from "../src/diff/canonical.ts";
import { CANARIES } from "../src/emulator/canaries.ts";
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
  "IAM-18": ["/api/2.0/accounts/*/servicePrincipals/*/credentials/secrets"],
  "IAM-19": ["/api/2.0/accounts/*/scim/v2/ServicePrincipals"],
  "INFO-09": ["/api/2.0/accounts/*/federationPolicies", "/api/2.0/accounts/*/servicePrincipals/*/federationPolicies"],
  // The policies are read only for OIDC recipients, so the list itself answers 403 too.
  "INFO-10": ["/api/2.1/unity-catalog/recipients", "/api/2.0/data-sharing/recipients/*/federation-policies"],
  "INFO-11": ["/api/2.1/unity-catalog/policies/*/*", "/api/data-classification/v1/catalogs/*/config"],
  "DATA-32": ["/api/2.1/settings/genie_chat_share_policy"],
  "GOV-24": ["/api/2.1/settings/allowed_apps_user_api_scopes"],
};
/** Every check issue 17 added: each is in ENDPOINTS (or a combined finding, proven unknown through its parts). */
const ISSUE_17 = [
  ...["GOV-20", "GOV-21", "GOV-22", "GOV-23", "GOV-24", "IAM-16", "IAM-17", "IAM-18", "IAM-19"],
  ...["DATA-29", "DATA-30", "DATA-31", "DATA-32", "INFO-08", "INFO-09", "INFO-10", "INFO-11"],
  ...["CMB-01", "CMB-02", "CMB-03"],
];
/** INFO-08 records the settings it finds: an inventory with no failing state. */
const NO_FAILING_STATE = new Set(["INFO-08"]);

/** Checks of Unity Catalog objects: not applicable on a workspace without a metastore (typical). */
const NEEDS_METASTORE = new Set(["INFO-10", "INFO-11"]);

describe("the 2026 platform checks over HTTP", () => {
  it("every check issue 17 added is registered and proven unknown on 403 below", () => {
    for (const id of ISSUE_17)
      expect(
        CHECKS.some((c) => c.meta.id === id),
        id,
      ).toBe(true);
    expect(ISSUE_17.filter((id) => !(id in ENDPOINTS) && !id.startsWith("CMB-"))).toEqual([]);
  });

  it("403 on their endpoints: unknown with the reason, on every persona, never a pass", async () => {
    const faults = [...new Set(Object.values(ENDPOINTS).flat())].map((path) => parseFault(`403 ${path}`));
    await withEmulator({ faults, personas: ["hardened", "default", "typical"] }, async (emulator) => {
      const evidence = await collectEmulator(emulator);
      expect(evidence).toHaveLength(3);
      for (const workspace of evidence) {
        const results = evaluateWorkspace(workspace, CHECKS, { profile: "high" }).results;
        for (const id of Object.keys(ENDPOINTS)) {
          if (NEEDS_METASTORE.has(id) && workspace.workspace.name === "adb-typical") continue;
          const result = results.find((r) => r.checkId === id)!;
          expect(result.status, `${workspace.workspace.name} ${id}: ${result.message}`).toBe("unknown");
          expect(result.message, `${workspace.workspace.name} ${id}`).toMatch(/403|forbidden/i);
        }
      }
    });
  }, 120_000);

  it("the combined findings are unknown (never a pass) when a part's endpoint answers 403 and no other part passes", async () => {
    // On the sandbox account's portal-default workspace every part fails (see the next test); refusing one
    // part's endpoint leaves the chain undecided: IAM-07 (tokens), IAM-01 (Graph Conditional Access), IAM-18
    // (the account's service principal secrets).
    const faults = [
      "403 /api/2.0/token-management/tokens",
      "403 /v1.0/identity/conditionalAccess/policies target=arm",
      "403 /api/2.0/accounts/*/servicePrincipals/*/credentials/secrets",
    ].map(parseFault);
    await withEmulator({ environment: "sandbox", personas: ["default"], faults }, async (emulator) => {
      const [workspace] = await collectEmulator(emulator);
      const results = evaluateWorkspace(workspace!, CHECKS, { profile: "high" }).results;
      const status = (id: string) => results.find((r) => r.checkId === id)!;
      for (const [combined, part] of [
        ["CMB-01", "IAM-07"],
        ["CMB-02", "IAM-01"],
        ["CMB-03", "IAM-18"],
      ] as const) {
        expect(status(part).status, `${part}: ${status(part).message}`).toBe("unknown");
        expect(status(part).message, part).toMatch(/403|forbidden/i);
        expect(status(combined).status, `${combined}: ${status(combined).message}`).toBe("unknown");
      }
    });
  }, 120_000);

  it("every issue-17 check passes on hardened (secure account) and fails on another persona; --fail-on critical fires on the combined findings", async () => {
    const exitCodes: Record<string, number> = {};
    const statuses = async (environment: "secure" | "sandbox", persona: "hardened" | "default" | "typical") =>
      withEmulator({ environment, personas: [persona] }, async (emulator) => {
        const [workspace] = await collectEmulator(emulator);
        const document = judge([workspace!], "standard");
        exitCodes[`${environment}/${persona}`] = exitCodeFor(document, "critical");
        // The secrets' listing carries each secret's hash (a canary): read, never kept.
        expect(emulator.requests.some((r) => /\/credentials\/secrets$/.test(r.path))).toBe(true);
        for (const output of [JSON.stringify(workspace), JSON.stringify(document)])
          expect(output).not.toContain(CANARIES.servicePrincipalSecretHash);
        const results = evaluateWorkspace(workspace!, CHECKS, { profile: "high" }).results;
        return Object.fromEntries(results.map((r) => [r.checkId, `${r.status}: ${r.message}`]));
      });
    const hardened = await statuses("secure", "hardened");
    const sandboxDefault = await statuses("sandbox", "default");
    const typical = await statuses("secure", "typical");
    const secureDefault = await statuses("secure", "default");
    // Every issue-17 check passes on hardened and fails on another persona (INFO-08 cannot fail).
    for (const id of ISSUE_17) expect(hardened[id], id).toMatch(/^pass/);
    for (const id of ISSUE_17.filter((id) => !NO_FAILING_STATE.has(id)))
      expect(
        [sandboxDefault[id], typical[id], secureDefault[id]].some((s) => /^fail/.test(s ?? "")),
        `${id}: ${JSON.stringify([sandboxDefault[id], typical[id], secureDefault[id]])}`,
      ).toBe(true);
    const added = ["IAM-18", "IAM-19", "INFO-09", "INFO-10", "INFO-11", "DATA-32", "GOV-24"];
    for (const id of added) expect(hardened[id], id).toMatch(/^pass/);
    // The sandbox account keeps a deactivated principal, a secret without expiry and a subjectless policy;
    // the default workspace shares with an unreviewed OIDC issuer and classifies nothing.
    for (const id of ["IAM-18", "IAM-19", "INFO-09", "INFO-10", "INFO-11"])
      expect(sandboxDefault[id], id).toMatch(/^fail/);
    expect(sandboxDefault["IAM-18"]).toMatch(/sec-etl-1 \(never expires, created 730 days ago\)/);
    expect(sandboxDefault["INFO-09"]).toMatch(/deploy .* for any subject/);
    // The typical workspace never set Genie chat sharing and lets apps ask for data scopes.
    expect(typical["DATA-32"]).toMatch(/^fail: genie_chat_share_policy was never set/);
    expect(typical["GOV-24"]).toMatch(/^fail: .*beyond the approved ones: sql, files\.files/);
    // A portal-default workspace in a fresh account: internet-reachable, no IP list, tokens without expiry,
    // no MFA policy, account open with a secret that never expires — each combination holds.
    for (const id of ["CMB-01", "CMB-02", "CMB-03"]) {
      expect(sandboxDefault[id], id).toMatch(/^fail: all hold together/);
      expect(hardened[id], id).toMatch(/^pass: the combination does not hold/);
    }
    expect(exitCodes).toEqual({
      "secure/hardened": 0,
      "sandbox/default": 1,
      "secure/typical": expect.any(Number),
      "secure/default": expect.any(Number),
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
