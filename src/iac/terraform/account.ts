/**
 * Account-level Databricks resources (declared with a provider whose host is the accounts console,
 * `https://accounts.azuredatabricks.net`) → the account section of the evidence of every workspace the
 * configuration declares: the account settings, service principals and federation policies it declares.
 * Anything the configuration does not declare stays unknown ("not judged from IaC"), never a default: an
 * account's settings are often made in the account console, and one configuration rarely holds them all.
 * Attribute names: terraform-provider-databricks docs/resources account_setting_v2.md (personal_compute),
 * compliance_security_profile_account_setting.md (csp_enablement_account), service_principal.md,
 * account_federation_policy.md and service_principal_federation_policy.md (oidc_policy).
 */
import { type Fact, unknown } from "../../evidence/fact.ts";
import type { Account, AccountServicePrincipal, OidcFederationPolicy } from "../../evidence/model.ts";
import { declared } from "../evidence.ts";
import { asBool, asString, findUnresolved, isUnresolved, Unresolved, type ValueMap } from "../hcl/value.ts";
import type { ResourceInstance } from "./config.ts";
import { nested } from "./databricks-platform.ts";
import { loc, refersTo, show } from "./refs.ts";

const DECLARED_ONLY =
  "the account objects this configuration declares (account-level provider); objects created outside it are not visible";

/** Whether a provider host is the account console (an account-level provider). */
export function isAccountHost(host: string | undefined): boolean {
  return host !== undefined && /accounts\.azuredatabricks\.net/.test(host);
}

export function accountSection(resources: readonly ResourceInstance[], base: Account): Account {
  if (!resources.length) return base;
  const of = (type: string) => resources.filter((r) => r.type === type);
  const out: Account = { ...base };

  // One object per setting; the first declaration wins (Terraform would refuse two anyway).
  const setting = <T>(
    r: ResourceInstance | undefined,
    block: string,
    read: (v: ValueMap) => T | undefined,
    what: string,
    fallback: Fact<T>,
  ): Fact<T> => {
    if (!r) return fallback;
    const source = `terraform: ${r.address}`;
    if (isUnresolved(r.exists)) return unknown(r.exists.reason, source);
    const value = nested(r.view, block);
    if (isUnresolved(value)) return unknown(`${r.address}.${block}: ${value.reason}`, source);
    const problem = value ? findUnresolved(value) : undefined;
    if (problem) return unknown(`${r.address}.${block}: ${problem.reason}`, source);
    const read_ = value ? read(value) : undefined;
    return read_ === undefined
      ? unknown(`${what} is not readable in ${r.address}`, source)
      : declared(read_, source, loc(r.view));
  };

  out.personalCompute = setting(
    of("databricks_account_setting_v2").find((r) => asString(r.view.attr("name") ?? null) === "personal_compute"),
    "personal_compute",
    (v) => {
      const value = asString(v.value ?? null);
      return value === "ON" || value === "DELEGATE" ? value : undefined;
    },
    "personal_compute.value (ON | DELEGATE)",
    base.personalCompute,
  );
  out.complianceProfileDefault = setting(
    of("databricks_compliance_security_profile_account_setting")[0],
    "csp_enablement_account",
    (v) => {
      const enforced = asBool(v.is_enforced ?? null);
      if (enforced === undefined) return undefined;
      const standards = Array.isArray(v.compliance_standards)
        ? v.compliance_standards.map((s) => asString(s) ?? "").filter(Boolean)
        : [];
      return { enforced, standards };
    },
    "csp_enablement_account.is_enforced",
    base.complianceProfileDefault,
  );

  const principals = of("databricks_service_principal");
  if (principals.length) {
    const uncertain = principals.find((r) => isUnresolved(r.exists));
    const source = "terraform: databricks_service_principal (account)";
    if (uncertain) out.servicePrincipals = unknown((uncertain.exists as Unresolved).reason, source);
    else {
      const list: AccountServicePrincipal[] = [];
      let problem: string | undefined;
      for (const r of principals) {
        const active = r.view.attr("active");
        if (isUnresolved(active)) problem ??= `${r.address}.active: ${active.reason}`;
        list.push({
          id: r.address,
          applicationId: show(r.view.attr("application_id")) ?? r.address,
          displayName: asString(r.view.attr("display_name") ?? null) ?? r.address,
          // Optional, default true (docs/resources/service_principal.md).
          active: isUnresolved(active) ? true : (asBool(active ?? true) ?? true),
        });
      }
      out.servicePrincipals = problem
        ? unknown(problem, source)
        : declared(list, source, loc(principals[0]!.view), `${DECLARED_ONLY}; active not declared is true`);
    }
  }

  const accountPolicies = of("databricks_account_federation_policy");
  const principalPolicies = of("databricks_service_principal_federation_policy");
  if (accountPolicies.length || principalPolicies.length) {
    const source = "terraform: databricks_account_federation_policy, databricks_service_principal_federation_policy";
    const policies = federationPolicies(accountPolicies, principalPolicies, principals);
    out.federationPolicies = isUnresolved(policies)
      ? unknown(policies.reason, source)
      : declared(policies, source, loc((accountPolicies[0] ?? principalPolicies[0])!.view), DECLARED_ONLY);
  }
  return out;
}

function federationPolicies(
  accountPolicies: ResourceInstance[],
  principalPolicies: ResourceInstance[],
  principals: ResourceInstance[],
): OidcFederationPolicy[] | Unresolved {
  const list: OidcFederationPolicy[] = [];
  for (const [r, owner] of [
    ...accountPolicies.map((r) => [r, "account"] as const),
    ...principalPolicies.map((r) => [r, ownerOf(r, principals)] as const),
  ]) {
    if (isUnresolved(r.exists)) return new Unresolved(`${r.address}: ${r.exists.reason}`);
    const oidc = nested(r.view, "oidc_policy");
    if (isUnresolved(oidc)) return new Unresolved(`${r.address}.oidc_policy: ${oidc.reason}`);
    const read = (name: string) => {
      const value = oidc?.[name];
      if (isUnresolved(value ?? null)) return value as Unresolved;
      return asString(value ?? null) ?? null;
    };
    const issuer = read("issuer");
    const subject = read("subject");
    const subjectClaim = read("subject_claim");
    for (const value of [issuer, subject, subjectClaim])
      if (isUnresolved(value)) return new Unresolved(`${r.address}.oidc_policy: ${value.reason}`);
    const audiences = oidc?.audiences;
    list.push({
      owner,
      name: asString(r.view.attr("policy_id") ?? null) ?? r.address,
      issuer: issuer as string | null,
      audiences: Array.isArray(audiences) ? audiences.map((a) => asString(a) ?? show(a) ?? "") : [],
      subject: subject as string | null,
      subjectClaim: subjectClaim as string | null,
    });
  }
  return list;
}

/** A service principal policy's owner: the declared principal's display name, or what its id reads as. */
function ownerOf(policy: ResourceInstance, principals: ResourceInstance[]): string {
  const id = policy.view.attr("service_principal_id");
  const principal = principals.find((p) => refersTo(id, p));
  return (principal ? asString(principal.view.attr("display_name") ?? null) : undefined) ?? show(id) ?? policy.address;
}
