import { defineCheck, manual } from "../define.ts";

export default defineCheck({
  meta: {
    id: "MAN-02",
    title: "Disaster-recovery workspace and runbook tested",
    category: "manual",
    severity: "medium",
    profile: "high",
    threats: [],
    controls: ["BR-1", "BR-3", "GS-8"],
    mcsb: ["BR-1", "BR-4", "GS-8"],
    guide: ["Configure a disaster recovery (DR) site"],
    sources: ["attestation"],
    rationale:
      "Databricks offers no disaster-recovery service; recovery from a regional outage depends on a standby workspace in another region, the code, jobs, permissions and data replicated to it, and a runbook people have actually exercised. INFO-01 shows whether a second-region workspace exists; whether it can take over within the recovery objectives only a test shows, so it is attested.",
    remediation: {
      ui: "Define RTO/RPO for the Databricks workloads; keep a cold or warm standby workspace in the paired region (deployed from the same Terraform), replicate code (Git), job and cluster definitions, secrets and data (geo-redundant storage or Delta deep clones); write the failover runbook and run a failover test at least yearly, recording the result.",
      terraform: `# The standby workspace, deployed from the same code as the primary:
resource "azurerm_databricks_workspace" "dr" {
  name                = "ws-dr"
  resource_group_name = azurerm_resource_group.dr.name
  location            = "northeurope"
  sku                 = "premium"
  # same custom_parameters, private endpoints and CMK settings as the primary
}`,
    },
  },
  evaluate() {
    return manual(
      "attest that a disaster-recovery workspace exists in a second region (INFO-01 lists the regions), that a failover runbook covers code, jobs, secrets, permissions and data, and that it was tested within the last year against the agreed RTO/RPO. Evidence: the date and a link to the last test report.",
    );
  },
});
