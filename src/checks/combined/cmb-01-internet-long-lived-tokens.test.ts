import { describe, expect, it } from "vitest";
import { checkCases } from "../../../test/support/check-cases.ts";
import { conf, daysAgo, goodEvidence, k, NOW, u } from "../../../test/support/evidence.ts";
import { evaluateCheck } from "../../engine/evaluate.ts";
import type { WorkspaceEvidence } from "../../evidence/model.ts";
import check from "./cmb-01-internet-long-lived-tokens.ts";

const neverExpiring = (e: WorkspaceEvidence) =>
  void (e.databricks.tokens = k([
    {
      id: "t-forever",
      createdBy: "dana@example.com",
      ownerId: "1",
      createdAt: daysAgo(3),
      expiresAt: null,
      lastUsedDay: null,
      comment: null,
    },
  ]));
const open = (e: WorkspaceEvidence) => {
  e.azure.publicNetworkAccess = k("Enabled");
  conf(e, "enableIpAccessLists", "false");
};

checkCases(check, [
  {
    name: "every part holds: critical",
    status: "fail",
    edit: (e) => {
      open(e);
      neverExpiring(e);
    },
    message: /all hold together — NET-06: .* · NET-03: .* · IAM-07: .*t-forever/,
  },
  {
    name: "an IP access list breaks the chain",
    status: "pass",
    edit: (e) => {
      e.azure.publicNetworkAccess = k("Enabled");
      neverExpiring(e);
    },
    message: /does not hold: NET-03 .* passes/,
  },
  {
    name: "expiring tokens break the chain",
    status: "pass",
    edit: open,
    message: /IAM-07 .* passes/,
  },
  {
    name: "tokens unreadable while the rest holds: unknown, never a pass",
    status: "unknown",
    edit: (e) => {
      open(e);
      e.databricks.tokens = u("HTTP 403 PERMISSION_DENIED");
    },
    message: /may hold: IAM-07 unknown: .*403.*; and NET-06, NET-03 fail/,
  },
]);

describe("CMB-01 as a combined finding", () => {
  it("is critical, names its parts, and carries the parts' evidence", () => {
    expect(check.meta.severity).toBe("critical");
    expect(check.meta.combines).toEqual(["NET-06", "NET-03", "IAM-07"]);
    const e = goodEvidence();
    open(e);
    neverExpiring(e);
    const result = evaluateCheck(check, e, { profile: "standard", now: NOW });
    expect(result.evidence.map((use) => use.label)).toEqual(
      expect.arrayContaining(["publicNetworkAccess", "personal access tokens"]),
    );
    // One finding about the workspace: the parts' own findings name the resources.
    expect(result.resources).toEqual([]);
  });
});
