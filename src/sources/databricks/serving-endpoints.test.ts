/**
 * readServingEndpoints over a stub client (issue 20, known limit 5): an endpoint's ACL and its configuration are
 * read at once, like every other per-object read (the client's limiter bounds what is in flight), not one after
 * the other; each still bounded by --max-acls and unread with its own reason when it fails.
 */
import { describe, expect, it } from "vitest";
import { ApiFailure } from "../http/api-failure.ts";
import type { ReadOnlyApiClient } from "../http/databricks-client.ts";
import type { Problem } from "../problems.ts";
import { readServingEndpoints } from "./platform-2026.ts";

function stub(failAcl = false) {
  let inFlight = 0;
  let most = 0;
  const asked: string[] = [];
  const get = async (path: string) => {
    asked.push(path);
    if (path === "/api/2.0/serving-endpoints")
      return { endpoints: [{ name: "gpt-proxy", id: "e1" }, { name: "no-id" }] };
    inFlight++;
    most = Math.max(most, inFlight);
    // Answer a few ticks later, so reads that are started together overlap.
    await new Promise((resolve) => setTimeout(resolve, 5));
    inFlight--;
    if (path === "/api/2.0/permissions/serving-endpoints/e1") {
      if (failAcl)
        throw new ApiFailure({
          endpoint: `GET ${path}`,
          kind: "http",
          status: 403,
          errorCode: "PERMISSION_DENIED",
          detail: "no",
        });
      return { access_control_list: [{ group_name: "users", all_permissions: [{ permission_level: "CAN_QUERY" }] }] };
    }
    if (path.startsWith("/api/2.0/serving-endpoints/"))
      return { name: path.split("/").at(-1), config: { served_entities: [{ name: "m", environment_vars: {} }] } };
    throw new Error(`unexpected GET ${path}`);
  };
  const client = { get, scrub: (text: string) => text } as unknown as ReadOnlyApiClient;
  return { client, asked, most: () => most };
}

describe("readServingEndpoints", () => {
  it("reads each endpoint's ACL and configuration at once", async () => {
    const { client, most } = stub();
    const endpoints = await readServingEndpoints(client, 200, []);
    expect(endpoints.map((e) => [e.name, e.permissions?.length ?? null, e.secretReferences])).toEqual([
      ["gpt-proxy", 1, []],
      ["no-id", null, []],
    ]);
    expect(endpoints[1]!.permissionsUnread).toMatch(/gave the endpoint no id/);
    // One after the other, at most one per endpoint would be in flight; at once, both of gpt-proxy's and no-id's.
    expect(most()).toBe(3);
  });

  it("a refused ACL is unread with its reason while the configuration beside it is read; --max-acls bounds both", async () => {
    const { client, asked } = stub(true);
    const problems: Problem[] = [];
    const [proxy] = await readServingEndpoints(client, 200, problems);
    expect(proxy!.permissions).toBeNull();
    expect(proxy!.permissionsUnread).toMatch(/403/);
    expect(proxy!.secretReferences).toEqual([]);
    expect(problems.map((p) => p.message)).toEqual([expect.stringMatching(/^1 of 1 serving endpoint ACLs/)]);
    const bounded = await readServingEndpoints(stub().client, 0, []);
    expect(bounded.map((e) => e.secretReferencesUnread)).toEqual([
      "not read: past the first 0 (--max-acls 0)",
      "not read: past the first 0 (--max-acls 0)",
    ]);
    expect(asked.filter((p) => p !== "/api/2.0/serving-endpoints")).toHaveLength(3);
  });
});
