import { defineCheck, fail, listSome, pass, undetermined } from "../define.ts";
import { premiumOnly } from "../helpers.ts";

/** The allowlist types a workspace must have read, and the one judged when present. */
const REQUIRED_TYPES = ["LIBRARY_JAR", "LIBRARY_MAVEN"] as const;

/**
 * Whether an allowlist entry admits (nearly) everything: an empty or wildcard prefix, a bare scheme or
 * filesystem root, or the whole of /Volumes or /Workspace. Maven coordinates are prefixes of group:artifact.
 */
export function allowsEverything(type: string, entry: string): boolean {
  const value = entry.trim().replace(/\*+$/, "").replace(/\/+$/, "");
  if (value === "" || value === ":" || value === "*:*") return true;
  if (type === "LIBRARY_MAVEN") return false;
  if (/^[a-z][a-z0-9+.-]*:\/*$/i.test(value)) return true; // dbfs:/, abfss://, https://, s3://, file:/
  return ["/volumes", "/workspace", "/dbfs"].includes(value.toLowerCase());
}

export default defineCheck({
  meta: {
    id: "GOV-12",
    title: "Libraries only from approved sources (artifact allowlist / private index)",
    category: "governance",
    severity: "medium",
    profile: "high",
    threats: ["RA", "PC"],
    controls: ["AM-6"],
    mcsb: ["DS-2", "AM-5"],
    sat: ["INFO-38"],
    guide: ["Controlling libraries"],
    sources: ["workspace-api", "iac"],
    rationale:
      "A compromised or typo-squatted library runs with the cluster's data access, a common supply-chain and crypto-mining path. On standard (shared) access mode compute, Unity Catalog's artifact allowlist decides which JARs, Maven coordinates and init scripts may be used: an empty list admits nothing, and an entry such as `/Volumes/` or `abfss://` admits everything. Dedicated clusters are not governed by it; use a private package index and cluster policies there.",
    remediation: {
      ui: "Catalog Explorer → the metastore (gear icon) → Allowed JARs/Init Scripts: replace broad entries by the exact volume folders and Maven group prefixes your teams use (e.g. /Volumes/main/libs/approved/, com.example:).",
      terraform: `resource "databricks_artifact_allowlist" "jars" {
  artifact_type = "LIBRARY_JAR"
  artifact_matcher {
    artifact   = "/Volumes/main/libs/approved/"
    match_type = "PREFIX_MATCH"
  }
}

resource "databricks_artifact_allowlist" "maven" {
  artifact_type = "LIBRARY_MAVEN"
  artifact_matcher {
    artifact   = "com.example:"
    match_type = "PREFIX_MATCH"
  }
}`,
    },
  },
  evaluate(evidence, context) {
    const tier = premiumOnly(context, evidence, "Unity Catalog artifact allowlists");
    if (tier) return tier;
    const assignment = context.get("current metastore assignment", evidence.databricks.unityCatalog.assignment);
    if (!assignment)
      return fail("no Unity Catalog metastore is assigned, so no artifact allowlist governs libraries (see DATA-10)");
    const lists = context.get("artifact allowlists", evidence.databricks.unityCatalog.artifactAllowlists);
    const broad = Object.entries(lists).flatMap(([type, entries]) =>
      entries.filter((entry) => allowsEverything(type, entry)).map((entry) => `${type}: "${entry}"`),
    );
    if (broad.length)
      return fail(
        `${broad.length} allowlist entr${broad.length === 1 ? "y admits" : "ies admit"} any artifact: ${listSome(broad)}`,
        broad,
      );
    const unread = REQUIRED_TYPES.filter((type) => !(type in lists));
    if (unread.length)
      return undetermined(`the ${unread.join(" and ")} allowlist(s) were not read, so they cannot be judged`);
    const summary = Object.entries(lists)
      .map(([type, entries]) => `${type}: ${entries.length ? listSome(entries, 3) : "nothing allowed"}`)
      .join("; ");
    return pass(`artifact allowlists are specific — ${summary}`);
  },
});
