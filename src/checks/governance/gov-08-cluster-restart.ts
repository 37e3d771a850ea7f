import { defineCheck, fail, listSome, pass, undetermined } from "../define.ts";
import { DAY_MS } from "../helpers.ts";

export default defineCheck({
  meta: {
    id: "GOV-08",
    title: "No cluster running longer than 7 days without restart",
    category: "governance",
    severity: "medium",
    profile: "standard",
    threats: [],
    controls: ["PV-7"],
    mcsb: ["PV-6"],
    sat: ["GOV-4"],
    guide: ["Restart clusters on a regular schedule"],
    sources: ["workspace-api"],
    rationale:
      "Azure Databricks does not live-patch cluster hosts: a cluster gets the latest images and security fixes only when it restarts. A long-running cluster keeps whatever vulnerabilities it started with.",
    remediation: {
      ui: "Compute → each listed cluster → Restart (at a quiet time). Set auto-termination on interactive clusters, and schedule restarts of long-lived ones, or turn on automatic cluster update.",
      terraform: `resource "databricks_cluster" "shared" {
  # ...
  autotermination_minutes = 60
}`,
    },
    thresholds: {
      maxUptimeDays: { default: 7, unit: "days", description: "longest a running cluster may go without a restart" },
    },
  },
  evaluate(evidence, context) {
    const clusters = context.get("clusters", evidence.databricks.clusters);
    const maxDays = context.thresholds.maxUptimeDays ?? 7;
    const running = clusters.filter((cluster) => cluster.state === "RUNNING" || cluster.state === "RESIZING");
    const stale: string[] = [];
    const undated: string[] = [];
    for (const cluster of running) {
      const since = [cluster.startTime, cluster.lastRestartedTime]
        .filter((t): t is string => t !== null)
        .map(Date.parse);
      if (since.length === 0) {
        undated.push(`${cluster.name} (${cluster.id})`);
        continue;
      }
      const days = (context.now.getTime() - Math.max(...since)) / DAY_MS;
      if (days > maxDays) stale.push(`${cluster.name} (${cluster.id}, up ${Math.floor(days)} days)`);
    }
    if (stale.length)
      return fail(
        `${stale.length} running cluster(s) not restarted for more than ${maxDays} days: ${listSome(stale, 3)}`,
        stale,
      );
    if (undated.length)
      return undetermined(`running clusters without a start or restart time: ${listSome(undated)}`, undated);
    return pass(
      running.length
        ? `all ${running.length} running clusters restarted within ${maxDays} days`
        : "no running clusters",
    );
  },
});
