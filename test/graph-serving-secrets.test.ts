/**
 * Serving endpoints that serve with a secret (issue 20): the secret references of each endpoint's configuration
 * (GET /api/2.0/serving-endpoints/{name}, serving.ServingEndpointDetailed: served entities' environment_vars and
 * external model keys) become an edge endpoint → secret scope, so whoever may query or manage the endpoint is
 * among the secret scope's readers. Collected from the emulator over HTTP; a value that is not a reference never
 * reaches the evidence; a refused read is a gap, not an empty list.
 */
import { describe, expect, it } from "vitest";
import { CANARIES } from "../src/emulator/canaries.ts";
import { parseFault } from "../src/emulator/faults.ts";
import type { PersonaWorkspace } from "../src/emulator/personas.ts";
import type { WorkspaceEvidence } from "../src/evidence/model.ts";
import { buildWorkspaceGraph } from "../src/graph/build.ts";
import { readersOf } from "../src/graph/queries.ts";
import { byPersona, collectEmulator, withEmulator } from "./support/emulator.ts";

const endpoints = (e: WorkspaceEvidence) => {
  const fact = e.databricks.servingEndpoints;
  if (fact.status !== "known") throw new Error("serving endpoints not known");
  return fact.value;
};
const routes = (path: {
  steps: { kind: string; detail: string; to: { label: string } }[];
  otherRoutes?: { steps: { kind: string; detail: string; to: { label: string } }[] }[];
}) => [path, ...(path.otherRoutes ?? [])].map((r) => r.steps.map((s) => `${s.kind}: ${s.detail} → ${s.to.label}`));

describe("serving endpoints' secret references", () => {
  it("make the endpoint's queriers and managers readers of the secret scope; hardened's endpoint names none", async () => {
    // A custom entity's environment: one reference, one key pasted in plain text (it must never be kept).
    const customize = (ws: PersonaWorkspace) => {
      if (ws.persona !== "default") return;
      ws.permissions["serving-endpoints/7f3e9d2c1b0a4e5f8a6b5c4d3e2f1a01"]!.access_control_list!.push({
        group_name: "contractors-2023",
        all_permissions: [{ permission_level: "CAN_VIEW", inherited: false }],
      });
      ws.servedEntityEnv = {
        "gpt-proxy": { gpt: { HF_TOKEN: "{{ secrets/ml/hf-token }}", PLAIN: CANARIES.tokenValue } },
      };
    };
    await withEmulator({ personas: ["default", "hardened"], customize }, async (emulator) => {
      const evidence = await collectEmulator(emulator, { notebookScan: false });
      const d = byPersona(evidence, "default");
      const proxy = endpoints(d).find((e) => e.name === "gpt-proxy")!;
      expect(proxy.secretReferences).toEqual([
        { scope: "ml", key: "hf-token", where: "environment_vars HF_TOKEN of served entity gpt" },
        { scope: "etl", key: "openai-key", where: "external_model openai_config.openai_api_key of served entity gpt" },
      ]);
      expect(JSON.stringify(evidence)).not.toContain(CANARIES.tokenValue);
      expect(emulator.requests.map((r) => r.path)).toContain("/api/2.0/serving-endpoints/gpt-proxy");

      const etl = readersOf(buildWorkspaceGraph(d), "secretScope", "etl")!;
      // joe is a plain user: his shortest is users' MANAGE on the scope; the endpoint he may query is another route.
      const joe = etl.paths.find((p) => p.principal.label === "joe@contoso.example")!;
      expect(routes(joe)).toContainEqual([
        "member-of: every workspace user is in users → users",
        "granted: CAN_QUERY → serving endpoint gpt-proxy",
        "carries-credential: {{secrets/etl/openai-key}} in external_model openai_config.openai_api_key of served entity gpt → secret scope etl",
      ]);
      // platform-team holds nothing on the scope itself: it reaches it only through the endpoint's secret (run-as,
      // as through a cluster's credential), not through group membership.
      const team = etl.paths.find((p) => p.principal.label === "platform-team")!;
      expect(team.kind).toBe("run-as");
      expect(etl.paths.find((p) => p.principal.label === "users")!.kind).toBe("direct");
      expect(etl.byKind["run-as"]).toBeGreaterThan(0);
      // The ml scope is not one the workspace lists; the endpoint still holds it, and who may query it is named.
      const ml = readersOf(buildWorkspaceGraph(d), "secretScope", "ml")!;
      expect(ml.paths.map((p) => p.principal.label)).toEqual(
        expect.arrayContaining(["users", "platform-team", "ola@contoso.example"]),
      );
      // CAN_VIEW hands nothing over: the leavers' group may only view the endpoint.
      expect(ml.paths.map((p) => p.principal.label)).not.toContain("contractors-2023");

      const h = byPersona(evidence, "hardened");
      expect(endpoints(h).map((e) => e.secretReferences)).toEqual([[]]);
      expect(
        readersOf(buildWorkspaceGraph(h), "secretScope", "datalake")!.paths.every((p) =>
          p.steps.every((s) => s.kind !== "carries-credential"),
        ),
      ).toBe(true);
    });
  }, 120_000);

  it("a refused endpoint read (403) is not read — a gap the secret scope's readers name — never an empty list", async () => {
    await withEmulator(
      { personas: ["default"], faults: [parseFault("403 /api/2.0/serving-endpoints/gpt-proxy")] },
      async (emulator) => {
        const [d] = await collectEmulator(emulator, { notebookScan: false });
        const proxy = endpoints(d!).find((e) => e.name === "gpt-proxy")!;
        expect(proxy.secretReferences).toBeNull();
        expect(proxy.secretReferencesUnread).toMatch(/403/);
        const etl = readersOf(buildWorkspaceGraph(d!), "secretScope", "etl")!;
        expect(etl.gaps.map((g) => g.label)).toContain(
          "serving endpoint gpt-proxy configuration (its secret references)",
        );
        expect(d!.collection.problems.map((p) => p.message).join("\n")).toMatch(
          /1 of 1 serving endpoint configurations could not be read/,
        );
      },
    );
  }, 120_000);
});
