/**
 * readAccountRoles over a stub client (the HTTP path is in test/graph-account.test.ts): a rule-set grant whose
 * principal is in a form lakeward cannot place (iam.GrantRule.principals are users/…, groups/…,
 * servicePrincipals/…) leaves the roles partial, with the grant named — a route lakeward cannot draw is never
 * taken for "no route".
 */
import { describe, expect, it } from "vitest";
import { ApiFailure } from "../http/api-failure.ts";
import type { ReadOnlyApiClient } from "../http/databricks-client.ts";
import type { Problem } from "../problems.ts";
import { readAccountRoles } from "./roles.ts";

const ACCOUNT = "acc-1";
const SP = "11111111-aaaa-4bbb-8ccc-000000000001";

function stub(ruleSets: Record<string, { role: string; principals: string[] }[]>): ReadOnlyApiClient {
  const base = `/api/2.0/accounts/${ACCOUNT}/scim/v2`;
  const scim = (Resources: unknown[]) => ({ totalResults: Resources.length, startIndex: 1, Resources });
  const get = async (path: string, query: Record<string, string> = {}) => {
    if (path === `${base}/Users`) return scim([{ id: "1", userName: "ola@contoso.example" }]);
    if (path === `${base}/Groups`)
      return scim([{ id: "8001", displayName: "analysts", members: [{ value: "1", $ref: "Users/1" }] }]);
    if (path.endsWith("/access-control/rule-sets")) {
      const rules = ruleSets[query.name ?? ""];
      if (rules) return { name: query.name, etag: "e", grant_rules: rules };
      throw new ApiFailure({ endpoint: `GET ${path}`, kind: "http", status: 404, errorCode: "NOT_FOUND", detail: "" });
    }
    throw new Error(`unexpected GET ${path}`);
  };
  return { get, scrub: (text: string) => text } as unknown as ReadOnlyApiClient;
}

const read = (ruleSets: Parameters<typeof stub>[0]) => {
  const problems: Problem[] = [];
  return readAccountRoles(stub(ruleSets), ACCOUNT, [], [{ applicationId: SP }], {}, problems);
};

describe("readAccountRoles: rule-set grantees", () => {
  it("users/, groups/ and servicePrincipals/ grantees are placed; the facts are complete", async () => {
    const roles = await read({
      [`accounts/${ACCOUNT}/groups/8001/ruleSets/default`]: [
        { role: "roles/group.manager", principals: ["users/ola@contoso.example"] },
      ],
      [`accounts/${ACCOUNT}/servicePrincipals/${SP}/ruleSets/default`]: [
        { role: "roles/servicePrincipal.user", principals: ["groups/analysts"] },
      ],
    });
    expect(roles.groupRoles).toMatchObject({ status: "known" });
    expect(roles.groupRoles).not.toHaveProperty("partial");
    expect(roles.servicePrincipalRoles).not.toHaveProperty("partial");
    if (roles.servicePrincipalRoles.status !== "known") throw new Error("not known");
    // The group's grant reaches its member too.
    expect(roles.servicePrincipalRoles.value.map((r) => `${r.principal} via ${r.via}`)).toEqual([
      "analysts via null",
      "ola@contoso.example via analysts",
    ]);
  });

  it("a grantee in another form makes the group and service principal roles partial, naming the grant", async () => {
    const roles = await read({
      [`accounts/${ACCOUNT}/ruleSets/default`]: [
        { role: "roles/group.manager", principals: ["accounts/acc-1/workloadIdentities/ci"] },
      ],
      [`accounts/${ACCOUNT}/servicePrincipals/${SP}/ruleSets/default`]: [
        { role: "roles/servicePrincipal.manager", principals: ["ci-robot"] },
      ],
    });
    expect(roles.groupRoles).toMatchObject({
      status: "known",
      value: [],
      partial:
        "1 rule-set grant(s) name a principal in a form lakeward cannot place (roles/group.manager to accounts/acc-1/workloadIdentities/ci)",
    });
    expect(roles.servicePrincipalRoles).toMatchObject({
      status: "known",
      value: [],
      partial: expect.stringContaining("(roles/servicePrincipal.manager to ci-robot)"),
    });
  });

  it("a role lakeward does not read is not a grantee it misses", async () => {
    const roles = await read({
      [`accounts/${ACCOUNT}/groups/8001/ruleSets/default`]: [{ role: "roles/another.role", principals: ["odd"] }],
    });
    expect(roles.groupRoles).toMatchObject({ status: "known", value: [] });
    expect(roles.groupRoles).not.toHaveProperty("partial");
  });
});
