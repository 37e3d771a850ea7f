import iam07 from "../identity/iam-07-token-expiry.ts";
import net03 from "../network/net-03-ip-access-lists.ts";
import net06 from "../network/net-06-public-network-access.ts";
import { defineCombined } from "./define.ts";

export default defineCombined({
  meta: {
    id: "CMB-01",
    title: "Open to the internet, with no IP access list, to long-lived tokens",
    severity: "critical",
    profile: "standard",
    threats: ["AT", "EX"],
    controls: ["NS-4", "IM-7"],
    mcsb: ["NS-2", "IM-8"],
    guide: ["Use IP access lists", "Token management"],
    sources: ["arm", "workspace-api"],
    rationale:
      "Each part is a weakness of its own; together they are a door: the workspace accepts connections from the public internet (NET-06), no IP access list narrows who may connect (NET-03), and live tokens never expire or are older than 90 days (IAM-07). A token copied from a laptop, a CI log or a notebook then reads and changes data from anywhere, for as long as nobody notices — no network control, no expiry and no MFA stand between it and the workspace. Exposure internet × impact data and admin × exploitability one leaked string: critical (docs/scoring.md). Fixing any one part breaks the chain; fix the cheapest first (an IP access list, or expiring tokens).",
    remediation: {
      ui: "Break the chain at any link: Settings → Security → IP access lists (enable, add your egress ranges); or revoke tokens without expiry and set a maximum token lifetime; or disable public network access with Private Link.",
      terraform: `resource "databricks_workspace_conf" "this" {
  custom_config = {
    "enableIpAccessLists"  = "true"
    "maxTokenLifetimeDays" = "90"
  }
}

resource "databricks_ip_access_list" "corp" {
  label        = "corp"
  list_type    = "ALLOW"
  ip_addresses = ["203.0.113.0/24"]
}`,
    },
  },
  parts: [net06, net03, iam07],
});
