import { defineCheck, fail, listSome, notApplicable, pass } from "../define.ts";
import { allowedRanges } from "../fixes.ts";
import { premiumOnly } from "../helpers.ts";

/** Prefix length of an address or CIDR entry; a bare address is a single host. */
export function prefixOf(entry: string): { version: 4 | 6; prefix: number } | undefined {
  const [address = "", bits] = entry.trim().split("/");
  const version = address.includes(":") ? 6 : /^\d{1,3}(\.\d{1,3}){3}$/.test(address) ? 4 : undefined;
  if (!version) return undefined;
  const max = version === 4 ? 32 : 128;
  if (bits === undefined) return { version, prefix: max };
  const prefix = Number(bits);
  return Number.isInteger(prefix) && prefix >= 0 && prefix <= max ? { version, prefix } : undefined;
}

export default defineCheck({
  meta: {
    id: "NET-04",
    title: "No IP access list entry allows the whole internet or an over-broad range",
    category: "network",
    severity: "high",
    profile: "standard",
    threats: ["AT"],
    controls: ["IM-6"],
    mcsb: ["NS-2", "IM-7"],
    guide: ["Use IP access lists"],
    sources: ["workspace-api", "iac"],
    rationale:
      "An ALLOW entry such as 0.0.0.0/0 or a /8 turns the IP access list into a formality: the control looks enabled while letting almost anyone connect. Allowed ranges should be the organisation's egress addresses, not whole provider blocks.",
    remediation: {
      ui: "Workspace admin settings → Security → IP access list: replace broad ALLOW entries with the specific egress ranges of your VPN and offices.",
      terraform: `resource "databricks_ip_access_list" "corporate" {
  label        = "corporate"
  list_type    = "ALLOW"
  ip_addresses = ["203.0.113.0/24"] # your egress ranges, not 0.0.0.0/0
}`,
      fix: (input) => {
        const lists = input.evidence("IP access lists");
        const broad = new Set(input.result.resources.map((r) => r.slice(0, r.lastIndexOf(": "))));
        const chosen = Array.isArray(lists)
          ? (lists as { id: string; label: string; type: string; addresses: string[] }[]).filter((l) =>
              broad.has(l.label),
            )
          : [];
        const ranges = allowedRanges(input);
        return {
          settings: chosen.map((list) => ({
            resource: "databricks_ip_access_list",
            match: { label: list.label },
            path: ["ip_addresses"],
            value: ranges,
            declare: {
              type: "databricks_ip_access_list",
              name: list.label.replace(/[^A-Za-z0-9_]/g, "_").replace(/^(\d)/, "_$1"),
              body: { label: list.label, list_type: list.type, ip_addresses: ranges },
              importId: list.id,
            },
          })),
          caution: [
            `the over-broad entries (${input.result.resources.join(", ")}) are replaced by var.allowed_ip_ranges: anyone outside those ranges is locked out once IP access lists are enforced`,
          ],
        };
      },
    },
    thresholds: {
      minPrefixV4: {
        default: 16,
        unit: "prefix bits",
        description: "IPv4 ALLOW entries must be at least this specific (a /16 passes, a /15 fails)",
      },
      minPrefixV6: {
        default: 32,
        unit: "prefix bits",
        description: "IPv6 ALLOW entries must be at least this specific",
      },
    },
  },
  evaluate(evidence, context) {
    const standardTier = premiumOnly(context, evidence, "IP access lists");
    if (standardTier) return standardTier;
    const lists = context.get("IP access lists", evidence.databricks.ipAccessLists);
    const allowLists = lists.filter((list) => list.type === "ALLOW" && list.enabled);
    if (allowLists.length === 0) return notApplicable("no enabled ALLOW list to judge (NET-03 covers their absence)");
    const { minPrefixV4 = 16, minPrefixV6 = 32 } = context.thresholds;
    const broad: string[] = [];
    const unreadable: string[] = [];
    for (const list of allowLists) {
      for (const entry of list.addresses) {
        const parsed = prefixOf(entry);
        if (!parsed) unreadable.push(`${list.label}: ${entry}`);
        else if (parsed.prefix < (parsed.version === 4 ? minPrefixV4 : minPrefixV6))
          broad.push(`${list.label}: ${entry}`);
      }
    }
    if (broad.length > 0) {
      return fail(
        `${broad.length} ALLOW entr${broad.length === 1 ? "y is" : "ies are"} broader than /${minPrefixV4} (IPv4) or /${minPrefixV6} (IPv6): ${listSome(broad)}`,
        broad,
      );
    }
    if (unreadable.length > 0) {
      return {
        status: "unknown",
        message: `entries that are not IP addresses or CIDR ranges: ${listSome(unreadable)}`,
        resources: unreadable,
      };
    }
    const entries = allowLists.reduce((sum, list) => sum + list.addresses.length, 0);
    return pass(`all ${entries} ALLOW entries are /${minPrefixV4} (IPv4) or /${minPrefixV6} (IPv6) or narrower`);
  },
});
