/**
 * Issue 11, Databricks side: the collectors read what the real APIs send. Each test serves the real shape —
 * written from the SDK model it cites (@databricks/sdk-experimental 0.17.0 `dist/apis/<service>/model.d.ts`,
 * generated from the same OpenAPI spec as databricks-sdk-go `service/<service>/model.go`) — through the fault
 * proxy in front of the emulator, and checks the evidence built from it.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunningEmulator } from "../../src/emulator/server.ts";
import { startEmulator } from "../../src/emulator/server.ts";
import { readAccountWide } from "../../src/sources/account/collect.ts";
import { databricksConfig } from "../../src/sources/databricks/auth.ts";
import { readJobs } from "../../src/sources/databricks/compute.ts";
import { readSettings } from "../../src/sources/databricks/settings.ts";
import { readUnityCatalog } from "../../src/sources/databricks/unity-catalog.ts";
import { readRepos } from "../../src/sources/databricks/workspace-objects.ts";
import { ReadOnlyApiClient } from "../../src/sources/http/databricks-client.ts";
import type { Problem } from "../../src/sources/problems.ts";
import { FAST_RETRY } from "../support/emulator.ts";
import { type FaultProxy, type FaultRule, startFaultProxy } from "../support/fault-proxy.ts";

let emulator: RunningEmulator;
let proxy: FaultProxy;

beforeAll(async () => {
  emulator = await startEmulator({ personas: ["hardened"] });
  proxy = await startFaultProxy(emulator.workspaces[0]!.url);
});
afterAll(async () => {
  await proxy?.close();
  await emulator?.close();
});

const client = (url = proxy.url) =>
  new ReadOnlyApiClient(databricksConfig(url, { mode: "sdk", token: emulator.token }), { retry: FAST_RETRY });
const serve = (path: string, body: object, query?: string | RegExp): FaultRule => ({
  path,
  ...(query ? { query } : {}),
  fault: { kind: "body", body: JSON.stringify(body) },
});

describe("jobs (items 2 and 8)", () => {
  it("a BaseJob with has_more is completed through paged jobs/get; for-each tasks' clusters are read", async () => {
    // jobs.BaseJob.has_more: "Indicates if the job has more array properties (tasks, job_clusters) that are not
    // shown. They can be accessed via jobs/get"; jobs.Job.next_page_token pages those arrays (GetJobRequest.
    // page_token), appended page after page as databricks-sdk-go service/jobs/ext_api.go JobsAPI.Get does.
    const cluster = (mode: string) => ({ spark_version: "15.4.x-scala2.12", data_security_mode: mode });
    const listed = {
      job_id: 42,
      creator_user_name: "dana@contoso.example",
      has_more: true,
      settings: {
        name: "nightly",
        run_as: { service_principal_name: "11111111-aaaa-4bbb-8ccc-000000000001" },
        tasks: [{ task_key: "load", new_cluster: cluster("USER_ISOLATION") }],
      },
    };
    proxy.setRules([
      serve("/api/2.2/jobs/list", { jobs: [listed] }),
      serve(
        "/api/2.2/jobs/get",
        {
          job_id: 42,
          settings: {
            tasks: [
              {
                task_key: "fan-out",
                for_each_task: { inputs: "[1,2]", task: { task_key: "each", new_cluster: cluster("NONE") } },
              },
            ],
          },
        },
        /page_token=p2/,
      ),
      serve(
        "/api/2.2/jobs/get",
        {
          ...listed,
          has_more: undefined,
          run_as_user_name: "11111111-aaaa-4bbb-8ccc-000000000001",
          settings: {
            ...listed.settings,
            job_clusters: [{ job_cluster_key: "shared", new_cluster: cluster("SINGLE_USER") }],
          },
          next_page_token: "p2",
        },
        /job_id=42/,
      ),
    ]);
    const [job] = await readJobs(client());
    expect(job!.clusters.map((c) => `${c.key} ${c.accessMode}`)).toEqual([
      "shared SINGLE_USER",
      "task load USER_ISOLATION",
      "task fan-out (for each: each) NONE",
    ]);
    expect(proxy.requests.filter((r) => r.path === "/api/2.2/jobs/get").map((r) => r.query)).toEqual([
      "?job_id=42",
      "?job_id=42&page_token=p2",
    ]);
  });

  it("a job whose cut arrays cannot be read makes the list unknown, not a partial job", async () => {
    proxy.setRules([
      serve("/api/2.2/jobs/list", { jobs: [{ job_id: 7, has_more: true, settings: { name: "x", run_as: {} } }] }),
      { path: "/api/2.2/jobs/get", fault: { kind: "status", status: 500, body: { error_code: "INTERNAL_ERROR" } } },
    ]);
    await expect(readJobs(client())).rejects.toThrow(/job 7 lists only part of its tasks and clusters/);
  });

  it("run_as_user_name is read from jobs/get (jobs.Job), where a job that runs as its owner names it", async () => {
    // jobs.BaseJob has no run_as_user_name; jobs.Job does. The emulator serves the list without it.
    proxy.setRules([]);
    const jobs = await readJobs(client());
    expect(jobs.length).toBeGreaterThan(0);
    for (const job of jobs) expect(job.runAs, job.name).not.toBeNull();
    const listQueries = proxy.requests.filter((r) => r.path === "/api/2.2/jobs/list");
    expect(listQueries.at(-1)?.query).toMatch(/expand_tasks=true/);
  });
});

describe("Git folders (items 5 and 7)", () => {
  it("reads every top-level folder's Git folders (path_prefix) and pages with next_page_token", async () => {
    // workspace.ListReposRequest: without path_prefix only /Workspace/Repos is served; the token parameter is
    // next_page_token (not page_token); ListReposResponse.next_page_token.
    proxy.setRules([
      serve(
        "/api/2.0/workspace/list",
        {
          objects: [
            { path: "/Users", object_type: "DIRECTORY" },
            { path: "/Repos", object_type: "DIRECTORY" },
          ],
        },
        /^\?path=%2F$/,
      ),
      serve(
        "/api/2.0/repos",
        {
          repos: [
            {
              id: 2,
              path: "/Workspace/Users/joe@contoso.example/side",
              url: "https://gitlab.example/joe/side",
              provider: "gitLab",
            },
          ],
        },
        /path_prefix=%2FWorkspace%2FUsers/,
      ),
      serve(
        "/api/2.0/repos",
        { repos: [{ id: 3, path: "/Repos/platform/ml", url: "https://github.com/contoso/ml", provider: "gitHub" }] },
        /next_page_token=t2/,
      ),
      // A server that ignores an unknown parameter (page_token) answers page 1 again, as the real one does.
      serve("/api/2.0/repos", {
        repos: [{ id: 1, path: "/Repos/platform/etl", url: "https://github.com/contoso/etl", provider: "gitHub" }],
        next_page_token: "t2",
      }),
    ]);
    const repos = await readRepos(client());
    expect(repos.map((r) => `${r.id} ${r.path}`).sort()).toEqual([
      "1 /Repos/platform/etl",
      "2 /Workspace/Users/joe@contoso.example/side",
      "3 /Repos/platform/ml",
    ]);
  });

  it("the emulator lists only /Workspace/Repos without path_prefix, as the API does", async () => {
    proxy.setRules([]);
    const direct = client(emulator.workspaces[0]!.url);
    const all = await direct.get("/api/2.0/repos");
    const users = await direct.get("/api/2.0/repos", { path_prefix: "/Workspace/Users" });
    expect((all as { repos?: { path: string }[] }).repos?.every((r) => r.path.startsWith("/Repos/"))).toBe(true);
    expect(users).toEqual({});
  });
});

describe("account settings (item 9)", () => {
  it("acct_ip_acl_enable is read from acct_ip_acl_enable.value (settings.AccountIpAccessEnable)", async () => {
    const problems: Problem[] = [];
    const wide = await readAccountWide(client(emulator.accountUrl), emulator.accountId, problems);
    expect(wide.ipAccessListsEnforced).toMatchObject({ status: "known", value: true });
    expect(wide.disableLegacyFeatures).toMatchObject({ status: "known", value: true });
    expect(problems).toEqual([]);
  });
});

describe("omitted false values and defaults (item 14) and paged system schemas (item 13)", () => {
  it("a setting object without its value is false (BooleanMessage.value, is_enabled: omitempty)", async () => {
    proxy.setRules([
      serve("/api/2.0/settings/types/disable_legacy_dbfs/names/default", {
        disable_legacy_dbfs: {},
        etag: "e",
        setting_name: "default",
      }),
      serve("/api/2.0/settings/types/shield_csp_enablement_ws_db/names/default", {
        compliance_security_profile_workspace: {},
        etag: "e",
      }),
      serve("/api/2.0/settings/types/automatic_cluster_update/names/default", {
        automatic_cluster_update_workspace: { can_toggle: true },
      }),
    ]);
    const problems: Problem[] = [];
    const settings = await readSettings(client(), problems);
    expect(settings.disableLegacyDbfs).toMatchObject({ status: "known", value: false });
    expect(settings.complianceSecurityProfile).toMatchObject({
      status: "known",
      value: { enabled: false, standards: [] },
    });
    expect(settings.automaticClusterUpdate).toMatchObject({ status: "known", value: false });
  });

  it("a setting answer without the setting's object is unknown, not false", async () => {
    proxy.setRules([serve("/api/2.0/settings/types/disable_legacy_dbfs/names/default", { etag: "e" })]);
    const settings = await readSettings(client(), []);
    expect(settings.disableLegacyDbfs.status).toBe("unknown");
  });

  it("an omitted Delta Sharing token lifetime is 0 (never expires); system schemas are followed across pages", async () => {
    // catalog.GetMetastoreSummaryResponse.delta_sharing_recipient_token_lifetime_in_seconds (omitempty);
    // catalog.ListSystemSchemasResponse.next_page_token with ListSystemSchemasRequest.page_token.
    proxy.setRules([
      serve("/api/2.1/unity-catalog/metastore_summary", {
        metastore_id: "11111111-2222-4333-8444-555555555555",
        name: "m",
        delta_sharing_scope: "INTERNAL_AND_EXTERNAL",
      }),
      serve(
        "/api/2.1/unity-catalog/metastores/*/systemschemas",
        { schemas: [{ schema: "access", state: "MANAGED" }] },
        /page_token=s2/,
      ),
      serve("/api/2.1/unity-catalog/metastores/*/systemschemas", {
        schemas: [{ schema: "billing", state: "ENABLE_COMPLETED" }],
        next_page_token: "s2",
      }),
    ]);
    const uc = await readUnityCatalog(client(), []);
    expect(uc.metastore).toMatchObject({ status: "known", value: { recipientTokenLifetimeSeconds: 0 } });
    expect(uc.systemSchemas).toMatchObject({
      status: "known",
      value: [
        { schema: "billing", state: "ENABLE_COMPLETED" },
        { schema: "access", state: "MANAGED" },
      ],
    });
  });

  it("the emulator omits a false setting value, as the service does", async () => {
    // The hardened persona turns SQL results download off: {"boolean_val": {"value": false}} goes out as {}.
    const body = await client(emulator.workspaces[0]!.url).get(
      "/api/2.0/settings/types/sql_results_download/names/default",
    );
    expect(body).toMatchObject({ boolean_val: {} });
    expect(JSON.stringify(body)).not.toMatch(/false/);
  });
});
