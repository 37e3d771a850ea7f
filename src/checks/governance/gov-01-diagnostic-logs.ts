import { defineCheck, fail, listSome, pass } from "../define.ts";
import { premiumOnly } from "../helpers.ts";
import { ALL_CATEGORY_GROUPS, KNOWN_DATABRICKS_LOG_CATEGORIES } from "./diagnostic-categories.ts";

export default defineCheck({
  meta: {
    id: "GOV-01",
    title: "Diagnostic logs delivered: a diagnostic setting on the workspace covers every log category",
    category: "governance",
    severity: "high",
    profile: "standard",
    threats: ["AT", "EX", "IN", "RA", "PC"],
    controls: ["LT-4", "LT-5"],
    cis: ["2.1.7"],
    sat: ["GOV-3"],
    guide: ["Azure Databricks diagnostic log delivery"],
    sources: ["arm", "iac"],
    rationale:
      "The diagnostic log is the record of who signed in, ran what, read which secret and changed which setting. Without delivery to Log Analytics, storage or Event Hubs nothing can detect an attack or reconstruct one; a setting that omits categories leaves those actions unrecorded.",
    remediation: {
      ui: "Azure portal → the workspace → Monitoring → Diagnostic settings → Add diagnostic setting: select the 'allLogs' category group and a destination (Log Analytics workspace, storage account or Event Hub).",
      terraform: `resource "azurerm_monitor_diagnostic_setting" "databricks" {
  name                       = "databricks-audit"
  target_resource_id         = azurerm_databricks_workspace.this.id
  log_analytics_workspace_id = azurerm_log_analytics_workspace.security.id

  enabled_log {
    category_group = "allLogs"
  }
}`,
    },
  },
  evaluate(evidence, context) {
    const notApplicable = premiumOnly(context, evidence, "diagnostic log delivery");
    if (notApplicable) return notApplicable;
    const settings = context.get("diagnostic settings", evidence.azure.diagnosticSettings);
    const liveCategories = context.peek("diagnostic log categories", evidence.azure.diagnosticCategories);
    const categories =
      liveCategories.status === "known" && liveCategories.value.length > 0
        ? liveCategories.value
        : [...KNOWN_DATABRICKS_LOG_CATEGORIES];
    const fromList =
      liveCategories.status === "known" && liveCategories.value.length > 0
        ? ""
        : " (category list: lakeward's built-in list, the live list could not be read)";
    const delivering = settings.filter((setting) => Object.values(setting.destinations).some(Boolean));
    if (delivering.length === 0) {
      return fail(
        settings.length
          ? `${settings.length} diagnostic setting(s) but none has a destination`
          : "no diagnostic setting: workspace activity is not logged anywhere",
        settings.map((s) => s.name),
      );
    }
    const known = new Set(categories.map((c) => c.toLowerCase()));
    const covered = new Set<string>();
    const invented: string[] = [];
    let coversAll: string | undefined;
    for (const setting of delivering) {
      for (const log of setting.logs.filter((l) => l.enabled)) {
        if (
          log.categoryGroup &&
          ALL_CATEGORY_GROUPS.some((group) => group.toLowerCase() === log.categoryGroup!.toLowerCase())
        )
          coversAll ??= `${setting.name} (${log.categoryGroup})`;
        else if (log.category && known.has(log.category.toLowerCase())) covered.add(log.category.toLowerCase());
        else if (log.category) invented.push(`${setting.name}: ${log.category}`);
      }
    }
    const inventedNote = invented.length ? `; not real category names, ignored: ${listSome(invented)}` : "";
    if (coversAll)
      return pass(
        `diagnostic setting ${coversAll} covers every log category${inventedNote}`,
        delivering.map((s) => s.name),
      );
    const missing = categories.filter((category) => !covered.has(category.toLowerCase()));
    if (missing.length === 0)
      return pass(
        `diagnostic settings cover all ${categories.length} log categories${fromList}${inventedNote}`,
        delivering.map((s) => s.name),
      );
    return fail(
      `${missing.length} of ${categories.length} log categories are not delivered: ${listSome(missing, 8)}${fromList}${inventedNote}`,
      missing,
    );
  },
});
