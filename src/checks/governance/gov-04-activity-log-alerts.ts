import type { ActivityLogAlert } from "../../evidence/model.ts";
import { defineCheck, fail, listSome, pass } from "../define.ts";

interface Target {
  what: string;
  /** The operation an alert must fire on. */
  matches: (operation: string) => boolean;
  /** Resource provider and type of the operation, for alerts conditioned on those instead. */
  provider: string;
  resourceType: string;
}

const TARGETS: readonly Target[] = [
  {
    what: "Databricks workspace changes (Microsoft.Databricks/workspaces/*)",
    matches: (operation) => operation.toLowerCase().startsWith("microsoft.databricks/workspaces/"),
    provider: "microsoft.databricks",
    resourceType: "microsoft.databricks/workspaces",
  },
  {
    what: "VM provisioning (Microsoft.Compute/virtualMachines/write)",
    matches: (operation) => operation.toLowerCase() === "microsoft.compute/virtualmachines/write",
    provider: "microsoft.compute",
    resourceType: "microsoft.compute/virtualmachines",
  },
];

const values = (condition: ActivityLogAlert["conditions"][number]) =>
  [...(condition.equals !== null ? [condition.equals] : []), ...(condition.containsAny ?? [])].map((v) =>
    v.toLowerCase(),
  );

/**
 * Whether an alert's allOf conditions admit the target's events. Conditions on other fields (status,
 * caller, resource group) narrow the alert but do not stop it covering the operation.
 */
function covers(alert: ActivityLogAlert, target: Target): boolean {
  for (const condition of alert.conditions) {
    const field = condition.field.toLowerCase();
    const allowed = values(condition);
    if (field === "category" && !allowed.includes("administrative")) return false;
    if (field === "operationname" && !allowed.some((operation) => target.matches(operation))) return false;
    if (field === "resourceprovider" && !allowed.includes(target.provider)) return false;
    if (field === "resourcetype" && !allowed.includes(target.resourceType)) return false;
  }
  return true;
}

export default defineCheck({
  meta: {
    id: "GOV-04",
    title: "Azure activity-log alerts on Databricks and VM provisioning",
    category: "governance",
    severity: "medium",
    profile: "high",
    threats: ["RA", "PC"],
    controls: ["LT-1", "IR-2"],
    mcsb: ["LT-1", "IR-2"],
    guide: ["Monitor provisioning activities in Azure Monitor"],
    sources: ["arm"],
    rationale:
      "The guide's advice is to observe Databricks from outside: the Azure activity log records every change to the workspace resource and every VM the data plane provisions, independent of Databricks' own logs. An alert with an action group on those operations tells you about a weakened workspace configuration, or a burst of VMs (crypto-mining, runaway clusters), as it happens rather than at the next bill.",
    remediation: {
      ui: "Azure portal → Monitor → Alerts → Create → Alert rule: scope the subscription, signal 'Create or Update Virtual Machine (Microsoft.Compute/virtualMachines)' and another for 'Create or Update Azure Databricks Workspace', each with an action group that notifies the operations team.",
      terraform: `resource "azurerm_monitor_activity_log_alert" "vm_create" {
  name                = "vm-provisioning"
  resource_group_name = azurerm_resource_group.ops.name
  location            = "global"
  scopes              = [data.azurerm_subscription.current.id]
  criteria {
    category       = "Administrative"
    operation_name = "Microsoft.Compute/virtualMachines/write"
  }
  action {
    action_group_id = azurerm_monitor_action_group.ops.id
  }
}

resource "azurerm_monitor_activity_log_alert" "databricks_change" {
  name                = "databricks-workspace-change"
  resource_group_name = azurerm_resource_group.ops.name
  location            = "global"
  scopes              = [data.azurerm_subscription.current.id]
  criteria {
    category       = "Administrative"
    operation_name = "Microsoft.Databricks/workspaces/write"
  }
  action {
    action_group_id = azurerm_monitor_action_group.ops.id
  }
}`,
    },
  },
  evaluate(evidence, context) {
    const alerts = context.get("activity-log alerts", evidence.azure.activityLogAlerts);
    // Serverless workspaces provision no VMs in the customer's subscription; an unknown mode asks for both.
    const mode = context.peek("computeMode", evidence.azure.computeMode);
    const targets =
      mode.status === "known" && mode.value === "Serverless"
        ? TARGETS.filter((target) => !target.what.startsWith("VM"))
        : TARGETS;
    const covered: string[] = [];
    const gaps: string[] = [];
    for (const target of targets) {
      const matching = alerts.filter((alert) => covers(alert, target));
      const working = matching.filter((alert) => alert.enabled && alert.hasActions);
      if (working.length) {
        covered.push(`${target.what}: ${working.map((alert) => alert.name).join(", ")}`);
        continue;
      }
      const broken = matching.map(
        (alert) =>
          `${alert.name} (${[...(alert.enabled ? [] : ["disabled"]), ...(alert.hasActions ? [] : ["no action group"])].join(", ")})`,
      );
      gaps.push(`${target.what}${broken.length ? ` — matching but inert: ${listSome(broken)}` : ""}`);
    }
    if (gaps.length)
      return fail(
        `no enabled alert with an action covers ${gaps.join("; ")}`,
        gaps.map((gap) => gap.split(" — ")[0] ?? gap),
      );
    return pass(`activity-log alerts cover ${covered.join("; ")}`);
  },
});
