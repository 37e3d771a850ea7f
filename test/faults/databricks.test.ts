/**
 * The fault suite, Databricks side (issue 10, "Make them stay kept"): a scan of an emulated workspace through
 * a loopback fault proxy (test/support/fault-proxy.ts) that plays a hostile or broken Databricks server, one
 * scenario at a time. ARM is read directly from the emulator so that the SKU and the rest of the Azure side
 * are known and as many checks as possible are judged; every Databricks call goes through the proxy.
 *
 * Each scenario asserts that
 *   - the scan ends within its deadline,
 *   - no check passes that does not pass on the clean run,
 *   - no request leaves for another origin (the proxy's trap stays empty) and every request is a GET,
 *   - every result that differs from the clean run is unknown with a reason, and the facts the fault hits
 *     are unknown with a reason that says what happened (the bound named, where a bound stopped it).
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

const PERSONA = "typical";
/**
 * One request's bound. The scenarios run at once against one emulator; on a loaded machine a tight bound
 * times out requests no fault touches (the clean run, a retried reset), so only the scenarios about the
 * request timeout itself ask for a tight one (`requestMs`).
 */
const REQUEST_TIMEOUT_MS = 6_000;
const TIGHT_REQUEST_MS = 1_500;

interface Scenario {
  name: string;
  /** Issue 10 item the scenario keeps fixed. */
  item: number;
  rules: (proxy: FaultProxy) => FaultRule[];
  /** Facts the fault hits: each must be unknown with a reason matching. */
  unknown?: { fact: (w: WorkspaceEvidence) => Fact<unknown>; reason: RegExp }[];
  /** Checks that must come out unknown. */
  checks?: string[];
  /** The scan must end within this (ms); default 20 s. */
  withinMs?: number;
  scanMs?: number;
  /** The request timeout of this scenario's scan (default REQUEST_TIMEOUT_MS). */
  requestMs?: number;
  /** Facts that must still be known (the fault must not cost more than its endpoint). */
  known?: ((w: WorkspaceEvidence) => Fact<unknown>)[];
  /** Anything else the scenario asserts. */
  also?: (w: WorkspaceEvidence, proxy: FaultProxy) => void;
}

const html404 = {
  kind: "status" as const,
  status: 404,
  contentType: "text/html",
  body: "<html><body><h1>404 Not Found</h1>nginx</body></html>",
};

const db = (w: WorkspaceEvidence) => w.databricks;

const SCENARIOS: Scenario[] = [
  // Item 7: a 2xx body that is not the API's shape is unknown, never an empty list.
  ...(["", "null", "[]"] as const).map(
    (body): Scenario => ({
      name: `tokens answered 200 with ${JSON.stringify(body)}`,
      item: 7,
      rules: () => [{ path: "/api/2.0/token-management/tokens", fault: { kind: "body", body } }],
      unknown: [{ fact: (w) => db(w).tokens, reason: /empty|null|array/ }],
      checks: ["INFO-03", "IAM-07"],
    }),
  ),
  {
    name: "jobs list answered 200 with []",
    item: 7,
    rules: () => [{ path: "/api/2.2/jobs/list", fault: { kind: "body", body: "[]" } }],
    unknown: [{ fact: (w) => db(w).jobs, reason: /a JSON array, not an object/ }],
    checks: ["IAM-05", "GOV-09"],
  },
  {
    name: "clusters answered with a string where the list belongs",
    item: 7,
    rules: () => [{ path: "/api/2.1/clusters/list", fault: { kind: "body", body: '{"clusters":"none"}' } }],
    unknown: [{ fact: (w) => db(w).clusters, reason: /does not fit the API's shape at clusters/ }],
    checks: ["DATA-12", "GOV-08"],
  },
  {
    name: "secret scopes answered 200 with an HTML page",
    item: 7,
    rules: () => [
      {
        path: "/api/2.0/secrets/scopes/list",
        fault: { kind: "body", body: "<html>ok</html>", contentType: "text/html" },
      },
    ],
    unknown: [{ fact: (w) => db(w).secretScopes, reason: /text\/html, not JSON/ }],
  },
  {
    name: "IP access lists cut short mid-body",
    item: 7,
    rules: () => [{ path: "/api/2.0/ip-access-lists", fault: { kind: "truncate", bytes: 20 } }],
    unknown: [{ fact: (w) => db(w).ipAccessLists, reason: /cut|not valid JSON/ }],
    known: [(w) => db(w).clusters],
  },
  // Item 8 (= issue 11 item 6): only a Databricks error body may mean "absent".
  {
    name: "DBFS /mnt 404 as a proxy's HTML page",
    item: 8,
    rules: () => [{ path: "/api/2.0/dbfs/list", query: "mnt", fault: html404 }],
    unknown: [{ fact: (w) => db(w).dbfs.mounts, reason: /404 without the API's own error body/ }],
    checks: ["DATA-08"],
  },
  {
    name: "a setting 404 without error_code",
    item: 8,
    rules: () => [
      {
        path: "/api/2.0/settings/types/disable_legacy_dbfs/names/default",
        fault: { kind: "status", status: 404, body: { message: "not here" } },
      },
    ],
    unknown: [{ fact: (w) => db(w).settings.disableLegacyDbfs, reason: /404 without the API's own error body/ }],
  },
  // Item 9: one bounded pager; loops stop and make the list unknown naming the bound.
  {
    name: "clusters page token pointing at itself",
    item: 9,
    rules: () => [
      {
        path: "/api/2.1/clusters/list",
        fault: { kind: "rewrite", json: (body) => ({ ...(body as object), next_page_token: "same-token" }) },
      },
    ],
    unknown: [{ fact: (w) => db(w).clusters, reason: /paging loop/ }],
    checks: ["DATA-12"],
  },
  {
    name: "SCIM Users ignoring startIndex",
    item: 9,
    rules: () => [
      {
        path: "/api/2.0/preview/scim/v2/Users",
        fault: {
          kind: "body",
          body: JSON.stringify({
            totalResults: 5000,
            Resources: [
              { id: "u1", userName: "a@x" },
              { id: "u2", userName: "b@x" },
            ],
          }),
        },
      },
    ],
    unknown: [{ fact: (w) => db(w).users, reason: /same items again/ }],
  },
  {
    name: "SCIM Groups with totalResults not a number",
    item: 9,
    rules: () => [
      {
        path: "/api/2.0/preview/scim/v2/Groups",
        fault: { kind: "rewrite", json: (body) => ({ ...(body as object), totalResults: "lots" }) },
      },
    ],
    unknown: [
      { fact: (w) => db(w).groups, reason: /totalResults/ },
      { fact: (w) => db(w).admins, reason: /totalResults/ },
    ],
  },
  {
    name: "jobs list token pointing at itself",
    item: 9,
    rules: () => [
      {
        path: "/api/2.2/jobs/list",
        fault: { kind: "rewrite", json: (body) => ({ ...(body as object), next_page_token: "again", has_more: true }) },
      },
    ],
    unknown: [{ fact: (w) => db(w).jobs, reason: /paging loop/ }],
  },
  // Item 10: per-request timeout and per-scan deadline, named in the reason.
  {
    name: "a body that trickles a byte every 400 ms",
    item: 10,
    requestMs: TIGHT_REQUEST_MS,
    rules: () => [{ path: "/api/2.0/ip-access-lists", fault: { kind: "trickle", intervalMs: 400 } }],
    unknown: [{ fact: (w) => db(w).ipAccessLists, reason: /--request-timeout 1\.5s/ }],
    known: [(w) => db(w).clusters],
  },
  {
    name: "an endpoint that never answers",
    item: 10,
    requestMs: TIGHT_REQUEST_MS,
    rules: () => [{ path: "/api/2.0/global-init-scripts", fault: { kind: "hang" } }],
    unknown: [{ fact: (w) => db(w).globalInitScripts, reason: /no complete answer within the request timeout/ }],
    known: [(w) => db(w).clusters],
  },
  {
    name: "a server that stops answering: the scan deadline ends it",
    item: 10,
    scanMs: 4_000,
    withinMs: 9_000,
    rules: () => [{ path: "*", after: 12, fault: { kind: "hang" } }],
    unknown: [{ fact: (w) => db(w).jobs, reason: /scan deadline \(--scan-timeout 4s\)|request timeout/ }],
  },
  {
    name: "a 429 storm with a one-hour Retry-After",
    item: 10,
    rules: () => [
      {
        path: "/api/2.1/clusters/list",
        fault: {
          kind: "status",
          status: 429,
          retryAfter: "3600",
          body: { error_code: "REQUEST_LIMIT_EXCEEDED", message: "slow down" },
        },
      },
    ],
    unknown: [{ fact: (w) => db(w).clusters, reason: /429 REQUEST_LIMIT_EXCEEDED/ }],
  },
  // Item 11: a reset is retried; one endpoint's trouble does not make the workspace unreachable.
  {
    name: "one connection reset is retried",
    item: 11,
    rules: () => [{ path: "/api/2.0/ip-access-lists", times: 1, fault: { kind: "reset" } }],
    known: [(w) => db(w).ipAccessLists, (w) => db(w).clusters],
  },
  {
    name: "an endpoint that always resets: only it is unknown",
    item: 11,
    rules: () => [{ path: "/api/2.0/instance-pools/list", fault: { kind: "reset" } }],
    unknown: [{ fact: (w) => db(w).instancePools, reason: /connection was cut/ }],
    known: [(w) => db(w).clusters, (w) => db(w).jobs],
  },
  {
    name: "5xx on every Unity Catalog list",
    item: 11,
    rules: () => [
      {
        path: "/api/2.1/unity-catalog/*",
        fault: { kind: "status", status: 503, body: { error_code: "TEMPORARILY_UNAVAILABLE", message: "down" } },
      },
    ],
    unknown: [{ fact: (w) => db(w).unityCatalog.catalogs, reason: /503.*gave up after 3 attempts/ }],
  },
  // Token expiry mid-scan: what was read stays, the rest is unknown and the refusal is fatal once.
  {
    name: "the token expires mid-scan",
    item: 11,
    rules: () => [
      {
        path: "*",
        // workspace-conf alone takes 27 (all keys, then key by key after one unknown key's 400).
        after: 45,
        fault: { kind: "status", status: 403, body: { error_code: "403", message: "Token is expired." } },
      },
    ],
    also: (w) => {
      const fatal = w.collection.problems.filter((p) => p.fatal);
      expect(fatal.map((p) => p.message).join("\n")).toMatch(/credentials refused: Token is expired/);
      // What was read before the expiry is kept.
      const facts = Object.values(w.databricks as Record<string, unknown>).filter(
        (f): f is Fact<unknown> => typeof f === "object" && f !== null && "status" in f,
      );
      expect(
        facts.filter((f) => f.status === "known").length,
        JSON.stringify(facts.map((f) => f.status)),
      ).toBeGreaterThan(0);
    },
  },
  // Item 2 / 9: server-given links and ids never send a request elsewhere.
  {
    name: "a next page token that is another host's URL is only ever sent back as a token",
    item: 9,
    rules: (proxy) => [
      { path: "/api/2.0/sql/warehouses", query: "page_token", fault: { kind: "body", body: "{}" } },
      {
        path: "/api/2.0/sql/warehouses",
        fault: {
          kind: "rewrite",
          json: (body) => ({ ...(body as object), next_page_token: `${proxy.trapUrl}/api/2.0/sql/warehouses` }),
        },
      },
    ],
    known: [(w) => db(w).sqlWarehouses],
  },
  {
    name: "a nested admins group whose id is a path",
    item: 14,
    rules: () => [
      {
        path: "/api/2.0/preview/scim/v2/Groups",
        query: "admins",
        fault: {
          kind: "body",
          body: JSON.stringify({
            totalResults: 1,
            Resources: [
              {
                id: "1",
                displayName: "admins",
                members: [
                  { value: "../../../2.0/token/create", display: "x", $ref: "Groups/../../../2.0/token/create" },
                ],
              },
            ],
          }),
        },
      },
    ],
    unknown: [{ fact: (w) => db(w).admins, reason: /not an id/ }],
  },
];

let emulator: RunningEmulator;
let clean: ReturnType<typeof judge>;

async function scan(proxy: FaultProxy, scanMs = 30_000, requestMs = REQUEST_TIMEOUT_MS): Promise<WorkspaceEvidence> {
  const workspace = emulator.workspaces.find((w) => w.persona === PERSONA)!;
  const [evidence] = await collect({
    target: { host: proxy.url, resourceId: workspace.resourceId },
    arm: { credential: new StaticTokenCredential(emulator.token), endpoint: emulator.armUrl },
    databricksAuth: { mode: "sdk", token: emulator.token },
    account: { accountId: emulator.accountId, host: emulator.accountUrl },
    notebookScan: { maxObjects: 5, maxDirectories: 10, maxBytes: 100_000 },
    retry: FAST_RETRY,
    timeouts: { requestMs, scanMs },
  });
  return evidence!;
}

const judge = (evidence: WorkspaceEvidence) =>
  new Map(evaluateWorkspace(evidence, CHECKS, { profile: "high" }).results.map((r) => [r.checkId, r]));

beforeAll(async () => {
  emulator = await startEmulator({ personas: [PERSONA] });
  const proxy = await startFaultProxy(emulator.workspaces[0]!.url);
  try {
    clean = judge(await scan(proxy));
  } finally {
    await proxy.close();
  }
}, 60_000);

afterAll(async () => {
  await emulator?.close();
});

describe("the clean run through the proxy", () => {
  it("judges the workspace: passes and fails to compare against", () => {
    const statuses = [...clean.values()].map((r) => r.status);
    expect(statuses.filter((s) => s === "pass").length).toBeGreaterThan(15);
    expect(statuses.filter((s) => s === "fail").length).toBeGreaterThan(5);
  });
});

describe.concurrent("fault scenarios (Databricks)", () => {
  it.each(SCENARIOS.map((s) => [`item ${s.item}: ${s.name}`, s] as const))("%s", async (_name, scenario) => {
    const workspace = emulator.workspaces[0]!;
    const proxy = await startFaultProxy(workspace.url);
    try {
      proxy.setRules(scenario.rules(proxy));
      const started = Date.now();
      const evidence = await scan(proxy, scenario.scanMs, scenario.requestMs);
      const elapsed = Date.now() - started;
      expect(elapsed, "the scan ends within its deadline").toBeLessThan(scenario.withinMs ?? 20_000);
      expect(proxy.trap.requests, "no request for another origin").toEqual([]);
      expect(new Set(proxy.requests.map((r) => r.method))).toEqual(new Set(["GET"]));
      expect(
        proxy.requests.some((r) => r.fault),
        "the fault fired",
      ).toBe(true);
      for (const expected of scenario.unknown ?? []) {
        const fact = expected.fact(evidence);
        expect(fact.status, `${fact.source} must be unknown`).toBe("unknown");
        if (fact.status === "unknown") expect(fact.reason).toMatch(expected.reason);
      }
      for (const fact of scenario.known ?? []) expect(fact(evidence).status).toBe("known");
      scenario.also?.(evidence, proxy);
      const results = judge(evidence);
      for (const [id, result] of results) {
        const before = clean.get(id)!;
        if (result.status === "pass")
          expect(before.status, `${id} passes only under the fault: ${result.message}`).toBe("pass");
        if (result.status !== before.status) {
          expect(result.status, `${id} changed from ${before.status}: ${result.message}`).toBe("unknown");
          expect(result.message.length).toBeGreaterThan(10);
        }
      }
      for (const id of scenario.checks ?? []) {
        expect(results.get(id)?.status, `${id}: ${results.get(id)?.message}`).toBe("unknown");
      }
    } finally {
      await proxy.close();
    }
  });
});
