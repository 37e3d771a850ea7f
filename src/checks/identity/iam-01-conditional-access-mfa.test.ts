import { checkCases } from "../../../test/support/check-cases.ts";
import { DATABRICKS_APP, k, u } from "../../../test/support/evidence.ts";
import type { ConditionalAccessPolicy } from "../../evidence/model.ts";
import check from "./iam-01-conditional-access-mfa.ts";

const policy = (overrides: Partial<ConditionalAccessPolicy>): ConditionalAccessPolicy => ({
  id: "ca-2",
  name: "candidate",
  state: "enabled",
  includeApplications: [DATABRICKS_APP],
  excludeApplications: [],
  includeUsers: ["All"],
  includeGroups: [],
  includeRoles: [],
  excludeUsers: [],
  excludeGroups: [],
  excludeRoles: [],
  clientAppTypes: ["all"],
  grantOperator: "OR",
  builtInControls: ["mfa"],
  authenticationStrength: null,
  ...overrides,
});

checkCases(check, [
  {
    name: "MFA for all users on Azure Databricks",
    status: "pass",
    resources: ["Require MFA for Azure Databricks (ca-1)"],
  },
  {
    name: "tenant-wide policy on all cloud apps",
    status: "pass",
    edit: (e) => void (e.entra.conditionalAccessPolicies = k([policy({ includeApplications: ["All"] })])),
  },
  {
    name: "authentication strength instead of the mfa control",
    status: "pass",
    edit: (e) =>
      void (e.entra.conditionalAccessPolicies = k([
        policy({ builtInControls: [], authenticationStrength: "Phishing-resistant MFA" }),
      ])),
    message: /authentication strength Phishing-resistant MFA/,
  },
  {
    name: "scoped to groups",
    status: "pass",
    edit: (e) =>
      void (e.entra.conditionalAccessPolicies = k([policy({ includeUsers: [], includeGroups: ["g-data"] })])),
    message: /users outside those groups are not covered/,
  },
  {
    name: "exclusions are named for review",
    status: "pass",
    edit: (e) =>
      void (e.entra.conditionalAccessPolicies = k([
        policy({ name: "mfa", excludeUsers: ["bg-1", "bg-2"], excludeGroups: ["g-contractors"] }),
      ])),
    message: /"mfa" excludes 2 users, 1 group — confirm these are break-glass accounts only/,
  },
  {
    name: "scoped to directory roles",
    status: "pass",
    edit: (e) =>
      void (e.entra.conditionalAccessPolicies = k([policy({ includeUsers: [], includeRoles: ["role-admin"] })])),
    message: /0 group\(s\), 1 role\(s\)/,
  },
  {
    name: "MFA and a compliant device, both required",
    status: "pass",
    edit: (e) =>
      void (e.entra.conditionalAccessPolicies = k([
        policy({ grantOperator: "AND", builtInControls: ["mfa", "compliantDevice"] }),
      ])),
  },
  {
    name: "MFA or a compliant device: the device alone suffices",
    status: "fail",
    edit: (e) =>
      void (e.entra.conditionalAccessPolicies = k([
        policy({ name: "either", grantOperator: "OR", builtInControls: ["mfa", "compliantDevice"] }),
      ])),
    message: /"either" \(MFA is one choice among mfa OR compliantDevice\)/,
  },
  {
    name: "browser sign-ins only leave the CLI and SDKs out",
    status: "fail",
    edit: (e) => void (e.entra.conditionalAccessPolicies = k([policy({ name: "web", clientAppTypes: ["browser"] })])),
    message: /"web" \(covers only browser clients\)/,
  },
  {
    name: "browser and desktop clients together count as covered",
    status: "pass",
    edit: (e) =>
      void (e.entra.conditionalAccessPolicies = k([
        policy({ clientAppTypes: ["browser", "mobileAppsAndDesktopClients"] }),
      ])),
  },
  {
    name: "report-only policy does not count",
    status: "fail",
    edit: (e) =>
      void (e.entra.conditionalAccessPolicies = k([
        policy({ name: "pilot", state: "enabledForReportingButNotEnforced" }),
      ])),
    message: /"pilot" \(report-only\)/,
    resources: ["pilot (ca-2)"],
  },
  {
    name: "enabled but only requires a compliant device",
    status: "fail",
    edit: (e) => void (e.entra.conditionalAccessPolicies = k([policy({ builtInControls: ["compliantDevice"] })])),
    message: /grants without MFA \(compliantDevice\)/,
  },
  {
    name: "all apps but Databricks excluded",
    status: "fail",
    edit: (e) =>
      void (e.entra.conditionalAccessPolicies = k([
        policy({ includeApplications: ["All"], excludeApplications: [DATABRICKS_APP] }),
      ])),
    message: /none targets the Azure Databricks application/,
  },
  {
    name: "only named users",
    status: "fail",
    edit: (e) =>
      void (e.entra.conditionalAccessPolicies = k([
        policy({ includeUsers: ["00000000-0000-0000-0000-000000000001"] }),
      ])),
    message: /covers only named users/,
  },
  {
    name: "disabled policy",
    status: "fail",
    edit: (e) => void (e.entra.conditionalAccessPolicies = k([policy({ state: "disabled" })])),
  },
  { name: "no policies", status: "fail", edit: (e) => void (e.entra.conditionalAccessPolicies = k([])) },
  {
    name: "Graph permission missing",
    status: "unknown",
    edit: (e) => void (e.entra.conditionalAccessPolicies = u("Microsoft Graph: Policy.Read.All not granted")),
    message: /Policy\.Read\.All/,
  },
  { name: "standard SKU", status: "not_applicable", edit: (e) => void (e.azure.sku = k("standard")) },
]);
