/**
 * The fault suite for the collectors added since the 2023 guide (issue 17 and the permission graph): service
 * principal OAuth secrets and federation policies (account API), Delta Sharing recipients' federation policies,
 * ABAC policies and data classification, settings v2 (settings-metadata and each setting, Genie's and the apps'
 * allowed scopes among them), Databricks Apps, serving endpoints with their AI Gateway, AI/BI dashboard embedding,
 * and the ACL and grant fan-outs. The hardened workspace and its secure account are read through loopback fault
 * proxies (test/support/fault-proxy.ts), one in front of the workspace and one in front of the account API; each
 * scenario plays one broken answer on one endpoint — a body that does not fit the SDK model, a 404 that is a
 * proxy's HTML page rather than the API's "does not exist", a pager that hands back the same token — and asserts
 *   - the fact the endpoint feeds is unknown with a reason that says what happened (never an empty list, never
 *     "not set" or "not enabled"),
 *   - the checks that rest on it are unknown, and no check passes that does not pass on the clean read,
 *   - every request was a GET and none left for another origin.
 * (403 on each of these endpoints: test/platform-2026.test.ts.)
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CHECKS } from "../../src/checks/registry.ts";
import type { RunningEmulator } from "../../src/emulator/server.ts";
import { startEmulator } from "../../src/emulator/server.ts";
import { evaluateWorkspace } from "../../src/engine/evaluate.ts";
import type { Fact } from "../../src/evidence/fact.ts";
import type { WorkspaceEvidence } from "../../src/evidence/model.ts";
import { StaticTokenCredential } from "../../src/sources/azure/credential.ts";
import { collect } from "../../src/sources/collect.ts";
import { FAST_RETRY } from "../support/emulator.ts";
import { type FaultProxy, type FaultRule, startFaultProxy } from "../support/fault-proxy.ts";

type Persona = "hardened" | "default";

interface Scenario {
  name: string;
  /** The workspace read (default hardened: everything these checks judge passes there). */
  persona?: Persona;
  /** Rules of the proxy in front of the workspace, and of the one in front of the account API. */
  workspace?: FaultRule[];
  account?: FaultRule[];
  /** Facts the fault hits: each must be unknown with a reason matching. */
  unknown?: { fact: (w: WorkspaceEvidence) => Fact<unknown>; reason: RegExp }[];
  /** Checks that must come out unknown (each is judged, pass or fail, on the clean read). */
  checks: string[];
  /** Anything else the scenario asserts. */
  also?: (w: WorkspaceEvidence) => void;
}

/** A 404 from something in front of the API (a proxy, a gateway): not the API saying "does not exist". */
const html404 = {
  kind: "status" as const,
  status: 404,
  contentType: "text/html",
  body: "<html><body><h1>404 Not Found</h1>nginx</body></html>",
};
const body = (text: string) => ({ kind: "body" as const, body: text, contentType: "application/json" });
/** A pager that never ends: every page announces the same next page. */
const loop = { kind: "rewrite" as const, json: (page: unknown) => ({ ...(page as object), next_page_token: "again" }) };

const db = (w: WorkspaceEvidence) => w.databricks;
const uc = (w: WorkspaceEvidence) => w.databricks.unityCatalog;
const MISFIT = /does not fit the API's shape/;
/** Why one discovered workspace setting's effective value is unknown ("" when it is known). */
function discovered(w: WorkspaceEvidence, name: string): string {
  const catalogue = db(w).discoveredSettings;
  expect(catalogue.status).toBe("known");
  const effective = catalogue.status === "known" ? catalogue.value.find((s) => s.name === name)?.effective : undefined;
  expect(effective?.status, `${name}'s effective value`).toBe("unknown");
  return effective?.status === "unknown" ? effective.reason : "";
}
const PROXY_404 = /404 without the API's own error body/;
const LOOP = /paging loop/;
const ACCOUNT = "/api/2.0/accounts/*";

const SCENARIOS: Scenario[] = [
  {
    name: "service principal secrets: a misfit body",
    account: [{ path: `${ACCOUNT}/servicePrincipals/*/credentials/secrets`, fault: body('{"secrets":[{"id":7}]}') }],
    unknown: [{ fact: (w) => w.account.servicePrincipalSecrets, reason: MISFIT }],
    checks: ["IAM-18"],
  },
  {
    name: "service principal secrets: a proxy's 404 page",
    account: [{ path: `${ACCOUNT}/servicePrincipals/*/credentials/secrets`, fault: html404 }],
    unknown: [{ fact: (w) => w.account.servicePrincipalSecrets, reason: PROXY_404 }],
    checks: ["IAM-18"],
  },
  {
    name: "service principal secrets: a paging loop",
    account: [{ path: `${ACCOUNT}/servicePrincipals/*/credentials/secrets`, fault: loop }],
    unknown: [{ fact: (w) => w.account.servicePrincipalSecrets, reason: LOOP }],
    checks: ["IAM-18"],
  },
  {
    name: "account service principals: a misfit SCIM page",
    account: [{ path: `${ACCOUNT}/scim/v2/ServicePrincipals`, fault: body('{"Resources":[{"active":"yes"}]}') }],
    unknown: [
      { fact: (w) => w.account.servicePrincipals, reason: MISFIT },
      { fact: (w) => w.account.servicePrincipalSecrets, reason: /could not be listed/ },
    ],
    checks: ["IAM-18", "IAM-19"],
  },
  {
    name: "account federation policies: a misfit body",
    account: [{ path: `${ACCOUNT}/federationPolicies`, fault: body('{"policies":[{"oidc_policy":{"issuer":1}}]}') }],
    unknown: [{ fact: (w) => w.account.federationPolicies, reason: MISFIT }],
    checks: ["INFO-09"],
  },
  {
    name: "service principal federation policies: a paging loop",
    account: [{ path: `${ACCOUNT}/servicePrincipals/*/federationPolicies`, fault: loop }],
    unknown: [{ fact: (w) => w.account.federationPolicies, reason: LOOP }],
    checks: ["INFO-09"],
  },
  {
    // The hardened workspace shares with no OIDC-federated recipient; the default one does (fabrikam).
    name: "Delta Sharing recipients' federation policies: a misfit body",
    persona: "default",
    workspace: [
      {
        path: "/api/2.0/data-sharing/recipients/*/federation-policies",
        fault: body('{"policies":[{"oidc_policy":{"issuer":"https://x"}}]}'),
      },
    ],
    unknown: [{ fact: (w) => uc(w).recipientFederationPolicies, reason: MISFIT }],
    checks: ["INFO-10"],
  },
  {
    name: "ABAC policies: a misfit body",
    workspace: [{ path: "/api/2.1/unity-catalog/policies/*/*", fault: body('{"policies":[{"name":"p"}]}') }],
    unknown: [{ fact: (w) => uc(w).abacPolicies, reason: MISFIT }],
    checks: ["INFO-11"],
  },
  {
    // "Not enabled" is the API's own 404 RESOURCE_DOES_NOT_EXIST; a proxy's page must not read as it.
    name: "data classification: a proxy's 404 page is not 'classification off'",
    workspace: [{ path: "/api/data-classification/v1/catalogs/*/config", fault: html404 }],
    unknown: [{ fact: (w) => uc(w).dataClassification, reason: PROXY_404 }],
    checks: ["INFO-11"],
  },
  {
    name: "settings v2 catalogue: a paging loop",
    workspace: [{ path: "/api/2.1/settings-metadata", fault: loop }],
    unknown: [{ fact: (w) => db(w).discoveredSettings, reason: LOOP }],
    checks: ["INFO-08", "DATA-32", "GOV-24"],
  },
  {
    name: "settings v2: Genie's setting answered by a proxy's 404 page",
    workspace: [{ path: "/api/2.1/settings/genie_chat_share_policy", fault: html404 }],
    checks: ["DATA-32"],
    also: (w) => {
      expect(discovered(w, "genie_chat_share_policy")).toMatch(PROXY_404);
      expect(w.collection.problems.map((p) => p.message)).toContainEqual(
        expect.stringMatching(/1 of \d+ settings could not be read/),
      );
    },
  },
  ...[
    {
      // refused by the transport before anything recursive sees it (it overflowed structuredClone's stack)
      what: "nested 5,000 deep",
      value: `${'{"a":'.repeat(5_000)}1${"}".repeat(5_000)}`,
      reason: /HTTP 200: the response nests deeper than 128 levels; no Databricks API answers that way/,
    },
    {
      what: "nested 40 deep",
      value: `${'{"a":'.repeat(40)}1${"}".repeat(40)}`,
      reason: /the effective value is nested deeper than 16 levels; not kept/,
    },
    {
      what: "of 1 MiB",
      value: JSON.stringify({ disable_share_with_account_users: true, padding: "x".repeat(1 << 20) }),
      reason: /characters of JSON, more than the 16384 kept/,
    },
  ].map(
    ({ what, value, reason }): Scenario => ({
      name: `settings v2: Genie's setting with a value ${what}`,
      workspace: [
        {
          path: "/api/2.1/settings/genie_chat_share_policy",
          fault: body(`{"name":"genie_chat_share_policy","effective_genie_chat_share_policy":${value}}`),
        },
      ],
      checks: ["DATA-32"],
      also: (w) => expect(discovered(w, "genie_chat_share_policy")).toMatch(reason),
    }),
  ),
  {
    name: "settings v2: the apps' allowed scopes with a value that is not the setting's shape",
    workspace: [
      {
        path: "/api/2.1/settings/allowed_apps_user_api_scopes",
        fault: body('{"name":"allowed_apps_user_api_scopes","effective_allowed_apps_user_api_scopes":"all"}'),
      },
    ],
    checks: ["GOV-24"],
    also: (w) =>
      expect(discovered(w, "allowed_apps_user_api_scopes")).toMatch(
        /does not fit the API's shape at effective_allowed_apps_user_api_scopes: expected a message object/,
      ),
  },
  {
    name: "apps: a misfit body",
    workspace: [{ path: "/api/2.0/apps", fault: body('{"apps":[{"name":"a","user_api_scopes":"sql"}]}') }],
    unknown: [{ fact: (w) => db(w).apps, reason: MISFIT }],
    checks: ["GOV-22"],
  },
  {
    name: "apps: a paging loop",
    workspace: [{ path: "/api/2.0/apps", fault: loop }],
    unknown: [{ fact: (w) => db(w).apps, reason: LOOP }],
    checks: ["GOV-22"],
  },
  {
    name: "serving endpoints: an AI Gateway that does not fit",
    workspace: [
      {
        path: "/api/2.0/serving-endpoints",
        fault: body('{"endpoints":[{"name":"e","ai_gateway":{"guardrails":{"input":{"pii":{"behavior":1}}}}}]}'),
      },
    ],
    unknown: [{ fact: (w) => db(w).servingEndpoints, reason: MISFIT }],
    checks: ["DATA-29"],
  },
  {
    // Never set is the API's own 404 RESOURCE_DOES_NOT_EXIST; a proxy's page is not.
    name: "AI/BI embedding policy: a proxy's 404 page is not 'never set'",
    workspace: [{ path: "/api/2.0/settings/types/aibi_dash_embed_ws_acc_policy/names/default", fault: html404 }],
    unknown: [{ fact: (w) => db(w).aibiEmbedding, reason: PROXY_404 }],
    checks: ["DATA-30"],
  },
  {
    name: "cluster ACLs: a misfit body",
    workspace: [
      { path: "/api/2.0/permissions/clusters/*", fault: body('{"access_control_list":[{"all_permissions":"x"}]}') },
    ],
    checks: [],
    also: (w) => {
      const clusters = db(w).clusters;
      expect(clusters.status).toBe("known");
      for (const cluster of clusters.status === "known" ? clusters.value : []) {
        expect(cluster.permissions).toBeNull();
        expect(cluster.permissionsUnread).toMatch(MISFIT);
      }
    },
  },
  {
    name: "catalog grants: a paging loop",
    workspace: [{ path: "/api/2.1/unity-catalog/permissions/catalog/*", fault: loop }],
    checks: [],
    also: (w) => {
      const catalogs = uc(w).catalogs;
      expect(catalogs.status).toBe("known");
      const read = catalogs.status === "known" ? catalogs.value.filter((c) => c.catalogType !== "SYSTEM_CATALOG") : [];
      expect(read.length).toBeGreaterThan(0);
      for (const c of read) {
        expect(c.grants).toBeNull();
        expect(c.grantsUnread).toMatch(LOOP);
      }
    },
  },
];

let emulator: RunningEmulator;
type Results = Map<string, ReturnType<typeof evaluateWorkspace>["results"][number]>;
const clean = new Map<Persona, Results>();

async function scan(
  persona: Persona,
  workspaceProxy: FaultProxy,
  accountProxy: FaultProxy,
): Promise<WorkspaceEvidence> {
  const workspace = emulator.workspaces.find((w) => w.persona === persona)!;
  const [evidence] = await collect({
    target: { host: workspaceProxy.url, resourceId: workspace.resourceId },
    arm: { credential: new StaticTokenCredential(emulator.token), endpoint: emulator.armUrl },
    databricksAuth: { mode: "sdk", token: emulator.token },
    account: { accountId: emulator.accountId, host: accountProxy.url },
    notebookScan: false,
    retry: FAST_RETRY,
    timeouts: { requestMs: 6_000, scanMs: 30_000 },
  });
  return evidence!;
}

const judge = (evidence: WorkspaceEvidence) =>
  new Map(evaluateWorkspace(evidence, CHECKS, { profile: "high" }).results.map((r) => [r.checkId, r]));

async function withProxies<T>(
  scenario: Pick<Scenario, "workspace" | "account"> & { persona: Persona },
  fn: (workspace: FaultProxy, account: FaultProxy) => Promise<T>,
): Promise<T> {
  const workspace = await startFaultProxy(emulator.workspaces.find((w) => w.persona === scenario.persona)!.url);
  const account = await startFaultProxy(emulator.accountUrl);
  try {
    workspace.setRules(scenario.workspace ?? []);
    account.setRules(scenario.account ?? []);
    return await fn(workspace, account);
  } finally {
    await workspace.close();
    await account.close();
  }
}

beforeAll(async () => {
  emulator = await startEmulator({ personas: ["hardened", "default"] });
  for (const persona of ["hardened", "default"] as const)
    clean.set(
      persona,
      judge(await withProxies({ persona }, (workspace, account) => scan(persona, workspace, account))),
    );
}, 90_000);

afterAll(async () => {
  await emulator?.close();
});

describe("the clean read through the proxies", () => {
  it("judges every check the scenarios break: on hardened each passes", () => {
    for (const scenario of SCENARIOS) {
      const persona = scenario.persona ?? "hardened";
      for (const id of scenario.checks) {
        const result = clean.get(persona)!.get(id);
        expect(result?.status, `${persona} ${id}: ${result?.message}`).toBe(persona === "hardened" ? "pass" : "fail");
      }
    }
  });
});

describe.concurrent("fault scenarios (the 2026 collectors)", () => {
  it.each(SCENARIOS.map((s) => [s.name, s] as const))("%s", async (_name, scenario) => {
    const persona = scenario.persona ?? "hardened";
    await withProxies({ ...scenario, persona }, async (workspaceProxy, accountProxy) => {
      const evidence = await scan(persona, workspaceProxy, accountProxy);
      const requests = [...workspaceProxy.requests, ...accountProxy.requests];
      expect(
        requests.some((r) => r.fault),
        "the fault fired",
      ).toBe(true);
      expect(new Set(requests.map((r) => r.method))).toEqual(new Set(["GET"]));
      expect([...workspaceProxy.trap.requests, ...accountProxy.trap.requests], "no other origin").toEqual([]);
      for (const expected of scenario.unknown ?? []) {
        const fact = expected.fact(evidence);
        expect(fact.status, `${fact.source} must be unknown`).toBe("unknown");
        if (fact.status === "unknown") expect(fact.reason).toMatch(expected.reason);
      }
      scenario.also?.(evidence);
      const results = judge(evidence);
      for (const id of scenario.checks)
        expect(results.get(id)?.status, `${id}: ${results.get(id)?.message}`).toBe("unknown");
      for (const [id, result] of results) {
        const before = clean.get(persona)!.get(id)!;
        if (result.status === "pass")
          expect(before.status, `${id} passes only under the fault: ${result.message}`).toBe("pass");
        if (result.status !== before.status)
          expect(result.status, `${id} changed from ${before.status}: ${result.message}`).toBe("unknown");
      }
    });
  });
});
