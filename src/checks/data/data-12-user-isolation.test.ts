import { describe, expect, it } from "vitest";
import { checkCases } from "../../../test/support/check-cases.ts";
import { conf, goodCluster, k, u } from "../../../test/support/evidence.ts";
import check, { ACCESS_MODE_SHARED, isNoIsolation } from "./data-12-user-isolation.ts";

checkCases(check, [
  { name: "enforced, isolated clusters", status: "pass" },
  {
    name: "a No isolation shared cluster",
    status: "fail",
    edit: (e) =>
      void (e.databricks.clusters = k([
        goodCluster(),
        goodCluster({ id: "c-none", name: "team-shared", accessMode: "NONE" }),
      ])),
    message: /1 cluster\(s\) without user isolation: team-shared/,
    resources: ["team-shared (c-none, NONE)"],
  },
  {
    name: "enforcement never set",
    status: "fail",
    edit: (e) => conf(e, "enforceUserIsolation", null),
    message: /not enforced/,
  },
  {
    name: "a LEGACY_SINGLE_USER_STANDARD cluster (neither UC nor passthrough) is not isolated (issue 11 item 3)",
    status: "fail",
    edit: (e) =>
      void (e.databricks.clusters = k([
        goodCluster({ id: "c-lss", name: "old-standard", accessMode: "LEGACY_SINGLE_USER_STANDARD" }),
      ])),
    message: /old-standard/,
  },
  { name: "setting forbidden", status: "unknown", edit: (e) => conf(e, "enforceUserIsolation", u()) },
  { name: "clusters unreadable", status: "unknown", edit: (e) => void (e.databricks.clusters = u()) },
]);

describe("isNoIsolation", () => {
  it("treats a legacy cluster without access mode and without table ACLs as shared", () => {
    expect(isNoIsolation(goodCluster({ accessMode: null }))).toBe(true);
  });
  it("accepts a legacy table-ACL cluster", () => {
    expect(
      isNoIsolation(
        goodCluster({
          accessMode: null,
          sparkConf: [
            { key: "spark.databricks.acl.dfAclsEnabled", value: "true", secretReference: false, sensitiveKey: false },
          ],
        }),
      ),
    ).toBe(false);
  });
  it.each([
    "SINGLE_USER",
    "USER_ISOLATION",
    "DATA_SECURITY_MODE_STANDARD",
    "DATA_SECURITY_MODE_DEDICATED",
    "DATA_SECURITY_MODE_AUTO",
    "LEGACY_TABLE_ACL",
    "LEGACY_PASSTHROUGH",
    "LEGACY_SINGLE_USER",
  ])("accepts %s", (mode) => {
    expect(isNoIsolation(goodCluster({ accessMode: mode }))).toBe(false);
  });
  it.each(["NONE", "LEGACY_SINGLE_USER_STANDARD", "SOME_FUTURE_MODE"])("treats %s as shared", (mode) => {
    // LEGACY_SINGLE_USER_STANDARD "provides a way that doesn't have UC nor passthrough enabled" (compute model).
    expect(isNoIsolation(goodCluster({ accessMode: mode }))).toBe(true);
  });
  it("decides exactly the access modes of the SDK's compute.DataSecurityMode (the map satisfies it in tsc)", () => {
    expect(Object.keys(ACCESS_MODE_SHARED).length).toBe(10);
  });
});
