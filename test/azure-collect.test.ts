/**
 * The Azure side of a live scan (ARM and Microsoft Graph) against the emulator: how the collectors read what
 * ARM and Graph send, and that incompleteness is carried by `partial`, never by a free-text note.
 */
import { describe, expect, it } from "vitest";
import { CHECKS } from "../src/checks/registry.ts";
import { parseFault } from "../src/emulator/faults.ts";
import { EMULATOR_RESOURCE_GROUP, EMULATOR_SUBSCRIPTION } from "../src/emulator/personas.ts";
import { evaluateWorkspace } from "../src/engine/evaluate.ts";
import { workspaceGet2024, workspaceGet2026, workspaceGetParameters2026 } from "./support/arm-shapes.ts";
import { byPersona, collectEmulator, withEmulator } from "./support/emulator.ts";

const resultOf = (evidence: Parameters<typeof evaluateWorkspace>[0], id: string) =>
  evaluateWorkspace(evidence, CHECKS, { profile: "high" }).results.find((r) => r.checkId === id)!;

describe("storage accounts and Key Vaults found through the Databricks side", () => {
  it("a Unity Catalog list that could not be read leaves the storage accounts partial: DATA-05 cannot pass", async () => {
    await withEmulator(
      {
        personas: ["hardened"],
        faults: [parseFault("403 /api/2.1/unity-catalog/external-locations target=hardened")],
      },
      async (emulator) => {
        const hardened = byPersona(await collectEmulator(emulator), "hardened");
        const accounts = hardened.azure.storageAccounts;
        expect(accounts.status).toBe("known");
        if (accounts.status !== "known") return;
        expect(accounts.note).toBeUndefined();
        expect(accounts.partial).toMatch(/external locations are unknown \(forbidden/);
        const data05 = resultOf(hardened, "DATA-05");
        expect(data05.status, data05.message).toBe("unknown");
        expect(data05.message).toMatch(/may be incomplete/);
      },
    );
  });

  it("secret scopes that could not be read leave the Key Vaults partial: DATA-20 cannot pass", async () => {
    await withEmulator(
      { personas: ["hardened"], faults: [parseFault("403 /api/2.0/secrets/scopes/list target=hardened")] },
      async (emulator) => {
        const hardened = byPersona(await collectEmulator(emulator), "hardened");
        const vaults = hardened.azure.keyVaults;
        expect(vaults.status).toBe("known");
        if (vaults.status !== "known") return;
        expect(vaults.note).toBeUndefined();
        expect(vaults.partial).toMatch(/secret scopes are unknown/);
        expect(resultOf(hardened, "DATA-20").status).toBe("unknown");
      },
    );
  });
});

describe("ARM shapes the specs allow", () => {
  it("a lock with level NotSpecified (in the locks 2020-05-01 enum) is read, and protects nothing", async () => {
    // Shape: azure-rest-api-specs specification/resources/resource-manager/Microsoft.Authorization/locks/stable/
    // 2020-05-01/examples/ManagementLocks_ListAtSubscriptionLevel.json, with the level the enum also allows.
    const group = `/subscriptions/${EMULATOR_SUBSCRIPTION}/resourceGroups/${EMULATOR_RESOURCE_GROUP}`;
    const lock = (name: string, level: string) => ({
      properties: { level },
      id: `${group}/providers/Microsoft.Authorization/locks/${name}`,
      type: "Microsoft.Authorization/locks",
      name,
    });
    await withEmulator(
      {
        personas: ["hardened"],
        armBodies: {
          [`/subscriptions/${EMULATOR_SUBSCRIPTION}/providers/Microsoft.Authorization/locks`]: {
            value: [lock("placeholder", "NotSpecified")],
          },
        },
      },
      async (emulator) => {
        const hardened = byPersona(await collectEmulator(emulator), "hardened");
        expect(hardened.azure.locks).toMatchObject({
          status: "known",
          value: [{ name: "placeholder", level: "NotSpecified", scope: group }],
        });
        const data07 = resultOf(hardened, "DATA-07");
        expect(data07.status, data07.message).toBe("fail");
        expect(data07.message).toMatch(/placeholder is NotSpecified, which does not prevent deletion/);
      },
    );
  });
});

describe("the workspace resource as the spec examples send it", () => {
  /** Reads the workspace through ARM by resource id; its Databricks side is the emulator's default persona. */
  async function scanShape(body: Record<string, unknown>) {
    return withEmulator({ personas: ["default"], armBodies: { [String(body.id)]: body } }, async (emulator) => {
      const [evidence] = await collectEmulator(emulator, {
        target: { resourceId: String(body.id), host: emulator.workspaces[0]!.url },
      });
      return evidence!;
    });
  }

  it('2026-01-01 WorkspaceGet ("parameters": null, no publicNetworkAccess …): documented defaults, said so', async () => {
    const evidence = await scanShape(workspaceGet2026());
    const results = Object.fromEntries(
      ["NET-01", "NET-06", "NET-07", "NET-12"].map((id) => [id, resultOf(evidence, id)] as const),
    );
    expect(results["NET-01"]).toMatchObject({ status: "pass", message: /Default value is true/ });
    expect(results["NET-06"]).toMatchObject({ status: "fail", message: /publicNetworkAccess absent/ });
    expect(results["NET-07"]).toMatchObject({ status: "fail", message: /requiredNsgRules absent/ });
    expect(results["NET-12"]).toMatchObject({ status: "fail", message: /defaultStorageFirewall absent/ });
    expect(evidence.azure.vnetInjection).toMatchObject({ status: "known", value: null });
    // The DBFS root's account name is in the absent parameters: the storage list cannot be complete.
    const accounts = evidence.azure.storageAccounts;
    expect(accounts.status === "known" ? accounts.partial : accounts.reason).toMatch(/DBFS root storage account/);
    expect(resultOf(evidence, "NET-09").status).not.toBe("pass");
  });

  it("2024-05-01 WorkspaceGet (no computeMode): Hybrid from the managed resource group, the same defaults", async () => {
    const evidence = await scanShape(workspaceGet2024());
    expect(evidence.azure.computeMode).toMatchObject({ status: "known", value: "Hybrid" });
    expect(resultOf(evidence, "NET-06").status).toBe("fail");
  });

  it("2026-01-01 WorkspaceGetParameters: an approved connection without groupIds leaves NET-07 undetermined", async () => {
    const evidence = await scanShape(workspaceGetParameters2026());
    const net07 = resultOf(evidence, "NET-07");
    expect(net07.status, net07.message).toBe("unknown");
    expect(net07.message).toMatch(/does not say their sub-resource/);
    expect(resultOf(evidence, "NET-06").status).toBe("pass");
  });
});

describe("request paths", () => {
  it("every ARM and Graph request has single slashes (the emulator, like ARM, does not fold //)", async () => {
    await withEmulator({ personas: ["hardened"] }, async (emulator) => {
      const hardened = byPersona(await collectEmulator(emulator), "hardened");
      const arm = emulator.requests.filter((r) => r.server === "arm");
      expect(arm.length).toBeGreaterThan(10);
      expect(arm.filter((r) => r.path.includes("//")).map((r) => r.path)).toEqual([]);
      expect(hardened.azure.diagnosticSettings.status).toBe("known");
      expect(hardened.azure.diagnosticCategories.status).toBe("known");
      expect(resultOf(hardened, "GOV-01").status).toBe("pass");
    });
  });
});

describe("discovery", () => {
  it("a workspace found in a list is read again with a GET: the list item's missing parameters do not judge it", async () => {
    await withEmulator({ personas: ["hardened"] }, async (emulator) => {
      const hardened = emulator.workspaces[0]!;
      // The list item in the shape of 2026-01-01 WorkspacesListBySubscription.json: `"parameters": null`, no
      // publicNetworkAccess, requiredNsgRules nor encryption — what the GET of the same workspace has.
      const item = workspaceGet2026(hardened.resourceId, hardened.name) as { properties: Record<string, unknown> };
      item.properties.workspaceUrl = new URL(hardened.url).host;
      emulator.setArmBody(`/subscriptions/${EMULATOR_SUBSCRIPTION}/providers/Microsoft.Databricks/workspaces`, {
        value: [{ ...item, tags: null }],
      });
      const evidence = byPersona(await collectEmulator(emulator), "hardened");
      expect(emulator.requests.some((r) => r.server === "arm" && r.path === hardened.resourceId)).toBe(true);
      for (const id of ["NET-06", "NET-07", "DATA-01", "DATA-03"]) {
        const result = resultOf(evidence, id);
        expect(result.status, `${id}: ${result.message}`).toBe("pass");
      }
    });
  });

  it("a workspace whose GET fails is not judged on its list item: its Azure facts are unknown with the reason", async () => {
    await withEmulator(
      { personas: ["hardened"], faults: [parseFault("403 /subscriptions/*/workspaces/adb-hardened target=arm")] },
      async (emulator) => {
        const evidence = byPersona(await collectEmulator(emulator), "hardened");
        expect(evidence.azure.publicNetworkAccess).toMatchObject({
          status: "unknown",
          reason: expect.stringMatching(/could not be read \(forbidden/),
        });
        expect(evidence.azure.storageAccounts.status).toBe("unknown");
        expect(resultOf(evidence, "NET-06").status).toBe("unknown");
      },
    );
  });
});

describe("diagnostic settings and their categories' groups", () => {
  it("a setting with the audit group leaves out the categories the categories API does not put in audit", async () => {
    await withEmulator({ personas: ["hardened"] }, async (emulator) => {
      const hardened = emulator.workspaces[0]!;
      // Shape: azure-rest-api-specs specification/monitor/resource-manager/Microsoft.Insights/preview/
      // 2021-05-01-preview/examples/getDiagnosticSetting.json (a categoryGroup log entry).
      emulator.setArmBody(`${hardened.resourceId}/providers/Microsoft.Insights/diagnosticSettings`, {
        value: [
          {
            id: `${hardened.resourceId}/providers/microsoft.insights/diagnosticSettings/audit-only`,
            type: "Microsoft.Insights/diagnosticSettings",
            name: "audit-only",
            properties: {
              workspaceId: `/subscriptions/${EMULATOR_SUBSCRIPTION}/resourceGroups/${EMULATOR_RESOURCE_GROUP}/providers/Microsoft.OperationalInsights/workspaces/law`,
              logs: [{ categoryGroup: "audit", enabled: true, retentionPolicy: { enabled: false, days: 0 } }],
              metrics: [],
            },
          },
        ],
      });
      const evidence = byPersona(await collectEmulator(emulator), "hardened");
      const categories = evidence.azure.diagnosticCategories;
      expect(categories.status === "known" && categories.value.find((c) => c.name === "clamAVScan")).toEqual({
        name: "clamAVScan",
        categoryGroups: ["allLogs"],
      });
      const gov01 = resultOf(evidence, "GOV-01");
      expect(gov01.status, gov01.message).toBe("fail");
      expect(gov01.message).toMatch(
        /2 of \d+ log categories are not delivered: clamAVScan \(in allLogs\), capsule8Dataplane/,
      );
    });
  });
});

describe("Conditional Access as Graph v1.0 sends it", () => {
  /**
   * A policy in the shape of Graph v1.0's List policies response (microsoft-graph-docs-contrib
   * api-reference/v1.0/api/conditionalaccessroot-list-policies.md: `null` for unset conditions, every list present),
   * targeting Azure Databricks for all users.
   */
  const graphPolicy = (changes: {
    locations?: unknown;
    authenticationStrength?: unknown;
    builtInControls?: string[];
  }) => ({
    id: "7359d0e0-d8a9-4afa-8a93-e23e099d7be8",
    displayName: "MFA for Azure Databricks",
    createdDateTime: "2025-11-03T10:12:00Z",
    modifiedDateTime: null,
    state: "enabled",
    sessionControls: null,
    conditions: {
      userRiskLevels: [],
      signInRiskLevels: [],
      clientAppTypes: ["all"],
      servicePrincipalRiskLevels: [],
      platforms: null,
      locations: changes.locations ?? null,
      devices: null,
      clientApplications: null,
      applications: {
        includeApplications: ["2ff814a6-3304-4ab8-85cb-cd0e6f879c1d"],
        excludeApplications: [],
        includeUserActions: [],
        includeAuthenticationContextClassReferences: [],
        applicationFilter: null,
      },
      users: {
        includeUsers: ["All"],
        excludeUsers: [],
        includeGroups: [],
        excludeGroups: [],
        includeRoles: [],
        excludeRoles: [],
        includeGuestsOrExternalUsers: null,
        excludeGuestsOrExternalUsers: null,
      },
    },
    grantControls: {
      operator: "OR",
      builtInControls: changes.builtInControls ?? ["mfa"],
      customAuthenticationFactors: [],
      termsOfUse: [],
      "authenticationStrength@odata.context":
        "https://graph.microsoft.com/v1.0/$metadata#identity/conditionalAccess/policies('7359d0e0-d8a9-4afa-8a93-e23e099d7be8')/grantControls/authenticationStrength/$entity",
      authenticationStrength: changes.authenticationStrength ?? null,
    },
  });

  async function iam01With(policy: Record<string, unknown>) {
    return withEmulator({ personas: ["hardened"] }, async (emulator) => {
      emulator.setArmBody("/v1.0/identity/conditionalAccess/policies", {
        "@odata.context": "https://graph.microsoft.com/v1.0/$metadata#identity/conditionalAccess/policies",
        value: [policy],
      });
      return resultOf(byPersona(await collectEmulator(emulator), "hardened"), "IAM-01");
    });
  }

  it("a policy that excludes trusted locations does not make MFA unavoidable", async () => {
    const result = await iam01With(
      graphPolicy({ locations: { includeLocations: ["All"], excludeLocations: ["AllTrusted"] } }),
    );
    expect(result.status, result.message).toBe("fail");
    expect(result.message).toMatch(/applies only under locations \(include All; exclude AllTrusted\)/);
  });

  it("an authentication strength whose requirementsSatisfied is none is not MFA", async () => {
    const result = await iam01With(
      graphPolicy({
        builtInControls: [],
        authenticationStrength: {
          id: "d3a9e9a4-1c7f-4a3e-9d1e-0a7b5c2e8f10",
          createdDateTime: "2025-11-03T10:12:00Z",
          modifiedDateTime: "2025-11-03T10:12:00Z",
          displayName: "Password and a temporary pass",
          description: "custom",
          policyType: "custom",
          requirementsSatisfied: "none",
          allowedCombinations: ["password", "temporaryAccessPassOneTime"],
        },
      }),
    );
    expect(result.status, result.message).toBe("fail");
    expect(result.message).toMatch(/does not satisfy MFA \(requirementsSatisfied none\)/);
  });
});
