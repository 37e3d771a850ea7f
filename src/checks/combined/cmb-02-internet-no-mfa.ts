import iam01 from "../identity/iam-01-conditional-access-mfa.ts";
import net03 from "../network/net-03-ip-access-lists.ts";
import net06 from "../network/net-06-public-network-access.ts";
import { defineCombined } from "./define.ts";

export default defineCombined({
  meta: {
    id: "CMB-02",
    title: "Open to the internet, with no IP access list, to password-only sign-in",
    severity: "critical",
    profile: "standard",
    threats: ["AT"],
    controls: ["NS-4", "IM-4", "IM-6"],
    mcsb: ["NS-2", "IM-6", "IM-7"],
    guide: ["Leverage multi-factor authentication", "Use IP access lists"],
    sources: ["arm", "workspace-api", "graph"],
    rationale:
      "The workspace is reachable from the public internet (NET-06), no IP access list narrows who may connect (NET-03), and Conditional Access does not require MFA for Azure Databricks (IAM-01). A password sprayed, phished or reused from another breach then signs in — as an admin, if it is an admin's — from anywhere. Exposure internet × impact account takeover × exploitability one password: critical (docs/scoring.md). Requiring MFA or an IP access list breaks the chain.",
    remediation: {
      ui: "Entra admin center → Protection → Conditional Access: require MFA for the Azure Databricks application (2ff814a6-3304-4ab8-85cb-cd0e6f879c1d) for all users; or enable workspace IP access lists.",
      terraform: `resource "azuread_conditional_access_policy" "databricks_mfa" {
  display_name = "Require MFA for Azure Databricks"
  state        = "enabled"
  conditions {
    client_app_types = ["all"]
    applications { included_applications = ["2ff814a6-3304-4ab8-85cb-cd0e6f879c1d"] }
    users { included_users = ["All"] }
  }
  grant_controls {
    operator          = "OR"
    built_in_controls = ["mfa"]
  }
}

# or break the chain at the network: an IP access list (with enableIpAccessLists = "true")
resource "databricks_ip_access_list" "corp" {
  label        = "corp"
  list_type    = "ALLOW"
  ip_addresses = ["203.0.113.0/24"]
}`,
    },
  },
  parts: [net06, net03, iam01],
});
