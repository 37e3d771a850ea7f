import type { ClusterPolicy } from "../../evidence/model.ts";
import { defineCheck, fail, listSome, notApplicable, pass } from "../define.ts";
import { boundedPolicy, policyPermissions } from "../fixes.ts";
import { premiumOnly } from "../helpers.ts";

type Rule = Record<string, unknown> | undefined;

const num = (value: unknown): number | undefined =>
  typeof value === "number" ? value : typeof value === "string" && value.trim() !== "" ? Number(value) : undefined;

/** A numeric attribute the policy caps: fixed, a range with a maximum, an allowlist of numbers, or forbidden. */
function capped(rule: Rule): boolean {
  if (!rule) return false;
  switch (rule.type) {
    case "fixed":
      return Number.isFinite(num(rule.value));
    case "range":
      return Number.isFinite(num(rule.maxValue));
    case "allowlist":
      return Array.isArray(rule.values) && rule.values.length > 0 && rule.values.every((v) => Number.isFinite(num(v)));
    case "forbidden":
      return true;
    default:
      return false;
  }
}

/** A string attribute the policy pins to known values: fixed, an allowlist, or forbidden. */
function pinned(rule: Rule): boolean {
  if (!rule) return false;
  if (rule.type === "fixed") return typeof rule.value === "string" && rule.value !== "";
  if (rule.type === "allowlist") return Array.isArray(rule.values) && rule.values.length > 0;
  return rule.type === "forbidden";
}

/** Auto-termination forced: a fixed positive value, or a range with a maximum that excludes 0 (0 means never). */
function forcesTermination(rule: Rule): boolean {
  if (!rule) return false;
  if (rule.type === "fixed") return (num(rule.value) ?? 0) > 0;
  if (rule.type === "range") return Number.isFinite(num(rule.maxValue)) && (num(rule.minValue) ?? 0) > 0;
  return false;
}

/** What a policy leaves unbounded. */
export function policyGaps(policy: ClusterPolicy): string[] {
  const rule = (path: string): Rule => policy.definition[path];
  const gaps: string[] = [];
  const workers = capped(rule("num_workers"));
  const autoscale = capped(rule("autoscale.max_workers"));
  if (!workers && !autoscale) gaps.push("cluster size (neither num_workers nor autoscale.max_workers is capped)");
  else if (!workers) gaps.push("num_workers (fixed-size clusters of any size; only autoscale.max_workers is capped)");
  else if (!autoscale)
    gaps.push("autoscale.max_workers (autoscaling clusters of any size; only num_workers is capped)");
  const pool = pinned(rule("instance_pool_id"));
  if (!pinned(rule("node_type_id")) && !pool) gaps.push("worker node types (node_type_id not fixed or allow-listed)");
  if (!pinned(rule("driver_node_type_id")) && !pinned(rule("driver_instance_pool_id")) && !pool)
    gaps.push("driver node types (driver_node_type_id not fixed or allow-listed)");
  const termination = rule("autotermination_minutes");
  if (!forcesTermination(termination))
    gaps.push(
      termination?.type === "range" && Number.isFinite(num(termination.maxValue))
        ? "auto-termination (the range has no minValue above 0, and 0 disables it)"
        : "auto-termination (autotermination_minutes not fixed above 0 or bounded)",
    );
  return gaps;
}

export default defineCheck({
  meta: {
    id: "GOV-06",
    title: "Cluster policies bound size (max workers, node types) and force auto-termination",
    category: "governance",
    severity: "medium",
    profile: "high",
    threats: ["RA"],
    controls: ["AM-3"],
    mcsb: ["PV-3"],
    guide: ["Cluster policies"],
    sources: ["workspace-api", "iac"],
    rationale:
      "A policy limits resource abuse only if it caps what costs money: the number of workers (for fixed-size and autoscaling clusters alike, since each is a separate attribute), the worker and driver node types (GPU or very large VMs), and idle time. An auto-termination range without a minimum still allows 0, which means never terminate. Policies that only admins can use are not judged, since admins can create any cluster anyway.",
    remediation: {
      ui: "Compute → Policies → each listed policy → Edit: cap num_workers and autoscale.max_workers (range with maxValue), allow-list node_type_id and driver_node_type_id, and set autotermination_minutes to a range with minValue ≥ 10 and a maxValue (or a fixed value).",
      terraform: `resource "databricks_cluster_policy" "team" {
  name = "team-small"
  definition = jsonencode({
    "num_workers"             = { type = "range", maxValue = 8 }
    "autoscale.max_workers"   = { type = "range", maxValue = 8 }
    "node_type_id"            = { type = "allowlist", values = ["Standard_D4ds_v5", "Standard_D8ds_v5"] }
    "driver_node_type_id"     = { type = "allowlist", values = ["Standard_D4ds_v5", "Standard_D8ds_v5"] }
    "autotermination_minutes" = { type = "range", minValue = 10, maxValue = 120, defaultValue = 60 }
  })
}`,
      fix: (input) => ({
        resources: [boundedPolicy(input), policyPermissions(input)],
        manual: input.result.resources.length
          ? [`bound or retire the existing policies the finding names: ${input.result.resources.join(", ")}`]
          : [],
      }),
    },
  },
  evaluate(evidence, context) {
    const tier = premiumOnly(context, evidence, "cluster policies");
    if (tier) return tier;
    const policies = context.get("cluster policies", evidence.databricks.clusterPolicies);
    // A policy nobody but admins may use limits nobody; one whose users were not read is judged.
    const usable = policies.filter((policy) => policy.users === null || policy.users.length > 0);
    const adminOnly = policies.length - usable.length;
    const adminNote = adminOnly
      ? ` (${adminOnly} polic${adminOnly === 1 ? "y" : "ies"} usable only by admins not judged)`
      : "";
    if (policies.length === 0)
      return fail("no cluster policy exists: nothing bounds the clusters users create (see GOV-05)");
    if (usable.length === 0)
      return notApplicable(`no cluster policy is granted to non-admins, so none limits anyone${adminNote}`);
    const weak = usable.map((policy) => ({ policy, gaps: policyGaps(policy) })).filter(({ gaps }) => gaps.length);
    if (weak.length)
      return fail(
        `${weak.length} of ${usable.length} cluster policies leave compute unbounded: ${listSome(
          weak.map(({ policy, gaps }) => `${policy.name} (${policy.id}): ${gaps.join(", ")}`),
          3,
        )}${adminNote}`,
        weak.map(({ policy }) => `${policy.name} (${policy.id})`),
      );
    return pass(
      `all ${usable.length} cluster policies cap workers and node types and force auto-termination${adminNote}`,
      usable.map((policy) => `${policy.name} (${policy.id})`),
    );
  },
});
