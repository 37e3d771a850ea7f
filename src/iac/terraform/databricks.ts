/**
 * The Databricks provider's resources → the Databricks side of one workspace's evidence: workspace-conf,
 * the settings resources, IP access lists and tokens here; compute (databricks-compute.ts) and the
 * workspace's objects, identities and Unity Catalog (databricks-objects.ts) beside it.
 */
import { type Fact, type SourceLocation, unknown } from "../../evidence/fact.ts";
import type { DatabricksWorkspace, IpAccessList } from "../../evidence/model.ts";
import { WORKSPACE_CONF_KEYS } from "../../sources/databricks/workspace-conf-keys.ts";
import { DATABRICKS_SETTING_DEFAULTS } from "../defaults.ts";
import { declared, defaultDatabricks, defaulted, notDeclarable } from "../evidence.ts";
import {
  asBool,
  asNumber,
  asString,
  findUnresolved,
  isMap,
  isUnresolved,
  Unresolved,
  type Value,
  type ValueMap,
} from "../hcl/value.ts";
import type { ResourceInstance } from "./config.ts";
import { mapCompute } from "./databricks-compute.ts";
import { mapIdentities, mapUnityCatalog, mapWorkspaceObjects } from "./databricks-objects.ts";
import { mapPlatform } from "./databricks-platform.ts";
import { type ConfigurationLookup, DatabricksScope, DECLARED_ONLY } from "./databricks-scope.ts";
import { loc } from "./refs.ts";
import { declaredSettingsV2 } from "./settings-v2.ts";

export function databricksSection(
  mapper: ConfigurationLookup,
  ws: ResourceInstance | null,
  attached: ResourceInstance[],
  base: DatabricksWorkspace,
): DatabricksWorkspace {
  if (ws && attached.length === 0)
    return defaultDatabricks(
      base,
      loc(ws.view),
      `terraform: ${ws.address}`,
      "no databricks_* resource in the configuration configures this workspace",
    );
  const anchor: SourceLocation = ws ? loc(ws.view) : loc(attached[0]!.view);
  const scope = new DatabricksScope(mapper, attached, anchor);
  const out: DatabricksWorkspace = {
    ...base,
    settings: { ...base.settings },
    dbfs: { ...base.dbfs },
    unityCatalog: { ...base.unityCatalog },
  };
  mapSettings(scope, out);
  mapAccess(scope, out);
  mapCompute(scope, out);
  mapWorkspaceObjects(scope, out);
  mapIdentities(scope, out);
  mapUnityCatalog(scope, out);
  mapPlatform(scope, out);
  out.discoveredSettings = declaredSettingsV2(scope);
  return out;
}

/** workspace-conf (custom_config keys) and the settings resources. */
function mapSettings(scope: DatabricksScope, out: DatabricksWorkspace): void {
  const { of, uncertainOf, anchor } = scope;
  // workspace-conf
  const conf: Record<string, Value> = {};
  let confProblem: Unresolved | undefined = uncertainOf("databricks_workspace_conf");
  let confLocation: SourceLocation | undefined;
  for (const r of of("databricks_workspace_conf")) {
    const custom = r.view.attr("custom_config");
    if (isUnresolved(custom)) confProblem ??= custom;
    else if (isMap(custom ?? null)) Object.assign(conf, custom);
    confLocation ??= loc(r.view, "custom_config");
  }
  const workspaceConf: DatabricksWorkspace["workspaceConf"] = {};
  for (const key of Object.keys(WORKSPACE_CONF_KEYS)) {
    const source = `terraform: databricks_workspace_conf.custom_config["${key}"]`;
    if (key in conf) {
      const value = conf[key]!;
      workspaceConf[key] = isUnresolved(value)
        ? unknown(value.reason, source)
        : declared(value === null ? null : (asString(value) ?? JSON.stringify(value)), source, confLocation ?? anchor);
    } else if (confProblem) workspaceConf[key] = unknown(`custom_config: ${confProblem.reason}`, source);
    else
      workspaceConf[key] = defaulted(
        null,
        source,
        confLocation ?? anchor,
        "not declared in databricks_workspace_conf; the platform default applies",
      );
  }
  out.workspaceConf = workspaceConf;

  // settings resources
  const setting = <T>(
    type: string,
    block: string,
    read: (v: ValueMap) => T | undefined,
    fallback: T,
    label: string,
    v2?: string,
  ): Fact<T> => {
    const source = `terraform: ${type}`;
    // databricks_workspace_setting_v2 { name = "<setting>" boolean_val { value = … } } is read too.
    const generic = v2
      ? of("databricks_workspace_setting_v2").find((x) => asString(x.view.attr("name") ?? null) === v2)
      : undefined;
    const r = of(type)[0] ?? generic;
    if (generic && r === generic) block = "boolean_val";
    if (!r)
      return defaulted(
        fallback,
        source,
        anchor,
        `${type} not declared; the default (${JSON.stringify(fallback)}) applies`,
      );
    if (isUnresolved(r.exists)) return unknown(r.exists.reason, source);
    const inner = r.view.blocks(block).views[0];
    const value = inner?.toValue();
    const problem = value ? findUnresolved(value) : undefined;
    if (problem) return unknown(problem.reason, source);
    const read_ = value ? read(value) : undefined;
    return read_ === undefined
      ? unknown(`${label} not readable in ${r.address}`, source)
      : declared(read_, source, loc(inner ?? r.view));
  };
  out.settings = {
    automaticClusterUpdate: setting(
      "databricks_automatic_cluster_update_workspace_setting",
      "automatic_cluster_update_workspace",
      (v) => asBool(v.enabled ?? null),
      DATABRICKS_SETTING_DEFAULTS.automaticClusterUpdate,
      "enabled",
    ),
    complianceSecurityProfile: setting(
      "databricks_compliance_security_profile_workspace_setting",
      "compliance_security_profile_workspace",
      (v) => {
        const enabled = asBool(v.is_enabled ?? null);
        return enabled === undefined
          ? undefined
          : {
              enabled,
              standards: Array.isArray(v.compliance_standards)
                ? v.compliance_standards.map((s) => asString(s) ?? "")
                : [],
            };
      },
      { ...DATABRICKS_SETTING_DEFAULTS.complianceSecurityProfile, standards: [] },
      "is_enabled",
    ),
    enhancedSecurityMonitoring: setting(
      "databricks_enhanced_security_monitoring_workspace_setting",
      "enhanced_security_monitoring_workspace",
      (v) => asBool(v.is_enabled ?? null),
      DATABRICKS_SETTING_DEFAULTS.enhancedSecurityMonitoring,
      "is_enabled",
    ),
    restrictWorkspaceAdmins: setting(
      "databricks_restrict_workspace_admins_setting",
      "restrict_workspace_admins",
      (v) => asString(v.status ?? null),
      DATABRICKS_SETTING_DEFAULTS.restrictWorkspaceAdmins as string,
      "status",
    ),
    disableLegacyDbfs: setting(
      "databricks_disable_legacy_dbfs_setting",
      "disable_legacy_dbfs",
      (v) => asBool(v.value ?? null),
      DATABRICKS_SETTING_DEFAULTS.disableLegacyDbfs,
      "value",
    ),
    disableLegacyAccess: setting(
      "databricks_disable_legacy_access_setting",
      "disable_legacy_access",
      (v) => asBool(v.value ?? null),
      DATABRICKS_SETTING_DEFAULTS.disableLegacyAccess,
      "value",
    ),
    sqlResultsDownload: setting(
      "databricks_sql_results_download_setting",
      "boolean_val",
      (v) => asBool(v.value ?? null),
      DATABRICKS_SETTING_DEFAULTS.sqlResultsDownload,
      "value",
      "sql_results_download",
    ),
  };
}

/** IP access lists and personal access tokens. */
function mapAccess(scope: DatabricksScope, out: DatabricksWorkspace): void {
  const { of, listFact } = scope;
  const declaredOnly = DECLARED_ONLY;
  // Addresses of a list that are not known (one from a data source) leave the list partial rather than
  // unknown: a broad range that is certainly in it still fails, while a pass resting on the unknown
  // addresses is not shown (issue 15 item 5). Its type and whether it is enabled must be known.
  const unknownAddresses: string[] = [];
  const ipAccessLists = listFact<IpAccessList>(
    "databricks_ip_access_list",
    () => {
      const lists: IpAccessList[] = [];
      for (const r of of("databricks_ip_access_list")) {
        const v = r.view.toValue();
        // Only the arguments read: a meta-argument (depends_on = [databricks_workspace_conf.this]) is no value.
        const problem = findUnresolved(
          [v.list_type, isUnresolved(v.ip_addresses ?? null) ? v.ip_addresses : undefined, v.enabled].filter(
            (x) => x !== undefined,
          ) as Value[],
        );
        if (problem) return new Unresolved(`${r.address}: ${problem.reason}`);
        const addresses = Array.isArray(v.ip_addresses) ? v.ip_addresses : [];
        const open = addresses.map((a) => findUnresolved(a)).filter((u) => u !== undefined);
        if (open.length) unknownAddresses.push(`${open.length} address(es) of ${r.address} (${open[0]!.reason})`);
        lists.push({
          id: r.address,
          label: asString(v.label ?? null) ?? r.name,
          type: asString(v.list_type ?? null) === "BLOCK" ? "BLOCK" : "ALLOW",
          addresses: addresses.filter((a) => findUnresolved(a) === undefined).map((a) => asString(a) ?? ""),
          enabled: asBool(v.enabled ?? true) ?? true,
        });
      }
      return lists;
    },
    declaredOnly,
  );
  out.ipAccessLists =
    ipAccessLists.status === "known" && unknownAddresses.length
      ? { ...ipAccessLists, partial: `not known: ${unknownAddresses.join("; ")}` }
      : ipAccessLists;

  // Tokens: a declared token without expiry is a finding; otherwise tokens users create are invisible.
  const tokens = of("databricks_token").filter((r) => r.exists === true);
  const neverExpiring = tokens.filter((r) => {
    const life = r.view.attr("lifetime_seconds");
    return life === undefined || life === null || asNumber(life) === 0;
  });
  out.tokens = neverExpiring.length
    ? declared(
        neverExpiring.map((r) => ({
          id: r.address,
          createdBy: "terraform",
          ownerId: null,
          createdAt: null,
          expiresAt: null,
          lastUsedDay: null,
          comment: asString(r.view.attr("comment") ?? null) ?? null,
        })),
        "terraform: databricks_token",
        loc(neverExpiring[0]!.view),
        "tokens this configuration creates without lifetime_seconds; tokens users create are not visible",
      )
    : notDeclarable(
        "live tokens are not declared in the configuration (lakeward only sees what the IaC declares)",
        "terraform: databricks_token",
      );
}
