/**
 * Account-level Databricks resources (declared with a provider whose host is the accounts console,
 * `https://accounts.azuredatabricks.net`) → the account section of the evidence of every workspace the
 * configuration declares: the account settings, service principals and federation policies it declares.
 * Anything the configuration does not declare stays unknown ("not judged from IaC"), never a default: an
 * account's settings are often made in the account console, and one configuration rarely holds them all.
 * Attribute names: terraform-provider-databricks docs/resources account_setting_v2.md (personal_compute),
 * compliance_security_profile_account_setting.md (csp_enablement_account), service_principal.md,
 * account_federation_policy.md and service_principal_federation_policy.md (oidc_policy),
 * service_principal_secret.md (`lifetime` (Optional, string) "The lifetime of the secret in seconds formatted as
 * `NNNNs`. If this parameter is not provided, the secret will have a default lifetime of 730 days
 * (`63072000s`)", and `time_rotating`, whose change forces a new secret; the provider's
 * tokens/resource_service_principal_secret_test.go sends it as oauth2.CreateServicePrincipalSecretRequest.Lifetime).
 * The enhanced security monitoring default for new workspaces (shield_esm_enablement_ac) has no documented
 * resource (docs/resources has compliance_security_profile_account_setting.md and no
 * enhanced_security_monitoring_account_setting.md): it stays not judged.
 */
import { type Fact, unknown } from "../../evidence/fact.ts";
import type {
  Account,
  AccountServicePrincipal,
  OidcFederationPolicy,
  ServicePrincipalSecret,
} from "../../evidence/model.ts";
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

  const secrets = of("databricks_service_principal_secret");
  if (secrets.length) {
    const source = "terraform: databricks_service_principal_secret (account)";
    const list = servicePrincipalSecrets(secrets, principals);
    out.servicePrincipalSecrets = isUnresolved(list)
      ? unknown(list.reason, source)
      : declared(
          list,
          source,
          loc(secrets[0]!.view),
          `${DECLARED_ONLY}; created at apply, each lives its declared lifetime (730 days when not declared)`,
        );
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

/** The API's lifetime when `lifetime` is not declared: 730 days (docs/resources/service_principal_secret.md). */
export const DEFAULT_SECRET_LIFETIME_SECONDS = 63_072_000;

/**
 * Declared OAuth secrets: not created yet, so no creation or expiry time; their declared lifetime (the
 * longest any of them can live before the platform expires it) is what IAM-18 judges.
 */
function servicePrincipalSecrets(
  secrets: ResourceInstance[],
  principals: ResourceInstance[],
): ServicePrincipalSecret[] | Unresolved {
  const list: ServicePrincipalSecret[] = [];
  for (const r of secrets) {
    if (isUnresolved(r.exists)) return new Unresolved(`${r.address}: ${r.exists.reason}`);
    const lifetime = r.view.attr("lifetime");
    if (isUnresolved(lifetime)) return new Unresolved(`${r.address}.lifetime: ${lifetime.reason}`);
    let seconds = DEFAULT_SECRET_LIFETIME_SECONDS;
    if (lifetime !== undefined && lifetime !== null) {
      // The API takes a protobuf Duration in its JSON form: seconds with an "s" suffix.
      const match = /^(\d+(?:\.\d+)?)s$/.exec(asString(lifetime) ?? "");
      if (!match)
        return new Unresolved(
          `${r.address}.lifetime is ${JSON.stringify(show(lifetime))}, not seconds in the NNNNs form the API takes`,
        );
      seconds = Number(match[1]);
    }
    list.push({
      servicePrincipal: ownerOf(r, principals),
      id: r.address,
      status: null,
      createdAt: null,
      expiresAt: null,
      declaredLifetimeSeconds: seconds,
      rotatedBy: r.view.attr("time_rotating") !== undefined ? "time_rotating" : null,
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
