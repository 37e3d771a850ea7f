import { defineCheck, fail, listSome, pass } from "../define.ts";
import { boundedPolicy, policyPermissions } from "../fixes.ts";

/** Cluster sources a person starts by hand (job and pipeline clusters end with their run). */
const INTERACTIVE = new Set(["UI", "API"]);

export default defineCheck({
  meta: {
    id: "GOV-23",
    title: "All-purpose clusters terminate when idle (auto-termination on, at most 120 minutes)",
    category: "governance",
    severity: "low",
    profile: "standard",
    threats: ["RA"],
    controls: ["AM-3"],
    mcsb: ["PV-3", "AM-1"],
    guide: ["Cluster policies"],
    sources: ["workspace-api", "iac"],
    rationale:
      "An all-purpose cluster without auto-termination runs until someone stops it: cost, a long-lived target with cached credentials and data on its disks, and a runtime that is never refreshed. A bound on idle time (enforced through a cluster policy) ends forgotten clusters on their own.",
    remediation: {
      ui: "Compute → the cluster → Edit → 'Terminate after N minutes of inactivity'; enforce it in every cluster policy (autotermination_minutes: range, maxValue 120).",
      terraform: `resource "databricks_cluster_policy" "interactive" {
  name = "interactive"
  definition = jsonencode({
    "autotermination_minutes" : { "type" : "range", "minValue" : 10, "maxValue" : 120, "defaultValue" : 60 }
  })
}`,
      // Each offending cluster by its name ("analytics (never)", "etl (240 min)"): a declared one is set to
      // 60 minutes where it is; the bounded policy (autotermination 10–120) keeps new clusters within it.
      fix: (input) => ({
        resources: [boundedPolicy(input), policyPermissions(input)],
        settings: input.result.resources.flatMap((entry) => {
          const name = /^(.*) \((?:never|\d+ min)\)$/.exec(entry)?.[1];
          if (!name) return [];
          return [
            {
              resource: "databricks_cluster",
              match: { cluster_name: name },
              path: ["autotermination_minutes"],
              value: 60,
              otherwise: `cluster "${name}": Compute → the cluster → Edit → 'Terminate after 60 minutes of inactivity' (or put it on the bounded-encrypted policy)`,
            },
          ];
        }),
      }),
    },
    thresholds: {
      maxIdleMinutes: { default: 120, unit: "minutes", description: "longest an all-purpose cluster may stay up idle" },
    },
  },
  evaluate(evidence, context) {
    const clusters = context.get("clusters", evidence.databricks.clusters);
    const max = context.thresholds.maxIdleMinutes ?? 120;
    const interactive = clusters.filter((c) => c.source === null || INTERACTIVE.has(c.source.toUpperCase()));
    const never = interactive.filter((c) => !c.autoterminationMinutes).map((c) => `${c.name} (never)`);
    const long = interactive
      .filter((c) => (c.autoterminationMinutes ?? 0) > max)
      .map((c) => `${c.name} (${c.autoterminationMinutes} min)`);
    const offending = [...never, ...long];
    if (offending.length)
      return fail(
        `${offending.length} of ${interactive.length} all-purpose clusters do not terminate within ${max} idle minutes: ${listSome(offending)}`,
        offending,
      );
    return pass(
      interactive.length
        ? `all ${interactive.length} all-purpose clusters terminate within ${max} idle minutes`
        : "no all-purpose clusters",
    );
  },
});
