/** Readings several checks share. */
import { type Fact, unknown } from "../evidence/fact.ts";
import type { WorkspaceEvidence } from "../evidence/model.ts";
import { sameSettingName } from "../sources/databricks/setting-value.ts";
import { WORKSPACE_CONF_KEYS, type WorkspaceConfKeyName } from "../sources/databricks/workspace-conf-keys.ts";
import { fail, notApplicable, pass } from "./define.ts";
import { MissingEvidence } from "./evidence-access.ts";
import type { EvaluationContext, Verdict } from "./types.ts";

export interface ConfSetting {
  value: string;
  /** False when the key was never set and the documented default was applied. */
  explicit: boolean;
}

/**
 * A workspace-conf setting as it takes effect: its value, or the documented default when the key was
 * never set. A never-set key whose default is not documented is unknown.
 */
export function confFact(evidence: WorkspaceEvidence, key: WorkspaceConfKeyName): Fact<string | null> {
  return (
    evidence.databricks.workspaceConf[key] ??
    unknown("this key was not collected (snapshot from another lakeward version?)", "GET /api/2.0/workspace-conf")
  );
}

/**
 * Why a key that was read but never set cannot be judged, and what decides it: its effective value then
 * depends on the workspace (its age, its tier), so only an explicit setting tells.
 */
export function noDocumentedDefault(key: WorkspaceConfKeyName): string {
  return `${key} was read and was never set, and its default is not documented for every workspace: set it explicitly (admin console or the workspace-conf API) to decide`;
}

export function confSetting(
  context: EvaluationContext,
  evidence: WorkspaceEvidence,
  key: WorkspaceConfKeyName,
): ConfSetting {
  const label = `workspace-conf ${key}`;
  const fact = confFact(evidence, key);
  const raw = context.get(label, fact);
  if (raw !== null) return { value: raw, explicit: true };
  const whenUnset = WORKSPACE_CONF_KEYS[key].whenUnset;
  if (whenUnset === undefined) throw new MissingEvidence(label, fact.source, noDocumentedDefault(key), { read: true });
  return { value: whenUnset, explicit: false };
}

export function isTrue(value: string): boolean {
  return value.trim().toLowerCase() === "true";
}

/** Describes a setting's effective value for messages: `"false"` or `never set (default: true)`. */
export function describeSetting(setting: ConfSetting): string {
  return setting.explicit ? `"${setting.value}"` : `never set (default "${setting.value}")`;
}

/** Not applicable for serverless workspaces, which have no customer data plane network. */
export function serverlessNotApplicable(
  context: EvaluationContext,
  evidence: WorkspaceEvidence,
  what: string,
): Verdict | undefined {
  const mode = context.get("computeMode", evidence.azure.computeMode);
  return mode === "Serverless" ? notApplicable(`serverless workspace: ${what}`) : undefined;
}

/**
 * Whether a workspace of this SKU has the Premium features. `trial` does: the Azure Databricks trial tier is
 * Premium for the length of the trial (ARM `sku.name` premium | standard | trial).
 */
export function hasPremiumFeatures(sku: string): boolean {
  const name = sku.toLowerCase();
  return name === "premium" || name === "trial";
}

/** Not applicable below Premium, where the feature does not exist (GOV-16 reports the SKU itself). */
export function premiumOnly(
  context: EvaluationContext,
  evidence: WorkspaceEvidence,
  feature: string,
): Verdict | undefined {
  const sku = context.get("sku", evidence.azure.sku);
  return hasPremiumFeatures(sku)
    ? undefined
    : notApplicable(`${feature} needs the Premium tier; this workspace is ${sku} (see GOV-16)`);
}

export const DAY_MS = 86_400_000;

/**
 * ` (… absent from the ARM response: …)` when a fact's value is what an absent ARM property means (a documented
 * default applied by the collector), so the result says it rests on a default; "" otherwise.
 */
export function absentNote(fact: Fact<unknown>): string {
  return fact.status === "known" && fact.note?.includes("absent from the ARM response") ? ` (${fact.note})` : "";
}

/**
 * The common shape of the admin-console toggles: the setting must be `wanted` ("true" or "false");
 * a never-set key is judged by its documented default, and the message says so.
 */
export function requireSetting(
  context: EvaluationContext,
  evidence: WorkspaceEvidence,
  key: WorkspaceConfKeyName,
  wanted: boolean,
  feature: string,
): Verdict {
  const setting = confSetting(context, evidence, key);
  const on = isTrue(setting.value);
  const state = `${feature} is ${on ? "enabled" : "disabled"} (${key} ${describeSetting(setting)})`;
  return on === wanted ? pass(state) : fail(state);
}

/** The groups that contain every user of the workspace. */
export const ALL_USERS: ReadonlySet<string> = new Set(["users", "account users"]);

/**
 * The effective value of a settings v2 setting (settings discovery: evidence.*.discoveredSettings), parsed
 * from its canonical JSON. Unknown when the catalogue was not read, does not list the setting (not offered
 * on this workspace or renamed), or its value could not be read; null when the setting has no effective value.
 */
export function settingV2Value(
  context: EvaluationContext,
  evidence: WorkspaceEvidence,
  scope: "workspace" | "account",
  name: string,
): Record<string, unknown> | null {
  const catalogue =
    scope === "workspace" ? evidence.databricks.discoveredSettings : evidence.account.discoveredSettings;
  const settings = context.get(`${scope} settings catalogue`, catalogue);
  const setting = settings.find((s) => sameSettingName(s.name, name));
  const label = `${scope} setting ${name}`;
  const source = `GET /api/2.1/${scope === "account" ? "accounts/{id}/" : ""}settings/${name}`;
  if (!setting)
    throw new MissingEvidence(
      label,
      catalogue.source,
      `the ${scope} settings catalogue (settings-metadata) does not list ${name}: the setting is not offered here, or it was renamed`,
      { read: true },
    );
  const raw = context.get(label, setting.effective);
  if (raw === null) return null;
  try {
    const parsed: unknown = JSON.parse(raw);
    if (parsed && typeof parsed === "object" && !Array.isArray(parsed)) return parsed as Record<string, unknown>;
  } catch {
    // fall through: not an object
  }
  throw new MissingEvidence(label, source, `its effective value is not an object: ${raw.slice(0, 80)}`, { read: true });
}
