import { checkCases } from "../../../test/support/check-cases.ts";
import { k, u } from "../../../test/support/evidence.ts";
import type { WorkspaceEvidence } from "../../evidence/model.ts";
import check from "./gov-15-enhanced-security-monitoring.ts";

const allOff = (e: WorkspaceEvidence) => {
  e.databricks.settings.enhancedSecurityMonitoring = k(false);
  e.databricks.settings.complianceSecurityProfile = k({ enabled: false, standards: [] });
  e.azure.enhancedSecurity = k({
    automaticClusterUpdate: false,
    complianceSecurityProfile: false,
    complianceStandards: [],
    enhancedSecurityMonitoring: false,
  });
};

checkCases(check, [
  { name: "ESM on", status: "pass", message: /workspace setting/ },
  {
    name: "only the compliance profile on",
    status: "pass",
    edit: (e) => {
      allOff(e);
      e.databricks.settings.complianceSecurityProfile = k({ enabled: true, standards: ["HIPAA"] });
    },
    message: /compliance security profile is enabled \(HIPAA\)/,
  },
  {
    name: "on in ARM, settings unreadable",
    status: "pass",
    edit: (e) => {
      e.databricks.settings.enhancedSecurityMonitoring = u();
      e.databricks.settings.complianceSecurityProfile = u();
    },
    message: /ARM/,
  },
  { name: "all off", status: "fail", edit: allOff, message: /neither/ },
  {
    name: "off everywhere it was read, but the profile setting unreadable",
    status: "unknown",
    edit: (e) => {
      allOff(e);
      e.databricks.settings.complianceSecurityProfile = u("HTTP 403");
    },
  },
  {
    name: "settings off, ARM unreadable: the workspace settings decide",
    status: "fail",
    edit: (e) => {
      allOff(e);
      e.azure.enhancedSecurity = u();
    },
  },
  { name: "standard SKU", status: "not_applicable", edit: (e) => void (e.azure.sku = k("standard")) },
]);
