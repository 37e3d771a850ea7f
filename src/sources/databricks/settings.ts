/**
 * The workspace Settings API (`/api/2.0/settings/types/<type>/names/default`). A setting that was never
 * changed answers 404 RESOURCE_DOES_NOT_EXIST: the documented default applies, and the fact says so. A 404
 * ENDPOINT_NOT_FOUND or FEATURE_DISABLED means the API is not there (SKU, region), and a 404 without a
 * Databricks error body (a proxy's page) says nothing: both are unknown.
 *
 * The SDK models mark the values `omitempty` (settings.BooleanMessage.value, ComplianceSecurityProfile.
 * is_enabled, ClusterAutoRestartMessage.enabled …): the API leaves out a false value, so a setting object
 * without its value field is false, not unknown (issue 11 item 14). The setting object itself must be there.
 */
import type { z } from "zod";
import { type Fact, known, unknown } from "../../evidence/fact.ts";
import type { WorkspaceSettings } from "../../evidence/model.ts";
import { describeFailure } from "../http/api-failure.ts";
import type { ReadOnlyApiClient } from "../http/databricks-client.ts";
import { type Problem, problemOf } from "../problems.ts";
import { getJson, isMissingResource } from "./http.ts";
import { settingSchemas } from "./schemas.ts";

const path = (type: string) => `/api/2.0/settings/types/${type}/names/default`;

type SettingType = keyof typeof settingSchemas;

async function setting<K extends SettingType, T>(
  client: ReadOnlyApiClient,
  type: K,
  problems: Problem[],
  pick: (body: z.infer<(typeof settingSchemas)[K]>) => T,
  whenUnset: T,
): Promise<Fact<T>> {
  const source = `GET ${path(type)}`;
  try {
    const body = (await getJson(client, path(type), settingSchemas[type])) as z.infer<(typeof settingSchemas)[K]>;
    return known(pick(body), source);
  } catch (error) {
    if (isMissingResource(error))
      return known(whenUnset, source, { note: `never set; the default (${JSON.stringify(whenUnset)}) applies` });
    problems.push(problemOf(error, source));
    return unknown(describeFailure(error), source);
  }
}

export async function readSettings(client: ReadOnlyApiClient, problems: Problem[]): Promise<WorkspaceSettings> {
  const [
    automaticClusterUpdate,
    complianceSecurityProfile,
    enhancedSecurityMonitoring,
    restrictWorkspaceAdmins,
    disableLegacyDbfs,
    disableLegacyAccess,
    sqlResultsDownload,
  ] = await Promise.all([
    setting(
      client,
      "automatic_cluster_update",
      problems,
      (b) => b.automatic_cluster_update_workspace.enabled ?? false,
      false,
    ),
    setting(
      client,
      "shield_csp_enablement_ws_db",
      problems,
      (b) => ({
        enabled: b.compliance_security_profile_workspace.is_enabled ?? false,
        standards: (b.compliance_security_profile_workspace.compliance_standards ?? []).map(String),
      }),
      { enabled: false, standards: [] as string[] },
    ),
    setting(
      client,
      "shield_esm_enablement_ws_db",
      problems,
      (b) => b.enhanced_security_monitoring_workspace.is_enabled ?? false,
      false,
    ),
    setting(client, "restrict_workspace_admins", problems, (b) => b.restrict_workspace_admins.status, "ALLOW_ALL"),
    setting(client, "disable_legacy_dbfs", problems, (b) => b.disable_legacy_dbfs.value ?? false, false),
    setting(client, "disable_legacy_access", problems, (b) => b.disable_legacy_access.value ?? false, false),
    // An omitted value is false: downloads disabled (the default, never set, is true: 404 above).
    setting(client, "sql_results_download", problems, (b) => b.boolean_val.value ?? false, true),
  ]);
  return {
    automaticClusterUpdate,
    complianceSecurityProfile,
    enhancedSecurityMonitoring,
    restrictWorkspaceAdmins,
    disableLegacyDbfs,
    disableLegacyAccess,
    sqlResultsDownload,
  };
}
