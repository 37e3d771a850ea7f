/**
 * The Microsoft cloud security benchmark v1 (MCSB, the successor of the Azure Security Benchmark v2 and v3):
 * its 12 domains and 85 controls, each with its id and title as Microsoft publishes them
 * (learn.microsoft.com/security/benchmark/azure/overview, the per-domain pages mcsb-network-security … and
 * the control list of the MCSB introduction). Checks name the MCSB controls they evidence in `meta.mcsb`,
 * beside the ASB v2 ids of `meta.controls`; `lakeward coverage --framework mcsb` lists every control here,
 * covered or not.
 *
 * `baseline` records what Microsoft's "Azure security baseline for Azure Databricks" (MCSB v1,
 * learn.microsoft.com/security/benchmark/azure/baselines/azure-databricks-security-baseline, and its mapping
 * file `azure-databricks-azure-security-benchmark-v3-latest-security-baseline.xlsx` in
 * MicrosoftDocs/SecurityBenchmarks) says for the control — only what was checked against a published text:
 * the NS-1 feature of the baseline page, and the Azure Policy built-ins that the MCSB regulatory-compliance
 * initiative maps to Microsoft.Databricks (azure-docs includes/policy/standards/byrp/microsoft.databricks.md:
 * NS-2 ×4, LT-3 ×1). Where it is absent lakeward's mapping is its own reading of the control's principle.
 */

export const MCSB_DOMAINS = {
  NS: "Network security",
  IM: "Identity management",
  PA: "Privileged access",
  DP: "Data protection",
  AM: "Asset management",
  LT: "Logging and threat detection",
  IR: "Incident response",
  PV: "Posture and vulnerability management",
  ES: "Endpoint security",
  BR: "Backup and recovery",
  DS: "DevOps security",
  GS: "Governance and strategy",
} as const;

export type McsbDomain = keyof typeof MCSB_DOMAINS;

export interface McsbControl {
  id: string;
  domain: McsbDomain;
  title: string;
  /** What Microsoft's Azure Databricks baseline (or its Azure Policy mapping) names under this control. */
  baseline?: string;
}

const POLICY = "Azure Policy built-in mapped to this control for Microsoft.Databricks";

const control = (id: string, title: string, baseline?: string): McsbControl => ({
  id,
  domain: id.split("-")[0] as McsbDomain,
  title,
  ...(baseline ? { baseline } : {}),
});

export const MCSB_VERSION = "1.0";

export const MCSB_CONTROLS: readonly McsbControl[] = [
  control(
    "NS-1",
    "Establish network segmentation boundaries",
    "baseline feature: Virtual Network Integration (supported, not enabled by default, customer responsibility)",
  ),
  control(
    "NS-2",
    "Secure cloud services with network controls",
    `${POLICY}: clusters should disable public IP; workspaces should be in a virtual network, disable public network access, use private link`,
  ),
  control("NS-3", "Deploy firewall at the edge of enterprise network"),
  control("NS-4", "Deploy intrusion detection/intrusion prevention systems (IDS/IPS)"),
  control("NS-5", "Deploy DDOS protection"),
  control("NS-6", "Deploy web application firewall"),
  control("NS-7", "Simplify network security configuration"),
  control("NS-8", "Detect and disable insecure services and protocols"),
  control("NS-9", "Connect on-premises or cloud network privately"),
  control("NS-10", "Ensure Domain Name System (DNS) security"),
  control("IM-1", "Use centralized identity and authentication system"),
  control("IM-2", "Protect identity and authentication systems"),
  control("IM-3", "Manage application identities securely and automatically"),
  control("IM-4", "Authenticate server and services"),
  control("IM-5", "Use single sign-on (SSO) for application access"),
  control("IM-6", "Use strong authentication controls"),
  control("IM-7", "Restrict resource access based on conditions"),
  control("IM-8", "Restrict the exposure of credentials and secrets"),
  control("IM-9", "Secure user access to existing applications"),
  control("PA-1", "Separate and limit highly privileged/administrative users"),
  control("PA-2", "Avoid standing access for user accounts and permissions"),
  control("PA-3", "Manage lifecycle of identities and entitlements"),
  control("PA-4", "Review and reconcile user access regularly"),
  control("PA-5", "Set up emergency access"),
  control("PA-6", "Use privileged access workstations"),
  control("PA-7", "Follow just enough administration (least privilege) principle"),
  control("PA-8", "Determine access process for cloud provider support"),
  control("DP-1", "Discover, classify, and label sensitive data"),
  control("DP-2", "Monitor anomalies and threats targeting sensitive data"),
  control("DP-3", "Encrypt sensitive data in transit"),
  control("DP-4", "Enable data at rest encryption by default"),
  control("DP-5", "Use customer-managed key option in data at rest encryption when required"),
  control("DP-6", "Use a secure key management process"),
  control("DP-7", "Use a secure certificate management process"),
  control("DP-8", "Ensure security of key and certificate repository"),
  control("AM-1", "Track asset inventory and their risks"),
  control("AM-2", "Use only approved services"),
  control("AM-3", "Ensure security of asset lifecycle management"),
  control("AM-4", "Limit access to asset management"),
  control("AM-5", "Use only approved applications in virtual machine"),
  control("LT-1", "Enable threat detection capabilities"),
  control("LT-2", "Enable threat detection for identity and access management"),
  control(
    "LT-3",
    "Enable logging for security investigation",
    `${POLICY}: resource logs in Azure Databricks workspaces should be enabled`,
  ),
  control("LT-4", "Enable network logging for security investigation"),
  control("LT-5", "Centralize security log management and analysis"),
  control("LT-6", "Configure log storage retention"),
  control("LT-7", "Use approved time synchronization sources"),
  control("IR-1", "Preparation - update incident response plan and handling process"),
  control("IR-2", "Preparation - setup incident notification"),
  control("IR-3", "Detection and analysis - create incidents based on high-quality alerts"),
  control("IR-4", "Detection and analysis - investigate an incident"),
  control("IR-5", "Detection and analysis - prioritize incidents"),
  control("IR-6", "Containment, eradication and recovery - automate the incident handling"),
  control("IR-7", "Post-incident activity - conduct lesson learned and retain evidence"),
  control("PV-1", "Define and establish secure configurations"),
  control("PV-2", "Audit and enforce secure configurations"),
  control("PV-3", "Define and establish secure configurations for compute resources"),
  control("PV-4", "Audit and enforce secure configurations for compute resources"),
  control("PV-5", "Perform vulnerability assessments"),
  control("PV-6", "Rapidly and automatically remediate vulnerabilities"),
  control("PV-7", "Conduct regular red team operations"),
  control("ES-1", "Use Endpoint Detection and Response (EDR)"),
  control("ES-2", "Use modern anti-malware software"),
  control("ES-3", "Ensure anti-malware software and signatures are updated"),
  control("BR-1", "Ensure regular automated backups"),
  control("BR-2", "Protect backup and recovery data"),
  control("BR-3", "Monitor backups"),
  control("BR-4", "Regularly test backup"),
  control("DS-1", "Conduct threat modeling"),
  control("DS-2", "Ensure software supply chain security"),
  control("DS-3", "Secure DevOps infrastructure"),
  control("DS-4", "Integrate static application security testing into DevOps pipeline"),
  control("DS-5", "Integrate dynamic application security testing into DevOps pipeline"),
  control("DS-6", "Enforce security of workload throughout DevOps lifecycle"),
  control("DS-7", "Enable logging and monitoring in DevOps"),
  control("GS-1", "Align organization roles, responsibilities and accountabilities"),
  control("GS-2", "Define and implement enterprise segmentation/separation of duties strategy"),
  control("GS-3", "Define and implement data protection strategy"),
  control("GS-4", "Define and implement network security strategy"),
  control("GS-5", "Define and implement security posture management strategy"),
  control("GS-6", "Define and implement identity and privileged access strategy"),
  control("GS-7", "Define and implement logging, threat detection and incident response strategy"),
  control("GS-8", "Define and implement backup and recovery strategy"),
  control("GS-9", "Define and implement endpoint security strategy"),
  control("GS-10", "Define and implement DevOps security strategy"),
];

export const MCSB_IDS: ReadonlySet<string> = new Set(MCSB_CONTROLS.map((c) => c.id));
