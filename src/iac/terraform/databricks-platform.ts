/**
 * What Databricks added since the 2023 guide, as the Databricks provider declares it (issue 17): AI/BI
 * dashboard embedding, Databricks Apps and their user API scopes, model serving endpoints with their AI
 * Gateway, Delta Sharing recipients, Unity Catalog ABAC policies and data classification. Attribute names
 * are the provider's (terraform-provider-databricks docs/resources: aibi_dashboard_embedding_*_setting.md,
 * workspace_setting_v2.md, app.md, model_serving.md, recipient.md, policy_info.md,
 * data_classification_catalog_config.md).
 */
import type { Fact } from "../../evidence/fact.ts";
import { unknown } from "../../evidence/fact.ts";
import type {
  AbacPolicy,
  AiGateway,
  App,
  CatalogClassification,
  DatabricksWorkspace,
  Recipient,
  ServingEndpoint,
} from "../../evidence/model.ts";
import { declared, notDeclarable } from "../evidence.ts";
import { asBool, asString, findUnresolved, isMap, isUnresolved, Unresolved, type ValueMap } from "../hcl/value.ts";
import type { BlockView, ResourceInstance } from "./config.ts";
import { type DatabricksScope, DECLARED_ONLY } from "./databricks-scope.ts";
import { loc, show } from "./refs.ts";

/**
 * A nested object of a resource, written as a block (`boolean_val { value = true }`) or, as the provider's
 * plugin-framework resources are, as an object attribute (`boolean_val = { value = true }`). Undefined
 * when absent; Unresolved when its value depends on something not known.
 */
export function nested(view: BlockView, name: string): ValueMap | Unresolved | undefined {
  const blocks = view.blocks(name);
  if (blocks.uncertain) return blocks.uncertain;
  const block = blocks.views[0];
  if (block) return block.toValue();
  const attr = view.attr(name);
  if (attr === undefined || attr === null) return undefined;
  if (isUnresolved(attr)) return attr;
  if (isMap(attr)) return attr;
  if (Array.isArray(attr) && attr.length && isMap(attr[0] ?? null)) return attr[0] as ValueMap;
  return new Unresolved(`${name} is not an object`);
}

/** Every nested object of a name: repeated blocks, or a list attribute of objects. */
function nestedList(view: BlockView, name: string): ValueMap[] | Unresolved {
  const blocks = view.blocks(name);
  if (blocks.uncertain) return blocks.uncertain;
  if (blocks.views.length) return blocks.views.map((b) => b.toValue());
  const attr = view.attr(name);
  if (attr === undefined || attr === null) return [];
  if (isUnresolved(attr)) return attr;
  if (isMap(attr)) return [attr];
  if (Array.isArray(attr)) return attr.filter((x): x is ValueMap => isMap(x ?? null));
  return new Unresolved(`${name} is not a list of objects`);
}

const field = (map: ValueMap | undefined, name: string): ValueMap | undefined => {
  const value = map?.[name];
  if (value === undefined || value === null || !isMap(value)) {
    if (Array.isArray(value) && isMap(value[0] ?? null)) return value[0] as ValueMap;
    return undefined;
  }
  return value;
};

const strings = (value: unknown): string[] =>
  Array.isArray(value) ? value.map((x) => asString(x as never) ?? show(x as never) ?? "").filter(Boolean) : [];

export function mapPlatform(scope: DatabricksScope, out: DatabricksWorkspace): void {
  out.aibiEmbedding = aibiEmbedding(scope);
  out.apps = apps(scope);
  out.servingEndpoints = servingEndpoints(scope);
  out.unityCatalog.recipients = recipients(scope);
  out.unityCatalog.abacPolicies = abacPolicies(scope);
  out.unityCatalog.dataClassification = dataClassification(scope, out);
}

/** The workspace_setting_v2 resource of a setting name, if declared. */
function settingV2(scope: DatabricksScope, name: string): ResourceInstance | undefined {
  return scope.of("databricks_workspace_setting_v2").find((r) => asString(r.view.attr("name") ?? null) === name);
}

/**
 * AI/BI dashboard embedding: databricks_aibi_dashboard_embedding_access_policy_setting
 * (aibi_dashboard_embedding_access_policy.access_policy_type) and …_approved_domains_setting
 * (aibi_dashboard_embedding_approved_domains.approved_domains), or databricks_workspace_setting_v2 of the
 * names the live collector reads (aibi_dash_embed_ws_acc_policy, aibi_dash_embed_ws_apprvd_domains). Neither
 * declared: not declarable (the setting is usually made in the admin console), never a default.
 */
function aibiEmbedding(scope: DatabricksScope): DatabricksWorkspace["aibiEmbedding"] {
  const source = "terraform: databricks_aibi_dashboard_embedding_access_policy_setting";
  const read = (type: string, v2: string, block: string) => {
    const r = scope.of(type)[0] ?? settingV2(scope, v2);
    if (!r) return { resource: undefined, value: undefined };
    if (isUnresolved(r.exists)) return { resource: r, value: r.exists };
    const value = nested(r.view, block);
    const problem = value && !isUnresolved(value) ? findUnresolved(value) : undefined;
    return { resource: r, value: problem ?? value };
  };
  const policy = read(
    "databricks_aibi_dashboard_embedding_access_policy_setting",
    "aibi_dash_embed_ws_acc_policy",
    "aibi_dashboard_embedding_access_policy",
  );
  const domains = read(
    "databricks_aibi_dashboard_embedding_approved_domains_setting",
    "aibi_dash_embed_ws_apprvd_domains",
    "aibi_dashboard_embedding_approved_domains",
  );
  for (const part of [policy, domains]) if (isUnresolved(part.value)) return unknown(part.value.reason, source);
  const policyValue = policy.value as ValueMap | undefined;
  const accessPolicy = policyValue ? (asString(policyValue.access_policy_type ?? null) ?? null) : null;
  const approvedDomains = strings((domains.value as ValueMap | undefined)?.approved_domains);
  if (policy.resource && accessPolicy === null)
    return unknown(`access_policy_type not readable in ${policy.resource.address}`, source);
  const value = { accessPolicy, approvedDomains };
  if (!policy.resource && !domains.resource)
    return notDeclarable("no databricks_aibi_dashboard_embedding_*_setting is declared in the configuration", source);
  const at = policy.resource ?? domains.resource!;
  return declared(value, `terraform: ${at.address}`, loc(at.view));
}

/**
 * databricks_app: name, user_api_scopes. forward_user_access_token is an API field the provider does not
 * expose (docs/resources/app.md), so it is null (not reported), as for an API that omits it.
 */
function apps(scope: DatabricksScope): Fact<App[]> {
  return scope.declaredListFact<App>(
    "databricks_app",
    () => {
      const list: App[] = [];
      for (const r of scope.of("databricks_app")) {
        const scopes = r.view.attr("user_api_scopes");
        if (isUnresolved(scopes)) return new Unresolved(`${r.address}.user_api_scopes: ${scopes.reason}`);
        const open = Array.isArray(scopes) ? findUnresolved(scopes) : undefined;
        if (open) return new Unresolved(`${r.address}.user_api_scopes: ${open.reason}`);
        list.push({
          name: asString(r.view.attr("name") ?? null) ?? r.address,
          creator: null,
          servicePrincipal: null,
          userApiScopes: strings(scopes),
          effectiveUserApiScopes: null,
          forwardUserAccessToken: null,
        });
      }
      return list;
    },
    `${DECLARED_ONLY}; an app without user_api_scopes does not act on behalf of its users`,
  );
}

/**
 * databricks_model_serving: served_entities[].external_model and the ai_gateway block (guardrails.input.pii
 * .behavior, guardrails.input.safety, inference_table_config.enabled, rate_limits, usage_tracking_config
 * .enabled), as serving.AiGatewayConfig reads live. No ai_gateway block: no gateway (null).
 */
function servingEndpoints(scope: DatabricksScope): Fact<ServingEndpoint[]> {
  return scope.declaredListFact<ServingEndpoint>(
    "databricks_model_serving",
    () => {
      const list: ServingEndpoint[] = [];
      for (const r of scope.of("databricks_model_serving")) {
        const config = nested(r.view, "config");
        if (isUnresolved(config)) return new Unresolved(`${r.address}.config: ${config.reason}`);
        const entities = [
          ...((config?.served_entities as ValueMap[] | ValueMap | undefined) === undefined
            ? []
            : ([] as ValueMap[]).concat(config!.served_entities as ValueMap[] | ValueMap)),
        ];
        const externalModel = entities.some((e) => isMap(e ?? null) && field(e, "external_model") !== undefined);
        const gatewayValue = nested(r.view, "ai_gateway");
        if (isUnresolved(gatewayValue)) return new Unresolved(`${r.address}.ai_gateway: ${gatewayValue.reason}`);
        const problem = gatewayValue ? findUnresolved(gatewayValue) : undefined;
        if (problem) return new Unresolved(`${r.address}.ai_gateway: ${problem.reason}`);
        let gateway: AiGateway | null = null;
        if (gatewayValue) {
          const guardrails = field(gatewayValue, "guardrails");
          const input = field(guardrails, "input");
          const output = field(guardrails, "output");
          const rateLimits = gatewayValue.rate_limits;
          gateway = {
            inputPii: asString(field(input, "pii")?.behavior ?? null) ?? null,
            outputPii: asString(field(output, "pii")?.behavior ?? null) ?? null,
            safety: asBool(input?.safety ?? null) ?? false,
            inferenceTable: asBool(field(gatewayValue, "inference_table_config")?.enabled ?? null) ?? false,
            rateLimits: Array.isArray(rateLimits) ? rateLimits.length : isMap(rateLimits ?? null) ? 1 : 0,
            usageTracking: asBool(field(gatewayValue, "usage_tracking_config")?.enabled ?? null) ?? false,
          };
        }
        list.push({
          name: asString(r.view.attr("name") ?? null) ?? r.address,
          externalModel,
          aiGateway: gateway !== null,
          gateway,
        });
      }
      return list;
    },
    `${DECLARED_ONLY}; an endpoint without an ai_gateway block has no AI Gateway`,
  );
}

/**
 * databricks_recipient: name, authentication_type, ip_access_list.allowed_ip_addresses. The federation
 * policies of an OIDC_FEDERATION recipient stay not declarable: databricks_recipient_federation_policy (provider
 * >= 1.81.1) has no argument naming its recipient (name, comment, oidc_policy only; databricks/cli
 * bundle/internal/tf/schema/resource_recipient_federation_policy.go), so none can be tied to one.
 */
function recipients(scope: DatabricksScope): Fact<Recipient[]> {
  return scope.declaredListFact<Recipient>(
    "databricks_recipient",
    () => {
      const list: Recipient[] = [];
      for (const r of scope.of("databricks_recipient")) {
        const type = r.view.attr("authentication_type");
        if (isUnresolved(type)) return new Unresolved(`${r.address}.authentication_type: ${type.reason}`);
        // The API requires it; a configuration that leaves it out does not say which kind of recipient it is.
        const authenticationType = asString(type ?? null);
        if (authenticationType === undefined)
          return new Unresolved(`${r.address}: authentication_type is not declared`);
        const ipList = nested(r.view, "ip_access_list");
        if (isUnresolved(ipList)) return new Unresolved(`${r.address}.ip_access_list: ${ipList.reason}`);
        const addresses = ipList?.allowed_ip_addresses;
        if (isUnresolved(addresses ?? null))
          return new Unresolved(
            `${r.address}.ip_access_list.allowed_ip_addresses: ${(addresses as Unresolved).reason}`,
          );
        list.push({
          name: asString(r.view.attr("name") ?? null) ?? r.address,
          authenticationType,
          ipAccessList: ipList ? strings(addresses) : null,
        });
      }
      return list;
    },
    DECLARED_ONLY,
  );
}

/**
 * databricks_policy_info on a catalog (on_securable_type = "CATALOG"): the policies INFO-11 inventories, as
 * the live read lists them (GET /api/2.1/unity-catalog/policies/CATALOG/{name}). Policies on schemas and
 * tables are left out there too.
 */
function abacPolicies(scope: DatabricksScope): Fact<AbacPolicy[]> {
  return scope.declaredListFact<AbacPolicy>(
    "databricks_policy_info",
    () => {
      const list: AbacPolicy[] = [];
      for (const r of scope.of("databricks_policy_info")) {
        const v = r.view.toValue();
        const securableType = asString(v.on_securable_type ?? null);
        if (securableType === undefined) return new Unresolved(`${r.address}.on_securable_type is not known`);
        if (securableType.toUpperCase() !== "CATALOG") continue;
        list.push({
          name: asString(v.name ?? null) ?? r.address,
          securable: `CATALOG ${show(v.on_securable_fullname) ?? "?"}`,
          policyType: asString(v.policy_type ?? null) ?? "",
          toPrincipals: strings(v.to_principals),
          exceptPrincipals: strings(v.except_principals),
          whenCondition: asString(v.when_condition ?? null) ?? null,
        });
      }
      return list;
    },
    DECLARED_ONLY,
  );
}

/**
 * Data classification per declared catalog: on when a databricks_data_classification_catalog_config names it
 * (`parent = "catalogs/<name>"`, or `name = "catalogs/<name>/config"` as in the provider's example); a config
 * for a catalog not declared here adds that catalog. Creating the config enables classification, deleting
 * it disables it (data_classification_catalog_config.md). As for secret ACLs, the configuration is taken as
 * the truth for the catalogs it declares; INFO-11 also needs the ABAC policies, which are not judged unless
 * the configuration declares some.
 */
function dataClassification(scope: DatabricksScope, out: DatabricksWorkspace): Fact<CatalogClassification[]> {
  const source = "terraform: databricks_data_classification_catalog_config, databricks_catalog";
  const catalogs = out.unityCatalog.catalogs;
  if (catalogs.status === "unknown") return unknown(catalogs.reason, source);
  const configs = scope.of("databricks_data_classification_catalog_config");
  const uncertain = scope.uncertainOf("databricks_data_classification_catalog_config");
  if (uncertain) return unknown(uncertain.reason, source);
  const byCatalog = new Map<string, string[]>();
  for (const r of configs) {
    const path = asString(r.view.attr("parent") ?? null) ?? asString(r.view.attr("name") ?? null);
    const catalog = path ? /^catalogs\/([^/]+)/.exec(path)?.[1] : undefined;
    if (!catalog) return unknown(`${r.address}: the catalog it configures (parent) is not known`, source);
    const tagging = nestedList(r.view, "auto_tag_configs");
    if (isUnresolved(tagging)) return unknown(`${r.address}.auto_tag_configs: ${tagging.reason}`, source);
    byCatalog.set(
      catalog,
      tagging
        .filter((t) => asString(t.auto_tagging_mode ?? null) === "AUTO_TAGGING_ENABLED")
        .map((t) => asString(t.classification_tag ?? null) ?? ""),
    );
  }
  const names = [...new Set([...catalogs.value.map((c) => c.name), ...byCatalog.keys()])];
  const classification = names.map((catalog) => ({
    catalog,
    enabled: byCatalog.has(catalog),
    autoTagging: byCatalog.get(catalog) ?? [],
  }));
  const first = configs[0] ?? scope.of("databricks_catalog")[0];
  return declared(
    classification,
    source,
    first ? loc(first.view) : scope.anchor,
    `${DECLARED_ONLY}; a declared catalog without a databricks_data_classification_catalog_config is not classified`,
  );
}
