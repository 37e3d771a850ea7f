import { checkCases } from "../../../test/support/check-cases.ts";
import { k, u } from "../../../test/support/evidence.ts";
import type { WorkspaceEvidence } from "../../evidence/model.ts";
import check from "./gov-10-automatic-cluster-update.ts";

const armOff = (e: WorkspaceEvidence) =>
  void (e.azure.enhancedSecurity = k({
    automaticClusterUpdate: false,
    complianceSecurityProfile: false,
    complianceStandards: [],
    enhancedSecurityMonitoring: false,
  }));

checkCases(check, [
  { name: "on", status: "pass", message: /workspace setting/ },
  {
    name: "on in ARM, setting unreadable",
    status: "pass",
    edit: (e) => void (e.databricks.settings.automaticClusterUpdate = u()),
    message: /ARM/,
  },
  {
    name: "off",
    status: "fail",
    edit: (e) => {
      armOff(e);
      e.databricks.settings.automaticClusterUpdate = k(false);
    },
    message: /disabled/,
  },
  {
    name: "off in the setting, ARM unreadable: the setting is authoritative",
    status: "fail",
    edit: (e) => {
      e.azure.enhancedSecurity = u();
      e.databricks.settings.automaticClusterUpdate = k(false);
    },
  },
  {
    name: "off in ARM, setting unreadable",
    status: "unknown",
    edit: (e) => {
      armOff(e);
      e.databricks.settings.automaticClusterUpdate = u("HTTP 403");
    },
  },
  { name: "serverless", status: "not_applicable", edit: (e) => void (e.azure.computeMode = k("Serverless")) },
  { name: "standard SKU", status: "not_applicable", edit: (e) => void (e.azure.sku = k("standard")) },
]);
