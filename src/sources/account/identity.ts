/**
 * Account identities (issue 17): the account's service principals (SCIM), the OAuth secrets of each
 * (`/accounts/{id}/servicePrincipals/{sp}/credentials/secrets`) and the OIDC federation policies of the account
 * and of each service principal. Shapes from the Databricks JS SDK models (@databricks/sdk-experimental
 * 0.17.0 dist/apis): iam.ListServicePrincipalResponse {Resources[{id, applicationId, displayName, active}],
 * totalResults, startIndex, itemsPerPage}; oauth2.ListServicePrincipalSecretsResponse {secrets[SecretInfo
 * {id, status, create_time, expire_time, update_time, secret_hash}], next_page_token} — "If the field
 * [expire_time] is not present, the secret does not expire"; oauth2.ListFederationPoliciesResponse
 * {policies[FederationPolicy {name, policy_id, service_principal_id, oidc_policy {issuer, audiences, subject,
 * subject_claim, jwks_json, jwks_uri}}], next_page_token}. The same as databricks-sdk-go service/oauth2 and
 * service/iam. Paths from the SDK's oauth2/api.js (ServicePrincipalSecretsAPI, AccountFederationPolicyAPI,
 * ServicePrincipalFederationPolicyAPI) and iam/api.js (AccountServicePrincipalsAPI).
 *
 * The secret hash is not read into evidence: the schema does not declare it, so validation strips it.
 *
 * For the permission graph: the account admins — account SCIM Users, ServicePrincipals and Groups whose
 * `roles` (iam.User/ServicePrincipal/Group.roles, ComplexValue[]) hold `account_admin` (reference/apis.md §2) —
 * and each service principal's rule set (AccountAccessControlAPI getRuleSet: GET
 * /api/2.0/preview/accounts/{account_id}/access-control/rule-sets?name=accounts/{account_id}/servicePrincipals/
 * {application_id}/ruleSets/default&etag= → iam.RuleSetResponse {name, etag, grant_rules[{role, principals}]};
 * principals are `users/{userName}`, `groups/{displayName}` or `servicePrincipals/{applicationId}`, the
 * GrantRule model's comment).
 */
import type { iam, oauth2 } from "@databricks/sdk-experimental";
import { z } from "zod";
import { type Fact, known, unknown } from "../../evidence/fact.ts";
import type { AccountServicePrincipal, OidcFederationPolicy, ServicePrincipalSecret } from "../../evidence/model.ts";
import type { Conforms } from "../databricks/conforms.ts";
import { pagedList, scimList } from "../databricks/http.ts";
import { pathId } from "../databricks/routes.ts";
import { describeFailure } from "../http/api-failure.ts";
import type { ReadOnlyApiClient } from "../http/databricks-client.ts";
import { type Problem, problemOf } from "../problems.ts";
import { type AccountRoles, readAccountRoles, rolesSchema, type WireServicePrincipal } from "./roles.ts";

const str = z.string();
const opt = <T extends z.ZodType>(schema: T) => schema.optional();
const list = <T extends z.ZodType>(item: T) => z.array(item).optional();

export const accountServicePrincipalSchema = z.object({
  id: opt(str),
  applicationId: opt(str),
  displayName: opt(str),
  active: opt(z.boolean()),
  externalId: opt(str),
  roles: rolesSchema,
});

export const secretsPageSchema = z.object({
  secrets: list(
    z.object({ id: opt(str), status: opt(str), create_time: opt(str), expire_time: opt(str), update_time: opt(str) }),
  ),
  next_page_token: opt(str),
});

export const federationPoliciesPageSchema = z.object({
  policies: list(
    z.object({
      name: opt(str),
      policy_id: opt(str),
      oidc_policy: opt(
        z.object({ issuer: opt(str), audiences: list(str), subject: opt(str), subject_claim: opt(str) }),
      ),
    }),
  ),
  next_page_token: opt(str),
});

type In<S extends z.ZodType> = z.infer<S>;
const conformance: true[] = [
  true satisfies Conforms<In<typeof accountServicePrincipalSchema>, iam.ServicePrincipal>,
  true satisfies Conforms<In<typeof secretsPageSchema>, oauth2.ListServicePrincipalSecretsResponse>,
  true satisfies Conforms<In<typeof federationPoliciesPageSchema>, oauth2.ListFederationPoliciesResponse>,
];
void conformance;

/** Service principals whose secrets and federation policies are read (one GET each); past it: partial. */
export const MAX_PRINCIPALS_DETAILED = 500;

export interface AccountIdentities extends AccountRoles {
  servicePrincipals: Fact<AccountServicePrincipal[]>;
  servicePrincipalSecrets: Fact<ServicePrincipalSecret[]>;
  federationPolicies: Fact<OidcFederationPolicy[]>;
}

const label = (sp: AccountServicePrincipal) =>
  sp.displayName && sp.displayName !== sp.applicationId ? `${sp.displayName} (${sp.applicationId})` : sp.applicationId;

function toPolicy(owner: string, policy: NonNullable<In<typeof federationPoliciesPageSchema>["policies"]>[number]) {
  const oidc = policy.oidc_policy;
  return {
    owner,
    name: policy.name ?? policy.policy_id ?? "",
    issuer: oidc?.issuer ?? null,
    audiences: oidc?.audiences ?? [],
    subject: oidc?.subject || null,
    subjectClaim: oidc?.subject_claim ?? null,
  };
}

/**
 * Reads every account service principal, then each one's secrets and federation policies. A principal
 * whose secrets (or policies) cannot be read makes that fact unknown with the first reason: a partial list
 * of secrets could hide the one that never expires.
 */
export async function readAccountIdentities(
  client: ReadOnlyApiClient,
  accountId: string,
  problems: Problem[],
): Promise<AccountIdentities> {
  const base = `/api/2.0/accounts/${accountId}`;
  const spSource = `GET ${base}/scim/v2/ServicePrincipals`;
  const secretsSource = `GET ${base}/servicePrincipals/{id}/credentials/secrets`;
  const policiesSource = `GET ${base}/federationPolicies, ${base}/servicePrincipals/{id}/federationPolicies`;
  let principals: AccountServicePrincipal[];
  let wire: (WireServicePrincipal & { displayName?: string | undefined; active?: boolean | undefined })[];
  try {
    wire = await scimList(client, `${base}/scim/v2/ServicePrincipals`, accountServicePrincipalSchema);
    principals = wire.map((sp) => ({
      id: sp.id ?? "",
      applicationId: sp.applicationId ?? "",
      displayName: sp.displayName ?? sp.applicationId ?? "",
      active: sp.active !== false,
    }));
  } catch (error) {
    problems.push(problemOf(error, spSource));
    const reason = `the account's service principals could not be listed: ${describeFailure(error)}`;
    return {
      servicePrincipals: unknown(describeFailure(error), spSource),
      servicePrincipalSecrets: unknown(reason, secretsSource),
      federationPolicies: unknown(reason, policiesSource),
      accountAdmins: unknown(reason, spSource),
      servicePrincipalRoles: unknown(reason, spSource),
      groupRoles: unknown(reason, spSource),
    };
  }
  const detailed = principals.slice(0, MAX_PRINCIPALS_DETAILED);
  const partial =
    principals.length > detailed.length
      ? {
          partial: `the account has ${principals.length} service principals; only the first ${detailed.length} were read`,
        }
      : {};

  const perPrincipal = async <T>(
    what: (sp: AccountServicePrincipal, id: string) => Promise<T[]>,
    source: string,
  ): Promise<Fact<T[]>> => {
    try {
      const lists = await Promise.all(detailed.map((sp) => what(sp, pathId(sp.id, "service principal id", spSource))));
      return { ...known(lists.flat(), source), ...partial };
    } catch (error) {
      problems.push(problemOf(error, source));
      return unknown(describeFailure(error), source);
    }
  };

  const [servicePrincipalSecrets, principalPolicies, accountPolicies, roles] = await Promise.all([
    perPrincipal(async (sp, id) => {
      const secrets = await pagedList(
        client,
        `${base}/servicePrincipals/${id}/credentials/secrets`,
        secretsPageSchema,
        (page) => page.secrets,
      );
      return secrets.map((secret) => ({
        servicePrincipal: label(sp),
        id: secret.id ?? "",
        status: secret.status ?? null,
        createdAt: secret.create_time ?? null,
        expiresAt: secret.expire_time ?? null,
      }));
    }, secretsSource),
    perPrincipal(
      async (sp, id) =>
        (
          await pagedList(
            client,
            `${base}/servicePrincipals/${id}/federationPolicies`,
            federationPoliciesPageSchema,
            (page) => page.policies,
          )
        ).map((policy) => toPolicy(label(sp), policy)),
      policiesSource,
    ),
    pagedList(client, `${base}/federationPolicies`, federationPoliciesPageSchema, (page) => page.policies).then(
      (policies) =>
        known(
          policies.map((policy) => toPolicy("account", policy)),
          policiesSource,
        ),
      (error: unknown): Fact<OidcFederationPolicy[]> => {
        problems.push(problemOf(error, `GET ${base}/federationPolicies`));
        return unknown(describeFailure(error), `GET ${base}/federationPolicies`);
      },
    ),
    readAccountRoles(client, accountId, wire, detailed, partial, problems),
  ]);
  const federationPolicies: Fact<OidcFederationPolicy[]> =
    accountPolicies.status === "unknown"
      ? accountPolicies
      : principalPolicies.status === "unknown"
        ? principalPolicies
        : { ...known([...accountPolicies.value, ...principalPolicies.value], policiesSource), ...partial };
  return {
    servicePrincipals: known(principals, spSource),
    servicePrincipalSecrets,
    federationPolicies,
    ...roles,
  };
}
