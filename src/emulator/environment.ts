/**
 * The emulator's environment: what surrounds the workspaces and is the same for all of them — the
 * subscription (activity-log alerts, quotas, where the hardened workspace lives), the Databricks account
 * (account IP access lists, account defaults, network policies) and the Entra tenant (Conditional Access).
 *
 *   secure  — MFA for Azure Databricks (all users but a break-glass account; phishing-resistant MFA for a
 *             nested admins group), alerts on provisioning, account IP access lists enforced, legacy
 *             features off for new workspaces, a second region for DR.
 *   sandbox — none of that: a subscription and account as they are created.
 */

import type { GraphConditionalAccessPolicy } from "../sources/graph/wire.ts";
import type { ArmActivityLogAlert, ArmComputeUsage } from "./arm-types.ts";
import type { AccountNetworkPolicyWire, DatabricksAccountData } from "./databricks-types.ts";
import { EMULATOR_RESOURCE_GROUP, EMULATOR_SUBSCRIPTION } from "./personas.ts";
import { type AccountSettings2026, accountSettings2026 } from "./platform-2026.ts";

export const ENVIRONMENT_NAMES = ["secure", "sandbox"] as const;
export type EnvironmentName = (typeof ENVIRONMENT_NAMES)[number];

export interface Environment {
  name: EnvironmentName;
  hardenedLocation: string;
  /** As GET /v1.0/identity/conditionalAccess/policies returns them (typed with the Graph v1.0 schema, wire.ts). */
  conditionalAccessPolicies: GraphConditionalAccessPolicy[];
  /** The Entra directory behind the policies' users, groups and roles (Microsoft Graph). */
  directory: Directory;
  activityLogAlerts: ArmActivityLogAlert[];
  /** Compute usages by location. */
  usages: Record<string, ArmComputeUsage[]>;
  accountIpAccessLists: DatabricksAccountData["accountIpAccessLists"];
  /** acct_ip_acl_enable; null = never set. */
  accountIpAccessListsEnabled: boolean | null;
  /** disable_legacy_features; null = never set. */
  disableLegacyFeatures: boolean | null;
  networkPolicies: DatabricksAccountData["networkPolicies"];
  /** Personal Compute, the new-workspace defaults and the account's settings v2 catalogue. */
  platform2026: AccountSettings2026;
}

/** Users by object id; groups and directory roles (by role template id) by member object ids (users or groups). */
export interface Directory {
  users: Record<string, { userPrincipalName: string; mail: string | null }>;
  groups: Record<string, string[]>;
  roles: Record<string, string[]>;
}

const DATABRICKS_APP = "2ff814a6-3304-4ab8-85cb-cd0e6f879c1d";
/** Entra groups of the secure tenant: platform admins, nested in Databricks admins. */
const DATABRICKS_ADMINS_GROUP = "0d7f5e2a-3c41-4b8e-9f26-1a5c7d9e0b31";
const PLATFORM_ADMINS_GROUP = "5e8a1c3f-7b2d-4e69-a0f4-2c6b8d1e3f52";
/** Global Administrator's role template id (the same in every tenant). */
const GLOBAL_ADMIN_ROLE = "62e90394-69f5-4237-9190-012177145e10";
/** The emergency-access account that MFA policies customarily exclude (an object id, as Graph returns it). */
const BREAK_GLASS_ACCOUNT = "6b0f3c1e-9d2a-4c55-8a1e-0b7e9e3f2a10";
const alertId = (name: string) =>
  `/subscriptions/${EMULATOR_SUBSCRIPTION}/resourceGroups/${EMULATOR_RESOURCE_GROUP}/providers/Microsoft.Insights/activityLogAlerts/${name}`;

function alert(name: string, operation: string): ArmActivityLogAlert {
  return {
    id: alertId(name),
    name,
    type: "Microsoft.Insights/ActivityLogAlerts",
    location: "Global",
    properties: {
      scopes: [`/subscriptions/${EMULATOR_SUBSCRIPTION}`],
      enabled: true,
      condition: {
        allOf: [
          { field: "category", equals: "Administrative" },
          { field: "operationName", equals: operation },
        ],
      },
      actions: {
        actionGroups: [
          {
            actionGroupId: `/subscriptions/${EMULATOR_SUBSCRIPTION}/resourceGroups/${EMULATOR_RESOURCE_GROUP}/providers/microsoft.insights/actionGroups/secops`,
          },
        ],
      },
    },
  };
}

function usages(coresUsed: number): ArmComputeUsage[] {
  return [
    {
      name: { value: "cores", localizedValue: "Total Regional vCPUs" },
      currentValue: coresUsed,
      limit: 350,
      unit: "Count",
    },
    {
      name: { value: "standardDDSv5Family", localizedValue: "Standard DDSv5 Family vCPUs" },
      currentValue: coresUsed,
      limit: 350,
      unit: "Count",
    },
    {
      name: { value: "standardNCFamily", localizedValue: "Standard NC Family vCPUs" },
      currentValue: 0,
      limit: 0,
      unit: "Count",
    },
  ];
}

function networkPolicy(
  id: string,
  restricted: boolean,
  dryRun: boolean,
  ingressRestricted: boolean | null,
): AccountNetworkPolicyWire {
  return {
    network_policy_id: id,
    egress: {
      network_access: {
        restriction_mode: restricted ? "RESTRICTED_ACCESS" : "FULL_ACCESS",
        allowed_internet_destinations: restricted
          ? [{ destination: "pypi.org", internet_destination_type: "DNS_NAME" }]
          : [],
        policy_enforcement: dryRun
          ? { enforcement_mode: "DRY_RUN", dry_run_mode_product_filter: ["DBSQL"] }
          : { enforcement_mode: "ENFORCED" },
      },
    },
    ...(ingressRestricted === null
      ? {}
      : { ingress: { public_access: { restriction_mode: ingressRestricted ? "RESTRICTED_ACCESS" : "FULL_ACCESS" } } }),
  };
}

export function buildEnvironment(name: EnvironmentName): Environment {
  const secure = name === "secure";
  return {
    name,
    hardenedLocation: secure ? "northeurope" : "westeurope",
    directory: secure
      ? {
          users: {
            [BREAK_GLASS_ACCOUNT]: { userPrincipalName: "breakglass@contoso.onmicrosoft.com", mail: null },
            "a1b2c3d4-0000-4000-8000-000000000011": {
              userPrincipalName: "admin-dana@contoso.example",
              mail: "Dana.Admin@contoso.example",
            },
            "a1b2c3d4-0000-4000-8000-000000000012": { userPrincipalName: "admin-lee@contoso.example", mail: null },
            "a1b2c3d4-0000-4000-8000-000000000099": { userPrincipalName: "tenant-admin@contoso.example", mail: null },
            "a1b2c3d4-0000-4000-8000-000000000021": { userPrincipalName: "ravi@contoso.example", mail: null },
          },
          groups: {
            // The Entra group with Contributor on the default workspace (personas.ts ra-5): ravi is in it.
            "a0000000-0000-4000-8000-000000000005": ["a1b2c3d4-0000-4000-8000-000000000021"],
            [DATABRICKS_ADMINS_GROUP]: ["a1b2c3d4-0000-4000-8000-000000000011", PLATFORM_ADMINS_GROUP],
            [PLATFORM_ADMINS_GROUP]: ["a1b2c3d4-0000-4000-8000-000000000012"],
          },
          roles: { [GLOBAL_ADMIN_ROLE]: ["a1b2c3d4-0000-4000-8000-000000000099", PLATFORM_ADMINS_GROUP] },
        }
      : { users: {}, groups: {}, roles: {} },
    conditionalAccessPolicies: secure
      ? [
          {
            id: "ca-0001",
            displayName: "Require MFA for Azure Databricks",
            state: "enabled",
            conditions: {
              applications: { includeApplications: [DATABRICKS_APP], excludeApplications: [] },
              users: { includeUsers: ["All"], includeGroups: [], excludeUsers: [BREAK_GLASS_ACCOUNT] },
              clientAppTypes: ["all"],
            },
            grantControls: { operator: "OR", builtInControls: ["mfa"] },
          },
          {
            id: "ca-0003",
            displayName: "Phishing-resistant MFA for administrators",
            state: "enabled",
            conditions: {
              applications: { includeApplications: [DATABRICKS_APP], excludeApplications: [] },
              users: { includeUsers: [], includeGroups: [DATABRICKS_ADMINS_GROUP], includeRoles: [GLOBAL_ADMIN_ROLE] },
              clientAppTypes: ["all"],
            },
            grantControls: {
              operator: "AND",
              builtInControls: [],
              // The built-in strength, as Graph v1.0 expands it in grantControls (authenticationStrengthPolicy).
              authenticationStrength: {
                id: "00000000-0000-0000-0000-000000000004",
                displayName: "Phishing-resistant MFA",
                description:
                  "Phishing-resistant, Passwordless methods for the strongest authentication, such as a FIDO2 security key",
                policyType: "builtIn",
                requirementsSatisfied: "mfa",
                allowedCombinations: ["windowsHelloForBusiness", "fido2", "x509CertificateMultiFactor"],
              },
            },
          },
          {
            id: "ca-0002",
            displayName: "Block legacy authentication (report-only)",
            state: "enabledForReportingButNotEnforced",
            conditions: { applications: { includeApplications: ["All"] }, users: { includeUsers: ["All"] } },
            grantControls: { operator: "OR", builtInControls: ["block"] },
          },
        ]
      : [],
    activityLogAlerts: secure
      ? [
          alert("databricks-workspace-changes", "Microsoft.Databricks/workspaces/write"),
          alert("vm-provisioning", "Microsoft.Compute/virtualMachines/write"),
        ]
      : [],
    usages: { westeurope: usages(secure ? 40 : 336), northeurope: usages(8) },
    accountIpAccessLists: secure
      ? [
          {
            list_id: "acct-ial-1",
            label: "corp",
            list_type: "ALLOW",
            ip_addresses: ["203.0.113.0/24"],
            address_count: 1,
            enabled: true,
          },
        ]
      : [],
    accountIpAccessListsEnabled: secure ? true : null,
    disableLegacyFeatures: secure ? true : null,
    platform2026: accountSettings2026(secure),
    networkPolicies: {
      "default-policy": networkPolicy("default-policy", false, false, secure ? null : false),
      "restricted-egress": networkPolicy("restricted-egress", true, false, true),
      "dry-run-egress": networkPolicy("dry-run-egress", true, true, null),
    },
  };
}
