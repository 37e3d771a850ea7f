/**
 * The read-only Databricks transport (issue 10 items 2, 5, 7, 8, 10, 11, 14): what it refuses to send, what
 * it refuses to believe, and which credentials never leave it in a message. Against the emulator through the
 * fault proxy, so every request that reached the wire is recorded.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CANARIES } from "../../src/emulator/canaries.ts";
import type { RunningEmulator } from "../../src/emulator/server.ts";
import { startEmulator } from "../../src/emulator/server.ts";
import { InputError } from "../../src/errors.ts";
import { collect } from "../../src/sources/collect.ts";
import { databricksConfig } from "../../src/sources/databricks/auth.ts";
import { getJson, isMissingResource } from "../../src/sources/databricks/http.ts";
import { ipAccessListsSchema } from "../../src/sources/databricks/schemas.ts";
import { ApiFailure } from "../../src/sources/http/api-failure.ts";
import { ReadOnlyApiClient } from "../../src/sources/http/databricks-client.ts";
import { Deadline } from "../../src/sources/http/deadline.ts";
import { runCli } from "../support/cli.ts";
import { FAST_RETRY } from "../support/emulator.ts";
import { type FaultProxy, startFaultProxy } from "../support/fault-proxy.ts";

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

const client = (options: ConstructorParameters<typeof ReadOnlyApiClient>[1] = {}, token = emulator.token) =>
  new ReadOnlyApiClient(databricksConfig(proxy.url, { mode: "sdk", token }), { retry: FAST_RETRY, ...options });

const failureOf = async (promise: Promise<unknown>): Promise<ApiFailure> => {
  try {
    await promise;
  } catch (error) {
    if (error instanceof ApiFailure) return error;
    throw error;
  }
  throw new Error("expected an ApiFailure");
};

describe("read-only on the resolved URL (item 14)", () => {
  it("a statement id of ../../jobs/runs cannot turn the cancel into POST /api/2.0/jobs/runs/cancel", async () => {
    proxy.setRules([]);
    const before = proxy.requests.length;
    const id = "../../jobs/runs";
    const path = `/api/2.0/sql/statements/${id}/cancel`;
    const cancel = client({ readingPosts: [path] });
    const failure = await failureOf(
      cancel.request({ path, method: "POST", headers: new Headers(), raw: false, payload: {} }),
    );
    expect(failure.kind).toBe("refused-write");
    expect(failure.endpoint).toBe("POST /api/2.0/jobs/runs/cancel");
    expect(proxy.requests.length).toBe(before);
  });

  it.each([
    ["/api/2.0/sql/statements/%2e%2e/%2e%2e/jobs/runs/cancel"],
    ["/api/2.0/sql/statements/x/../../../token/create"],
  ])("a POST path that resolves elsewhere (%s) is refused", async (path) => {
    const before = proxy.requests.length;
    const failure = await failureOf(
      client({ readingPosts: [path, "/api/2.0/sql/statements"] }).request({
        path,
        method: "POST",
        headers: new Headers(),
        raw: false,
      }),
    );
    expect(failure.kind).toBe("refused-write");
    expect(proxy.requests.length).toBe(before);
  });

  it("a GET goes out only for an allow-listed route, judged after resolution", async () => {
    const before = proxy.requests.length;
    for (const path of [
      "/api/2.0/permissions/jobs/../../token/list",
      "/api/2.0/token/list",
      "/api/2.0/secrets/get",
      "//evil.example/api/2.0/ip-access-lists",
    ]) {
      const failure = await failureOf(client().get(path));
      expect(failure.kind, path).toBe("refused-write");
    }
    expect(proxy.requests.length).toBe(before);
    expect(await client().get("/api/2.0/ip-access-lists")).toBeTypeOf("object");
  });

  it("only the POSTs a client was built for, and never DELETE/PATCH/PUT", async () => {
    for (const method of ["DELETE", "PATCH", "PUT", "POST"] as const) {
      const failure = await failureOf(
        client().request({ path: "/api/2.0/ip-access-lists", method, headers: new Headers(), raw: false }),
      );
      expect(failure.kind).toBe("refused-write");
    }
  });
});

describe("host userinfo is refused with the reason (item 5)", () => {
  const secret = "S3cretPassw0rdCanary";
  it("by the collector, before any request", async () => {
    const attempt = collect({
      target: { host: `http://scanner:${secret}@127.0.0.1:9` },
      databricksAuth: { mode: "sdk", token: "dapi-x-000000" },
    });
    await expect(attempt).rejects.toBeInstanceOf(InputError);
    await expect(attempt).rejects.toThrow(/user name or password in it/);
    await expect(attempt).rejects.not.toThrow(secret);
  });

  it("by the client itself", () => {
    expect(
      () =>
        new ReadOnlyApiClient(
          databricksConfig(`https://u:${secret}@adb-1.2.azuredatabricks.net`, { mode: "sdk", token: "t" }),
        ),
    ).toThrow(/refuses credentials in URLs/);
  });

  it.each([
    ["--host", (url: string) => ({ args: ["scan", "--host", url], env: {} })],
    ["DATABRICKS_HOST", (url: string) => ({ args: ["scan"], env: { DATABRICKS_HOST: url } })],
  ])("on the command line (%s): exit 2, the password nowhere", async (_what, make) => {
    const { args, env } = make(`https://admin:${secret}@adb-1.2.azuredatabricks.net`);
    const result = await runCli(args, { DATABRICKS_TOKEN: "dapi-not-used-000000", ...env });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/user name or password in it \(https:\/\/\*\*\*@adb-1\.2\.azuredatabricks\.net\)/);
    expect(result.stdout + result.stderr).not.toContain(secret);
  });
});

describe("only a Databricks error body may mean absent (item 8 = issue 11 item 6)", () => {
  it.each([
    ["an HTML 404", { kind: "status" as const, status: 404, contentType: "text/html", body: "<h1>Not Found</h1>" }],
    ["a JSON 404 without error_code", { kind: "status" as const, status: 404, body: { message: "gone" } }],
    ["an ENDPOINT_NOT_FOUND 404", { kind: "status" as const, status: 404, body: { error_code: "ENDPOINT_NOT_FOUND" } }],
  ])("%s is not 'does not exist'", async (_what, fault) => {
    proxy.setRules([{ path: "/api/2.0/dbfs/list", fault }]);
    const failure = await failureOf(client().get("/api/2.0/dbfs/list", { path: "/mnt" }));
    expect(isMissingResource(failure)).toBe(false);
  });

  it("RESOURCE_DOES_NOT_EXIST is", async () => {
    proxy.setRules([
      {
        path: "/api/2.0/dbfs/list",
        fault: { kind: "status", status: 404, body: { error_code: "RESOURCE_DOES_NOT_EXIST", message: "no" } },
      },
    ]);
    expect(isMissingResource(await failureOf(client().get("/api/2.0/dbfs/list", { path: "/mnt" })))).toBe(true);
  });
});

describe("2xx bodies are validated (item 7)", () => {
  it.each([
    ["", /empty/],
    ["null", /null, not an object/],
    ["[]", /a JSON array, not an object/],
    ['{"ip_access_lists": {}}', /does not fit the API's shape at ip_access_lists/],
    ['{"ip_access_lists": [{"list_id": 7}]}', /ip_access_lists\.0\.list_id/],
  ])("%j is a failure, not an empty list", async (body, reason) => {
    proxy.setRules([{ path: "/api/2.0/ip-access-lists", fault: { kind: "body", body } }]);
    const failure = await failureOf(getJson(client(), "/api/2.0/ip-access-lists", ipAccessListsSchema));
    expect(failure.kind).toBe("invalid-response");
    expect(failure.reason).toMatch(reason);
  });

  it("{} is an empty list: the API omits empty fields", async () => {
    proxy.setRules([{ path: "/api/2.0/ip-access-lists", fault: { kind: "body", body: "{}" } }]);
    expect(await getJson(client(), "/api/2.0/ip-access-lists", ipAccessListsSchema)).toEqual({});
  });

  it("a body larger than the limit is not read", async () => {
    proxy.setRules([]);
    const failure = await failureOf(client({ maxBodyBytes: 64 }).get("/api/2.1/clusters/list"));
    expect(failure.reason).toMatch(/larger than/);
  });
});

describe("timeouts and deadlines (item 10)", () => {
  it("a trickling body ends at the request timeout, named in the reason", async () => {
    proxy.setRules([{ path: "/api/2.0/ip-access-lists", fault: { kind: "trickle", intervalMs: 200 } }]);
    const started = Date.now();
    const failure = await failureOf(
      client({ timeoutMs: 300, retry: { ...FAST_RETRY, maxAttempts: 1 } }).get("/api/2.0/ip-access-lists"),
    );
    expect(Date.now() - started).toBeLessThan(3_000);
    expect(failure.kind).toBe("interrupted");
    expect(failure.reason).toMatch(/no complete answer within the request timeout \(--request-timeout 0\.3s\)/);
  });

  it("the scan deadline stops a request in flight and any later one, named in the reason", async () => {
    proxy.setRules([{ path: "/api/2.0/ip-access-lists", fault: { kind: "hang" } }]);
    const deadline = new Deadline(400, "the scan deadline (--scan-timeout 0.4s)");
    const c = client({ deadline, timeoutMs: 10_000 });
    const started = Date.now();
    const first = await failureOf(c.get("/api/2.0/ip-access-lists"));
    expect(Date.now() - started).toBeLessThan(3_000);
    expect(first.reason).toMatch(/--scan-timeout 0\.4s/);
    const later = await failureOf(c.get("/api/2.1/clusters/list"));
    expect(later.kind).toBe("bounded");
    expect(later.reason).toMatch(/not sent: the scan deadline \(--scan-timeout 0\.4s\) passed/);
  });

  it("a huge Retry-After is capped, and not waited past the deadline", async () => {
    proxy.setRules([
      {
        path: "/api/2.0/ip-access-lists",
        fault: { kind: "status", status: 429, retryAfter: "3600", body: { error_code: "REQUEST_LIMIT_EXCEEDED" } },
      },
    ]);
    const started = Date.now();
    const deadline = new Deadline(1_000, "the scan deadline (--scan-timeout 1s)");
    const failure = await failureOf(
      client({ deadline, retry: { maxAttempts: 5, maxWaitMs: 30_000, baseDelayMs: 10 } }).get(
        "/api/2.0/ip-access-lists",
      ),
    );
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(failure.reason).toMatch(/429 REQUEST_LIMIT_EXCEEDED.*no retry: the scan deadline/);
  });
});

describe("retries and reachability (item 11)", () => {
  it("a reset GET is retried and succeeds", async () => {
    proxy.setRules([{ path: "/api/2.0/ip-access-lists", times: 2, fault: { kind: "reset" } }]);
    const c = client();
    await c.get("/api/2.1/clusters/list");
    expect(await c.get("/api/2.0/ip-access-lists")).toBeTypeOf("object");
    expect(c.stats.retries).toBe(2);
  });

  it("an endpoint that keeps resetting fails alone; the host stays reachable", async () => {
    proxy.setRules([{ path: "/api/2.0/ip-access-lists", fault: { kind: "reset" } }]);
    const c = client();
    await c.get("/api/2.1/clusters/list");
    const failure = await failureOf(c.get("/api/2.0/ip-access-lists"));
    expect(failure.kind).toBe("interrupted");
    expect(failure.hostUnreachable).toBe(false);
    expect(failure.reason).toMatch(/after 3 attempts/);
    expect(await c.get("/api/2.1/clusters/list")).toBeTypeOf("object");
  });

  it("a host that never answers is unreachable only after the retries", async () => {
    proxy.setRules([{ path: "*", fault: { kind: "reset" } }]);
    const c = client();
    const before = proxy.requests.length;
    const failure = await failureOf(c.get("/api/2.0/ip-access-lists"));
    expect(proxy.requests.length - before).toBe(FAST_RETRY.maxAttempts);
    expect(failure.hostUnreachable).toBe(true);
    // Further calls are not sent.
    await failureOf(c.get("/api/2.1/clusters/list"));
    expect(proxy.requests.length - before).toBe(FAST_RETRY.maxAttempts);
  });
});

describe("every credential is scrubbed from error texts (item 2, Databricks half)", () => {
  it("a server echoing the raw token (no 'Bearer') in its error, its error code and a header-like line", async () => {
    const token = CANARIES.tokenValue;
    proxy.setRules([
      {
        path: "/api/2.0/ip-access-lists",
        fault: {
          kind: "status",
          status: 400,
          body: { error_code: `BAD_${token}`, message: `token ${token} is not allowed; Authorization=${token}` },
        },
      },
      {
        path: "/api/2.1/clusters/list",
        fault: { kind: "status", status: 500, contentType: "text/html", body: `<pre>${token}</pre>` },
      },
    ]);
    const c = client({}, token);
    const failures = [
      await failureOf(c.get("/api/2.0/ip-access-lists")),
      await failureOf(c.get("/api/2.1/clusters/list")),
    ];
    for (const failure of failures) {
      expect(failure.message).not.toContain(token);
      expect(failure.reason).not.toContain(token);
      expect(failure.errorCode ?? "").not.toContain(token);
      expect(failure.message).toMatch(/redacted sha256:/);
    }
  });
});
