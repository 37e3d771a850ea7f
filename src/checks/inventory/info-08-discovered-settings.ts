import type { DiscoveredSetting } from "../../evidence/model.ts";
import { sameSettingName } from "../../sources/databricks/setting-value.ts";
import { defineCheck, listSome, pass } from "../define.ts";

/**
 * Settings v2 names that a lakeward check judges (through the settings v1 or workspace-conf endpoint that
 * holds the same value, or the settings v2 value itself). Every other setting the catalogue lists is
 * recorded as not judged.
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
  genie_chat_share_policy: "DATA-32",
  allowed_apps_user_api_scopes: "GOV-24",
};

/**
 * The finding's resource is the setting's scope and name only: its value is evidence (the catalogue fact,
 * which drift compares), so a value that changes is the same setting changing, not one finding fixed and
 * another opened.
 */
export function discoveredSettingResource(scope: "workspace" | "account", name: string): string {
  return `${scope} setting ${name}`;
}

function describe(scope: "workspace" | "account", setting: DiscoveredSetting): string {
  const value =
    setting.effective.status === "known"
      ? `effective value ${setting.effective.value ?? "none"}`
      : `effective value not read (${setting.effective.reason})`;
  const preview = setting.previewPhase ? `, feature preview ${setting.previewPhase}` : "";
  return `${discoveredSettingResource(scope, setting.name)} (${value}${preview})`;
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
      "Databricks adds security settings between releases of any tool. Each scan reads the whole settings v2 catalogue (GET /api/2.1/settings-metadata, workspace and account) with every setting's effective value, so a control that shipped yesterday is on record today, its changes show in `lakeward diff` and serve's drift, and you can judge it before a check for it exists. It is an inventory: a real workspace's catalogue lists dozens of settings (many about features, not security), so a setting no check judges is recorded here, by name, with its effective value — it is not a failure and never moves the score. The result is unknown only when the catalogue itself could not be read.",
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
    const judgedByCheck = (name: string) => Object.keys(JUDGED_SETTINGS).some((j) => sameSettingName(j, name));
    const unjudged = [
      ...workspace.filter((s) => !judgedByCheck(s.name)).map((s) => ["workspace", s] as const),
      ...account.filter((s) => !judgedByCheck(s.name)).map((s) => ["account", s] as const),
    ];
    const total = workspace.length + account.length;
    const judged = total - unjudged.length;
    const unread = unjudged.filter(([, s]) => s.effective.status === "unknown").length;
    const previews = unjudged.filter(([, s]) => s.previewPhase).length;
    // Inventory, not a verdict: each unjudged setting is on record (resources, keyed by name) with its
    // value in the message and the evidence; a failure here would fail every real workspace.
    if (!unjudged.length) return pass(`${total} settings in the catalogue, every one judged by a check`);
    return pass(
      `${total} settings in the catalogue, ${judged} judged by a check; ${unjudged.length} not judged, recorded with their effective values${previews ? ` (${previews} of them feature previews)` : ""}${unread ? ` (${unread} could not be read)` : ""}: ${listSome(
        unjudged.map(([scope, s]) => describe(scope, s)),
        3,
      )}`,
      unjudged.map(([scope, s]) => discoveredSettingResource(scope, s.name)),
    );
  },
});
