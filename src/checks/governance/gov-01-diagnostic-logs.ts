import { defineCheck, fail, listSome, pass, undetermined } from "../define.ts";
import { block, expr } from "../fix-types.ts";
import { premiumOnly } from "../helpers.ts";
import { ALL_LOGS_GROUP, KNOWN_DATABRICKS_LOG_CATEGORIES } from "./diagnostic-categories.ts";

export default defineCheck({
  meta: {
    id: "GOV-01",
    title: "Diagnostic logs delivered: a diagnostic setting on the workspace covers every log category",
    category: "governance",
    severity: "high",
    profile: "standard",
    threats: ["AT", "EX", "IN", "RA", "PC"],
    controls: ["LT-4", "LT-5"],
    mcsb: ["LT-3", "LT-5"],
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
      fix: (input) => ({
        resources: [
          {
            type: "azurerm_monitor_diagnostic_setting",
            name: "databricks",
            body: {
              name: "lakeward-audit",
              target_resource_id: expr(`${input.workspaceAddress}.id`),
              log_analytics_workspace_id: input.variable("log_analytics_workspace_id", {
                type: "string",
                description: "Id of the Log Analytics workspace (or your SIEM's) that keeps the Databricks audit logs",
              }),
              enabled_log: block({ category_group: "allLogs" }),
            },
          },
        ],
      }),
    },
  },
  evaluate(evidence, context) {
    const notApplicable = premiumOnly(context, evidence, "diagnostic log delivery");
    if (notApplicable) return notApplicable;
    const settings = context.get("diagnostic settings", evidence.azure.diagnosticSettings);
    const liveCategories = context.peek("diagnostic log categories", evidence.azure.diagnosticCategories);
    const live = liveCategories.status === "known" && liveCategories.value.length > 0;
    // Each category with the groups it belongs to (null: not known, as with the built-in list).
    const categories: { name: string; groups: string[] | null }[] = live
      ? liveCategories.value.map((category) => ({ name: category.name, groups: category.categoryGroups }))
      : KNOWN_DATABRICKS_LOG_CATEGORIES.map((name) => ({ name, groups: null }));
    const fromList = live ? "" : " (category list: lakeward's built-in list, the live list could not be read)";
    const delivering = settings.filter((setting) => Object.values(setting.destinations).some(Boolean));
    if (delivering.length === 0) {
      return fail(
        settings.length
          ? `${settings.length} diagnostic setting(s) but none has a destination`
          : "no diagnostic setting: workspace activity is not logged anywhere",
        settings.map((s) => s.name),
      );
    }
    const known = new Set(categories.map((c) => c.name.toLowerCase()));
    const covered = new Set<string>();
    const groups: { group: string; setting: string }[] = [];
    const invented: string[] = [];
    for (const setting of delivering) {
      for (const log of setting.logs.filter((l) => l.enabled)) {
        if (log.categoryGroup) groups.push({ group: log.categoryGroup, setting: setting.name });
        else if (log.category && known.has(log.category.toLowerCase())) covered.add(log.category.toLowerCase());
        else if (log.category) invented.push(`${setting.name}: ${log.category}`);
      }
    }
    // A category group covers the categories that say they belong to it (the categories API gives each its
    // categoryGroups); allLogs holds every category by definition, so it covers one whose groups are unknown.
    const viaGroup = new Map<string, string>();
    const unclear: string[] = [];
    for (const category of categories) {
      const key = category.name.toLowerCase();
      if (covered.has(key)) continue;
      const holding = groups.find(({ group }) =>
        category.groups === null
          ? group.toLowerCase() === ALL_LOGS_GROUP.toLowerCase()
          : category.groups.some((g) => g.toLowerCase() === group.toLowerCase()),
      );
      if (holding) viaGroup.set(key, `${holding.setting} (${holding.group})`);
      else if (category.groups === null && groups.length) unclear.push(category.name);
    }
    const inventedNote = invented.length ? `; not real category names, ignored: ${listSome(invented)}` : "";
    const missing = categories.filter(
      (c) => !covered.has(c.name.toLowerCase()) && !viaGroup.has(c.name.toLowerCase()) && !unclear.includes(c.name),
    );
    if (missing.length)
      return fail(
        `${missing.length} of ${categories.length} log categories are not delivered: ${listSome(
          missing.map((c) => (c.groups?.length ? `${c.name} (in ${c.groups.join(", ")})` : c.name)),
          8,
        )}${fromList}${inventedNote}`,
        missing.map((c) => c.name),
      );
    if (unclear.length)
      return undetermined(
        `category group(s) ${listSome([...new Set(groups.map((g) => `${g.setting} (${g.group})`))])} are delivered, but which of ${listSome(unclear, 8)} they hold is not known${fromList}${inventedNote}`,
        delivering.map((s) => s.name),
      );
    const via = [...new Set(viaGroup.values())];
    return pass(
      `diagnostic settings deliver all ${categories.length} log categories${
        via.length ? `, through ${listSome(via)}${covered.size ? ` and ${covered.size} named categories` : ""}` : ""
      }${fromList}${inventedNote}`,
      delivering.map((s) => s.name),
    );
  },
});
