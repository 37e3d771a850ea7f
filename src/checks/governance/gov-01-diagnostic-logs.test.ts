import { checkCases } from "../../../test/support/check-cases.ts";
import { k, u } from "../../../test/support/evidence.ts";
import type { DiagnosticSetting } from "../../evidence/model.ts";
import check from "./gov-01-diagnostic-logs.ts";

const setting = (logs: DiagnosticSetting["logs"], destination: string | null = "law"): DiagnosticSetting => ({
  name: "diag",
  destinations: {
    logAnalyticsWorkspaceId: destination,
    storageAccountId: null,
    eventHubAuthorizationRuleId: null,
    marketplacePartnerId: null,
  },
  logs,
});
const cat = (category: string, enabled = true) => ({ category, categoryGroup: null, enabled });

checkCases(check, [
  { name: "allLogs group", status: "pass", message: /allLogs/ },
  {
    name: "audit group",
    status: "pass",
    edit: (e) =>
      void (e.azure.diagnosticSettings = k([setting([{ category: null, categoryGroup: "audit", enabled: true }])])),
  },
  {
    name: "every category listed",
    status: "pass",
    edit: (e) =>
      void (e.azure.diagnosticSettings = k([
        setting(["accounts", "clusters", "notebook", "workspace"].map((c) => cat(c))),
      ])),
  },
  {
    name: "no setting",
    status: "fail",
    edit: (e) => void (e.azure.diagnosticSettings = k([])),
    message: /no diagnostic setting/,
  },
  {
    name: "setting without destination",
    status: "fail",
    edit: (e) =>
      void (e.azure.diagnosticSettings = k([
        setting([{ category: null, categoryGroup: "allLogs", enabled: true }], null),
      ])),
    message: /none has a destination/,
  },
  {
    name: "categories missing, an invented name does not help",
    status: "fail",
    edit: (e) =>
      void (e.azure.diagnosticSettings = k([
        setting([cat("accounts"), cat("clusters"), cat("notebook"), cat("everything")]),
      ])),
    message: /1 of 4 log categories are not delivered: workspace.*not real category names, ignored: diag: everything/,
  },
  {
    name: "a disabled category does not count",
    status: "fail",
    edit: (e) =>
      void (e.azure.diagnosticSettings = k([
        setting([cat("accounts"), cat("clusters"), cat("notebook"), cat("workspace", false)]),
      ])),
  },
  {
    name: "live category list unknown: built-in list used and said",
    status: "fail",
    edit: (e) => {
      e.azure.diagnosticCategories = u();
      e.azure.diagnosticSettings = k([setting([cat("accounts"), cat("clusters"), cat("notebook"), cat("workspace")])]);
    },
    message: /built-in list/,
  },
  {
    name: "an audit group covers only the categories whose categoryGroups hold audit",
    status: "fail",
    edit: (e) => {
      e.azure.diagnosticCategories = k([
        { name: "accounts", categoryGroups: ["allLogs", "audit"] },
        { name: "clusters", categoryGroups: ["allLogs", "audit"] },
        { name: "clamAVScan", categoryGroups: ["allLogs"] },
      ]);
      e.azure.diagnosticSettings = k([setting([{ category: null, categoryGroup: "audit", enabled: true }])]);
    },
    message: /1 of 3 log categories are not delivered: clamAVScan \(in allLogs\)/,
    resources: ["clamAVScan"],
  },
  {
    name: "a category outside allLogs is not covered by allLogs",
    status: "fail",
    edit: (e) => {
      e.azure.diagnosticCategories = k([
        { name: "accounts", categoryGroups: ["allLogs", "audit"] },
        { name: "newCategory", categoryGroups: [] },
      ]);
    },
    message: /1 of 2 log categories are not delivered: newCategory/,
  },
  {
    name: "an audit group with the built-in list (groups not known): undetermined",
    status: "unknown",
    edit: (e) => {
      e.azure.diagnosticCategories = u();
      e.azure.diagnosticSettings = k([setting([{ category: null, categoryGroup: "audit", enabled: true }])]);
    },
    message: /which of .* they hold is not known \(category list: lakeward's built-in list/,
  },
  {
    name: "allLogs with the built-in list: every category, by definition",
    status: "pass",
    edit: (e) => void (e.azure.diagnosticCategories = u()),
    message: /all 53 log categories, through all \(allLogs\).*built-in list/,
  },
  {
    name: "settings unreadable",
    status: "unknown",
    edit: (e) => void (e.azure.diagnosticSettings = u("HTTP 403 AuthorizationFailed")),
  },
  { name: "standard SKU", status: "not_applicable", edit: (e) => void (e.azure.sku = k("standard")) },
]);
