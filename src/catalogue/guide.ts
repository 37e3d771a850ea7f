/**
 * The structure of "Security Best Practices for Azure Databricks" (v1.1.1): the recommendations of its
 * security configuration reference (section 5), which deployment tier lists each, and the mitigations
 * of its five-part threat model (section 4). Checks name the sections they implement in `meta.guide`;
 * the coverage view and the reports join the two.
 */
import type { Threat } from "../checks/types.ts";

export type Tier = "most" | "high" | "both" | "reference";

export interface GuideSection {
  title: string;
  /**
   * Where section 3 lists it: "most deployments", "highly-secure deployments", both, or only in the
   * configuration reference.
   */
  tier: Tier;
}

export const GUIDE_SECTIONS = [
  { title: "Leverage multi-factor authentication", tier: "most" },
  { title: "Separate admin accounts from normal user accounts", tier: "most" },
  { title: "Use service principals to run production jobs", tier: "most" },
  { title: "Use IP access lists", tier: "both" },
  { title: "Configure Azure Private Link", tier: "high" },
  { title: "Azure Databricks diagnostic log delivery", tier: "most" },
  { title: "Token management", tier: "most" },
  { title: "Use Azure Active Directory tokens for remote authentication", tier: "high" },
  { title: "Ensure that all workspaces have Secure Cluster Connectivity (No Public IP / NPIP) Enabled", tier: "most" },
  { title: "Deploy Azure Databricks in your own Azure virtual network (VNet injection)", tier: "most" },
  { title: "Implement network exfiltration protections", tier: "both" },
  { title: "Avoid storing production data in DBFS", tier: "most" },
  { title: "Evaluate Private Link to access your Azure resources", tier: "reference" },
  { title: "Access Storage via Managed Identities", tier: "reference" },
  { title: "Leverage data exfiltration settings within the admin console", tier: "most" },
  { title: "Enable blob versioning, soft deletes and other data protection features", tier: "high" },
  { title: "Monitor workspace using Overwatch", tier: "reference" },
  { title: "Backup via the Databricks migration tool", tier: "most" },
  { title: "Store code in Git", tier: "both" },
  { title: "Manage code run via CI/CD", tier: "high" },
  { title: "Configure a disaster recovery (DR) site", tier: "high" },
  { title: "Isolate sensitive workloads into different workspaces", tier: "most" },
  { title: "SCIM synchronization of users and groups", tier: "high" },
  { title: "Encrypt storage accounts and restrict access", tier: "most" },
  { title: "Add a customer-managed key for managed services", tier: "high" },
  { title: "Add a customer-managed key for DBFS root", tier: "high" },
  { title: "Add a customer-managed key for managed disks", tier: "high" },
  { title: "Monitor provisioning activities in Azure Monitor", tier: "reference" },
  { title: "Customer Lockbox for Microsoft Azure", tier: "reference" },
  { title: "Azure service quotas", tier: "reference" },
  { title: "Use Unity Catalog to enhance data governance", tier: "most" },
  { title: "Use clusters that support user isolation", tier: "high" },
  { title: "Cluster policies", tier: "high" },
  { title: "Limiting cluster creation rights", tier: "reference" },
  { title: "Controlling libraries", tier: "reference" },
  { title: "Store and use secrets securely", tier: "most" },
  { title: "Configure tagging to monitor usage and enable charge-back", tier: "high" },
  { title: "Restart clusters on a regular schedule", tier: "most" },
] as const satisfies readonly GuideSection[];

export type GuideSectionTitle = (typeof GUIDE_SECTIONS)[number]["title"];

export interface Mitigation {
  /** The mitigation strategy as section 4 states it. */
  strategy: string;
  /** The configuration-reference sections it points to. */
  sections: readonly GuideSectionTitle[];
}

const NPIP = "Ensure that all workspaces have Secure Cluster Connectivity (No Public IP / NPIP) Enabled" as const;
const DIAGNOSTICS = "Azure Databricks diagnostic log delivery" as const;

/** Section 4's mitigation strategies per threat, in the guide's order. */
export const THREAT_MITIGATIONS: Record<Threat, readonly Mitigation[]> = {
  AT: [
    {
      strategy: "Strongly authenticate users (MFA with Conditional Access)",
      sections: ["Leverage multi-factor authentication"],
    },
    {
      strategy: "Remove or disable old employee accounts automatically (SCIM)",
      sections: ["SCIM synchronization of users and groups"],
    },
    {
      strategy: "Restrict network access",
      sections: [NPIP, "Use IP access lists", "Configure Azure Private Link", "Leverage multi-factor authentication"],
    },
    { strategy: "Monitor user activities", sections: [DIAGNOSTICS] },
    {
      strategy: "Manage personal access tokens",
      sections: ["Token management", "Use Azure Active Directory tokens for remote authentication"],
    },
  ],
  EX: [
    { strategy: "Network protections", sections: [NPIP, "Implement network exfiltration protections"] },
    {
      strategy: "Control data access",
      sections: [
        "Avoid storing production data in DBFS",
        "Access Storage via Managed Identities",
        "Evaluate Private Link to access your Azure resources",
      ],
    },
    {
      strategy: "Use the admin console's data exfiltration settings",
      sections: ["Leverage data exfiltration settings within the admin console"],
    },
  ],
  IN: [
    {
      strategy: "Back up data and code",
      sections: [
        "Enable blob versioning, soft deletes and other data protection features",
        "Backup via the Databricks migration tool",
      ],
    },
    { strategy: "Control what code is executed (SDLC)", sections: ["Store code in Git", "Manage code run via CI/CD"] },
    {
      strategy: "Give users only the access they need",
      sections: ["SCIM synchronization of users and groups", DIAGNOSTICS, "Use clusters that support user isolation"],
    },
    { strategy: "Secure cluster connectivity", sections: [NPIP] },
    { strategy: "Data exfiltration protections", sections: ["Implement network exfiltration protections"] },
  ],
  RA: [
    {
      strategy: "Native Azure protections (quotas, activity logs)",
      sections: ["Azure service quotas", "Monitor provisioning activities in Azure Monitor"],
    },
    {
      strategy: "Databricks protections",
      sections: [NPIP, "Cluster policies", "Limiting cluster creation rights", "Controlling libraries"],
    },
    { strategy: "Monitoring controls", sections: ["Monitor workspace using Overwatch", DIAGNOSTICS] },
  ],
  PC: [
    {
      strategy: "Databricks controls (NPIP, support-access monitoring, Customer Lockbox)",
      sections: [NPIP, DIAGNOSTICS, "Customer Lockbox for Microsoft Azure"],
    },
    { strategy: "Azure controls (activity logs)", sections: ["Monitor provisioning activities in Azure Monitor"] },
    {
      strategy: "Break-glass controls (revocable customer-managed keys)",
      sections: ["Add a customer-managed key for managed services"],
    },
  ],
};

/** The benchmark CIS items come from: its name, and the versions whose §2.1 "Azure Databricks" holds them. */
export const CIS_BENCHMARK = "CIS Microsoft Azure Foundations Benchmark";

export interface CisItem {
  id: string;
  title: string;
  /** The benchmark versions that have this item under this number (v4.0.0 numbered the section 3.1). */
  versions: readonly string[];
  assessment: "Automated" | "Manual";
  level: "Level 1" | "Level 2";
}

/**
 * CIS Microsoft Azure Foundations Benchmark v5.0.0 and v6.0.0, §2.1 "Azure Databricks" (v4.0.0 had the first
 * eight as §3.1.1–3.1.8); 2.1.12 is new in v6.0.0. Assessment status and profile level as the benchmark gives
 * them (encoded the same by Prowler's and Steampipe's CIS mappings: shared/reference/peers.md).
 */
export const CIS_ITEMS: readonly CisItem[] = [
  {
    id: "2.1.1",
    title: "Azure Databricks is deployed in a customer-managed virtual network (VNet)",
    versions: ["5.0.0", "6.0.0"],
    assessment: "Automated",
    level: "Level 1",
  },
  {
    id: "2.1.2",
    title: "Network security groups are configured for Databricks subnets",
    versions: ["5.0.0", "6.0.0"],
    assessment: "Automated",
    level: "Level 1",
  },
  {
    id: "2.1.3",
    title: "Traffic is encrypted between cluster worker nodes",
    versions: ["5.0.0", "6.0.0"],
    assessment: "Manual",
    level: "Level 2",
  },
  {
    id: "2.1.4",
    title: "Users and groups are synced from Microsoft Entra ID to Azure Databricks",
    versions: ["5.0.0", "6.0.0"],
    assessment: "Manual",
    level: "Level 1",
  },
  {
    id: "2.1.5",
    title: "Unity Catalog is configured for Azure Databricks",
    versions: ["5.0.0", "6.0.0"],
    assessment: "Manual",
    level: "Level 1",
  },
  {
    id: "2.1.6",
    title: "Usage of Personal Access Tokens is restricted and expiry is enforced",
    versions: ["5.0.0", "6.0.0"],
    assessment: "Manual",
    level: "Level 1",
  },
  {
    id: "2.1.7",
    title: "Diagnostic log delivery is configured for Azure Databricks",
    versions: ["5.0.0", "6.0.0"],
    assessment: "Automated",
    level: "Level 1",
  },
  {
    id: "2.1.8",
    title: "Critical data is encrypted with customer-managed keys (CMK)",
    versions: ["5.0.0", "6.0.0"],
    assessment: "Manual",
    level: "Level 2",
  },
  {
    id: "2.1.9",
    title: "'No Public IP' is enabled for Azure Databricks workspaces",
    versions: ["5.0.0", "6.0.0"],
    assessment: "Automated",
    level: "Level 1",
  },
  {
    id: "2.1.10",
    title: "'Allow Public Network Access' is 'Disabled'",
    versions: ["5.0.0", "6.0.0"],
    assessment: "Automated",
    level: "Level 1",
  },
  {
    id: "2.1.11",
    title: "Private endpoints are used to access Azure Databricks workspaces",
    versions: ["5.0.0", "6.0.0"],
    assessment: "Automated",
    level: "Level 2",
  },
  {
    id: "2.1.12",
    title: "Azure Databricks groups and their members are reviewed periodically",
    versions: ["6.0.0"],
    assessment: "Manual",
    level: "Level 1",
  },
];

/** "CIS Microsoft Azure Foundations Benchmark v5.0.0/v6.0.0 §2.1.6", for reports and `checks list`. */
export function cisReference(item: CisItem): string {
  return `${CIS_BENCHMARK} v${item.versions.join("/v")} §${item.id}`;
}

/** The full references of a check's CIS item ids (an id lakeward does not know is kept as it is). */
export function cisReferences(ids: readonly string[] | undefined): string[] {
  return (ids ?? []).map((id) => {
    const item = CIS_ITEMS.find((candidate) => candidate.id === id);
    return item ? cisReference(item) : `${CIS_BENCHMARK} §${id}`;
  });
}
