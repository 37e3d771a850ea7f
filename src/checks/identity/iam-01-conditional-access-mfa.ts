import { type ConditionalAccessPolicy, policyTargetsDatabricks } from "../../evidence/model.ts";
import { defineCheck, fail, listSome, pass, plural, undetermined } from "../define.ts";
import { premiumOnly } from "../helpers.ts";

const has = (values: readonly string[], wanted: string) =>
  values.some((v) => v.trim().toLowerCase() === wanted.toLowerCase());

/** Whom the policy covers: everyone, some groups or directory roles, or only named users (not enough). */
function scope(policy: ConditionalAccessPolicy): "all" | "groups" | "users" | "none" {
  if (has(policy.includeUsers, "All")) return "all";
  if (policy.includeGroups.length || policy.includeRoles.length) return "groups";
  return policy.includeUsers.length ? "users" : "none";
}

/**
 * The grant makes MFA unavoidable: MFA (or an authentication strength whose requirementsSatisfied is `mfa`) is
 * asked for, and with the OR operator no other control can stand in for it — "MFA or a compliant device" lets a
 * compliant device sign in alone. An authentication strength that satisfies `none` is not MFA; one whose
 * requirementsSatisfied Graph did not give cannot be told apart ("unknown").
 */
function mfaGrant(policy: ConditionalAccessPolicy): "required" | "alternative" | "absent" | "unknown" {
  const strength = policy.authenticationStrength;
  const strengthIsMfa = strength?.requirementsSatisfied?.toLowerCase() === "mfa";
  const asksForMfa = has(policy.builtInControls, "mfa") || strengthIsMfa;
  if (!asksForMfa) return strength && strength.requirementsSatisfied === null ? "unknown" : "absent";
  const alternatives = policy.builtInControls.filter((control) => control.toLowerCase() !== "mfa");
  return policy.grantOperator.toUpperCase() === "OR" && alternatives.length ? "alternative" : "required";
}

/**
 * What narrows when the policy applies, each as a phrase; empty when it applies to every sign-in of the users
 * and apps it targets (Graph v1.0 conditionalAccessConditionSet). A condition lakeward does not know narrows too.
 */
export function narrowedBy(policy: ConditionalAccessPolicy): string[] {
  const c = policy.conditions;
  const out: string[] = [];
  const lists = (include: readonly string[], exclude: readonly string[]) =>
    [include.length ? `include ${include.join(", ")}` : "", exclude.length ? `exclude ${exclude.join(", ")}` : ""]
      .filter(Boolean)
      .join("; ");
  if (c.locations && !(has(c.locations.include, "All") && c.locations.exclude.length === 0))
    out.push(`locations (${lists(c.locations.include, c.locations.exclude) || "none"})`);
  if (c.platforms && !(has(c.platforms.include, "all") && c.platforms.exclude.length === 0))
    out.push(`device platforms (${lists(c.platforms.include, c.platforms.exclude) || "none"})`);
  if (c.signInRiskLevels.length) out.push(`sign-in risk ${c.signInRiskLevels.join(", ")}`);
  if (c.userRiskLevels.length) out.push(`user risk ${c.userRiskLevels.join(", ")}`);
  if (c.servicePrincipalRiskLevels.length)
    out.push(`service principal risk ${c.servicePrincipalRiskLevels.join(", ")}`);
  if (c.insiderRiskLevels) out.push(`insider risk ${c.insiderRiskLevels}`);
  if (c.deviceFilter) out.push(`a device filter (${c.deviceFilter.mode}: ${c.deviceFilter.rule})`);
  const apps = c.clientApplications;
  if (apps && (apps.includeServicePrincipals.length || apps.excludeServicePrincipals.length || apps.filter))
    out.push("workload identities (clientApplications), not users");
  if (c.authenticationFlows && c.authenticationFlows.toLowerCase() !== "none")
    out.push(`authentication flows ${c.authenticationFlows}`);
  for (const name of c.unrecognised)
    out.push(`condition ${name} (not in Graph v1.0; lakeward cannot tell whom it leaves out)`);
  return out;
}

/** The policy applies to the clients people use for Databricks: browsers and modern desktop/mobile apps (CLI, SDKs). */
const coversModernClients = (policy: ConditionalAccessPolicy) =>
  has(policy.clientAppTypes, "all") ||
  (has(policy.clientAppTypes, "browser") && has(policy.clientAppTypes, "mobileAppsAndDesktopClients"));

const requirementOf = (policy: ConditionalAccessPolicy) =>
  policy.authenticationStrength && mfaGrant({ ...policy, builtInControls: [] }) === "required"
    ? `authentication strength ${policy.authenticationStrength.name}`
    : "MFA";

/** Who the policy leaves out; break-glass accounts are expected, anything more should be looked at. */
function exclusions(policy: ConditionalAccessPolicy): string | null {
  const parts = [
    [policy.excludeUsers.length, "user"],
    [policy.excludeGroups.length, "group"],
    [policy.excludeRoles.length, "role"],
  ]
    .filter(([count]) => Number(count) > 0)
    .map(([count, noun]) => `${count} ${noun}${count === 1 ? "" : "s"}`);
  return parts.length ? parts.join(", ") : null;
}

/** Says what the policy's exclusions are, so a reviewer can confirm they are emergency accounts only. */
function excludedNote(policies: readonly ConditionalAccessPolicy[]): string {
  const notes = policies.flatMap((policy) => {
    const excluded = exclusions(policy);
    return excluded ? [`"${policy.name}" excludes ${excluded}`] : [];
  });
  return notes.length ? `; ${listSome(notes)} — confirm these are break-glass accounts only` : "";
}

export default defineCheck({
  meta: {
    id: "IAM-01",
    title: "Entra ID Conditional Access requires MFA for the Azure Databricks application",
    category: "identity",
    severity: "high",
    profile: "standard",
    threats: ["AT"],
    controls: ["IM-4", "IM-6"],
    mcsb: ["IM-6", "IM-7"],
    guide: ["Leverage multi-factor authentication"],
    sources: ["graph"],
    rationale:
      "Strong authentication is the guide's first defence against account takeover: a phished or guessed password alone must not open a workspace that can reach critical data. An enabled Conditional Access policy covering the Azure Databricks application (or all cloud apps) that requires MFA or an authentication strength enforces this at sign-in. Report-only policies enforce nothing; a grant of “MFA or a compliant device” (operator OR) lets the alternative sign in without MFA; a policy limited to browsers leaves the CLI and SDKs (desktop clients) out; a policy narrowed by its conditions (named or trusted locations, device platforms, sign-in, user or insider risk, a device filter, workload identities, authentication flows, or a condition lakeward does not know) does not apply to every sign-in and does not count; an authentication strength counts only when it satisfies MFA (requirementsSatisfied mfa); and every excluded user, group or role should be a break-glass account, which the result lists for review. When Microsoft Graph can say who the policies' users, groups (transitively) and directory roles are, every active workspace user is checked against them and those left without MFA are named; when it cannot, a policy scoped to groups or roles cannot be shown to cover everyone, so the result is unknown rather than a pass. Conditional Access is not re-evaluated for personal access tokens, so combine it with IP access lists or Private Link.",
    remediation: {
      ui: "Entra admin center → Protection → Conditional Access → New policy: Users = All users (exclude break-glass accounts), Target resources = AzureDatabricks (2ff814a6-3304-4ab8-85cb-cd0e6f879c1d) or All cloud apps, Conditions → Client apps = not configured (all), Grant = Require multifactor authentication (or an authentication strength such as phishing-resistant MFA) and, when you add other controls, 'Require all the selected controls'; set 'Enable policy' to On, not Report-only.",
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
    const relevant = policies.filter(policyTargetsDatabricks);
    // Enabled, MFA unavoidable, every client: what remains is whom they cover.
    const candidates = relevant.filter(
      (policy) =>
        policy.state === "enabled" &&
        mfaGrant(policy) === "required" &&
        coversModernClients(policy) &&
        narrowedBy(policy).length === 0 &&
        scope(policy) !== "none",
    );

    // Exact answer: resolve who each policy includes and excludes, and look for workspace users outside all of them.
    const members = context.peek("members of the policies' users, groups and roles", evidence.entra.directoryMembers);
    const users = context.peek("workspace users", evidence.databricks.users);
    if (candidates.length && members.status === "known" && users.status === "known") {
      const names = candidates.map((policy) => `${policy.name} (${policy.id})`);
      const described = listSome(candidates.map((policy) => `"${policy.name}"`));
      const active = users.value.filter((user) => user.active).map((user) => user.userName.toLowerCase());
      const covered = (user: string) =>
        candidates.some(
          (policy) =>
            selects(policy, "include", user, members.value) && !selects(policy, "exclude", user, members.value),
        );
      const uncovered = active.filter((user) => !covered(user));
      if (uncovered.length)
        return fail(
          `${uncovered.length} of ${plural(active.length, "active workspace user")} can sign in to Azure Databricks without MFA: outside (or excluded from) ${described}: ${listSome(uncovered)}`,
          [...uncovered.map((user) => `user ${user}`), ...names],
        );
      return pass(
        `Azure Databricks sign-ins need ${listSome(candidates.map((policy) => `${requirementOf(policy)} ("${policy.name}")`))}: ${
          active.length === 1 ? "the only active workspace user is" : `all ${active.length} active workspace users are`
        } covered${
          candidates.some((policy) => policy.includeGroups.length || policy.includeRoles.length)
            ? " (members of the policies' groups and roles resolved through Microsoft Graph)"
            : ""
        }${candidates.some((policy) => exclusions(policy)) ? "; no exclusion leaves a workspace user out" : ""}`,
        names,
      );
    }

    // Without membership: a policy for all users passes (its exclusions listed for review); a policy for groups or
    // roles cannot be shown to cover everyone; one for named users only does not keep up with new users.
    const enforcing = candidates.filter((policy) => scope(policy) !== "users");
    if (!enforcing.length) return noEnforcement(policies, relevant);
    const names = enforcing.map((policy) => `${policy.name} (${policy.id})`);
    const everyone = enforcing.find((policy) => scope(policy) === "all");
    const why = members.status === "unknown" ? members.reason : users.status === "unknown" ? users.reason : "";
    if (everyone)
      return pass(
        `Conditional Access policy "${everyone.name}" requires ${requirementOf(everyone)} for all users of Azure Databricks${excludedNote([everyone])}`,
        names,
      );
    // Only groups or roles are covered, and who is in them could not be read: no pass without knowing.
    return undetermined(
      `MFA is required for Azure Databricks only for members of the groups or roles named in ${listSome(
        enforcing.map(
          (policy) =>
            `"${policy.name}" (${policy.includeGroups.length} group(s), ${policy.includeRoles.length} role(s))`,
        ),
      )}; whether every workspace user is one could not be read: ${why}`,
      names,
    );
  },
});

/** Whether a policy's include (or exclude) list names the user, directly or through a group or role. */
function selects(
  policy: ConditionalAccessPolicy,
  side: "include" | "exclude",
  user: string,
  members: Readonly<Record<string, readonly string[]>>,
): boolean {
  const [users, groups, roles] =
    side === "include"
      ? [policy.includeUsers, policy.includeGroups, policy.includeRoles]
      : [policy.excludeUsers, policy.excludeGroups, policy.excludeRoles];
  if (side === "include" && has(users, "All")) return true;
  const named = (prefix: string, ids: readonly string[]) =>
    ids.some((id) => members[`${prefix}:${id}`]?.includes(user) ?? false);
  return named("user", users) || named("group", groups) || named("role", roles);
}

function noEnforcement(policies: readonly ConditionalAccessPolicy[], relevant: readonly ConditionalAccessPolicy[]) {
  const nearMisses = relevant.map((policy) => {
    const narrowing = narrowedBy(policy);
    const strength = policy.authenticationStrength;
    const why =
      policy.state === "enabledForReportingButNotEnforced"
        ? "report-only"
        : policy.state !== "enabled"
          ? policy.state
          : mfaGrant(policy) === "absent"
            ? strength
              ? `its authentication strength ${strength.name} does not satisfy MFA (requirementsSatisfied ${strength.requirementsSatisfied})`
              : `grants without MFA (${policy.builtInControls.join(", ") || "no control"})`
            : mfaGrant(policy) === "unknown"
              ? `Graph did not say whether its authentication strength ${strength?.name} satisfies MFA`
              : mfaGrant(policy) === "alternative"
                ? `MFA is one choice among ${policy.builtInControls.join(" OR ")}`
                : !coversModernClients(policy)
                  ? `covers only ${policy.clientAppTypes.join(", ")} clients`
                  : narrowing.length
                    ? `applies only under ${listSome(narrowing)}`
                    : "covers only named users";
    return `"${policy.name}" (${why})`;
  });
  // A policy that would enforce MFA but for a strength Graph did not describe: neither a pass nor a fail.
  const unclear = relevant.filter(
    (policy) =>
      policy.state === "enabled" &&
      mfaGrant(policy) === "unknown" &&
      coversModernClients(policy) &&
      narrowedBy(policy).length === 0,
  );
  if (unclear.length)
    return undetermined(
      `whether ${listSome(unclear.map((policy) => `"${policy.name}"`))} requires MFA is unknown: Graph did not give its authentication strength's requirementsSatisfied`,
      unclear.map((policy) => `${policy.name} (${policy.id})`),
    );
  return fail(
    `no enabled Conditional Access policy requires MFA for Azure Databricks${
      nearMisses.length
        ? `; policies that target it but do not enforce MFA for everyone: ${listSome(nearMisses)}`
        : ` (${policies.length} policies read, none targets the Azure Databricks application or all cloud apps)`
    }`,
    relevant.map((policy) => `${policy.name} (${policy.id})`),
  );
}
