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
import type { serving, settings } from "@databricks/sdk-experimental";
import type { App, ListAppsResponse } from "@databricks/sdk-experimental/dist/apis/apps/model.js";
import type {
  ListWorkspaceSettingsMetadataResponse,
  Setting,
  SettingsMetadata,
} from "@databricks/sdk-experimental/dist/apis/settingsv2/model.js";
import type { Context, Hono } from "hono";
import type { ScopedTokenInfo } from "./databricks-types.ts";
import type { PersonaName, PersonaWorkspace } from "./personas.ts";

const DAY = 86_400_000;

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

const app = (name: string, scopes: string[]): App => ({
  name,
  id: `app-${name}`,
  creator: "joe@contoso.example",
  service_principal_name: `app-${name}`,
  service_principal_client_id: "4b9f0c1e-0000-4000-8000-00000000a0a0",
  url: `https://${name}-1000000000000001.1.azure.databricksapps.com`,
  compute_status: { state: "ACTIVE" },
  ...(scopes.length ? { user_api_scopes: scopes, effective_user_api_scopes: scopes } : {}),
});

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
      ws.settingsV2 = [partnerAi(true), restrictAdmins("ALLOW_ALL")];
      break;
    case "typical":
      ws.tokens = ws.tokens.map((token, index) => scoped(token, index === 0 ? ["authentication"] : ["sql"]));
      ws.apps = [app("finance-assistant", ["sql", "files.files", "iam.current-user:read"])];
      ws.settings.aibi_dash_embed_ws_acc_policy = embedPolicy("ALLOW_ALL_DOMAINS");
      ws.settingsV2 = [partnerAi(true)];
      break;
    case "hardened":
      ws.servingEndpoints = ws.servingEndpoints.map((endpoint) => ({ ...endpoint, ai_gateway: gateway(true) }));
      ws.apps = [app("ops-portal", ["iam.current-user:read", "iam.access-control:read"]), app("status-page", [])];
      ws.settings.aibi_dash_embed_ws_acc_policy = embedPolicy("ALLOW_APPROVED_DOMAINS");
      ws.settings.aibi_dash_embed_ws_apprvd_domains = embedDomains(["intranet.contoso.example"]);
      ws.settingsV2 = [restrictAdmins("RESTRICT_TOKENS_AND_JOB_RUN_AS")];
      break;
    case "regulated":
      ws.tokens = ws.tokens.map((token) => scoped(token, ["jobs"]));
      ws.settings.aibi_dash_embed_ws_acc_policy = embedPolicy("DENY_ALL_DOMAINS");
      ws.settingsV2 = [partnerAi(false)];
      break;
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
}

export function accountSettings2026(secure: boolean): AccountSettings2026 {
  return secure
    ? {
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
    : { personalCompute: null, complianceProfileDefault: null, securityMonitoringDefault: null, settingsV2: [] };
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

/** The workspace routes: Apps (page_token paging) and settings v2. */
export function registerPlatform2026Routes(app: Hono, ws: PersonaWorkspace): void {
  app.get("/api/2.0/apps", (c) => {
    const size = Math.min(100, Math.max(1, Number(c.req.query("page_size") ?? "20") || 20));
    const start = Number(c.req.query("page_token") ?? "0") || 0;
    return c.json({
      apps: ws.apps.slice(start, start + size),
      ...(start + size < ws.apps.length ? { next_page_token: String(start + size) } : {}),
    } satisfies ListAppsResponse);
  });
  registerSettingsV2Routes(app, "/api/2.1", () => ws.settingsV2);
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
}
