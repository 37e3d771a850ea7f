import { checkCases } from "../../../test/support/check-cases.ts";
import { DATABRICKS_APP, k, NO_CONDITIONS, u } from "../../../test/support/evidence.ts";
import type { ConditionalAccessPolicy, WorkspaceEvidence } from "../../evidence/model.ts";
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
  conditions: NO_CONDITIONS,
  ...overrides,
});
const narrowed = (conditions: Partial<ConditionalAccessPolicy["conditions"]>) =>
  policy({ conditions: { ...NO_CONDITIONS, ...conditions } });
const strength = (requirementsSatisfied: string | null) =>
  policy({ builtInControls: [], authenticationStrength: { name: "Custom strength", requirementsSatisfied } });

/** Each condition that narrows when a policy applies, with what IAM-01 must say about it. */
const NARROWING: [string, Partial<ConditionalAccessPolicy["conditions"]>, RegExp][] = [
  [
    "device platforms",
    { platforms: { include: ["android", "iOS"], exclude: [] } },
    /device platforms \(include android, iOS\)/,
  ],
  ["sign-in risk", { signInRiskLevels: ["high", "medium"] }, /sign-in risk high, medium/],
  ["user risk", { userRiskLevels: ["high"] }, /user risk high/],
  ["insider risk", { insiderRiskLevels: "elevated" }, /insider risk elevated/],
  [
    "a device filter",
    { deviceFilter: { mode: "exclude", rule: 'device.trustType -eq "ServerAD"' } },
    /a device filter \(exclude: device\.trustType/,
  ],
  [
    "workload identities",
    { clientApplications: { includeServicePrincipals: ["All"], excludeServicePrincipals: [], filter: null } },
    /workload identities \(clientApplications\), not users/,
  ],
  ["authentication flows", { authenticationFlows: "deviceCodeFlow" }, /authentication flows deviceCodeFlow/],
  ["a condition Graph v1.0 does not document", { unrecognised: ["times"] }, /condition times \(not in Graph v1\.0/],
];

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
        policy({
          builtInControls: [],
          authenticationStrength: { name: "Phishing-resistant MFA", requirementsSatisfied: "mfa" },
        }),
      ])),
    message: /authentication strength Phishing-resistant MFA/,
  },
  {
    name: "groups that hold every active workspace user (members resolved through Graph)",
    status: "pass",
    edit: (e) => {
      e.entra.conditionalAccessPolicies = k([policy({ includeUsers: [], includeGroups: ["g-data", "g-admins"] })]);
      e.entra.directoryMembers = k({
        "group:g-data": ["dana@example.com"],
        "group:g-admins": ["a@example.com", "b@example.com"],
      });
    },
    message:
      /all 3 active workspace users are covered \(members of the policies' groups and roles resolved through Microsoft Graph\)$/,
  },
  {
    name: "a workspace user outside the policy's groups is named",
    status: "fail",
    edit: (e) => {
      e.entra.conditionalAccessPolicies = k([policy({ name: "data", includeUsers: [], includeGroups: ["g-data"] })]);
      e.entra.directoryMembers = k({ "group:g-data": ["a@example.com", "b@example.com"] });
    },
    message:
      /1 of 3 active workspace users can sign in to Azure Databricks without MFA: outside \(or excluded from\) "data": dana@example\.com/,
    resources: ["user dana@example.com", "data (ca-2)"],
  },
  {
    name: "user names are compared without case; deactivated users do not count",
    status: "pass",
    edit: (e) => {
      e.entra.conditionalAccessPolicies = k([policy({ includeUsers: [], includeGroups: ["g"] })]);
      e.entra.directoryMembers = k({ "group:g": ["a@example.com", "b@example.com"] });
      const users = (e.databricks.users as { value: { userName: string; active: boolean }[] }).value;
      users[0]!.userName = "A@Example.com";
      users[2]!.active = false;
    },
    message: /all 2 active workspace users are covered/,
  },
  {
    name: "one workspace user, excluded from nothing",
    status: "pass",
    edit: (e) => {
      const users = e.databricks.users as { value: unknown[] };
      users.value = users.value.slice(0, 1);
    },
    message: /: the only active workspace user is covered$/,
  },
  {
    name: "an exclusion that leaves a workspace user out",
    status: "fail",
    edit: (e) => {
      e.entra.conditionalAccessPolicies = k([policy({ name: "mfa", excludeGroups: ["g-contractors"] })]);
      e.entra.directoryMembers = k({ "group:g-contractors": ["dana@example.com"] });
    },
    message: /1 of 3 .*dana@example\.com/,
  },
  {
    name: "a second policy covers the user the first excludes",
    status: "pass",
    edit: (e) => {
      e.entra.conditionalAccessPolicies = k([
        policy({ id: "ca-2", name: "all", excludeGroups: ["g-contractors"] }),
        policy({ id: "ca-3", name: "contractors", includeUsers: [], includeGroups: ["g-contractors"] }),
      ]);
      e.entra.directoryMembers = k({ "group:g-contractors": ["dana@example.com"] });
    },
  },
  {
    name: "scoped to groups whose members could not be read: unknown, not a pass",
    status: "unknown",
    edit: (e) => {
      e.entra.conditionalAccessPolicies = k([policy({ includeUsers: [], includeGroups: ["g-data"] })]);
      e.entra.directoryMembers = u("forbidden (HTTP 403): needs GroupMember.Read.All");
    },
    message:
      /only for members of the groups or roles named in "candidate" \(1 group\(s\), 0 role\(s\)\); whether every workspace user is one could not be read: .*GroupMember\.Read\.All/,
  },
  {
    name: "scoped to groups, workspace users unreadable: unknown",
    status: "unknown",
    edit: (e) => {
      e.entra.conditionalAccessPolicies = k([policy({ includeUsers: [], includeGroups: ["g-data"] })]);
      e.entra.directoryMembers = k({ "group:g-data": ["a@example.com"] });
      e.databricks.users = u("SCIM: HTTP 403");
    },
    message: /could not be read: SCIM: HTTP 403/,
  },
  {
    name: "all users, exclusions unresolvable: they are named for review",
    status: "pass",
    edit: (e) => {
      e.entra.conditionalAccessPolicies = k([
        policy({ name: "mfa", excludeUsers: ["bg-1", "bg-2"], excludeGroups: ["g-contractors"] }),
      ]);
      e.entra.directoryMembers = u("Microsoft Graph was not read");
    },
    message: /"mfa" excludes 2 users, 1 group — confirm these are break-glass accounts only/,
  },
  {
    name: "directory roles resolved to their members",
    status: "pass",
    edit: (e) => {
      e.entra.conditionalAccessPolicies = k([policy({ includeUsers: [], includeRoles: ["role-admin"] })]);
      e.entra.directoryMembers = k({ "role:role-admin": ["a@example.com", "b@example.com", "dana@example.com"] });
    },
  },
  {
    name: "named users that are all the workspace's users",
    status: "pass",
    edit: (e) => {
      e.entra.conditionalAccessPolicies = k([policy({ includeUsers: ["u-1", "u-2", "u-3"] })]);
      e.entra.directoryMembers = k({
        "user:u-1": ["a@example.com"],
        "user:u-2": ["b@example.com"],
        "user:u-3": ["dana@example.com", "dana.smith@example.com"],
      });
    },
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
    name: "only named users, membership unknown: does not keep up with new users",
    status: "fail",
    edit: (e) => {
      e.entra.conditionalAccessPolicies = k([policy({ includeUsers: ["00000000-0000-0000-0000-000000000001"] })]);
      e.entra.directoryMembers = u("Microsoft Graph was not read");
    },
    message: /covers only named users/,
  },
  {
    name: "named users that leave workspace users out",
    status: "fail",
    edit: (e) => {
      e.entra.conditionalAccessPolicies = k([policy({ includeUsers: ["u-1"] })]);
      e.entra.directoryMembers = k({ "user:u-1": ["a@example.com"] });
    },
    message: /2 of 3 active workspace users .*b@example\.com, dana@example\.com/,
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
  {
    name: "a policy that skips trusted locations does not always apply",
    status: "fail",
    edit: (e) =>
      void (e.entra.conditionalAccessPolicies = k([
        narrowed({ locations: { include: ["All"], exclude: ["AllTrusted"] } }),
      ])),
    message: /applies only under locations \(include All; exclude AllTrusted\)/,
  },
  {
    name: "locations All with nothing excluded, platforms all: not narrowed",
    status: "pass",
    edit: (e) =>
      void (e.entra.conditionalAccessPolicies = k([
        narrowed({ locations: { include: ["All"], exclude: [] }, platforms: { include: ["all"], exclude: [] } }),
      ])),
  },
  ...NARROWING.map(([what, conditions, message]) => ({
    name: `a policy narrowed by ${what} does not always apply`,
    status: "fail" as const,
    edit: (e: WorkspaceEvidence) => void (e.entra.conditionalAccessPolicies = k([narrowed(conditions)])),
    message,
  })),
  {
    name: "an authentication strength that satisfies none is not MFA",
    status: "fail",
    edit: (e) => void (e.entra.conditionalAccessPolicies = k([strength("none")])),
    message: /authentication strength Custom strength does not satisfy MFA \(requirementsSatisfied none\)/,
  },
  {
    name: "an authentication strength that satisfies mfa counts",
    status: "pass",
    edit: (e) => void (e.entra.conditionalAccessPolicies = k([strength("mfa")])),
    message: /authentication strength Custom strength/,
  },
  {
    name: "an authentication strength Graph did not describe: undetermined",
    status: "unknown",
    edit: (e) => void (e.entra.conditionalAccessPolicies = k([strength(null)])),
    message: /requirementsSatisfied/,
  },
]);
