import { defineCheck, fail, pass } from "../define.ts";
import { confFix } from "../fix-types.ts";
import { confSetting, describeSetting, isTrue } from "../helpers.ts";

const HEADER_KEYS = ["enable-X-Frame-Options", "enable-X-Content-Type-Options", "enable-X-XSS-Protection"] as const;

export default defineCheck({
  meta: {
    id: "DATA-17",
    title: "Browser protections on (X-Frame-Options, X-Content-Type-Options, X-XSS-Protection)",
    category: "data",
    severity: "medium",
    profile: "standard",
    threats: ["AT"],
    controls: ["NS-4"],
    mcsb: ["PV-1"],
    guide: ["Leverage data exfiltration settings within the admin console"],
    sources: ["workspace-api", "iac"],
    rationale:
      "These response headers stop other sites from framing the workspace (clickjacking), browsers from sniffing content types, and reflected cross-site scripting. They are on unless an admin turns them off, which should not happen.",
    remediation: {
      ui: 'Workspace admin settings → Security: keep the X-Frame-Options, X-Content-Type-Options and X-XSS-Protection headers on (API: PATCH /api/2.0/workspace-conf with each key set to "true").',
      terraform: `resource "databricks_workspace_conf" "this" {
  custom_config = {
    "enable-X-Frame-Options"        = true
    "enable-X-Content-Type-Options" = true
    "enable-X-XSS-Protection"       = true
  }
}`,
      fix: confFix({
        "enable-X-Frame-Options": true,
        "enable-X-Content-Type-Options": true,
        "enable-X-XSS-Protection": true,
      }),
    },
  },
  evaluate(evidence, context) {
    const settings = HEADER_KEYS.map((key) => ({ key, setting: confSetting(context, evidence, key) }));
    const off = settings.filter(({ setting }) => !isTrue(setting.value));
    if (off.length > 0)
      return fail(
        `turned off: ${off.map(({ key, setting }) => `${key} ${describeSetting(setting)}`).join(", ")}`,
        off.map(({ key }) => key),
      );
    const defaulted = settings.filter(({ setting }) => !setting.explicit).length;
    return pass(`all three security headers are on${defaulted ? ` (${defaulted} by default, never changed)` : ""}`);
  },
});
