import type { DiscoveredSetting } from "../../evidence/model.ts";
import { defineCheck, fail, listSome, pass } from "../define.ts";

/**
 * Settings v2 names that a lakeward check judges (through the settings v1 or workspace-conf endpoint that
 * holds the same value). Every other setting the catalogue lists is reported as new and not judged.
 */
export const JUDGED_SETTINGS: Readonly<Record<string, string>> = {
  restrict_workspace_admins: "IAM-12",
  automatic_cluster_update_workspace: "GOV-10",
  personal_compute: "GOV-20",
  aibi_dashboard_embedding_access_policy: "DATA-30",
  aibi_dashboard_embedding_approved_domains: "DATA-30",
  sql_results_download: "DATA-14",
  disable_legacy_access: "DATA-11",
  disable_legacy_dbfs: "DATA-09",
  disable_legacy_features: "GOV-18",
};

function describe(scope: string, setting: DiscoveredSetting): string {
  const value =
    setting.effective.status === "known"
      ? `effective value ${setting.effective.value ?? "none"}`
      : `effective value not read (${setting.effective.reason})`;
  return `new ${scope} setting ${setting.name}, ${value}, not judged`;
}

export default defineCheck({
  meta: {
    id: "INFO-08",
    title: "Settings discovered in the settings v2 catalogue that no check judges yet",
    category: "inventory",
    severity: "info",
    profile: "standard",
    threats: [],
    controls: ["PV-1", "AM-1"],
    mcsb: ["PV-1", "AM-1"],
    guide: ["Leverage data exfiltration settings within the admin console"],
    sources: ["workspace-api", "account-api"],
    rationale:
      "Databricks adds security settings between releases of any tool. Each scan reads the whole settings v2 catalogue (GET /api/2.1/settings-metadata, workspace and account) with every setting's effective value, so a control that shipped yesterday is on record today, its changes show in `lakeward diff` and serve's drift, and you can judge it before a check for it exists.",
    remediation: {
      ui: "Review each listed setting in the workspace (Settings) or account console and decide its value; tell the lakeward maintainers which ones deserve a check.",
      terraform: `resource "databricks_workspace_setting_v2" "partner_ai" {
  name = "llm_proxy_partner_powered"
  boolean_val {
    value = false
  }
}`,
    },
  },
  evaluate(evidence, context) {
    const workspace = context.get("workspace settings catalogue", evidence.databricks.discoveredSettings);
    const account = context.get("account settings catalogue", evidence.account.discoveredSettings);
    const fresh = [
      ...workspace.filter((s) => !(s.name in JUDGED_SETTINGS)).map((s) => describe("workspace", s)),
      ...account.filter((s) => !(s.name in JUDGED_SETTINGS)).map((s) => describe("account", s)),
    ];
    const total = workspace.length + account.length;
    // An INFO finding per new setting: on record (and in drift) until a check judges it.
    if (fresh.length)
      return fail(
        `${total} settings in the catalogue; ${fresh.length} not judged by any check: ${listSome(fresh, 3)}`,
        fresh,
      );
    return pass(`${total} settings in the catalogue, every one judged by a check`);
  },
});
