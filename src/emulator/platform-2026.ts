/**
 * The emulator's side of what the platform added since the 2023 guide (issue 17): Databricks Apps, the
 * AI/BI embedding settings, AI Gateway detail on serving endpoints, scoped personal access tokens and the
 * settings v2 catalogue (settings-metadata + each setting's effective value), for workspaces and the account.
 * Bodies follow the Databricks SDK models the collectors validate against (src/sources/databricks/platform-2026.ts):
 * apps.ListAppsResponse {apps, next_page_token}; settings.*Setting {<message>, etag, setting_name};
 * settingsv2.ListWorkspaceSettingsMetadataResponse {settings_metadata[{name, type, description, docs_link}],
 * next_page_token} and settingsv2.Setting {name, <value>, effective_<value>}; settings.TokenInfo with the
 * scoped-PAT fields scopes / inferred_scopes / autoscope_state / backfill_scopes (Go/Java SDK TokenInfo).
 */
import type { catalog, iam, oauth2, serving, settings, sharing } from "@databricks/sdk-experimental";
import type { App, ListAppsResponse } from "@databricks/sdk-experimental/dist/apis/apps/model.js";
import type {
  ListWorkspaceSettingsMetadataResponse,
  Setting,
  SettingsMetadata,
} from "@databricks/sdk-experimental/dist/apis/settingsv2/model.js";
import type { Context, Hono } from "hono";
import { CANARIES } from "./canaries.ts";
import type { ScopedTokenInfo } from "./databricks-types.ts";
import type { PersonaName, PersonaWorkspace } from "./personas.ts";

const DAY = 86_400_000;

/**
 * dataclassification.CatalogConfig (databricks-sdk-go service/dataclassification/model.go and databricks-sdk-py
 * service/dataclassification.py; not in the JS SDK 0.17.0): {name "catalogs/{catalog}/config", auto_tag_configs[{classification_tag, auto_tagging_mode}],
 * included_schemas{names}}.
 */
export interface CatalogConfigWire {
  name: string;
  auto_tag_configs?: {
    classification_tag: string;
    auto_tagging_mode: "AUTO_TAGGING_ENABLED" | "AUTO_TAGGING_DISABLED";
  }[];
  included_schemas?: { names: string[] };
}

/** A workspace's Unity Catalog governance (issue 17): by recipient name and by catalog name. */
export interface Governance2026 {
  /** sharing.FederationPolicy per OIDC_FEDERATION recipient. */
  recipientPolicies: Record<string, sharing.FederationPolicy[]>;
  /** catalog.PolicyInfo defined on each catalog. */
  abacPolicies: Record<string, catalog.PolicyInfo[]>;
  /** A catalog with a CatalogConfig is classified; without one, GET answers 404. */
  classification: Record<string, CatalogConfigWire>;
}

/** One settings v2 entry: its metadata row and its Setting body. */
export interface SettingV2 {
  metadata: SettingsMetadata & { name: string };
  /** settingsv2.Setting; a setting the SDK has no typed message for carries its own value field. */
  setting: Setting & Record<string, unknown>;
}

export function settingV2(
  name: string,
  type: string,
  description: string,
  value: { key: string; body: Record<string, unknown> },
): SettingV2 {
  return {
    metadata: { name, type, description, docs_link: `https://docs.databricks.com/api/workspace/settings/${name}` },
    setting: { name, [value.key]: value.body, [`effective_${value.key}`]: value.body },
  };
}

const partnerAi = (on: boolean) =>
  settingV2("llm_proxy_partner_powered", "BooleanMessage", "Partner-powered AI features", {
    key: "boolean_val",
    body: { value: on },
  });

/** settingsv2 GenieChatSharePolicy (Python SDK settingsv2.py); the JS SDK 0.17.0 Setting predates it. */
const genieSharing = (disableShareWithAccountUsers: boolean) =>
  settingV2("genie_chat_share_policy", "GenieChatSharePolicy", "Genie chat sharing", {
    key: "genie_chat_share_policy",
    body: { disable_share_with_account_users: disableShareWithAccountUsers, disable_make_chat_private: false },
  });

/** settingsv2 AllowedAppsUserApiScopesMessage (Python SDK settingsv2.py). */
const appsAllowedScopes = (scopes: string[]) =>
  settingV2("allowed_apps_user_api_scopes", "AllowedAppsUserApiScopesMessage", "Allowed user API scopes for Apps", {
    key: "allowed_apps_user_api_scopes",
    body: { allowed_scopes: scopes },
  });

/**
 * A setting the catalogue lists and lakeward has no check for, whose value holds a credential (hypothetical:
 * settings discovery exists for settings lakeward does not know yet). A canary: only its fingerprint is kept.
 */
const partnerConnector = () =>
  settingV2("partner_connector_destination", "PartnerConnectorMessage", "Partner connector destination", {
    key: "partner_connector_destination",
    body: { url: "https://ingest.partner.example/v1", client_secret: CANARIES.settingValueSecret },
  });

const restrictAdmins = (status: string) =>
  settingV2("restrict_workspace_admins", "RestrictWorkspaceAdminsMessage", "Restrict workspace admins", {
    key: "restrict_workspace_admins",
    body: { status },
  });

const embedPolicy = (
  type: settings.AibiDashboardEmbeddingAccessPolicyAccessPolicyType,
): settings.AibiDashboardEmbeddingAccessPolicySetting => ({
  setting_name: "default",
  etag: "aibi-1",
  aibi_dashboard_embedding_access_policy: { access_policy_type: type },
});
const embedDomains = (domains: string[]): settings.AibiDashboardEmbeddingApprovedDomainsSetting => ({
  setting_name: "default",
  etag: "aibi-2",
  aibi_dashboard_embedding_approved_domains: { approved_domains: domains },
});

const gateway = (complete: boolean): serving.AiGatewayConfig =>
  complete
    ? {
        guardrails: { input: { pii: { behavior: "BLOCK" }, safety: true }, output: { pii: { behavior: "MASK" } } },
        inference_table_config: {
          enabled: true,
          catalog_name: "main",
          schema_name: "ai_audit",
          table_name_prefix: "chat",
        },
        rate_limits: [{ calls: 100, key: "user", renewal_period: "minute" }],
        usage_tracking_config: { enabled: true },
      }
    : { usage_tracking_config: { enabled: true } };

const app = (name: string, scopes: string[]): App & { forward_user_access_token?: boolean } => ({
  name,
  id: `app-${name}`,
  creator: "joe@contoso.example",
  service_principal_name: `app-${name}`,
  service_principal_client_id: "4b9f0c1e-0000-4000-8000-00000000a0a0",
  url: `https://${name}-1000000000000001.1.azure.databricksapps.com`,
  compute_status: { state: "ACTIVE" },
  ...(scopes.length
    ? { user_api_scopes: scopes, effective_user_api_scopes: scopes, forward_user_access_token: true }
    : {}),
});

const maskPii = (catalogName: string): catalog.PolicyInfo => ({
  name: "mask-pii",
  on_securable_type: "CATALOG",
  on_securable_fullname: catalogName,
  for_securable_type: "TABLE",
  policy_type: "POLICY_TYPE_COLUMN_MASK",
  to_principals: ["account users"],
  except_principals: ["pii-readers"],
  column_mask: { function_name: `${catalogName}.governance.mask_pii`, on_column: "pii" },
  match_columns: [{ alias: "pii", condition: "hasTagValue('class', 'email_address')" }],
});

const classified = (catalogName: string): CatalogConfigWire => ({
  name: `catalogs/${catalogName}/config`,
  auto_tag_configs: [{ classification_tag: "class.email_address", auto_tagging_mode: "AUTO_TAGGING_ENABLED" }],
});

const managedCatalogs = (ws: PersonaWorkspace) =>
  ws.unityCatalog.catalogs.filter((c) => c.catalog_type === "MANAGED_CATALOG").map((c) => c.name ?? "");

/** Adds the 2026 platform objects to a persona (called by buildPersona). */
export function addPlatform2026(ws: PersonaWorkspace, persona: PersonaName, now: number): void {
  const scoped = (token: ScopedTokenInfo, scopes: string[] | null, lastUsedDaysAgo = 1): ScopedTokenInfo => ({
    ...token,
    last_used_day: now - lastUsedDaysAgo * DAY,
    ...(scopes === null
      ? { autoscope_state: "AUTOSCOPE_STATE_BACKFILLED", backfill_scopes: ["clusters", "jobs", "sql"] }
      : { scopes, inferred_scopes: scopes, autoscope_state: "AUTOSCOPE_STATE_COMPLETED" }),
  });
  switch (persona) {
    case "default":
      // Tokens from before scoped PATs reach every API; one has not been used for four months.
      ws.tokens = ws.tokens.map((token, index) => scoped(token, null, index === 2 ? 120 : 1));
      // An interactive cluster someone set never to terminate.
      ws.clusters = ws.clusters.map((cluster, index) =>
        index === 0 ? { ...cluster, autotermination_minutes: 0 } : cluster,
      );
      // Genie chat sharing and the apps' allowed scopes are listed, never set (their defaults apply).
      ws.settingsV2 = [
        partnerAi(true),
        partnerConnector(),
        restrictAdmins("ALLOW_ALL"),
        { ...genieSharing(false), setting: { name: "genie_chat_share_policy" } },
        { ...appsAllowedScopes([]), setting: { name: "allowed_apps_user_api_scopes" } },
      ];
      // A partner reads shares with tokens of its own Entra tenant; no catalog is classified.
      ws.unityCatalog.recipients = [
        ...ws.unityCatalog.recipients,
        { name: "fabrikam", authentication_type: "OIDC_FEDERATION", owner: "dana@contoso.example" },
      ];
      ws.governance.recipientPolicies.fabrikam = [
        {
          name: "fabrikam-m2m",
          oidc_policy: {
            issuer: "https://login.microsoftonline.com/0f0e0d0c-0000-4000-8000-00000000fab1/v2.0",
            audiences: ["api://databricks-delta-sharing"],
            subject: "7c1e2a90-0000-4000-8000-00000000fab2",
            subject_claim: "azp",
          },
        },
      ];
      break;
    case "typical":
      ws.tokens = ws.tokens.map((token, index) => scoped(token, index === 0 ? ["authentication"] : ["sql"]));
      ws.apps = [app("finance-assistant", ["sql", "files.files", "iam.current-user:read"])];
      ws.settings.aibi_dash_embed_ws_acc_policy = embedPolicy("ALLOW_ALL_DOMAINS");
      // Genie chat sharing never set (the metadata lists it; its value is the default), data scopes for apps.
      ws.settingsV2 = [
        partnerAi(true),
        { ...genieSharing(false), setting: { name: "genie_chat_share_policy" } },
        appsAllowedScopes(["iam.current-user:read", "sql", "files.files"]),
      ];
      break;
    case "hardened":
      ws.servingEndpoints = ws.servingEndpoints.map((endpoint) => ({ ...endpoint, ai_gateway: gateway(true) }));
      ws.apps = [app("ops-portal", ["iam.current-user:read", "iam.access-control:read"]), app("status-page", [])];
      ws.settings.aibi_dash_embed_ws_acc_policy = embedPolicy("ALLOW_APPROVED_DOMAINS");
      ws.settings.aibi_dash_embed_ws_apprvd_domains = embedDomains(["intranet.contoso.example"]);
      ws.settingsV2 = [
        restrictAdmins("RESTRICT_TOKENS_AND_JOB_RUN_AS"),
        genieSharing(true),
        appsAllowedScopes(["iam.current-user:read", "iam.access-control:read"]),
      ];
      // Every catalog classified, personal data masked by tag on the main one.
      for (const name of managedCatalogs(ws)) ws.governance.classification[name] = classified(name);
      ws.governance.abacPolicies.main = [maskPii("main")];
      break;
    case "regulated": {
      ws.tokens = ws.tokens.map((token) => scoped(token, ["jobs"]));
      ws.settings.aibi_dash_embed_ws_acc_policy = embedPolicy("DENY_ALL_DOMAINS");
      ws.settingsV2 = [partnerAi(false), genieSharing(true), appsAllowedScopes([])];
      // Classification switched on for one catalog, auto-tagging left off.
      const [first] = managedCatalogs(ws);
      if (first) ws.governance.classification[first] = { name: `catalogs/${first}/config`, auto_tag_configs: [] };
      break;
    }
    default:
      break;
  }
}

/** The account-level settings of an environment (secure: enforced defaults; sandbox: never set). */
export interface AccountSettings2026 {
  /** dcp_acct_enable personal_compute.value; null = never set. */
  personalCompute: "ON" | "DELEGATE" | null;
  /** shield_csp_enablement_ac; null = never set. */
  complianceProfileDefault: { is_enforced: boolean; compliance_standards: string[] } | null;
  /** shield_esm_enablement_ac is_enforced; null = never set. */
  securityMonitoringDefault: boolean | null;
  settingsV2: SettingV2[];
  /** Account service principals (iam.ServicePrincipal), their OAuth secrets and federation policies by SCIM id. */
  servicePrincipals: iam.ServicePrincipal[];
  secrets: Record<string, oauth2.SecretInfo[]>;
  principalPolicies: Record<string, oauth2.FederationPolicy[]>;
  accountPolicies: oauth2.FederationPolicy[];
  /** Account users and groups (iam.User, iam.Group): their roles (account_admin) and the groups' members. */
  accountUsers: iam.User[];
  accountGroups: iam.Group[];
  /** Each service principal's rule set grants (iam.GrantRule), by application id. */
  ruleSets: Record<string, iam.GrantRule[]>;
  /** Each account group's rule set grants (roles/group.manager, roles/group.assumer), by the group's SCIM id. */
  groupRuleSets: Record<string, iam.GrantRule[]>;
  /** The account's own rule set (accounts/{id}/ruleSets/default). */
  accountRuleSet: iam.GrantRule[];
}

const GITHUB = "https://token.actions.githubusercontent.com";
const iso = (time: number) => new Date(time).toISOString();

/**
 * The account's identities. secure: every principal active, secrets with a 90-day lifetime, a deploy
 * principal federated with one GitHub environment. sandbox: a deactivated principal kept, a secret made
 * without a lifetime two years ago, a federation policy trusting every GitHub workflow.
 */
function accountIdentities(
  secure: boolean,
  now: number,
): Pick<
  AccountSettings2026,
  | "servicePrincipals"
  | "secrets"
  | "principalPolicies"
  | "accountPolicies"
  | "accountUsers"
  | "accountGroups"
  | "ruleSets"
  | "groupRuleSets"
  | "accountRuleSet"
> {
  const sp = (id: string, name: string, active = true): iam.ServicePrincipal => ({
    id,
    applicationId: `11111111-aaaa-4bbb-8ccc-00000000${id}`,
    displayName: name,
    active,
    schemas: ["urn:ietf:params:scim:schemas:core:2.0:ServicePrincipal"],
  });
  const secret = (id: string, ageDays: number, lifetimeDays: number | null): oauth2.SecretInfo => ({
    id,
    status: "ACTIVE",
    create_time: iso(now - ageDays * DAY),
    update_time: iso(now - ageDays * DAY),
    secret_hash: CANARIES.servicePrincipalSecretHash,
    ...(lifetimeDays === null ? {} : { expire_time: iso(now + (lifetimeDays - ageDays) * DAY) }),
  });
  const github = (subject: string | null): oauth2.FederationPolicy => ({
    name: "github-deploy",
    policy_id: "github-deploy",
    oidc_policy: { issuer: GITHUB, audiences: ["https://github.com/contoso"], ...(subject ? { subject } : {}) },
  });
  const accountAdmin = [{ value: "account_admin" }];
  // The default persona's admin service principal (prod-etl) as the account knows it, with its rule set: the
  // leavers' group contractors-2023 (empty at account level, still a group of the default workspace) may run jobs
  // as it — the permission graph's can-assume path; the hardened workspace does not have that group.
  const prodEtl: iam.ServicePrincipal = {
    ...sp("7000", "prod-etl"),
    applicationId: "11111111-aaaa-4bbb-8ccc-000000000001",
  };
  const ruleSets: AccountSettings2026["ruleSets"] = {
    [prodEtl.applicationId!]: [
      { role: "roles/servicePrincipal.manager", principals: ["users/admin-dana@contoso.example"] },
      { role: "roles/servicePrincipal.user", principals: ["groups/contractors-2023"] },
    ],
  };
  const contractors: iam.Group = { id: "8001", displayName: "contractors-2023", members: [] };
  // joe, no admin, still manages the leavers' group (the agency's lead): he may add himself to it and so get its
  // CAN_MANAGE on prod-load and its use of prod-etl — a group.manager path; the account's own rule set names
  // only the platform admins' group as manager of every group (hardened has no such path: none of its groups
  // is named, and platform-admins is not one of its workspace's groups' members).
  const groupRuleSets: AccountSettings2026["groupRuleSets"] = {
    [contractors.id!]: [{ role: "roles/group.manager", principals: ["users/joe@contoso.example"] }],
  };
  const accountRuleSet: iam.GrantRule[] = [{ role: "roles/group.manager", principals: ["groups/platform-admins"] }];
  return secure
    ? {
        servicePrincipals: [prodEtl, sp("7001", "etl"), { ...sp("7002", "deploy"), roles: accountAdmin }],
        secrets: { "7001": [secret("sec-etl-1", 20, 90)] },
        principalPolicies: { "7002": [github("repo:contoso/pipelines:environment:prod")] },
        accountPolicies: [],
        // Account admins come from Entra ID: one named admin account and the deploy principal.
        accountUsers: [
          { id: "9011", userName: "admin-dana@contoso.example", externalId: "aad-u-11", roles: accountAdmin },
          { id: "9001", userName: "dana@contoso.example", externalId: "aad-u-1" },
        ],
        accountGroups: [
          contractors,
          { id: "8002", displayName: "platform-admins", externalId: "aad-platform-admins", members: [] },
        ],
        ruleSets,
        groupRuleSets,
        accountRuleSet,
      }
    : {
        servicePrincipals: [prodEtl, sp("7001", "etl"), sp("7002", "deploy"), sp("7003", "legacy-ingest", false)],
        secrets: { "7001": [secret("sec-etl-1", 730, null)], "7003": [secret("sec-old", 400, 30)] },
        principalPolicies: { "7002": [github(null)] },
        accountPolicies: [],
        // The account's first admin, made by hand when the account was created (no Entra externalId).
        accountUsers: [{ id: "9001", userName: "dana@contoso.example", roles: accountAdmin }],
        accountGroups: [contractors],
        ruleSets,
        groupRuleSets,
        accountRuleSet,
      };
}

export function accountSettings2026(secure: boolean, now = Date.now()): AccountSettings2026 {
  return secure
    ? {
        ...accountIdentities(secure, now),
        personalCompute: "DELEGATE",
        complianceProfileDefault: { is_enforced: true, compliance_standards: ["HIPAA"] },
        securityMonitoringDefault: true,
        settingsV2: [
          settingV2("personal_compute", "PersonalComputeMessage", "Personal Compute", {
            key: "personal_compute",
            body: { value: "DELEGATE" },
          }),
        ],
      }
    : {
        personalCompute: null,
        complianceProfileDefault: null,
        securityMonitoringDefault: null,
        settingsV2: [],
        ...accountIdentities(secure, now),
      };
}

/** page_token paging over settings-metadata (the token is the next offset). */
function metadataPage(c: Context, settings: readonly SettingV2[]) {
  const size = Math.min(100, Math.max(1, Number(c.req.query("page_size") ?? "20") || 20));
  const start = Number(c.req.query("page_token") ?? "0") || 0;
  const page = settings.slice(start, start + size);
  return c.json({
    settings_metadata: page.map((s) => s.metadata),
    ...(start + size < settings.length ? { next_page_token: String(start + size) } : {}),
  } satisfies ListWorkspaceSettingsMetadataResponse);
}

const notFound = (c: Context, what: string) =>
  c.json({ error_code: "RESOURCE_DOES_NOT_EXIST", message: `${what} does not exist.` }, 404);

/** Settings v2 routes under a base path ("/api/2.1" or "/api/2.1/accounts/{id}"). */
export function registerSettingsV2Routes(app: Hono, base: string, settings: () => readonly SettingV2[]): void {
  app.get(`${base}/settings-metadata`, (c) => metadataPage(c, settings()));
  app.get(`${base}/settings/:name`, (c) => {
    const found = settings().find((s) => s.metadata.name === c.req.param("name"));
    return found ? c.json(found.setting) : notFound(c, `Setting ${c.req.param("name")}`);
  });
}

/** One page of `items` (page_token paging: the token is the next offset) and the next token, if any. */
function pageOf<T>(c: Context, items: readonly T[], sizeParam = "page_size") {
  const size = Math.min(100, Math.max(1, Number(c.req.query(sizeParam) ?? "20") || 20));
  const start = Number(c.req.query("page_token") ?? "0") || 0;
  return {
    page: items.slice(start, start + size),
    next: start + size < items.length ? { next_page_token: String(start + size) } : {},
  };
}

/** The workspace routes: Apps (page_token paging), settings v2 and Unity Catalog governance. */
export function registerPlatform2026Routes(app: Hono, ws: PersonaWorkspace): void {
  app.get("/api/2.0/apps", (c) => {
    const { page, next } = pageOf(c, ws.apps);
    return c.json({ apps: page, ...next } satisfies ListAppsResponse);
  });
  registerSettingsV2Routes(app, "/api/2.1", () => ws.settingsV2);
  const recipient = (name: string) => ws.unityCatalog.recipients.find((r) => r.name === name);
  const catalogNamed = (name: string) => ws.unityCatalog.catalogs.find((c) => c.name === name);
  app.get("/api/2.0/data-sharing/recipients/:name/federation-policies", (c) =>
    recipient(c.req.param("name"))
      ? (() => {
          const { page, next } = pageOf(c, ws.governance.recipientPolicies[c.req.param("name")] ?? [], "max_results");
          return c.json({ policies: page, ...next } satisfies sharing.ListFederationPoliciesResponse);
        })()
      : notFound(c, `Recipient ${c.req.param("name")}`),
  );
  app.get("/api/2.1/unity-catalog/policies/:type/:name", (c) =>
    c.req.param("type") === "CATALOG" && catalogNamed(c.req.param("name"))
      ? (() => {
          const { page, next } = pageOf(c, ws.governance.abacPolicies[c.req.param("name")] ?? [], "max_results");
          return c.json({ policies: page, ...next } satisfies catalog.ListPoliciesResponse);
        })()
      : notFound(c, `Securable ${c.req.param("type")} ${c.req.param("name")}`),
  );
  app.get("/api/data-classification/v1/catalogs/:name/config", (c) => {
    const config = ws.governance.classification[c.req.param("name")];
    return config ? c.json(config) : notFound(c, `Data classification config for catalog ${c.req.param("name")}`);
  });
}

/** Account routes: the three account settings (404 when never set, as the real API answers) and settings v2. */
export function registerAccountPlatform2026Routes(
  app: Hono,
  base: string,
  accountId: string,
  settings: () => AccountSettings2026,
): void {
  const setting = (type: string, body: () => Record<string, unknown> | null) =>
    app.get(`${base}/settings/types/${type}/names/default`, (c) => {
      const value = body();
      return value === null
        ? notFound(c, `Setting ${type}`)
        : c.json({ setting_name: "default", etag: "e-2026", ...value });
    });
  setting("dcp_acct_enable", () => {
    const value = settings().personalCompute;
    return value === null ? null : { personal_compute: { value } };
  });
  setting("shield_csp_enablement_ac", () => {
    const value = settings().complianceProfileDefault;
    return value === null ? null : { csp_enablement_account: value };
  });
  setting("shield_esm_enablement_ac", () => {
    const value = settings().securityMonitoringDefault;
    return value === null ? null : { esm_enablement_account: { is_enforced: value } };
  });
  registerSettingsV2Routes(app, `/api/2.1/accounts/${accountId}`, () => settings().settingsV2);
  // SCIM paging by startIndex/count (iam.ListServicePrincipalResponse), as the account SCIM API pages.
  app.get(`${base}/scim/v2/ServicePrincipals`, (c) => {
    const all = settings().servicePrincipals;
    const start = Math.max(1, Number(c.req.query("startIndex") ?? "1") || 1);
    const count = Math.min(100, Math.max(1, Number(c.req.query("count") ?? "100") || 100));
    const page = all.slice(start - 1, start - 1 + count);
    return c.json({
      schemas: ["urn:ietf:params:scim:api:messages:2.0:ListResponse"],
      totalResults: all.length,
      startIndex: start,
      itemsPerPage: page.length,
      Resources: page,
    } satisfies iam.ListServicePrincipalResponse);
  });
  // Account users and groups, paged like the service principals (iam.ListAccountUsersResponse and
  // iam.ListAccountGroupsResponse share the ListResponse envelope).
  const scimPage = <T>(c: Context, all: T[]) => {
    const start = Math.max(1, Number(c.req.query("startIndex") ?? "1") || 1);
    const count = Math.min(100, Math.max(1, Number(c.req.query("count") ?? "100") || 100));
    const page = all.slice(start - 1, start - 1 + count);
    return {
      schemas: ["urn:ietf:params:scim:api:messages:2.0:ListResponse"],
      totalResults: all.length,
      startIndex: start,
      itemsPerPage: page.length,
      Resources: page,
    };
  };
  app.get(`${base}/scim/v2/Users`, (c) =>
    c.json(scimPage(c, settings().accountUsers) satisfies iam.ListAccountUsersResponse),
  );
  app.get(`${base}/scim/v2/Groups`, (c) =>
    c.json(scimPage(c, settings().accountGroups) satisfies iam.ListAccountGroupsResponse),
  );
  // A rule set (iam.RuleSetResponse), named in the query as the SDK's getRuleSet sends it: a service principal's
  // (by application id), a group's (by SCIM id) or the account's own.
  app.get(`/api/2.0/preview/accounts/${accountId}/access-control/rule-sets`, (c) => {
    const name = c.req.query("name") ?? "";
    const spMatch = new RegExp(`^accounts/${accountId}/servicePrincipals/([^/]+)/ruleSets/default$`).exec(name);
    const groupMatch = new RegExp(`^accounts/${accountId}/groups/([^/]+)/ruleSets/default$`).exec(name);
    const sp = spMatch && settings().servicePrincipals.find((p) => p.applicationId === spMatch[1]);
    const group = groupMatch && settings().accountGroups.find((g) => g.id === groupMatch[1]);
    const rules =
      name === `accounts/${accountId}/ruleSets/default`
        ? settings().accountRuleSet
        : sp
          ? (settings().ruleSets[sp.applicationId!] ?? [])
          : group
            ? (settings().groupRuleSets[group.id!] ?? [])
            : null;
    if (!rules)
      return c.json({ error_code: "RESOURCE_DOES_NOT_EXIST", message: `Rule set ${name} does not exist.` }, 404);
    return c.json({
      name,
      etag: "RENUAAABAAA=",
      ...(rules.length ? { grant_rules: rules } : {}),
    } satisfies iam.RuleSetResponse);
  });
  const principal = (id: string) => settings().servicePrincipals.some((sp) => sp.id === id);
  app.get(`${base}/servicePrincipals/:id/credentials/secrets`, (c) =>
    principal(c.req.param("id"))
      ? (() => {
          const { page, next } = pageOf(c, settings().secrets[c.req.param("id")] ?? []);
          return c.json({ secrets: page, ...next } satisfies oauth2.ListServicePrincipalSecretsResponse);
        })()
      : notFound(c, `Service principal ${c.req.param("id")}`),
  );
  app.get(`${base}/servicePrincipals/:id/federationPolicies`, (c) =>
    principal(c.req.param("id"))
      ? (() => {
          const { page, next } = pageOf(c, settings().principalPolicies[c.req.param("id")] ?? []);
          return c.json({ policies: page, ...next } satisfies oauth2.ListFederationPoliciesResponse);
        })()
      : notFound(c, `Service principal ${c.req.param("id")}`),
  );
  app.get(`${base}/federationPolicies`, (c) =>
    (() => {
      const { page, next } = pageOf(c, settings().accountPolicies);
      return c.json({ policies: page, ...next } satisfies oauth2.ListFederationPoliciesResponse);
    })(),
  );
}
