import type { ConditionalAccessPolicy } from "../../evidence/model.ts";
import { defineCheck, fail, listSome, pass } from "../define.ts";
import { premiumOnly } from "../helpers.ts";

/** The Azure Databricks first-party application in Entra ID. */
export const AZURE_DATABRICKS_APP_ID = "2ff814a6-3304-4ab8-85cb-cd0e6f879c1d";

const has = (values: readonly string[], wanted: string) =>
  values.some((v) => v.trim().toLowerCase() === wanted.toLowerCase());

const targetsDatabricks = (policy: ConditionalAccessPolicy) =>
  (has(policy.includeApplications, AZURE_DATABRICKS_APP_ID) || has(policy.includeApplications, "All")) &&
  !has(policy.excludeApplications, AZURE_DATABRICKS_APP_ID);

/** Whom the policy covers: everyone, some groups, or only named users (not enough). */
function scope(policy: ConditionalAccessPolicy): "all" | "groups" | "users" | "none" {
  if (has(policy.includeUsers, "All")) return "all";
  if (policy.includeGroups.length) return "groups";
  return policy.includeUsers.length ? "users" : "none";
}

const requiresMfa = (policy: ConditionalAccessPolicy) =>
  has(policy.builtInControls, "mfa") || Boolean(policy.authenticationStrength);

export default defineCheck({
  meta: {
    id: "IAM-01",
    title: "Entra ID Conditional Access requires MFA for the Azure Databricks application",
    category: "identity",
    severity: "high",
    profile: "standard",
    threats: ["AT"],
    controls: ["IM-4", "IM-6"],
    guide: ["Leverage multi-factor authentication"],
    sources: ["graph"],
    rationale:
      "Strong authentication is the guide's first defence against account takeover: a phished or guessed password alone must not open a workspace that can reach critical data. An enabled Conditional Access policy covering the Azure Databricks application (or all cloud apps) that requires MFA or an authentication strength enforces this at sign-in; report-only policies enforce nothing. Conditional Access is not re-evaluated for personal access tokens, so combine it with IP access lists or Private Link.",
    remediation: {
      ui: "Entra admin center → Protection → Conditional Access → New policy: Users = All users (exclude break-glass accounts), Target resources = AzureDatabricks (2ff814a6-3304-4ab8-85cb-cd0e6f879c1d) or All cloud apps, Grant = Require multifactor authentication (or an authentication strength such as phishing-resistant MFA); set 'Enable policy' to On, not Report-only.",
      terraform: `# Conditional Access lives in the azuread provider:
resource "azuread_conditional_access_policy" "databricks_mfa" {
  display_name = "Require MFA for Azure Databricks"
  state        = "enabled"

  conditions {
    client_app_types = ["all"]
    applications {
      included_applications = ["2ff814a6-3304-4ab8-85cb-cd0e6f879c1d"]
    }
    users {
      included_users = ["All"]
      excluded_users = [var.break_glass_object_id]
    }
  }

  grant_controls {
    operator          = "OR"
    built_in_controls = ["mfa"]
  }
}

# Conditional Access is not evaluated for personal access tokens; the guide pairs it with IP access lists.
resource "databricks_workspace_conf" "this" {
  custom_config = {
    "enableIpAccessLists" = true
  }
}`,
    },
  },
  evaluate(evidence, context) {
    const notApplicable = premiumOnly(context, evidence, "Conditional Access for Azure Databricks");
    if (notApplicable) return notApplicable;
    const policies = context.get("Conditional Access policies", evidence.entra.conditionalAccessPolicies);
    const relevant = policies.filter(targetsDatabricks);
    const enforcing = relevant.filter(
      (policy) => policy.state === "enabled" && requiresMfa(policy) && ["all", "groups"].includes(scope(policy)),
    );
    const everyone = enforcing.find((policy) => scope(policy) === "all");
    if (everyone)
      return pass(
        `Conditional Access policy "${everyone.name}" requires ${everyone.authenticationStrength ? `authentication strength ${everyone.authenticationStrength}` : "MFA"} for all users of Azure Databricks`,
        enforcing.map((policy) => `${policy.name} (${policy.id})`),
      );
    if (enforcing.length)
      return pass(
        `MFA is required for Azure Databricks for members of the groups named in ${listSome(
          enforcing.map((policy) => `"${policy.name}" (${policy.includeGroups.length} group(s))`),
        )}; users outside those groups are not covered, so make sure every Databricks user is in one`,
        enforcing.map((policy) => `${policy.name} (${policy.id})`),
      );
    const nearMisses = relevant.map((policy) => {
      const why =
        policy.state === "enabledForReportingButNotEnforced"
          ? "report-only"
          : policy.state !== "enabled"
            ? policy.state
            : !requiresMfa(policy)
              ? `grants without MFA (${policy.builtInControls.join(", ") || "no control"})`
              : "covers only named users";
      return `"${policy.name}" (${why})`;
    });
    return fail(
      `no enabled Conditional Access policy requires MFA for Azure Databricks${
        nearMisses.length
          ? `; policies that target it but do not enforce MFA for everyone: ${listSome(nearMisses)}`
          : ` (${policies.length} policies read, none targets the Azure Databricks application or all cloud apps)`
      }`,
      relevant.map((policy) => `${policy.name} (${policy.id})`),
    );
  },
});
