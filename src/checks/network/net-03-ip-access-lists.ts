import { defineCheck, fail, pass } from "../define.ts";
import { expr } from "../fix-types.ts";
import { ipAccessFix } from "../fixes.ts";
import { confSetting, describeSetting, isTrue, premiumOnly } from "../helpers.ts";

export default defineCheck({
  meta: {
    id: "NET-03",
    title: "Workspace IP access lists enabled, with at least one enabled ALLOW list",
    category: "network",
    severity: "high",
    profile: "standard",
    threats: ["AT"],
    controls: ["IM-6", "NS-4"],
    mcsb: ["NS-2", "IM-7"],
    sat: ["NS-5", "NS-11"],
    guide: ["Use IP access lists"],
    sources: ["workspace-api", "iac"],
    rationale:
      "IP access lists only let users and API clients in from known networks (VPN, office), so stolen credentials or tokens are useless from elsewhere. Entra ID Conditional Access is not re-evaluated for personal access tokens, which makes IP access lists the network control that covers them.",
    remediation: {
      ui: 'Workspace admin settings → Security → IP access list: enable it, after adding an ALLOW list with your VPN/office ranges (API: PATCH /api/2.0/workspace-conf {"enableIpAccessLists": "true"}).',
      terraform: `resource "databricks_workspace_conf" "this" {
  custom_config = {
    "enableIpAccessLists" = true
  }
}

resource "databricks_ip_access_list" "corporate" {
  label        = "corporate"
  list_type    = "ALLOW"
  ip_addresses = ["203.0.113.0/24"]
  depends_on   = [databricks_workspace_conf.this]
}`,
      fix: (input) => ipAccessFix(input, expr),
    },
  },
  evaluate(evidence, context) {
    const notApplicable = premiumOnly(context, evidence, "IP access lists");
    if (notApplicable) return notApplicable;
    const setting = confSetting(context, evidence, "enableIpAccessLists");
    const lists = context.get("IP access lists", evidence.databricks.ipAccessLists);
    const allowLists = lists.filter((list) => list.type === "ALLOW" && list.enabled);
    if (!isTrue(setting.value)) {
      const defined = lists.length ? `; ${lists.length} list(s) are defined but not enforced` : "";
      return fail(`IP access lists are not enforced (enableIpAccessLists ${describeSetting(setting)})${defined}`);
    }
    if (allowLists.length === 0) {
      return fail(
        "IP access lists are enforced but no enabled ALLOW list exists, so every address that is not blocked may connect",
      );
    }
    return pass(
      `IP access lists are enforced with ${allowLists.length} enabled ALLOW list(s)`,
      allowLists.map((list) => `${list.label} (${list.id})`),
    );
  },
});
