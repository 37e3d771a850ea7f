import { clusterSpecs, jobClusterSpecs } from "../data/compute.ts";
import { partialReader, partialSetting } from "../data/partial.ts";
import { defineCheck, fail, listSome, pass } from "../define.ts";
import { describeSetting, isTrue } from "../helpers.ts";

const LEGACY_KEYS = ["enableDeprecatedGlobalInitScripts", "enableDeprecatedClusterNamedInitScripts"] as const;

const onDbfs = (script: { type: string; destination: string }) =>
  script.type.toLowerCase() === "dbfs" || script.destination.toLowerCase().startsWith("dbfs:");

export default defineCheck({
  meta: {
    id: "GOV-11",
    title: "Legacy global init scripts disabled; no init scripts on DBFS",
    category: "governance",
    severity: "high",
    profile: "standard",
    threats: ["IN", "RA"],
    controls: ["PV-3", "AM-6"],
    mcsb: ["PV-3", "AM-5"],
    sat: ["GOV-25", "INFO-5"],
    guide: ["Controlling libraries"],
    sources: ["workspace-api", "iac"],
    rationale:
      "An init script runs as root on every node it applies to before any user code, so whoever can change it controls the cluster and everything it can reach. Scripts on DBFS can be rewritten by any workspace user, and the legacy global and cluster-named scripts under dbfs:/databricks/init run on clusters without appearing in their configuration. Scripts belong in workspace files or Unity Catalog volumes, with access control and audit.",
    remediation: {
      ui: "Migrate legacy scripts to the global init scripts UI (Workspace admin settings → Compute → Global init scripts) or to workspace files/volumes; delete dbfs:/databricks/init. Set the legacy keys to false (PATCH /api/2.0/workspace-conf), and repoint each listed cluster's init scripts (Edit → Advanced → Init scripts) to a workspace file or volume.",
      terraform: `resource "databricks_workspace_conf" "this" {
  custom_config = {
    "enableDeprecatedGlobalInitScripts"       = false
    "enableDeprecatedClusterNamedInitScripts" = false
  }
}

resource "databricks_cluster" "shared" {
  # ...
  init_scripts {
    volumes {
      destination = "/Volumes/main/ops/init/setup.sh"
    }
  }
}`,
      fix: (input) => {
        const scripts = input.result.resources.filter((r) => /dbfs:/i.test(r));
        return {
          settings: [
            {
              resource: "databricks_workspace_conf",
              path: ["custom_config", "enableDeprecatedGlobalInitScripts"],
              value: false,
            },
            {
              resource: "databricks_workspace_conf",
              path: ["custom_config", "enableDeprecatedClusterNamedInitScripts"],
              value: false,
            },
          ],
          manual:
            scripts.length || /on DBFS/.test(input.result.message)
              ? [
                  `move cluster init scripts off DBFS to workspace files or Unity Catalog volumes and point the clusters at them: ${scripts.join(", ") || input.result.message}`,
                ]
              : [],
        };
      },
    },
  },
  evaluate(evidence, context) {
    const reader = partialReader(context);
    const problems: string[] = [];
    const offending: string[] = [];
    for (const key of LEGACY_KEYS) {
      const setting = partialSetting(context, evidence, reader, key);
      if (setting && isTrue(setting.value)) {
        problems.push(`${key} ${describeSetting(setting)}`);
        offending.push(key);
      }
    }
    const clusters = reader.read("clusters", evidence.databricks.clusters);
    const jobs = reader.read("jobs", evidence.databricks.jobs);
    const dbfsScripts = [...clusterSpecs(clusters ?? []), ...jobClusterSpecs(jobs ?? [])].flatMap((spec) =>
      spec.initScripts.filter(onDbfs).map((script) => `${spec.label}: ${script.destination}`),
    );
    if (dbfsScripts.length) {
      problems.push(`${dbfsScripts.length} cluster init script(s) on DBFS: ${listSome(dbfsScripts, 3)}`);
      offending.push(...dbfsScripts);
    }
    const legacyFiles = reader.read("DBFS /databricks/init", evidence.databricks.dbfs.initScripts);
    if (legacyFiles?.length) {
      problems.push(`${legacyFiles.length} legacy script(s) under dbfs:/databricks/init: ${listSome(legacyFiles)}`);
      offending.push(...legacyFiles);
    }
    if (problems.length) return fail(`${problems.join("; ")}${reader.note()}`, offending);
    reader.settle();
    return pass(
      "legacy init scripts are disabled, nothing is under dbfs:/databricks/init and no cluster runs an init script from DBFS",
    );
  },
});
