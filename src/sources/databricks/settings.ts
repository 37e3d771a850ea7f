/**
 * The workspace Settings API (`/api/2.0/settings/types/<type>/names/default`). A setting that was never
 * changed answers 404 RESOURCE_DOES_NOT_EXIST: the documented default applies, and the fact says so.
 * A 404 ENDPOINT_NOT_FOUND or FEATURE_DISABLED means the API is not there (SKU, region): unknown.
 */
import { type Fact, known, unknown } from "../../evidence/fact.ts";
import type { WorkspaceSettings } from "../../evidence/model.ts";
import { describeFailure } from "../http/api-failure.ts";
import type { ReadOnlyApiClient } from "../http/databricks-client.ts";
import { type Problem, problemOf } from "../problems.ts";
import { getJson, isMissingResource, type Json } from "./http.ts";

const path = (type: string) => `/api/2.0/settings/types/${type}/names/default`;

async function setting<T>(
  client: ReadOnlyApiClient,
  type: string,
  problems: Problem[],
  pick: (body: Json) => T | undefined,
  whenUnset: T,
): Promise<Fact<T>> {
  const source = `GET ${path(type)}`;
  try {
    const value = pick(await getJson(client, path(type)));
    return value === undefined
      ? unknown(`the ${type} setting has no value in the response`, source)
      : known(value, source);
  } catch (error) {
    if (isMissingResource(error))
      return known(whenUnset, source, { note: `never set; the default (${JSON.stringify(whenUnset)}) applies` });
    problems.push(problemOf(error, source));
    return unknown(describeFailure(error), source);
  }
}

const field = (body: Json, ...keys: string[]): unknown =>
  keys.reduce<unknown>((node, key) => (node as Json | undefined)?.[key], body);
const bool = (value: unknown) => (typeof value === "boolean" ? value : undefined);

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
      (b) => bool(field(b, "automatic_cluster_update_workspace", "enabled")),
      false,
    ),
    setting(
      client,
      "shield_csp_enablement_ws_db",
      problems,
      (b) => {
        const enabled = bool(field(b, "compliance_security_profile_workspace", "is_enabled"));
        const standards = field(b, "compliance_security_profile_workspace", "compliance_standards");
        return enabled === undefined
          ? undefined
          : { enabled, standards: Array.isArray(standards) ? standards.map(String) : [] };
      },
      { enabled: false, standards: [] as string[] },
    ),
    setting(
      client,
      "shield_esm_enablement_ws_db",
      problems,
      (b) => bool(field(b, "enhanced_security_monitoring_workspace", "is_enabled")),
      false,
    ),
    setting(
      client,
      "restrict_workspace_admins",
      problems,
      (b) => {
        const status = field(b, "restrict_workspace_admins", "status");
        return typeof status === "string" ? status : undefined;
      },
      "ALLOW_ALL",
    ),
    setting(client, "disable_legacy_dbfs", problems, (b) => bool(field(b, "disable_legacy_dbfs", "value")), false),
    setting(client, "disable_legacy_access", problems, (b) => bool(field(b, "disable_legacy_access", "value")), false),
    setting(client, "sql_results_download", problems, (b) => bool(field(b, "boolean_val", "value")), true),
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
