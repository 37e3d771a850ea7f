/**
 * databricks_workspace_setting_v2 → the workspace's settings v2 catalogue as the configuration declares it
 * (evidence.databricks.discoveredSettings, which settingV2Value reads for GOV-24 and DATA-32). Each declared
 * resource is one setting: `name` and its one value field, kept as the live collector keeps an effective
 * value (canonical JSON of the value object). The value fields are the provider's: registry
 * databricks/databricks 1.124.0 docs/resources/workspace_setting_v2 (allowed_apps_user_api_scopes
 * {allowed_scopes}, boolean_val, integer_val, string_val, …), as generated into databricks/cli
 * bundle/internal/tf/schema/resource_workspace_setting_v2.go (ResourceWorkspaceSettingV2AllowedAppsUserApiScopes
 * {AllowedScopes `json:"allowed_scopes"`}). The provider has no field for genie_chat_share_policy (no
 * version of the schema lists one), so DATA-32 is not judged from IaC.
 *
 * The configuration holds only the settings it declares: a setting a check reads that is not declared is
 * not declarable (the check is "not judged from IaC"), never the platform default and never "not offered
 * here", which is what a missing name means in a live catalogue.
 */
import { type Fact, unknown } from "../../evidence/fact.ts";
import type { DiscoveredSetting } from "../../evidence/model.ts";
import { effectiveValue, sameSettingName } from "../../sources/databricks/setting-value.ts";
import { declared, notDeclarable } from "../evidence.ts";
import { asString, findUnresolved, isUnresolved, toJson } from "../hcl/value.ts";
import type { ResourceInstance } from "./config.ts";
import { nested } from "./databricks-platform.ts";
import type { DatabricksScope } from "./databricks-scope.ts";
import { loc } from "./refs.ts";

const TYPE = "databricks_workspace_setting_v2";

/** The settings v2 names lakeward's checks read through settingV2Value (GOV-24, DATA-32). */
export const SETTINGS_V2_READ = ["allowed_apps_user_api_scopes", "genie_chat_share_policy"] as const;

/** The value fields of databricks_workspace_setting_v2 (provider 1.124.0), one of which a setting declares. */
const VALUE_FIELDS = [
  "allowed_apps_user_api_scopes",
  "boolean_val",
  "integer_val",
  "string_val",
  "personal_compute",
  "restrict_workspace_admins",
  "aibi_dashboard_embedding_access_policy",
  "aibi_dashboard_embedding_approved_domains",
  "automatic_cluster_update_workspace",
  "default_data_security_mode",
  "collaboration_platform_connectivity",
  "operational_email_custom_recipient",
] as const;

export function declaredSettingsV2(scope: DatabricksScope): Fact<DiscoveredSetting[]> {
  const source = `terraform: ${TYPE}`;
  const uncertain = scope.uncertainOf(TYPE);
  if (uncertain) return unknown(uncertain.reason, source);
  const resources = scope.of(TYPE);
  const list: DiscoveredSetting[] = [];
  for (const r of resources) {
    const name = r.view.attr("name");
    // A setting whose name is not known could be any of them: the catalogue is not known.
    if (isUnresolved(name)) return unknown(`${r.address}.name: ${name.reason}`, source);
    const settingName = asString(name ?? null);
    if (!settingName) return unknown(`${r.address} declares no name`, source);
    list.push(setting(settingName, declaredValue(r)));
  }
  for (const name of SETTINGS_V2_READ)
    if (!list.some((s) => sameSettingName(s.name, name)))
      list.push(setting(name, notDeclarable(`no ${TYPE} named ${name} is declared in the configuration`, source)));
  const first = resources[0];
  return declared(
    list,
    source,
    first ? loc(first.view) : scope.anchor,
    `only the settings this configuration declares (${TYPE}); the live catalogue lists more`,
  );
}

/** A catalogue entry as a configuration gives it: a name and a value, none of the live listing's metadata. */
function setting(name: string, effective: Fact<string | null>): DiscoveredSetting {
  return { name, type: null, description: null, docsLink: null, previewPhase: null, effective };
}

/** The declared value of one setting resource, as canonical JSON (the form of a live effective value). */
function declaredValue(r: ResourceInstance): Fact<string | null> {
  const source = `terraform: ${r.address}`;
  if (isUnresolved(r.exists)) return unknown(r.exists.reason, source);
  for (const field of VALUE_FIELDS) {
    const value = nested(r.view, field);
    if (value === undefined) continue;
    if (isUnresolved(value)) return unknown(`${r.address}.${field}: ${value.reason}`, source);
    const open = findUnresolved(value);
    if (open) return unknown(`${r.address}.${field}: ${open.reason}`, source);
    try {
      return declared(
        effectiveValue({ [`effective_${field}`]: toJson(value) }),
        source,
        loc(r.view),
        "the declared value; an account-level policy could override what is in force",
      );
    } catch (error) {
      return unknown(error instanceof Error ? error.message : String(error), source);
    }
  }
  return unknown(`${r.address} declares none of the value fields ${VALUE_FIELDS.join(", ")}`, source);
}
