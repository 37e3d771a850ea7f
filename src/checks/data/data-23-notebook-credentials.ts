import { defineCheck, fail, listSome, pass, undetermined } from "../define.ts";

export default defineCheck({
  meta: {
    id: "DATA-23",
    title: "No hard-coded credentials in notebooks, workspace files and repos (values never stored, only fingerprints)",
    category: "data",
    severity: "high",
    profile: "standard",
    threats: ["EX", "IN"],
    controls: ["IM-7", "DP-2"],
    mcsb: ["IM-8"],
    guide: ["Store and use secrets securely", "Manage code run via CI/CD"],
    sources: ["workspace-api"],
    rationale:
      "A key or password pasted into a notebook is readable by everyone the notebook is shared with, survives in revision history, exports and Git, and is never rotated. The guide asks for credentials to live in secret scopes and for code to be scanned for hard-coded secrets; lakeward scans exported objects in memory and keeps only the location, the kind and a fingerprint of each match.",
    remediation: {
      ui: "For each listed location: move the credential into a secret scope, replace it in the code with dbutils.secrets.get(scope, key), clear the notebook's revision history (or recreate it), and rotate the exposed credential at its issuer.",
      terraform: `resource "databricks_secret_scope" "app" {
  name = "app"
}

resource "databricks_secret" "api_key" {
  scope        = databricks_secret_scope.app.name
  key          = "api-key"
  string_value = var.api_key # notebooks read it with dbutils.secrets.get("app", "api-key")
}`,
    },
  },
  evaluate(evidence, context) {
    const scan = context.get("notebook and workspace file scan", evidence.databricks.notebookScan);
    const truncated = scan.truncated
      ? ` The scan stopped after ${scan.scanned} objects (limit reached), so other objects may hold more.`
      : "";
    if (scan.findings.length) {
      const found = scan.findings.map((finding) => `${finding.path}:${finding.line} (${finding.kind})`);
      return fail(
        `${scan.findings.length} hard-coded credential(s) in ${new Set(scan.findings.map((f) => f.path)).size} object(s): ${listSome(found, 4)} (values not kept; fingerprints in the evidence).${truncated}`,
        found,
      );
    }
    // A scan that stopped early proves nothing about the objects it did not reach.
    if (scan.truncated)
      return undetermined(
        `no hard-coded credential in the ${scan.scanned} objects scanned, but the scan stopped at its limit: the rest of the workspace was not examined`,
      );
    return pass(
      scan.scanned
        ? `no hard-coded credential found in ${scan.scanned} notebooks, files and repo objects`
        : "no notebooks, workspace files or repo objects to scan",
    );
  },
});
