/**
 * The Terraform fix of a check, as data next to the check (CheckMeta.remediation.fix). `lakeward fix` turns
 * it into a reviewed module or a patch to the user's own files. test/fix re-scans what it writes with
 * `lakeward iac`: the checks it fixes must pass there (the documented snippet, remediation.terraform, is
 * the short form a reader sees in docs/checks).
 *
 * A fix is a function of what the scan saw (FixInput): values come from the evidence — resource ids, names,
 * current settings — and a value lakeward cannot know is a variable with a description, never a guess.
 */

/** An HCL expression written as is: a reference, a variable, a function call. */
export interface HclExpression {
  readonly hcl: string;
}

/** Repeated nested blocks (`security_rule { … }` twice) or one (`custom_parameters { … }`). */
export interface HclBlocks {
  readonly blocks: readonly HclObject[];
}

export type HclValue = string | number | boolean | null | HclExpression | HclBlocks | readonly HclValue[] | HclObject;
export interface HclObject {
  readonly [key: string]: HclValue;
}

export const expr = (hcl: string): HclExpression => ({ hcl });
/** Nested block(s) of a resource body. */
export const block = (...bodies: HclObject[]): HclBlocks => ({ blocks: bodies });
export const isExpression = (value: unknown): value is HclExpression =>
  typeof value === "object" && value !== null && "hcl" in value && typeof (value as HclExpression).hcl === "string";
export const isBlocks = (value: unknown): value is HclBlocks =>
  typeof value === "object" && value !== null && "blocks" in value && Array.isArray((value as HclBlocks).blocks);

export interface VariableSpec {
  type: string;
  description: string;
  /** Only a value the evidence shows (e.g. the egress addresses seen), never a guessed one. */
  default?: HclValue;
}

/** What the fix of one failing result knows. */
export interface FixInput {
  workspace: {
    name: string;
    resourceId: string | null;
    location: string | null;
    host: string | null;
    workspaceId: string | null;
  };
  /** The value of an evidence label any result of the workspace read; undefined when none read it or it was unknown. */
  evidence(label: string): unknown;
  /** The result's message and the resources it names (the offending ones). */
  result: { message: string; resources: readonly string[] };
  /** Declares a variable the reviewer fills in; returns `var.<name>`. The same name declared twice is one variable. */
  variable(name: string, spec: VariableSpec): HclExpression;
  /** The source (endpoint, ARM id) of an evidence label, for ids the value does not carry. */
  source(label: string): string | undefined;
  /** Addresses that reached the workspace, from the audit logs given to `lakeward fix` (null: none given). */
  egressIps: readonly string[] | null;
  /** The workspace resource's address in the generated configuration, e.g. azurerm_databricks_workspace.this. */
  workspaceAddress: string;
}

/**
 * One setting on a resource the workspace has: the attribute path and the value that passes. A path step
 * names an attribute or a nested block; `block[attr=value]` selects the nested blocks with that literal
 * (and creates one with it when none exists); for a map attribute (custom_config, spark_conf) the last step
 * is the key.
 */
export interface SettingChange {
  /** The resource type holding the setting, e.g. azurerm_databricks_workspace, databricks_workspace_conf. */
  resource: string;
  path: readonly string[];
  value: HclValue;
  /**
   * Which resources of the type (all of them when absent): a string is the literal value an attribute must
   * have, a RegExp is tested on the attribute's source text (`data.databricks_group.users.id`).
   */
  match?: Readonly<Record<string, string | RegExp>>;
  /**
   * How to declare the resource when the configuration has none: its body (the change applied on top) and
   * the id `import` adopts the existing object by. Absent for resources lakeward declares itself (the
   * workspace, workspace-conf, the workspace settings) — and for ones it cannot (clusters created in the
   * UI): then the change is a manual step when no declared resource matches.
   */
  declare?: NewResource;
  /** The manual step when the change has no resource to go on (module mode, or no match in the files). */
  otherwise?: string;
  /** Only where the attribute (or map key) is absent: a value already there is the user's (a tag) and stays. */
  ifAbsent?: boolean;
}

/** A resource (or data source) to add. */
export interface NewResource {
  type: string;
  name: string;
  body: HclObject;
  /** An existing object to adopt instead of creating one (import block id). */
  importId?: string;
  /** Data sources the body refers to. */
  data?: readonly { type: string; name: string; body: HclObject }[];
}

export interface TerraformFix {
  settings?: readonly SettingChange[];
  resources?: readonly NewResource[];
  /** Said in a comment above the change: what it affects, what to do first so nobody is locked out. */
  caution?: readonly string[];
  /** Set when this workspace cannot take the fix in Terraform (a prerequisite is missing): why, and what to do. */
  blocked?: string;
  /** Steps that stay manual beside the Terraform (existing clusters, tokens to revoke). */
  manual?: readonly string[];
}

export type FixSpec = (input: FixInput) => TerraformFix;

/** The fix of checks that only need workspace-conf keys (databricks_workspace_conf, a partial PATCH). */
export function confFix(keys: Readonly<Record<string, HclValue>>, caution?: readonly string[]): FixSpec {
  return () => ({
    settings: Object.entries(keys).map(([key, value]) => ({
      resource: "databricks_workspace_conf",
      path: ["custom_config", key],
      value,
    })),
    ...(caution ? { caution } : {}),
  });
}

/** The resource group of an ARM resource id, or null. */
export function resourceGroupOf(resourceId: string | null): string | null {
  return /\/resourceGroups\/([^/]+)/i.exec(resourceId ?? "")?.[1] ?? null;
}

/** The ARM id of a named storage account from an evidence source ("ARM GET /subscriptions/…/storageAccounts/x"). */
export function armIdIn(source: string, type: string): string | null {
  const match = new RegExp(`(/subscriptions/[^\\s?]+/providers/${type.replace("/", "\\/")}/[^\\s/?]+)`, "i").exec(
    source,
  );
  return match?.[1] ?? null;
}
