/**
 * The classic compute a workspace defines: its clusters and the clusters its jobs declare (new_cluster /
 * job_clusters), in one shape, each with a name a report reader can find in the UI.
 */
import type { Cluster, ClusterPolicy, ConfEntry, Job } from "../../evidence/model.ts";

export interface ComputeSpec {
  /** `cluster "etl" (0101-…)` or `job "nightly" (101), cluster main`. */
  label: string;
  kind: "cluster" | "job cluster";
  sparkVersion: string | null;
  policyId: string | null;
  localDiskEncryption: boolean | null;
  tags: Record<string, string>;
  initScripts: readonly { type: string; destination: string }[];
  sparkConf: readonly ConfEntry[];
  sparkEnvVars: readonly ConfEntry[];
}

export function clusterSpecs(clusters: readonly Cluster[]): ComputeSpec[] {
  return clusters.map((cluster) => ({
    label: `cluster "${cluster.name}" (${cluster.id})`,
    kind: "cluster",
    sparkVersion: cluster.sparkVersion,
    policyId: cluster.policyId,
    localDiskEncryption: cluster.localDiskEncryption,
    tags: cluster.tags,
    initScripts: cluster.initScripts,
    sparkConf: cluster.sparkConf,
    sparkEnvVars: cluster.sparkEnvVars,
  }));
}

export function jobClusterSpecs(jobs: readonly Job[]): ComputeSpec[] {
  return jobs.flatMap((job) =>
    job.clusters.map((cluster) => ({
      label: `job "${job.name}" (${job.id}), cluster ${cluster.key}`,
      kind: "job cluster" as const,
      sparkVersion: cluster.sparkVersion,
      policyId: cluster.policyId,
      localDiskEncryption: cluster.localDiskEncryption,
      tags: cluster.tags,
      initScripts: cluster.initScripts,
      sparkConf: cluster.sparkConf,
      sparkEnvVars: cluster.sparkEnvVars,
    })),
  );
}

/** The value a Spark conf entry holds when it was kept (known non-secret keys only). */
export function confValue(entries: readonly ConfEntry[], key: string): string | undefined {
  return entries.find((entry) => entry.key === key)?.value;
}

/** A policy rule for one attribute path, e.g. `spark_conf.spark.io.encryption.enabled`. */
export type PolicyRule = Record<string, unknown>;

export function policyRule(policy: ClusterPolicy, path: string): PolicyRule | undefined {
  return policy.definition[path];
}

/** True when the policy fixes the attribute to `value` (compared as lower-case strings). */
export function policyFixes(policy: ClusterPolicy, path: string, value: string): boolean {
  const rule = policyRule(policy, path);
  return rule?.type === "fixed" && String(rule.value).toLowerCase() === value.toLowerCase();
}
