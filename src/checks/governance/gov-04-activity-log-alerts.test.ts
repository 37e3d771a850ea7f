import { checkCases } from "../../../test/support/check-cases.ts";
import { k, u } from "../../../test/support/evidence.ts";
import type { ActivityLogAlert, WorkspaceEvidence } from "../../evidence/model.ts";
import check from "./gov-04-activity-log-alerts.ts";

const alerts = (e: WorkspaceEvidence): ActivityLogAlert[] => {
  if (e.azure.activityLogAlerts.status !== "known") throw new Error("fixture");
  return e.azure.activityLogAlerts.value;
};
const alert = (name: string, conditions: ActivityLogAlert["conditions"], enabled = true): ActivityLogAlert => ({
  id: `/subscriptions/s/providers/Microsoft.Insights/activityLogAlerts/${name}`,
  name,
  enabled,
  conditions,
  hasActions: true,
});

checkCases(check, [
  { name: "both alerts", status: "pass", message: /vm-create.*databricks-change|databricks-change.*vm-create/ },
  {
    name: "one alert on every administrative operation covers both",
    status: "pass",
    edit: (e) =>
      void (e.azure.activityLogAlerts = k([
        alert("all-admin", [{ field: "category", equals: "Administrative", containsAny: null }]),
      ])),
  },
  {
    name: "containsAny over both operations",
    status: "pass",
    edit: (e) =>
      void (e.azure.activityLogAlerts = k([
        alert("ops", [
          {
            field: "operationName",
            equals: null,
            containsAny: ["Microsoft.Compute/virtualMachines/write", "Microsoft.Databricks/workspaces/delete"],
          },
        ]),
      ])),
  },
  {
    name: "no VM alert",
    status: "fail",
    edit: (e) => void (e.azure.activityLogAlerts = k([alerts(e)[1]!])),
    message: /VM provisioning/,
    resources: ["VM provisioning (Microsoft.Compute/virtualMachines/write)"],
  },
  {
    name: "the Databricks alert is disabled",
    status: "fail",
    edit: (e) => void (alerts(e)[1]!.enabled = false),
    message: /databricks-change \(disabled\)/,
  },
  {
    name: "an alert without action group notifies nobody",
    status: "fail",
    edit: (e) => void (alerts(e)[0]!.hasActions = false),
    message: /vm-create \(no action group\)/,
  },
  {
    name: "an alert on another category does not count",
    status: "fail",
    edit: (e) =>
      void (e.azure.activityLogAlerts = k([
        alert("health", [{ field: "category", equals: "ServiceHealth", containsAny: null }]),
      ])),
  },
  {
    name: "serverless: Databricks alert alone suffices",
    status: "pass",
    edit: (e) => {
      e.azure.computeMode = k("Serverless");
      e.azure.activityLogAlerts = k([alerts(e)[1]!]);
    },
  },
  {
    name: "compute mode unknown: both are required",
    status: "fail",
    edit: (e) => {
      e.azure.computeMode = u();
      e.azure.activityLogAlerts = k([alerts(e)[1]!]);
    },
  },
  { name: "alerts unreadable", status: "unknown", edit: (e) => void (e.azure.activityLogAlerts = u()) },
]);
