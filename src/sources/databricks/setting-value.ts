/**
 * A settings v2 effective value as evidence keeps it: canonical JSON, bounded, credential-like strings
 * fingerprinted. Shared by the live collector (platform-2026.ts) and the IaC mapper (a declared
 * databricks_workspace_setting_v2 value), in a module of its own so an IaC scan loads none of the collectors.
 */
import { scanForCredentials } from "../../redact/credential-scanner.ts";
import { fingerprint, redactSettingString } from "../../redact/fingerprint.ts";

/** An effective value kept in evidence is at most this long (canonical JSON) and this deep; past it: unknown. */
export const MAX_SETTING_VALUE_CHARS = 16_384;
export const MAX_SETTING_VALUE_DEPTH = 16;

/**
 * A string holding a credential of a well-known form (a personal access token, an Entra ID client secret, a
 * storage account key, a SAS signature, an AWS key id, a private key: credential-scanner.ts's patterns) under any
 * key — a bare `dapi…` under `value` is no identifier. The string is scanned as its JSON (quoted, one line), so
 * the patterns that want a quoted value see it whole.
 */
function wellKnownCredential(value: string): boolean {
  const json = JSON.stringify(value);
  const scan = scanForCredentials(json, { maxChars: json.length });
  // A scan a bound stopped (its time) did not clear the string: kept as a fingerprint too.
  return scan.findings.length > 0 || scan.notScanned !== undefined;
}

/** One string of a value: refused past the value's own bound, else kept, or fingerprinted when credential-like. */
function stringOf(key: string | undefined, text: string): string {
  if (text.length > MAX_SETTING_VALUE_CHARS)
    throw new Error(
      `the effective value is over ${text.length} characters of JSON, more than the ${MAX_SETTING_VALUE_CHARS} kept; not kept`,
    );
  return wellKnownCredential(text) ? fingerprint(text) : redactSettingString(key, text);
}

/**
 * Canonical JSON (keys sorted) so that drift compares values, not key order. The value is the server's: past
 * MAX_SETTING_VALUE_DEPTH levels or MAX_SETTING_VALUE_CHARS characters it is refused (the setting is then
 * unknown), so one hostile setting can neither exhaust the stack nor fill the evidence.
 */
function canonical(value: unknown): string {
  // Strings are redacted as they are sorted: a credential-like string (by its key or its form) is kept as a
  // fingerprint only (stringOf), so drift still sees it change.
  const sort = (node: unknown, depth: number, key?: string): unknown => {
    if (depth > MAX_SETTING_VALUE_DEPTH)
      throw new Error(`the effective value is nested deeper than ${MAX_SETTING_VALUE_DEPTH} levels; not kept`);
    return Array.isArray(node)
      ? node.map((item) => sort(item, depth + 1, key))
      : node && typeof node === "object"
        ? Object.fromEntries(
            Object.keys(node as Record<string, unknown>)
              .sort()
              .map((child) => [child, sort((node as Record<string, unknown>)[child], depth + 1, child)]),
          )
        : typeof node === "string"
          ? stringOf(key, node)
          : node;
  };
  const text = JSON.stringify(sort(value, 0));
  if (text.length > MAX_SETTING_VALUE_CHARS)
    throw new Error(
      `the effective value is ${text.length} characters of JSON, more than the ${MAX_SETTING_VALUE_CHARS} kept; not kept`,
    );
  return text;
}

/** The effective_* field of a settings v2 Setting (the value in force after account policy and defaults). */
export function effectiveValue(setting: Record<string, unknown>): string | null {
  const key = Object.keys(setting)
    .filter((name) => name.startsWith("effective_"))
    .sort()[0];
  const value = key === undefined ? undefined : setting[key];
  return value === undefined || value === null ? null : canonical(value);
}

/**
 * Whether two settings v2 names are the same setting. Compared without case and underscores: the SDKs and the
 * Terraform provider spell them snake_case (allowed_apps_user_api_scopes), while a live settings-metadata
 * listing has been reported to name them camelCase (allowedAppsUserApiScopes, with GET
 * /api/2.1/settings/{snake_case} answering ResourceDoesNotExist — a third-party field report, not the
 * vendor's documentation); the collector GETs each setting under the name the listing gives.
 */
export function sameSettingName(a: string, b: string): boolean {
  const key = (name: string) => name.replace(/_/g, "").toLowerCase();
  return key(a) === key(b);
}
