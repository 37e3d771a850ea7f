/**
 * Unity Catalog governance added since the 2023 guide (issue 17), read per object the workspace already
 * listed: the federation policies of OIDC-federated Delta Sharing recipients, the ABAC policies defined on
 * each catalog and each catalog's data classification. Shapes from the Databricks JS SDK models
 * (@databricks/sdk-experimental 0.17.0 dist/apis): sharing.ListFederationPoliciesResponse {policies[
 * FederationPolicy {name, oidc_policy {issuer, audiences, subject, subject_claim}}], next_page_token}
 * (sharing/api.js: GET /api/2.0/data-sharing/recipients/{recipient_name}/federation-policies);
 * catalog.ListPoliciesResponse {policies[PolicyInfo {name, on_securable_type, on_securable_fullname,
 * policy_type, to_principals, except_principals, when_condition}], next_page_token} (catalog/api.js:
 * GET /api/2.1/unity-catalog/policies/{on_securable_type}/{on_securable_fullname}). Data classification is not
 * in the JS SDK 0.17.0; databricks-sdk-go service/dataclassification (model.go, impl.go) and databricks-sdk-py
 * service/dataclassification.py agree: GetCatalogConfig is GET /api/data-classification/v1/{name} with name
 * "catalogs/{catalog_name}/config" → CatalogConfig {name omitempty, auto_tag_configs omitempty [AutoTaggingConfig
 * {classification_tag (required), auto_tagging_mode (required) AUTO_TAGGING_ENABLED | AUTO_TAGGING_DISABLED}],
 * included_schemas omitempty {names (required)}} — "At Most One Resource" per catalog: "Create enables Data
 * Classification, Delete disables it". The zod schema below has exactly those optional and required fields.
 */
import type { catalog, sharing } from "@databricks/sdk-experimental";
import { z } from "zod";
import { type Fact, known, unknown } from "../../evidence/fact.ts";
import type {
  AbacPolicy,
  Catalog,
  CatalogClassification,
  OidcFederationPolicy,
  Recipient,
} from "../../evidence/model.ts";
import { ApiFailure, describeFailure } from "../http/api-failure.ts";
import type { ReadOnlyApiClient } from "../http/databricks-client.ts";
import { type Problem, problemOf } from "../problems.ts";
import type { Conforms } from "./conforms.ts";
import { getJson, isMissingResource, pagedList } from "./http.ts";
import { pathUcName } from "./routes.ts";

const str = z.string();
const opt = <T extends z.ZodType>(schema: T) => schema.optional();
const list = <T extends z.ZodType>(item: T) => z.array(item).optional();
const UC = "/api/2.1/unity-catalog";

export const recipientPoliciesPageSchema = z.object({
  policies: list(
    z.object({
      name: opt(str),
      oidc_policy: opt(z.object({ issuer: str, audiences: list(str), subject: str, subject_claim: str })),
    }),
  ),
  next_page_token: opt(str),
});

export const abacPoliciesPageSchema = z.object({
  policies: list(
    z.object({
      name: opt(str),
      on_securable_type: opt(str),
      on_securable_fullname: opt(str),
      policy_type: str,
      to_principals: z.array(str),
      except_principals: list(str),
      when_condition: opt(str),
    }),
  ),
  next_page_token: opt(str),
});

/** dataclassification.CatalogConfig (Go and Python SDKs; not in the JS SDK 0.17.0, so not checked by Conforms). */
export const catalogConfigSchema = z.object({
  name: opt(str),
  auto_tag_configs: list(z.object({ classification_tag: str, auto_tagging_mode: str })),
  included_schemas: opt(z.object({ names: z.array(str) })),
});

type In<S extends z.ZodType> = z.infer<S>;
const conformance: true[] = [
  true satisfies Conforms<In<typeof recipientPoliciesPageSchema>, sharing.ListFederationPoliciesResponse>,
  true satisfies Conforms<In<typeof abacPoliciesPageSchema>, catalog.ListPoliciesResponse>,
];
void conformance;

/** Catalogs (and OIDC recipients) read one GET each; past it the fact is partial. */
export const MAX_OBJECTS_DETAILED = 200;

/** Runs `read` for each object; one failure makes the whole fact unknown (a partial inventory is not one). */
async function each<O, T>(
  objects: readonly O[],
  source: string,
  problems: Problem[],
  read: (object: O) => Promise<T[]>,
  noun: string,
): Promise<Fact<T[]>> {
  const detailed = objects.slice(0, MAX_OBJECTS_DETAILED);
  try {
    const value = (await Promise.all(detailed.map(read))).flat();
    const fact = known(value, source);
    return objects.length > detailed.length
      ? { ...fact, partial: `${objects.length} ${noun}; only the first ${detailed.length} were read` }
      : fact;
  } catch (error) {
    problems.push(problemOf(error, source));
    return unknown(describeFailure(error), source);
  }
}

/** The federation policies of every OIDC_FEDERATION recipient. */
export function readRecipientFederationPolicies(
  client: ReadOnlyApiClient,
  recipients: Fact<Recipient[]>,
  problems: Problem[],
): Promise<Fact<OidcFederationPolicy[]>> {
  const source = "GET /api/2.0/data-sharing/recipients/{name}/federation-policies";
  if (recipients.status === "unknown")
    return Promise.resolve(unknown(`the recipients could not be listed: ${recipients.reason}`, source));
  const federated = recipients.value.filter((r) => r.authenticationType === "OIDC_FEDERATION");
  return each(
    federated,
    source,
    problems,
    async (recipient) => {
      const name = pathUcName(recipient.name, "recipient name", `GET ${UC}/recipients`);
      const policies = await pagedList(
        client,
        `/api/2.0/data-sharing/recipients/${name}/federation-policies`,
        recipientPoliciesPageSchema,
        (page) => page.policies,
      );
      return policies.map((policy) => ({
        owner: recipient.name,
        name: policy.name ?? "",
        issuer: policy.oidc_policy?.issuer ?? null,
        audiences: policy.oidc_policy?.audiences ?? [],
        subject: policy.oidc_policy?.subject || null,
        subjectClaim: policy.oidc_policy?.subject_claim ?? null,
      }));
    },
    "OIDC-federated recipients",
  );
}

/** Catalogs whose governance is read: the metastore's own (not system, shared-in or foreign ones). */
function governedCatalogs(catalogs: readonly Catalog[]): Catalog[] {
  return catalogs.filter((c) => c.catalogType === null || c.catalogType === "MANAGED_CATALOG");
}

/** ABAC policies defined on each catalog (include_inherited=false: a catalog has no parent but the metastore). */
export function readAbacPolicies(
  client: ReadOnlyApiClient,
  catalogs: Fact<Catalog[]>,
  problems: Problem[],
): Promise<Fact<AbacPolicy[]>> {
  const source = `GET ${UC}/policies/CATALOG/{name}`;
  if (catalogs.status === "unknown")
    return Promise.resolve(unknown(`the catalogs could not be listed: ${catalogs.reason}`, source));
  return each(
    governedCatalogs(catalogs.value),
    source,
    problems,
    async (c) => {
      const name = pathUcName(c.name, "catalog name", `GET ${UC}/catalogs`);
      const policies = await pagedList(
        client,
        `${UC}/policies/CATALOG/${name}`,
        abacPoliciesPageSchema,
        (p) => p.policies,
        {
          query: { include_inherited: "false", max_results: 100 },
        },
      );
      return policies.map((p) => ({
        name: p.name ?? "",
        securable: `${p.on_securable_type ?? "CATALOG"} ${p.on_securable_fullname ?? c.name}`,
        policyType: p.policy_type,
        toPrincipals: p.to_principals,
        exceptPrincipals: p.except_principals ?? [],
        whenCondition: p.when_condition ?? null,
      }));
    },
    "catalogs",
  );
}

/** Each catalog's data classification: its CatalogConfig, or not enabled when there is none. */
export function readDataClassification(
  client: ReadOnlyApiClient,
  catalogs: Fact<Catalog[]>,
  problems: Problem[],
): Promise<Fact<CatalogClassification[]>> {
  const source = "GET /api/data-classification/v1/catalogs/{name}/config";
  if (catalogs.status === "unknown")
    return Promise.resolve(unknown(`the catalogs could not be listed: ${catalogs.reason}`, source));
  return each(
    governedCatalogs(catalogs.value),
    source,
    problems,
    async (c): Promise<CatalogClassification[]> => {
      const name = pathUcName(c.name, "catalog name", `GET ${UC}/catalogs`);
      try {
        const config = await getJson(
          client,
          `/api/data-classification/v1/catalogs/${name}/config`,
          catalogConfigSchema,
        );
        const tags = (config.auto_tag_configs ?? [])
          .filter((t) => t.auto_tagging_mode === "AUTO_TAGGING_ENABLED")
          .map((t) => t.classification_tag);
        return [{ catalog: c.name, enabled: true, autoTagging: tags }];
      } catch (error) {
        // No CatalogConfig (404 RESOURCE_DOES_NOT_EXIST) is "not enabled" — the API's own meaning. So is a
        // workspace where the feature is off (404 FEATURE_DISABLED). An endpoint that is not there is unknown.
        const disabled = error instanceof ApiFailure && error.status === 404 && error.errorCode === "FEATURE_DISABLED";
        if (isMissingResource(error) || disabled) return [{ catalog: c.name, enabled: false, autoTagging: [] }];
        throw error;
      }
    },
    "catalogs",
  );
}
