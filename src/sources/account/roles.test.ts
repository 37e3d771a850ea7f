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

/** A rule set answered with a 500 (after the transport's retries). */
const BROKEN = "broken";

function stub(ruleSets: Record<string, { role: string; principals: string[] }[] | typeof BROKEN>): ReadOnlyApiClient {
  const base = `/api/2.0/accounts/${ACCOUNT}/scim/v2`;
  const scim = (Resources: unknown[]) => ({ totalResults: Resources.length, startIndex: 1, Resources });
  const get = async (path: string, query: Record<string, string> = {}) => {
    if (path === `${base}/Users`) return scim([{ id: "1", userName: "ola@contoso.example" }]);
    if (path === `${base}/Groups`)
      return scim([{ id: "8001", displayName: "analysts", members: [{ value: "1", $ref: "Users/1" }] }]);
    if (path.endsWith("/access-control/rule-sets")) {
      const rules = ruleSets[query.name ?? ""];
      if (rules === BROKEN)
        throw new ApiFailure({
          endpoint: `GET ${path}`,
          kind: "throttled",
          status: 500,
          errorCode: "INTERNAL_ERROR",
          detail: "try again (gave up after 3 attempts)",
        });
      if (rules) return { name: query.name, etag: "e", grant_rules: rules };
      throw new ApiFailure({ endpoint: `GET ${path}`, kind: "http", status: 404, errorCode: "NOT_FOUND", detail: "" });
    }
    throw new Error(`unexpected GET ${path}`);
  };
  return { get, scrub: (text: string) => text } as unknown as ReadOnlyApiClient;
}

const SP2 = "11111111-aaaa-4bbb-8ccc-000000000002";

const read = (ruleSets: Parameters<typeof stub>[0], problems: Problem[] = []) =>
  readAccountRoles(stub(ruleSets), ACCOUNT, [], [{ applicationId: SP }, { applicationId: SP2 }], {}, problems);

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

describe("readAccountRoles: a rule set that could not be read", () => {
  it("one service principal's or group's: only the roles on it are unknown (ruleSetsUnread); the rest stand", async () => {
    const problems: Problem[] = [];
    const roles = await read(
      {
        [`accounts/${ACCOUNT}/servicePrincipals/${SP}/ruleSets/default`]: BROKEN,
        [`accounts/${ACCOUNT}/servicePrincipals/${SP2}/ruleSets/default`]: [
          { role: "roles/servicePrincipal.user", principals: ["users/ola@contoso.example"] },
        ],
        [`accounts/${ACCOUNT}/groups/8001/ruleSets/default`]: BROKEN,
      },
      problems,
    );
    expect(roles.servicePrincipalRoles).toMatchObject({
      status: "known",
      value: [{ servicePrincipal: SP2, principal: "ola@contoso.example", via: null }],
    });
    expect(roles.servicePrincipalRoles).not.toHaveProperty("partial");
    expect(roles.groupRoles).toMatchObject({ status: "known", value: [] });
    expect(roles.ruleSetsUnread).toEqual([
      { kind: "servicePrincipal", name: SP, reason: expect.stringMatching(/HTTP 500 INTERNAL_ERROR/) },
      { kind: "group", name: "analysts", reason: expect.stringMatching(/HTTP 500 INTERNAL_ERROR/) },
    ]);
    expect(problems.map((p) => p.message)).toEqual([
      expect.stringMatching(/^1 of 2 rule sets could not be read, so the roles on those are unknown; the first: /),
      expect.stringMatching(/^1 of 1 rule sets could not be read/),
    ]);
  });

  it("the account's own: it governs every service principal and group, so both facts are unknown", async () => {
    const roles = await read({
      [`accounts/${ACCOUNT}/ruleSets/default`]: BROKEN,
      [`accounts/${ACCOUNT}/servicePrincipals/${SP2}/ruleSets/default`]: [
        { role: "roles/servicePrincipal.user", principals: ["users/ola@contoso.example"] },
      ],
    });
    expect(roles.servicePrincipalRoles).toMatchObject({ status: "unknown", reason: expect.stringMatching(/500/) });
    expect(roles.groupRoles).toMatchObject({ status: "unknown", reason: expect.stringMatching(/500/) });
    expect(roles).not.toHaveProperty("ruleSetsUnread");
  });
});
