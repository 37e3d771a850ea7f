import { defineCheck, fail, listSome, pass } from "../define.ts";

/** A library file on the DBFS root (not a Unity Catalog volume), which every workspace user can overwrite. */
const onDbfsRoot = (source: string) => /^dbfs:\/(?!volumes\/)/i.test(source.trim()) || /^\/dbfs\//i.test(source.trim());

export default defineCheck({
  meta: {
    id: "INFO-04",
    title: "Libraries installed on all clusters, and their sources",
    category: "inventory",
    severity: "info",
    profile: "standard",
    threats: ["RA", "PC"],
    controls: ["AM-6", "AM-2"],
    mcsb: ["AM-1", "DS-2"],
    sat: ["INFO-3"],
    guide: ["Controlling libraries"],
    sources: ["workspace-api"],
    rationale:
      "Every library installed on a cluster runs with the cluster's access to data and credentials, and a compromised package from a public repository is the guide's supply-chain example of resource abuse. The inventory of cluster libraries with their kind and source (public PyPI, Maven Central, a private index, a volume) is what a reviewer needs to spot unexpected packages and sources; GOV-12 judges whether only approved sources are allowed. The one rule here: a library file kept on the DBFS root fails, because every workspace user can overwrite it and so change the code the cluster runs (Databricks has deprecated libraries on the DBFS root).",
    remediation: {
      ui: "Compute → each cluster → Libraries: review the listed packages; uninstall what is not needed, pin versions, and install from your private repository or Unity Catalog volumes (see GOV-12 for the allowlist). Move JARs and wheels listed as on the DBFS root into a Unity Catalog volume with restricted write access and reinstall them from there.",
      terraform: `resource "databricks_library" "requests" {
  cluster_id = databricks_cluster.shared.id
  pypi {
    package = "requests==2.32.3"
    repo    = "https://pkgs.example.com/simple"
  }
}`,
    },
  },
  evaluate(evidence, context) {
    const installed = context.get("cluster libraries", evidence.databricks.clusterLibraries);
    const clusters = context.peek("clusters", evidence.databricks.clusters);
    const name = (id: string) =>
      (clusters.status === "known" ? clusters.value.find((cluster) => cluster.id === id)?.name : undefined) ?? id;
    const entries = installed.flatMap((cluster) =>
      cluster.libraries.map((library) => ({ cluster: name(cluster.clusterId), ...library })),
    );
    if (entries.length === 0)
      return pass(`no libraries are installed on any of the ${installed.length} cluster(s) read`);
    const resources = entries.map((entry) => `${entry.cluster}: ${entry.kind} ${entry.source}`);
    const onRoot = entries
      .filter((entry) => onDbfsRoot(entry.source))
      .map((e) => `${e.cluster}: ${e.kind} ${e.source}`);
    const byKind = new Map<string, number>();
    for (const entry of entries) byKind.set(entry.kind, (byKind.get(entry.kind) ?? 0) + 1);
    const withLibraries = installed.filter((cluster) => cluster.libraries.length > 0).length;
    const summary = `${entries.length} librar${entries.length === 1 ? "y" : "ies"} on ${withLibraries} cluster(s): ${[
      ...byKind.entries(),
    ]
      .map(([kind, count]) => `${kind} ${count}`)
      .join(", ")}`;
    if (onRoot.length)
      return fail(
        `${summary}; ${onRoot.length} installed from the DBFS root, which every workspace user can overwrite: ${listSome(onRoot)}`,
        resources,
      );
    return pass(summary, resources);
  },
});
