import iam18 from "../identity/iam-18-service-principal-secrets.ts";
import net10 from "../network/net-10-account-ip-access-lists.ts";
import { defineCombined } from "./define.ts";

export default defineCombined({
  meta: {
    id: "CMB-03",
    title: "Account API open to the internet, to service principal secrets that never expire",
    severity: "critical",
    profile: "high",
    threats: ["AT", "EX"],
    controls: ["IM-6", "IM-2"],
    mcsb: ["NS-2", "IM-3", "IM-8"],
    guide: ["Use service principals to run production jobs", "Use IP access lists"],
    sources: ["account-api"],
    rationale:
      "Service principals with OAuth secrets run the production jobs and, often, the account's automation (workspace creation, identity sync, grants). When a secret never expires or is past its rotation (IAM-18) and the account console and API accept any address (NET-10: no account IP access lists), that secret works from anywhere, for good, with no MFA and no interactive sign-in to notice. Exposure internet × impact the principal's rights (usually account or workspace admin) × exploitability one leaked secret: critical (docs/scoring.md). Rotating to expiring secrets — or federation policies with no secret — or enforcing account IP access lists breaks the chain.",
    remediation: {
      ui: "Account console → Settings → Security → IP access lists: enable and add your egress ranges; and replace non-expiring service principal secrets (Credentials & secrets) with expiring ones or a federation policy.",
      terraform: `resource "databricks_ip_access_list" "account_corp" {
  provider     = databricks.account
  label        = "corp"
  list_type    = "ALLOW"
  ip_addresses = ["203.0.113.0/24"]
}`,
    },
  },
  parts: [iam18, net10],
});
