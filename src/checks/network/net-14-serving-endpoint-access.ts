import { defineCheck, fail, notApplicable, pass } from "../define.ts";
import { expr } from "../fix-types.ts";
import { ipAccessFix } from "../fixes.ts";
import { confSetting, describeSetting, isTrue } from "../helpers.ts";

export default defineCheck({
  meta: {
    id: "NET-14",
    title: "Model serving endpoints reachable only through IP access lists or Private Link",
    category: "network",
    severity: "medium",
    profile: "high",
    threats: ["EX"],
    controls: ["NS-4"],
    mcsb: ["NS-2"],
    sat: ["NS-7"],
    guide: ["Use IP access lists", "Configure Azure Private Link"],
    sources: ["workspace-api", "arm"],
    rationale:
      "Model serving endpoints answer on the workspace URL with a token, so a leaked token lets anyone on the internet query a model that may have been trained on, or may retrieve, sensitive data. The endpoints inherit the workspace's front-end controls: enforced IP access lists with an ALLOW list, or public network access disabled behind front-end Private Link.",
    remediation: {
      ui: "Either Workspace admin settings → Security → IP access list: enable it with an ALLOW list of your networks; or Azure portal → the workspace → Networking → Public network access: Disabled, with a databricks_ui_api private endpoint (see NET-05/NET-06).",
      terraform: `resource "azurerm_databricks_workspace" "this" {
  # ... with a databricks_ui_api private endpoint (azurerm_private_endpoint)
  public_network_access_enabled         = false
  network_security_group_rules_required = "NoAzureDatabricksRules"
}

# or, while public access stays on:
resource "databricks_workspace_conf" "this" {
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
    const endpoints = context.get("serving endpoints", evidence.databricks.servingEndpoints);
    if (endpoints.length === 0) return notApplicable("the workspace has no model serving endpoints");
    const names = endpoints.map((endpoint) => endpoint.name);
    const publicAccess = context.peek("publicNetworkAccess", evidence.azure.publicNetworkAccess);
    if (publicAccess.status === "known" && publicAccess.value === "Disabled")
      return pass(
        `public network access to the workspace is disabled, so the ${endpoints.length} serving endpoint(s) are reachable only through Private Link`,
        names,
      );
    const setting = confSetting(context, evidence, "enableIpAccessLists");
    const lists = context.get("IP access lists", evidence.databricks.ipAccessLists);
    const allowLists = lists.filter((list) => list.type === "ALLOW" && list.enabled);
    if (isTrue(setting.value) && allowLists.length > 0)
      return pass(
        `IP access lists are enforced with ${allowLists.length} ALLOW list(s) (${allowLists.map((l) => l.label).join(", ")}), so the ${endpoints.length} serving endpoint(s) only answer known networks`,
        names,
      );
    // Neither control is shown to be on; if public access could not be read it might still be disabled.
    context.get("publicNetworkAccess", evidence.azure.publicNetworkAccess);
    const why = isTrue(setting.value)
      ? "IP access lists are enforced but no ALLOW list is enabled"
      : `IP access lists are not enforced (enableIpAccessLists ${describeSetting(setting)})`;
    return fail(
      `${endpoints.length} serving endpoint(s) are reachable from any network with a valid token: public network access is Enabled and ${why}: ${names.join(", ")}`,
      names,
    );
  },
});
