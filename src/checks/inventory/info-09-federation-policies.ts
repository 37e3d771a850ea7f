import { defineCheck, fail, listSome, pass } from "../define.ts";
import { describePolicy } from "./federation.ts";

export default defineCheck({
  meta: {
    id: "INFO-09",
    title: "OAuth federation policies of the account and its service principals",
    category: "inventory",
    severity: "info",
    profile: "standard",
    threats: ["AT"],
    controls: ["IM-2", "AM-1"],
    mcsb: ["IM-3", "AM-1"],
    guide: ["Use service principals to run production jobs"],
    sources: ["account-api", "iac"],
    rationale:
      "A federation policy lets a token from another identity provider (GitHub Actions, Azure DevOps, a Kubernetes cluster, another Entra tenant) be exchanged for a Databricks token: of a user (account policy) or of one service principal. It replaces secrets, which is good, but each policy is a standing trust in an outside issuer, so they are on record here. A service principal policy with no subject trusts every identity that issuer signs for — any repository's workflow, any pod — to act as the principal: that fails.",
    remediation: {
      ui: "Account console → User management → Service principals → the principal → Credentials & secrets → Federation policies: set the subject to the one workload that may act as the principal (e.g. repo:org/repo:environment:prod).",
      terraform: `resource "databricks_service_principal_federation_policy" "deploy" {
  provider             = databricks.account
  service_principal_id = databricks_service_principal.deploy.id
  policy_id            = "github-prod"
  oidc_policy = {
    issuer    = "https://token.actions.githubusercontent.com"
    audiences = ["https://github.com/contoso"]
    subject   = "repo:contoso/pipelines:environment:prod"
  }
}`,
    },
  },
  evaluate(evidence, context) {
    const policies = context.get("OAuth federation policies", evidence.account.federationPolicies);
    const inventory = policies.map(describePolicy);
    // Account-wide policies map the token's subject claim onto a user; only a principal's policy needs one subject.
    const open = policies.filter((p) => p.owner !== "account" && !p.subject).map(describePolicy);
    if (open.length)
      return fail(
        `${open.length} service principal federation policies trust every identity of their issuer: ${listSome(open, 3)}`,
        open,
      );
    return pass(
      policies.length
        ? `${policies.length} federation policies, each service principal policy bound to one subject: ${listSome(inventory, 3)}`
        : "no OAuth federation policy on the account or its service principals",
      inventory,
    );
  },
});
