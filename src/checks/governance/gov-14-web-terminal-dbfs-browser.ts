import { partialReader, partialSetting } from "../data/partial.ts";
import { defineCheck, fail, pass } from "../define.ts";
import { confFix } from "../fix-types.ts";
import { describeSetting, isTrue } from "../helpers.ts";

const KEYS = [
  { key: "enableWebTerminal", what: "the web terminal" },
  { key: "enableDbfsFileBrowser", what: "the DBFS file browser" },
] as const;

export default defineCheck({
  meta: {
    id: "GOV-14",
    title: "Web terminal and DBFS file browser disabled",
    category: "governance",
    severity: "medium",
    profile: "high",
    threats: ["EX"],
    controls: ["PA-7"],
    mcsb: ["PA-7"],
    sat: ["DP-13"],
    guide: ["Leverage data exfiltration settings within the admin console"],
    sources: ["workspace-api", "iac"],
    rationale:
      "The web terminal gives a shell on the cluster driver, outside notebook command logging, from which files and credentials on the node can be read and sent anywhere the cluster can reach. The DBFS file browser lets users browse and download whatever sits on DBFS. Neither is needed for governed data work; turn them off where data must not leave.",
    remediation: {
      ui: "Workspace admin settings → Compute → 'Web terminal': off; Workspace admin settings → Advanced → 'DBFS File Browser': off (API: PATCH /api/2.0/workspace-conf with enableWebTerminal and enableDbfsFileBrowser set to \"false\").",
      terraform: `resource "databricks_workspace_conf" "this" {
  custom_config = {
    "enableWebTerminal"     = false
    "enableDbfsFileBrowser" = false
  }
}`,
      fix: confFix({ enableWebTerminal: false, enableDbfsFileBrowser: false }),
    },
  },
  evaluate(evidence, context) {
    const reader = partialReader(context);
    const on: string[] = [];
    const onKeys: string[] = [];
    const off: string[] = [];
    for (const { key, what } of KEYS) {
      // enableWebTerminal has no documented default: never set, it is not judged.
      const setting = partialSetting(context, evidence, reader, key);
      if (!setting) continue;
      const described = `${what} (${key} ${describeSetting(setting)})`;
      if (isTrue(setting.value)) {
        on.push(described);
        onKeys.push(key);
      } else off.push(described);
    }
    if (on.length) return fail(`enabled: ${on.join(", ")}${reader.note()}`, onKeys);
    reader.settle();
    return pass(`disabled: ${off.join(", ")}`);
  },
});
