import { clusterSpecs, jobClusterSpecs } from "../data/compute.ts";
import { partialReader } from "../data/partial.ts";
import { defineCheck, fail, listSome, pass, undetermined } from "../define.ts";

/** Cluster sources whose runtime Databricks picks and updates itself (pipelines, SQL, model serving). */
const MANAGED_SOURCES = new Set(["PIPELINE", "PIPELINE_MAINTENANCE", "SQL", "MODELS"]);

export default defineCheck({
  meta: {
    id: "GOV-09",
    title: "All clusters and jobs on a supported Databricks Runtime",
    category: "governance",
    severity: "medium",
    profile: "standard",
    threats: [],
    controls: ["PV-6", "PV-7"],
    mcsb: ["PV-6"],
    sat: ["GOV-5"],
    guide: ["Restart clusters on a regular schedule"],
    sources: ["workspace-api", "iac"],
    rationale:
      "A runtime that has left support gets no more security fixes, and restarting a cluster on it brings back the same vulnerable image. The guide warns that out-of-support images stay usable when configured by hand or kept from before their release was hidden; a runtime version the workspace no longer offers is exactly that.",
    remediation: {
      ui: "Compute → each listed cluster → Edit → Databricks Runtime Version: pick a supported (preferably LTS) version; for jobs, edit the job's cluster. Fix spark_version to an allow-list of supported versions in cluster policies.",
      terraform: `data "databricks_spark_version" "lts" {
  long_term_support = true
}

resource "databricks_cluster" "shared" {
  # ...
  spark_version = data.databricks_spark_version.lts.id
}`,
    },
  },
  evaluate(evidence, context) {
    const reader = partialReader(context);
    const supported = reader.read("supported runtime versions", evidence.databricks.sparkVersions);
    const clusters = reader.read("clusters", evidence.databricks.clusters);
    const jobs = reader.read("jobs", evidence.databricks.jobs);
    const managed = (clusters ?? []).filter((c) => c.source && MANAGED_SOURCES.has(c.source.toUpperCase()));
    const specs = [
      ...clusterSpecs((clusters ?? []).filter((c) => !managed.includes(c))),
      ...jobClusterSpecs(jobs ?? []),
    ];
    const managedNote = managed.length
      ? ` (${managed.length} pipeline/SQL/serving cluster(s) not judged: Databricks manages their runtime)`
      : "";
    if (supported && supported.length === 0 && specs.length)
      return undetermined("the workspace listed no runtime versions, so support cannot be judged");
    const offered = new Set(supported ?? []);
    const outdated = supported
      ? specs
          .filter((spec) => spec.sparkVersion !== null && !offered.has(spec.sparkVersion))
          .map((spec) => `${spec.label} on ${spec.sparkVersion}`)
      : [];
    if (outdated.length)
      return fail(
        `${outdated.length} of ${specs.length} clusters and job clusters use a runtime the workspace no longer offers: ${listSome(outdated, 4)}${reader.note()}${managedNote}`,
        outdated,
      );
    reader.settle();
    const unstated = specs.filter((spec) => spec.sparkVersion === null).map((spec) => spec.label);
    if (unstated.length)
      return undetermined(
        `the runtime version of ${unstated.length} cluster(s) is not reported: ${listSome(unstated)}`,
        unstated,
      );
    return pass(
      specs.length
        ? `all ${specs.length} clusters and job clusters run a supported runtime${managedNote}`
        : `no clusters or job clusters${managedNote}`,
    );
  },
});
