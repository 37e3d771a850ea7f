import { describe, expect, it } from "vitest";
import { checkCases } from "../../../test/support/check-cases.ts";
import { k, u } from "../../../test/support/evidence.ts";
import type { ClusterPolicy, WorkspaceEvidence } from "../../evidence/model.ts";
import check, { policyGaps } from "./gov-06-cluster-policy-bounds.ts";

const p1 = (e: WorkspaceEvidence): ClusterPolicy => {
  if (e.databricks.clusterPolicies.status !== "known") throw new Error("fixture");
  return e.databricks.clusterPolicies.value[0]!;
};
const policy = (definition: ClusterPolicy["definition"], users: string[] | null = ["users"]): ClusterPolicy => ({
  id: "P2",
  name: "loose",
  definition,
  familyId: null,
  isDefault: false,
  users,
});

checkCases(check, [
  { name: "the fixture's policy bounds everything", status: "pass", resources: ["small-shared (P1)"] },
  {
    name: "fixed single-node policy with a fixed pool",
    status: "pass",
    edit: (e) =>
      void (e.databricks.clusterPolicies = k([
        policy({
          num_workers: { type: "fixed", value: 0 },
          "autoscale.max_workers": { type: "forbidden" },
          instance_pool_id: { type: "fixed", value: "pool-1" },
          autotermination_minutes: { type: "fixed", value: 30 },
        }),
      ])),
  },
  {
    name: "auto-termination range without a minimum allows 0",
    status: "fail",
    edit: (e) => void (p1(e).definition.autotermination_minutes = { type: "range", maxValue: 120 }),
    message: /no minValue above 0/,
    resources: ["small-shared (P1)"],
  },
  {
    name: "only autoscale capped: fixed-size clusters are unbounded",
    status: "fail",
    edit: (e) => void delete p1(e).definition.num_workers,
    message: /num_workers \(fixed-size clusters of any size/,
  },
  {
    name: "driver node type free",
    status: "fail",
    edit: (e) => void delete p1(e).definition.driver_node_type_id,
    message: /driver node types/,
  },
  {
    name: "a policy that caps nothing",
    status: "fail",
    edit: (e) => void (e.databricks.clusterPolicies = k([p1(e), policy({ spark_version: { type: "unlimited" } })])),
    message: /1 of 2 .*loose \(P2\): cluster size.*worker node types.*auto-termination/,
    resources: ["loose (P2)"],
  },
  {
    name: "a loose policy only admins can use is not judged",
    status: "pass",
    edit: (e) => void (e.databricks.clusterPolicies = k([p1(e), policy({}, [])])),
    message: /1 policy usable only by admins not judged/,
  },
  {
    name: "a loose policy whose users were not read is judged",
    status: "fail",
    edit: (e) => void (e.databricks.clusterPolicies = k([p1(e), policy({}, null)])),
  },
  { name: "no policies", status: "fail", edit: (e) => void (e.databricks.clusterPolicies = k([])) },
  { name: "policies unreadable", status: "unknown", edit: (e) => void (e.databricks.clusterPolicies = u()) },
  { name: "standard SKU", status: "not_applicable", edit: (e) => void (e.azure.sku = k("standard")) },
]);

describe("policyGaps", () => {
  it("accepts a fixed positive auto-termination and refuses a fixed 0", () => {
    const base = {
      num_workers: { type: "range", maxValue: 4 },
      "autoscale.max_workers": { type: "range", maxValue: 4 },
      node_type_id: { type: "fixed", value: "Standard_D4ds_v5" },
      driver_node_type_id: { type: "fixed", value: "Standard_D4ds_v5" },
    };
    expect(policyGaps(policy({ ...base, autotermination_minutes: { type: "fixed", value: 20 } }))).toEqual([]);
    expect(policyGaps(policy({ ...base, autotermination_minutes: { type: "fixed", value: 0 } }))).toHaveLength(1);
  });
  it("does not accept a regex as a node-type bound", () => {
    const gaps = policyGaps(policy({ node_type_id: { type: "regex", pattern: ".*" } }));
    expect(gaps.some((gap) => gap.startsWith("worker node types"))).toBe(true);
  });
});
