/**
 * What the workspace API added since the 2023 guide (issue 17): Databricks Apps and their user API scopes,
 * the AI/BI dashboard embedding settings, AI Gateway detail of serving endpoints, scoped personal access
 * tokens, and the settings v2 catalogue read whole (settings discovery). Every body goes through the shared
 * validated GET and bounded pager (http.ts); the schemas are checked against the JS SDK models at the type
 * level (conforms.ts) — @databricks/sdk-experimental 0.17.0: apps.ListAppsResponse, settings.Aibi*Setting,
 * serving.ListEndpointsResponse (ai_gateway: AiGatewayConfig), settingsv2.ListWorkspaceSettingsMetadataResponse
 * and settingsv2.Setting; the same models as databricks-sdk-go service/{apps,settings,serving,settingsv2}.
 */
import type { serving, settings } from "@databricks/sdk-experimental";
import type { ListAppsResponse } from "@databricks/sdk-experimental/dist/apis/apps/model.js";
import type {
  ListWorkspaceSettingsMetadataResponse,
  Setting as SettingV2,
} from "@databricks/sdk-experimental/dist/apis/settingsv2/model.js";
import { z } from "zod";
import { type Fact, known, unknown } from "../../evidence/fact.ts";
import type { AiGateway, App, DiscoveredSetting, ServingEndpoint } from "../../evidence/model.ts";
import { describeFailure } from "../http/api-failure.ts";
import type { ReadOnlyApiClient } from "../http/databricks-client.ts";
import { type Problem, problemOf } from "../problems.ts";
import { AclFanOut, readPermissions } from "./compute.ts";
import type { Conforms } from "./conforms.ts";
import { getJson, isMissingResource, pagedList } from "./http.ts";
import { pathId } from "./routes.ts";
import { type permissionsSchema, tokenInfoSchema } from "./schemas.ts";
import { readServingSecretReferences } from "./serving-secrets.ts";
import { effectiveValue } from "./setting-value.ts";

const str = z.string();
const opt = <T extends z.ZodType>(schema: T) => schema.optional();
const list = <T extends z.ZodType>(item: T) => z.array(item).optional();

// --- schemas --------------------------------------------------------------------------------------

export const appsPageSchema = z.object({
  apps: list(
    z.object({
      name: str,
      creator: opt(str),
      service_principal_name: opt(str),
      user_api_scopes: list(str),
      effective_user_api_scopes: list(str),
      forward_user_access_token: opt(z.boolean()),
    }),
  ),
  next_page_token: opt(str),
});

/**
 * apps.App of the JS SDK 0.17.0 predates `forward_user_access_token`; databricks-sdk-py service/apps.py App has
 * it (`forward_user_access_token: Optional[bool]`, reference/landscape-2026.md §5 row "Databricks Apps"), as do
 * apps built with that SDK (`App(..., forward_user_access_token=True, user_api_scopes=[...])`).
 */
type AppWire = NonNullable<ListAppsResponse["apps"]>[number] & { forward_user_access_token?: boolean };

export const embedPolicySchema = z.object({
  aibi_dashboard_embedding_access_policy: z.object({ access_policy_type: str }),
});
export const embedDomainsSchema = z.object({
  aibi_dashboard_embedding_approved_domains: z.object({ approved_domains: list(str) }),
});

const pii = opt(z.object({ behavior: opt(str) }));
const guardrail = opt(z.object({ pii, safety: opt(z.boolean()) }));
export const servingEndpointsWithGatewaySchema = z.object({
  endpoints: list(
    z.object({
      name: opt(str),
      id: opt(str),
      config: opt(
        z.object({ served_entities: list(z.object({ external_model: opt(z.record(z.string(), z.unknown())) })) }),
      ),
      ai_gateway: opt(
        z.object({
          guardrails: opt(z.object({ input: guardrail, output: guardrail })),
          inference_table_config: opt(z.object({ enabled: opt(z.boolean()) })),
          rate_limits: list(z.object({ calls: opt(z.number()) })),
          usage_tracking_config: opt(z.object({ enabled: opt(z.boolean()) })),
        }),
      ),
    }),
  ),
});

export const settingsMetadataPageSchema = z.object({
  settings_metadata: list(
    z.object({ name: opt(str), type: opt(str), description: opt(str), docs_link: opt(str), preview_phase: opt(str) }),
  ),
  next_page_token: opt(str),
});

/**
 * settingsv2.SettingsMetadata of the JS SDK 0.17.0 predates `preview_phase`; databricks-sdk-py
 * service/settingsv2.py has it (PreviewPhase: BETA, GA, GA_SOON, PRIVATE_PREVIEW, PUBLIC_PREVIEW — "For
 * settings that are not feature previews, the preview_phase field is left unset"), as does the REST reference
 * (docs.databricks.com/api/settings/v2/workspace-settings-metadata: "preview_phase … Beta").
 */
type MetadataPage = Omit<ListWorkspaceSettingsMetadataResponse, "settings_metadata"> & {
  settings_metadata?: (NonNullable<ListWorkspaceSettingsMetadataResponse["settings_metadata"]>[number] & {
    preview_phase?: string;
  })[];
};
/**
 * A settings v2 Setting (settingsv2.Setting): `name`, one value field and its effective_* twin. Every value
 * field of the model is a message object — BooleanMessage {value}, IntegerMessage, StringMessage, or the
 * setting's own (PersonalComputeMessage, and in databricks-sdk-py GenieChatSharePolicy, …) — so an effective_*
 * that is not an object does not fit; which fields an object has depends on the setting, and settings the SDK
 * does not know yet are the point of discovery, so other keys are kept as they come.
 */
export const settingV2Schema = z
  .object({ name: opt(str) })
  .catchall(z.unknown())
  .superRefine((setting, context) => {
    for (const [key, value] of Object.entries(setting))
      if (key.startsWith("effective_") && (value === null || typeof value !== "object" || Array.isArray(value)))
        context.addIssue({ code: "custom", path: [key], message: "expected a message object (settingsv2.Setting)" });
  });

/**
 * token_infos[] with the scoped-PAT fields. Not checked against the JS SDK 0.17.0 settings.TokenInfo, which
 * predates them: they are in the Java SDK's settings.TokenInfo (`autoscope_state`, `backfill_scopes`,
 * `inferred_scopes`, `scopes`), the Python SDK changelog ("Add autoscope_state, backfill_scopes,
 * inferred_scopes and scopes fields for settings.TokenInfo") and the scoped-PAT docs' token/list example.
 */
export const scopedTokensSchema = z.object({
  token_infos: list(
    tokenInfoSchema.extend({
      scopes: list(str),
      inferred_scopes: list(str),
      autoscope_state: opt(str),
    }),
  ),
});

type In<S extends z.ZodType> = z.infer<S>;
const conformance: true[] = [
  true satisfies Conforms<In<typeof appsPageSchema>, Omit<ListAppsResponse, "apps"> & { apps?: AppWire[] }>,
  true satisfies Conforms<In<typeof embedPolicySchema>, settings.AibiDashboardEmbeddingAccessPolicySetting>,
  true satisfies Conforms<In<typeof embedDomainsSchema>, settings.AibiDashboardEmbeddingApprovedDomainsSetting>,
  true satisfies Conforms<In<typeof servingEndpointsWithGatewaySchema>, serving.ListEndpointsResponse>,
  true satisfies Conforms<In<typeof permissionsSchema>, serving.ServingEndpointPermissions>,
  true satisfies Conforms<In<typeof settingsMetadataPageSchema>, MetadataPage>,
  true satisfies Conforms<In<typeof settingV2Schema>, SettingV2 & Record<string, unknown>>,
];
void conformance;

// --- Apps -------------------------------------------------------------------------------------------

export async function readApps(client: ReadOnlyApiClient): Promise<App[]> {
  const apps = await pagedList(client, "/api/2.0/apps", appsPageSchema, (page) => page.apps, {
    query: { page_size: 100 },
  });
  return apps.map((app) => ({
    name: app.name,
    creator: app.creator ?? null,
    servicePrincipal: app.service_principal_name ?? null,
    userApiScopes: app.user_api_scopes ?? [],
    effectiveUserApiScopes: app.effective_user_api_scopes ?? null,
    forwardUserAccessToken: app.forward_user_access_token ?? null,
  }));
}

// --- AI/BI dashboard embedding ------------------------------------------------------------------------

const EMBED_POLICY = "/api/2.0/settings/types/aibi_dash_embed_ws_acc_policy/names/default";
const EMBED_DOMAINS = "/api/2.0/settings/types/aibi_dash_embed_ws_apprvd_domains/names/default";

/** A v1 setting's body, or undefined when it was never set (404 RESOURCE_DOES_NOT_EXIST). */
async function settingOrUnset<S extends z.ZodType>(
  client: ReadOnlyApiClient,
  path: string,
  schema: S,
): Promise<z.infer<S> | undefined> {
  try {
    return await getJson(client, path, schema);
  } catch (error) {
    if (isMissingResource(error)) return undefined;
    throw error;
  }
}

export async function readAibiEmbedding(
  client: ReadOnlyApiClient,
  problems: Problem[],
): Promise<Fact<{ accessPolicy: string | null; approvedDomains: string[] }>> {
  const source = `GET ${EMBED_POLICY}`;
  try {
    const [policy, domains] = await Promise.all([
      settingOrUnset(client, EMBED_POLICY, embedPolicySchema),
      settingOrUnset(client, EMBED_DOMAINS, embedDomainsSchema),
    ]);
    const accessPolicy = policy?.aibi_dashboard_embedding_access_policy.access_policy_type ?? null;
    const approvedDomains = domains?.aibi_dashboard_embedding_approved_domains.approved_domains ?? [];
    return known(
      { accessPolicy, approvedDomains },
      source,
      accessPolicy === null ? { note: "the embedding policy was never set on this workspace" } : {},
    );
  } catch (error) {
    problems.push(problemOf(error, source));
    return unknown(describeFailure(error), source);
  }
}

// --- serving endpoints with their AI Gateway ----------------------------------------------------------

type WireGateway = NonNullable<
  NonNullable<In<typeof servingEndpointsWithGatewaySchema>["endpoints"]>[number]["ai_gateway"]
>;

function toGateway(gateway: WireGateway): AiGateway {
  return {
    inputPii: gateway.guardrails?.input?.pii?.behavior ?? null,
    outputPii: gateway.guardrails?.output?.pii?.behavior ?? null,
    safety: gateway.guardrails?.input?.safety === true,
    inferenceTable: gateway.inference_table_config?.enabled === true,
    rateLimits: gateway.rate_limits?.length ?? 0,
    usageTracking: gateway.usage_tracking_config?.enabled === true,
  };
}

/**
 * GET /api/2.0/serving-endpoints with each endpoint's AI Gateway configuration, the secrets each one's
 * configuration references (serving-secrets.ts: GET /api/2.0/serving-endpoints/{name}), and the ACL of each of the first
 * `maxAcls` endpoints (GET /api/2.0/permissions/serving-endpoints/{serving_endpoint_id}, the SDK's
 * ServingEndpointsAPI getPermissions: by the endpoint's id, not its name) — the permission graph's grants on
 * endpoints. One past the bound, without an id, or whose ACL failed (403 to a non-manager) has `permissions: null`.
 */
export async function readServingEndpoints(
  client: ReadOnlyApiClient,
  maxAcls = 200,
  problems?: Problem[],
): Promise<ServingEndpoint[]> {
  const body = await getJson(client, "/api/2.0/serving-endpoints", servingEndpointsWithGatewaySchema);
  const acls = new AclFanOut("serving endpoint ACLs", "GET /api/2.0/permissions/serving-endpoints/{id}", maxAcls);
  const configs = new AclFanOut("serving endpoint configurations", "GET /api/2.0/serving-endpoints/{name}", maxAcls);
  const endpoints = await Promise.all(
    (body.endpoints ?? []).map(async (endpoint, index): Promise<ServingEndpoint> => {
      const gateway = endpoint.ai_gateway && Object.keys(endpoint.ai_gateway).length > 0 ? endpoint.ai_gateway : null;
      // The ACL and the configuration at once, like every other per-object read (the client's limiter bounds how
      // many are in flight). No id, no ACL: the permissions API names an endpoint by its id only.
      const [acl, refs] = await Promise.all([
        endpoint.id
          ? acls.read(index, () => readPermissions(client, "serving-endpoints", endpoint.id!))
          : { value: null, unread: "not read: GET /api/2.0/serving-endpoints gave the endpoint no id" },
        endpoint.name
          ? configs.read(index, () => readServingSecretReferences(client, endpoint.name!))
          : { value: null, unread: "not read: GET /api/2.0/serving-endpoints gave the endpoint no name" },
      ]);
      return {
        name: endpoint.name ?? "",
        id: endpoint.id ?? null,
        externalModel: (endpoint.config?.served_entities ?? []).some((entity) => entity.external_model !== undefined),
        aiGateway: gateway !== null,
        gateway: gateway ? toGateway(gateway) : null,
        permissions: acl.value,
        ...(acl.unread ? { permissionsUnread: acl.unread } : {}),
        secretReferences: refs.value,
        ...(refs.unread ? { secretReferencesUnread: refs.unread } : {}),
      };
    }),
  );
  acls.report(problems);
  configs.report(problems);
  return endpoints;
}

// --- settings v2 discovery ------------------------------------------------------------------------

/** At most this many settings are read one by one; a larger catalogue is read partially, and says so. */
export const MAX_DISCOVERED_SETTINGS = 300;

/**
 * Reads the settings v2 catalogue: the metadata list (page_token, bounded pager), then each setting's
 * effective value. One setting that cannot be read is unknown on its own; the list failing fails the fact.
 * `base` is "/api/2.1" for a workspace or "/api/2.1/accounts/{id}" for the account.
 */
export async function readDiscoveredSettings(
  client: ReadOnlyApiClient,
  base: string,
  problems: Problem[],
): Promise<Fact<DiscoveredSetting[]>> {
  const listPath = `${base}/settings-metadata`;
  const source = `GET ${listPath}`;
  try {
    const metadata = await pagedList(client, listPath, settingsMetadataPageSchema, (page) => page.settings_metadata, {
      query: { page_size: 100 },
    });
    const seen = new Set<string>();
    const unique = metadata.filter(
      (m): m is typeof m & { name: string } => !!m.name && !seen.has(m.name) && !!seen.add(m.name),
    );
    const read = unique.slice(0, MAX_DISCOVERED_SETTINGS);
    const settings = await Promise.all(
      read.map(async (m): Promise<DiscoveredSetting> => {
        let path = `${base}/settings/{name}`;
        let effective: DiscoveredSetting["effective"];
        try {
          path = `${base}/settings/${pathId(m.name, "setting name", source)}`;
          effective = known(effectiveValue(await getJson(client, path, settingV2Schema)), `GET ${path}`);
        } catch (error) {
          effective = unknown(describeFailure(error), `GET ${path}`);
        }
        return {
          name: m.name,
          type: m.type ?? null,
          description: m.description ?? null,
          docsLink: m.docs_link ?? null,
          previewPhase: m.preview_phase ?? null,
          effective,
        };
      }),
    );
    const failed = settings.filter((s) => s.effective.status === "unknown").length;
    if (failed) problems.push({ source, message: `${failed} of ${settings.length} settings could not be read` });
    const fact = known(settings, source);
    return unique.length > read.length
      ? { ...fact, partial: `the catalogue lists ${unique.length} settings; only the first ${read.length} were read` }
      : fact;
  } catch (error) {
    problems.push(problemOf(error, source));
    return unknown(describeFailure(error), source);
  }
}
