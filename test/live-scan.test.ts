/**
 * End to end against the emulator over real HTTP: ARM discovery with nextLink paging, the Databricks
 * API through the SDK, fault injection, TLS, and the read-only guarantee.
 */
import { describe, expect, it } from "vitest";
import { CHECKS } from "../src/checks/registry.ts";
import { judge } from "../src/cli/judge.ts";
import { parseFault } from "../src/emulator/faults.ts";
import { evaluateWorkspace } from "../src/engine/evaluate.ts";
import { IncompleteError } from "../src/errors.ts";
import { renderConsole } from "../src/reports/console.ts";
import { renderHtml } from "../src/reports/html.ts";
import { renderJunit } from "../src/reports/junit.ts";
import { renderMarkdown } from "../src/reports/markdown.ts";
import { StaticTokenCredential } from "../src/sources/azure/credential.ts";
import { collect } from "../src/sources/collect.ts";
import { databricksConfig } from "../src/sources/databricks/auth.ts";
import { scimList } from "../src/sources/databricks/collect.ts";
import { readSqlWarehouses } from "../src/sources/databricks/compute.ts";
import { scimGroupSchema } from "../src/sources/databricks/schemas.ts";
import { readCatalogs } from "../src/sources/databricks/unity-catalog.ts";
import { ApiFailure } from "../src/sources/http/api-failure.ts";
import { ReadOnlyApiClient } from "../src/sources/http/databricks-client.ts";
import { byPersona, collectEmulator, FAST_RETRY, withEmulator } from "./support/emulator.ts";

/** Checks whose evidence only the audit logs hold; a scan that reads no logs reports them unknown. */
const NEEDS_AUDIT_LOGS = ["IAM-13"];
const CONF_CHECKS = ["NET-03", "IAM-06", "DATA-12", "DATA-13", "DATA-14", "DATA-15", "DATA-16", "DATA-17", "GOV-02"];

describe("scanning the emulator's personas", () => {
  it("finds every workspace through ARM nextLink paging and judges them", async () => {
    await withEmulator({ armPageSize: 1, personas: ["default", "typical", "hardened"] }, async (emulator) => {
      const evidence = await collectEmulator(emulator);
      expect(evidence.map((w) => w.workspace.name).sort()).toEqual(["adb-default", "adb-hardened", "adb-typical"]);
      const listCalls = emulator.requests.filter((r) => r.server === "arm" && /\/workspaces$/i.test(r.path));
      expect(listCalls.length).toBe(3);
      expect(listCalls.slice(1).every((r) => r.query.includes("skiptoken"))).toBe(true);

      const standard = judge(evidence, "standard");
      const defaults = standard.workspaces.find((w) => w.workspace.name === "adb-default")!;
      const judged = defaults.results.filter((r) => r.status === "pass" || r.status === "fail");
      expect(defaults.counts.fail).toBeGreaterThan(judged.length / 2);
      // The only thing the default workspace cannot tell is a key whose default is undocumented.
      for (const result of defaults.results.filter((r) => r.status === "unknown")) {
        expect(result.message, result.checkId).toMatch(/never set, and its default is not documented/);
      }

      const high = judge(evidence, "high");
      const hardened = high.workspaces.find((w) => w.workspace.name === "adb-hardened")!;
      expect(
        hardened.results
          .filter((r) => r.status !== "pass" && r.status !== "manual" && !NEEDS_AUDIT_LOGS.includes(r.checkId))
          .map((r) => `${r.checkId}: ${r.message}`),
      ).toEqual([]);
      expect(hardened.results.length).toBe(CHECKS.length);
      expect(hardened.counts.pass).toBe(CHECKS.length - NEEDS_AUDIT_LOGS.length - hardened.counts.manual);
      const typical = high.workspaces.find((w) => w.workspace.name === "adb-typical")!;
      expect(typical.score!).toBeGreaterThan(defaults.score!);
      expect(typical.score!).toBeLessThan(hardened.score!);
      for (const name of ["NET-01", "NET-02", "NET-03", "NET-11", "IAM-06"]) {
        expect(typical.results.find((r) => r.checkId === name)?.status, name).toBe("pass");
      }
    });
  });

  it("only reads: every request the scan makes is a GET", async () => {
    await withEmulator({}, async (emulator) => {
      await collectEmulator(emulator);
      expect(emulator.requests.length).toBeGreaterThan(20);
      expect(new Set(emulator.requests.map((r) => r.method))).toEqual(new Set(["GET"]));
    });
  });

  it("refuses a writing call before it leaves the process", async () => {
    await withEmulator({ personas: ["default"] }, async (emulator) => {
      const client = new ReadOnlyApiClient(
        databricksConfig(emulator.workspaces[0]!.url, { mode: "sdk", token: emulator.token }),
      );
      const attempt = client.request({
        path: "/api/2.0/token/create",
        method: "POST",
        headers: new Headers(),
        raw: false,
        payload: { comment: "x" },
      });
      await expect(attempt).rejects.toMatchObject({ kind: "refused-write" });
      expect(emulator.requests).toEqual([]);
    });
  });
});

describe("faults", () => {
  it("403 on workspace-conf: the checks that need it are unknown with the reason, none passes", async () => {
    await withEmulator({ faults: [parseFault("403 /api/2.0/workspace-conf")] }, async (emulator) => {
      const evidence = await collectEmulator(emulator);
      for (const workspace of evidence) {
        for (const fact of Object.values(workspace.databricks.workspaceConf)) {
          expect(fact.status).toBe("unknown");
          if (fact.status === "unknown") expect(fact.reason).toMatch(/403 PERMISSION_DENIED/);
        }
        const result = evaluateWorkspace(workspace, CHECKS, { profile: "high" });
        for (const id of CONF_CHECKS) {
          const check = result.results.find((r) => r.checkId === id)!;
          // Not applicable (a Standard-tier or serverless workspace) is decided before workspace-conf is read.
          if (check.status === "not_applicable") continue;
          expect(check.status, `${workspace.workspace.name} ${id}: ${check.message}`).toBe("unknown");
          expect(check.message).toMatch(/forbidden/);
        }
      }
      // On the hardened workspace the fault can only turn results unknown, each saying why; nothing fails.
      const hardened = evaluateWorkspace(byPersona(evidence, "hardened"), CHECKS, { profile: "high" });
      for (const result of hardened.results.filter(
        (r) => r.status !== "pass" && r.status !== "manual" && !NEEDS_AUDIT_LOGS.includes(r.checkId),
      )) {
        expect(result.status, `${result.checkId}: ${result.message}`).toBe("unknown");
        expect(result.message).toMatch(/forbidden|403/);
      }
    });
  });

  it("one key the workspace does not know costs only that key", async () => {
    await withEmulator({ personas: ["typical"] }, async (emulator) => {
      const [typical] = await collectEmulator(emulator);
      const conf = typical!.databricks.workspaceConf;
      expect(conf.enableDcs?.status).toBe("unknown");
      if (conf.enableDcs?.status === "unknown") expect(conf.enableDcs.reason).toMatch(/400 INVALID_PARAMETER_VALUE/);
      expect(conf.enableIpAccessLists).toMatchObject({ status: "known", value: "true" });
      expect(Object.values(conf).filter((fact) => fact.status === "unknown")).toHaveLength(1);
    });
  });

  it("honours Retry-After on 429 and retries a 503", async () => {
    await withEmulator(
      {
        personas: ["hardened"],
        faults: [
          parseFault("429 /api/2.1/clusters/list times=2 retry-after=1"),
          parseFault("503 /api/2.0/ip-access-lists times=1"),
        ],
      },
      async (emulator) => {
        const started = Date.now();
        const [hardened] = await collectEmulator(emulator);
        expect(hardened!.databricks.clusters.status).toBe("known");
        expect(hardened!.databricks.ipAccessLists.status).toBe("known");
        expect(hardened!.collection.retries).toBeGreaterThanOrEqual(3);
        // Two throttled answers asked for one second each.
        expect(Date.now() - started).toBeGreaterThanOrEqual(1900);
        const statuses = emulator.requests.filter((r) => r.path === "/api/2.1/clusters/list").map((r) => r.status);
        expect(statuses).toEqual([429, 429, 200]);
      },
    );
  });

  it("gives up on a persistent 503 and says so", async () => {
    await withEmulator(
      { personas: ["hardened"], faults: [parseFault("503 /api/2.0/ip-access-lists")] },
      async (emulator) => {
        const [hardened] = await collectEmulator(emulator, { retry: FAST_RETRY });
        const lists = hardened!.databricks.ipAccessLists;
        expect(lists.status).toBe("unknown");
        if (lists.status === "unknown")
          expect(lists.reason).toMatch(/HTTP 503 TEMPORARILY_UNAVAILABLE.*gave up after 3 attempts/);
        const result = evaluateWorkspace(hardened!, CHECKS, { profile: "high" });
        expect(result.results.find((r) => r.checkId === "NET-03")?.status).toBe("unknown");
      },
    );
  });

  it("ARM: a transient 503 is retried; a 403 on diagnostic settings makes GOV-01 unknown", async () => {
    await withEmulator(
      {
        personas: ["hardened"],
        faults: [
          parseFault("503 /subscriptions/* target=arm times=1"),
          parseFault("403 */diagnosticSettings target=arm"),
        ],
      },
      async (emulator) => {
        const [hardened] = await collectEmulator(emulator);
        expect(hardened!.azure.sku).toMatchObject({ status: "known", value: "premium" });
        const armStatuses = emulator.requests.filter((r) => r.server === "arm").map((r) => r.status);
        expect(armStatuses.slice(0, 2)).toEqual([503, 200]);
        const gov01 = evaluateWorkspace(hardened!, CHECKS, { profile: "high" }).results.find(
          (r) => r.checkId === "GOV-01",
        )!;
        expect(gov01.status).toBe("unknown");
        expect(gov01.message).toMatch(/403/);
      },
    );
  });

  it("ARM discovery refused: a clear error, nothing guessed", async () => {
    await withEmulator({ faults: [parseFault("403 /subscriptions/* target=arm")] }, async (emulator) => {
      const attempt = collectEmulator(emulator);
      await expect(attempt).rejects.toBeInstanceOf(IncompleteError);
      await expect(attempt).rejects.toThrow(/403 AuthorizationFailed/);
    });
  });

  it("a refused token is reported once as fatal and every fact is unknown", async () => {
    await withEmulator({ personas: ["default"] }, async (emulator) => {
      const [workspace] = await collect({
        target: { host: emulator.workspaces[0]!.url },
        databricksAuth: { mode: "sdk", token: "dapi-wrong-token-000000" },
      });
      const fatal = workspace!.collection.problems.filter((p) => p.fatal);
      expect(fatal.length).toBeGreaterThanOrEqual(1);
      expect(fatal[0]!.message).toMatch(/credentials refused.*Invalid access token/);
      expect(fatal[0]!.hint).toMatch(/refused the credential: check that the token belongs to this workspace/);
      expect(Object.values(workspace!.databricks).filter((f) => "status" in f && f.status === "known")).toEqual([]);
      // Stops after the first refusal instead of trying every endpoint.
      expect(emulator.requests.length).toBeLessThanOrEqual(3);
    });
  });

  it("an unreachable host: fatal, fast, all unknown", async () => {
    const [workspace] = await collect({
      target: { host: "http://127.0.0.1:9" },
      databricksAuth: { mode: "sdk", token: "dapi-x-000000" },
    });
    expect(
      workspace!.collection.problems.some(
        (p) =>
          p.fatal &&
          /cannot reach the workspace \(ECONNREFUSED/.test(p.message) &&
          /reachable from here/.test(p.hint ?? ""),
      ),
    ).toBe(true);
    const result = evaluateWorkspace(workspace!, CHECKS, { profile: "high" });
    expect(result.results.filter((r) => r.status !== "manual").every((r) => r.status === "unknown")).toBe(true);
  });
});

describe("TLS is always verified", () => {
  it("refuses the emulator's self-signed certificate unless its CA is given", async () => {
    await withEmulator({ tls: true, personas: ["hardened"] }, async (emulator) => {
      expect(emulator.workspaces[0]!.url).toMatch(/^https:/);
      const [untrusted] = await collect({
        target: { host: emulator.workspaces[0]!.url },
        databricksAuth: { mode: "sdk", token: emulator.token },
      });
      expect(
        untrusted!.collection.problems.some((p) => p.fatal && /certificate|self.signed|CERT/i.test(p.message)),
      ).toBe(true);
      expect(emulator.requests).toEqual([]);

      const [trusted] = await collectEmulator(emulator);
      expect(trusted!.databricks.clusters.status).toBe("known");
      expect(trusted!.azure.sku.status).toBe("known");
    });
  });
});

describe("SCIM paging by hand", () => {
  it("advances startIndex until totalResults", async () => {
    await withEmulator({ personas: ["default"], scimPageSize: 1 }, async (emulator) => {
      const client = new ReadOnlyApiClient(
        databricksConfig(emulator.workspaces[0]!.url, { mode: "sdk", token: emulator.token }),
      );
      const groups = await scimList(client, "/api/2.0/preview/scim/v2/Groups", scimGroupSchema);
      expect(groups.map((g) => g.displayName)).toEqual(["admins", "platform-team", "users", "contractors-2023"]);
      expect(emulator.requests.map((r) => new URLSearchParams(r.query).get("startIndex"))).toEqual([
        "1",
        "2",
        "3",
        "4",
      ]);
    });
  });
});

describe("SQL warehouses and Unity Catalog catalogs", () => {
  const result = (evidence: Parameters<typeof evaluateWorkspace>[0], id: string) =>
    evaluateWorkspace(evidence, CHECKS, { profile: "high" }).results.find((r) => r.checkId === id)!;

  it("reads both, and the storage accounts behind catalogs' managed storage are judged", async () => {
    await withEmulator({ personas: ["default", "hardened", "regulated"] }, async (emulator) => {
      const evidence = await collectEmulator(emulator);
      const hardened = byPersona(evidence, "hardened");
      expect(hardened.databricks.sqlWarehouses).toMatchObject({
        status: "known",
        source: "GET /api/2.0/sql/warehouses",
        value: [
          {
            id: "e5a1b2c3d4f60789",
            name: "bi-serverless",
            warehouseType: "PRO",
            serverless: true,
            clusterSize: "Small",
            autoStopMinutes: 10,
            maxNumClusters: 1,
            channel: "CHANNEL_NAME_CURRENT",
            creatorName: "admin-dana@contoso.example",
            tags: { CostCenter: "cc-1234", Owner: "analytics@contoso.example" },
            state: "STOPPED",
          },
          { name: "finance-reporting", serverless: false, autoStopMinutes: 30 },
        ],
      });
      const catalogs = hardened.databricks.unityCatalog.catalogs;
      expect(catalogs.status).toBe("known");
      if (catalogs.status === "known") {
        expect(catalogs.value.map((c) => `${c.name} ${c.catalogType} ${c.isolationMode}`)).toEqual([
          "main MANAGED_CATALOG ISOLATED",
          "finance MANAGED_CATALOG ISOLATED",
          "partner_data DELTASHARING_CATALOG ISOLATED",
          "system SYSTEM_CATALOG OPEN",
        ]);
        expect(catalogs.value[0]).toMatchObject({
          owner: "data-platform",
          storageRoot: "abfss://catalogs@contosodatalakesec.dfs.core.windows.net/main",
          securableKind: "CATALOG_STANDARD",
        });
      }
      const lake = (w: typeof hardened, name: string) =>
        w.azure.storageAccounts.status === "known"
          ? w.azure.storageAccounts.value.find((a) => a.name === name)
          : undefined;
      expect(lake(hardened, "contosodatalakesec")?.usedBy).toEqual(
        expect.arrayContaining(["catalog main managed storage", "catalog finance managed storage"]),
      );
      // An account only a catalog's storage root names is found through ARM and judged like the others.
      const regulated = evidence.find((w) => w.workspace.name === "adb-regulated")!;
      expect(lake(regulated, "contosoclaimsuc")).toMatchObject({
        role: "unity-catalog",
        usedBy: ["catalog claims managed storage"],
        networkDefaultAction: { status: "known", value: "Deny" },
        versioning: { status: "known", value: false },
      });
      expect(result(regulated, "DATA-06").message).toMatch(/contosoclaimsuc \(catalog claims managed storage\)/);
      // The default workspace's starter warehouse carries no tags.
      const gov07 = result(byPersona(evidence, "default"), "GOV-07");
      expect(gov07.status).toBe("fail");
      expect(gov07.resources).toEqual(expect.arrayContaining(['SQL warehouse "Starter Warehouse" (e5a1b2c3d4f60789)']));
    });
  });

  it("403 on either list: unknown with endpoint and reason; GOV-07 does not pass on the hardened workspace", async () => {
    await withEmulator(
      {
        personas: ["hardened"],
        faults: [parseFault("403 /api/2.0/sql/warehouses"), parseFault("403 /api/2.1/unity-catalog/catalogs")],
      },
      async (emulator) => {
        const [hardened] = await collectEmulator(emulator);
        const warehouses = hardened!.databricks.sqlWarehouses;
        const catalogs = hardened!.databricks.unityCatalog.catalogs;
        expect(warehouses).toMatchObject({ status: "unknown", source: "GET /api/2.0/sql/warehouses" });
        expect(catalogs).toMatchObject({ status: "unknown", source: "GET /api/2.1/unity-catalog/catalogs" });
        for (const fact of [warehouses, catalogs])
          if (fact.status === "unknown") expect(fact.reason).toMatch(/forbidden \(HTTP 403 PERMISSION_DENIED/);
        const problemSources = hardened!.collection.problems.map((p) => p.source).join(" ");
        expect(problemSources).toMatch(/GET \/api\/2\.0\/sql\/warehouses/);
        expect(problemSources).toMatch(/GET \/api\/2\.1\/unity-catalog\/catalogs/);
        const gov07 = result(hardened!, "GOV-07");
        expect(gov07.status).toBe("unknown");
        expect(gov07.message).toMatch(/SQL warehouses.*403/);
        // The storage accounts still read are partial: the catalogs' roots could not be known.
        expect(hardened!.azure.storageAccounts).toMatchObject({
          status: "known",
          partial: expect.stringMatching(/catalogs' storage roots are unknown \(forbidden/),
        });
      },
    );
  });

  it("pages by hand: next_page_token until it is absent", async () => {
    await withEmulator({ personas: ["hardened"] }, async (emulator) => {
      const client = new ReadOnlyApiClient(
        databricksConfig(emulator.workspaces[0]!.url, { mode: "sdk", token: emulator.token }),
      );
      const catalogs = await readCatalogs(client, 1);
      expect(catalogs.unnamed).toBe(0);
      expect(catalogs.items.map((c) => c.name)).toEqual(["main", "finance", "partner_data", "system"]);
      const catalogCalls = emulator.requests.filter((r) => r.path === "/api/2.1/unity-catalog/catalogs");
      expect(catalogCalls).toHaveLength(4);
      expect(catalogCalls.map((r) => new URLSearchParams(r.query).get("max_results"))).toEqual(["1", "1", "1", "1"]);
      expect(catalogCalls.map((r) => new URLSearchParams(r.query).has("page_token"))).toEqual([
        false,
        true,
        true,
        true,
      ]);
      const warehouses = await readSqlWarehouses(client, 1);
      expect(warehouses.map((w) => w.name)).toEqual(["bi-serverless", "finance-reporting"]);
      const warehouseCalls = emulator.requests.filter((r) => r.path === "/api/2.0/sql/warehouses");
      expect(warehouseCalls.map((r) => new URLSearchParams(r.query).has("page_token"))).toEqual([false, true]);
    });
  });

  it("the Standard tier has neither: 404 FEATURE_DISABLED, unknown, not an empty list", async () => {
    await withEmulator({ personas: ["standard-sku"] }, async (emulator) => {
      const [standard] = await collectEmulator(emulator);
      for (const fact of [standard!.databricks.sqlWarehouses, standard!.databricks.unityCatalog.catalogs]) {
        expect(fact.status).toBe("unknown");
        if (fact.status === "unknown") expect(fact.reason).toMatch(/404 FEATURE_DISABLED/);
      }
    });
  });
});

describe("ARM credentials", () => {
  it("a wrong ARM token is a clear discovery error", async () => {
    await withEmulator({ personas: ["default"] }, async (emulator) => {
      const attempt = collect({
        target: { subscriptionId: emulator.subscriptionId },
        arm: { credential: new StaticTokenCredential("wrong"), endpoint: emulator.armUrl },
        databricksAuth: { mode: "sdk", token: emulator.token },
      });
      await expect(attempt).rejects.toThrow(/401/);
    });
  });

  it("ApiFailure names endpoint and status", () => {
    const failure = new ApiFailure({
      endpoint: "GET /api/2.0/x",
      kind: "http",
      status: 404,
      errorCode: "ENDPOINT_NOT_FOUND",
      detail: "no",
    });
    expect(failure.message).toBe("GET /api/2.0/x: HTTP 404 ENDPOINT_NOT_FOUND: no");
    expect(failure.reason).toMatch(/not available on this workspace/);
  });
});

describe("Microsoft Graph: Conditional Access and who it covers", () => {
  const iam01 = CHECKS.find((check) => check.meta.id === "IAM-01")!;
  const judgeIam01 = (evidence: Parameters<typeof evaluateWorkspace>[0]) =>
    evaluateWorkspace(evidence, [iam01], { profile: "high" }).results[0]!;

  it("resolves users, nested group members (paged) and role members, and IAM-01 checks every workspace user", async () => {
    await withEmulator({ personas: ["hardened"], armPageSize: 1 }, async (emulator) => {
      const [hardened] = await collectEmulator(emulator);
      const members = hardened!.entra.directoryMembers;
      expect(members.status).toBe("known");
      if (members.status !== "known") return;
      // The break-glass account the all-users policy excludes, by object id.
      expect(members.value["user:6b0f3c1e-9d2a-4c55-8a1e-0b7e9e3f2a10"]).toEqual([
        "breakglass@contoso.onmicrosoft.com",
      ]);
      // Databricks admins holds admin-dana directly and admin-lee through a nested group; mail and UPN, lower case.
      expect(members.value["group:0d7f5e2a-3c41-4b8e-9f26-1a5c7d9e0b31"]?.sort()).toEqual([
        "admin-dana@contoso.example",
        "admin-lee@contoso.example",
        "dana.admin@contoso.example",
      ]);
      // Global Administrator: a user, and a role-assignable group whose members hold the role too.
      expect(members.value["role:62e90394-69f5-4237-9190-012177145e10"]?.sort()).toEqual([
        "admin-lee@contoso.example",
        "tenant-admin@contoso.example",
      ]);
      const result = judgeIam01(hardened!);
      expect(result.status).toBe("pass");
      expect(result.message).toMatch(
        /all \d+ active workspace users are covered.*; no exclusion leaves a workspace user out$/,
      );
    });
  });

  it("without GroupMember.Read.All: membership unknown with the permission named; the all-users policy still passes", async () => {
    await withEmulator(
      { personas: ["hardened"], faults: [parseFault("403 /v1.0/groups/* target=arm")] },
      async (emulator) => {
        const [hardened] = await collectEmulator(emulator);
        const members = hardened!.entra.directoryMembers;
        expect(members.status).toBe("unknown");
        if (members.status === "unknown") expect(members.reason).toMatch(/HTTP 403.*GroupMember\.Read\.All/);
        expect(hardened!.collection.problems.some((p) => /^Graph GET \/v1\.0\/groups\//.test(p.source))).toBe(true);
        const result = judgeIam01(hardened!);
        expect(result.status).toBe("pass");
        expect(result.message).toMatch(/excludes 1 user — confirm these are break-glass accounts only/);
      },
    );
  });
});

describe("scanning as a non-admin identity", () => {
  it("knows who it reads as; lists are marked partial, so no pass rests on them; failures found still fail", async () => {
    await withEmulator({ personas: ["hardened", "default"], caller: "user" }, async (emulator) => {
      const evidence = await collectEmulator(emulator);
      const hardened = byPersona(evidence, "hardened");
      expect(hardened.databricks.caller).toMatchObject({
        status: "known",
        value: { name: "scanner@contoso.example", admin: false },
      });
      const clusters = hardened.databricks.clusters;
      expect(clusters.status === "known" && clusters.partial).toMatch(
        /read as scanner@contoso\.example, which is not a workspace admin/,
      );
      const credentials = hardened.databricks.unityCatalog.storageCredentials;
      expect(credentials.status === "known" && credentials.partial).toMatch(/not a workspace admin/);
      // Admin-only APIs refuse it: unknown, never a pass.
      expect(hardened.databricks.tokens.status).toBe("unknown");
      expect(hardened.collection.problems.some((p) => /scan as a workspace admin/.test(p.message))).toBe(true);

      const judged = evaluateWorkspace(hardened, CHECKS, { profile: "high" });
      const gov05 = judged.results.find((r) => r.checkId === "GOV-05")!;
      expect(gov05.status).toBe("unknown");
      expect(gov05.message).toMatch(/^cluster policies may be incomplete/);
      // Every report says which evidence was partial and why, and who the workspace was read as.
      const document = judge([hardened], "high");
      expect(document.workspaces[0]!.collection.readAs).toEqual({
        name: "scanner@contoso.example",
        workspaceAdmin: false,
        metastoreAdmin: false,
      });
      expect(renderConsole(document, { color: false }).replace(/\s+/g, " ")).toContain(
        "read as scanner@contoso.example, not a workspace admin: some lists may be incomplete, so a check that would pass on them is unknown",
      );
      expect(renderHtml(document)).toMatch(
        /read as scanner@contoso\.example · not a workspace admin · not a metastore admin/,
      );
      for (const rendered of [renderHtml(document), renderJunit(document)])
        expect(rendered).toMatch(/partial: read as scanner@contoso\.example, which is not a workspace admin/);
      // (Markdown escapes the parenthesis and keeps "@" from becoming a mention with a word joiner.)
      expect(renderMarkdown(document)).toMatch(/may be incomplete \\?\(read as scanner@\u2060?contoso\.example/);
      // Nothing that reads a permission-filtered list passes.
      for (const result of judged.results.filter((r) => r.evidence.some((use) => use.partial)))
        expect(["pass", "not_applicable"], `${result.checkId}: ${result.message}`).not.toContain(result.status);

      // The default persona's failures on those lists are still failures.
      const admin = await withEmulator({ personas: ["default"] }, async (asAdmin) =>
        evaluateWorkspace(byPersona(await collectEmulator(asAdmin), "default"), CHECKS, { profile: "high" }),
      );
      const asUser = evaluateWorkspace(byPersona(evidence, "default"), CHECKS, { profile: "high" });
      // (Checks that also need an admin-only API are unknown for the user: only those it could read compare.)
      const readable = (checkId: string) => {
        const uses = asUser.results.find((u) => u.checkId === checkId)?.evidence ?? [];
        return uses.some((use) => use.partial) && uses.every((use) => use.reason === undefined);
      };
      const failedOnLists = admin.results.filter((r) => r.status === "fail" && readable(r.checkId));
      expect(failedOnLists.length).toBeGreaterThan(3);
      for (const result of failedOnLists)
        expect(asUser.results.find((u) => u.checkId === result.checkId)?.status, result.checkId).toBe("fail");
    });
  });

  it("a workspace admin outside the metastore's owner group: only the Unity Catalog lists are partial", async () => {
    await withEmulator({ personas: ["hardened"], caller: "workspace-admin" }, async (emulator) => {
      const [hardened] = await collectEmulator(emulator);
      const { databricks } = hardened!;
      expect(databricks.caller).toMatchObject({ status: "known", value: { admin: true, metastoreAdmin: false } });
      expect(databricks.clusters.status === "known" && databricks.clusters.partial).toBeFalsy();
      for (const fact of [
        databricks.unityCatalog.storageCredentials,
        databricks.unityCatalog.externalLocations,
        databricks.unityCatalog.recipients,
        databricks.unityCatalog.catalogs,
      ])
        expect(fact.status === "known" && fact.partial).toMatch(/not the metastore's owner nor in its owner group/);
      const judged = evaluateWorkspace(hardened!, CHECKS, { profile: "high" });
      // DATA-22 (storage credentials) passes for a metastore admin; here it cannot be shown to.
      const data22 = judged.results.find((r) => r.checkId === "DATA-22")!;
      expect(data22.status).toBe("unknown");
      expect(data22.message).toMatch(/^storage credentials may be incomplete/);
      expect(hardened!.collection.problems.some((p) => /scan as a metastore admin/.test(p.message))).toBe(true);
      // Checks on workspace objects still pass.
      expect(judged.results.find((r) => r.checkId === "GOV-05")?.status).toBe("pass");
    });
  });

  it("as an admin: the caller is known as one and nothing is partial", async () => {
    await withEmulator({ personas: ["hardened"] }, async (emulator) => {
      const [hardened] = await collectEmulator(emulator);
      expect(hardened!.databricks.caller).toMatchObject({
        status: "known",
        value: { admin: true, metastoreAdmin: true, groups: expect.arrayContaining(["admins", "metastore-admins"]) },
      });
      const partial = Object.entries(hardened!.databricks).filter(
        ([, fact]) => (fact as { partial?: string }).partial !== undefined,
      );
      expect(partial).toEqual([]);
    });
  });
});
