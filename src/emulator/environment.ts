/**
 * The emulator's environment: what surrounds the workspaces and is the same for all of them — the
 * subscription (activity-log alerts, quotas, where the hardened workspace lives), the Databricks account
 * (account IP access lists, account defaults, network policies) and the Entra tenant (Conditional Access).
 *
 *   secure  — MFA for Azure Databricks, alerts on provisioning, account IP access lists enforced, legacy
 *             features off for new workspaces, a second region for DR.
 *   sandbox — none of that: a subscription and account as they are created.
 */
import { EMULATOR_RESOURCE_GROUP, EMULATOR_SUBSCRIPTION, type Json } from "./personas.ts";

export const ENVIRONMENT_NAMES = ["secure", "sandbox"] as const;
export type EnvironmentName = (typeof ENVIRONMENT_NAMES)[number];

export interface Environment {
  name: EnvironmentName;
  hardenedLocation: string;
  conditionalAccessPolicies: Json[];
  activityLogAlerts: Json[];
  /** Compute usages by location. */
  usages: Record<string, Json[]>;
  accountIpAccessLists: Json[];
  /** acct_ip_acl_enable; null = never set. */
  accountIpAccessListsEnabled: boolean | null;
  /** disable_legacy_features; null = never set. */
  disableLegacyFeatures: boolean | null;
  networkPolicies: Record<string, Json>;
}

const DATABRICKS_APP = "2ff814a6-3304-4ab8-85cb-cd0e6f879c1d";
/** The emergency-access account that MFA policies customarily exclude (an object id, as Graph returns it). */
const BREAK_GLASS_ACCOUNT = "6b0f3c1e-9d2a-4c55-8a1e-0b7e9e3f2a10";
const alertId = (name: string) =>
  `/subscriptions/${EMULATOR_SUBSCRIPTION}/resourceGroups/${EMULATOR_RESOURCE_GROUP}/providers/Microsoft.Insights/activityLogAlerts/${name}`;

function alert(name: string, operation: string): Json {
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

function usages(coresUsed: number): Json[] {
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

function networkPolicy(id: string, restricted: boolean, dryRun: boolean, ingressRestricted: boolean | null): Json {
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
    networkPolicies: {
      "default-policy": networkPolicy("default-policy", false, false, secure ? null : false),
      "restricted-egress": networkPolicy("restricted-egress", true, false, true),
      "dry-run-egress": networkPolicy("dry-run-egress", true, true, null),
    },
  };
}
