/**
 * `terraform show -json` plan files (preferred when present: values are resolved). The planned values
 * become a configuration of literal values; a value known only after apply keeps the reference the
 * configuration gives for it (`configuration.…expressions.<attr>.references`), so references between
 * resources are followed exactly as in HCL. Lines point into the plan file.
 */
import { dirname } from "node:path";
import { findNodeAtLocation, type Node, parseTree } from "jsonc-parser";
import { lineAt } from "../../util/json-file.ts";
import { IacFileError, parseConfigJson } from "../errors.ts";
import type { Block, Body, Expr, HclFile, Step } from "../hcl/ast.ts";
import { LIMITS } from "../limits.ts";
import { displayPath } from "../paths.ts";
import { readIacText } from "../read.ts";
import { ModuleInstance } from "../terraform/config.ts";
import { TerraformMapper } from "../terraform/map.ts";
import { type ConfigurationScan, providerVersions } from "../terraform/scan.ts";

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === "object" && v !== null && !Array.isArray(v);

/** "azurerm_databricks_workspace.this.id" / "module.x.y" / "a.b[0].c" → a traversal expression. */
function referenceExpr(reference: string, line: number): Expr {
  const parts = reference.split(".");
  const steps: Step[] = [];
  for (const part of parts.slice(1)) {
    const match = /^([^[]+)((?:\[[^\]]+\])*)$/.exec(part);
    steps.push({ kind: "attr", name: match?.[1] ?? part });
    for (const index of (match?.[2] ?? "").match(/\[[^\]]+\]/g) ?? []) {
      const raw = index.slice(1, -1);
      steps.push({
        kind: "index",
        key: { kind: "literal", value: /^\d+$/.test(raw) ? Number(raw) : raw.replace(/^"|"$/g, ""), line },
      });
    }
  }
  const base: Expr = { kind: "variable", name: parts[0] ?? "", line };
  return steps.length ? { kind: "postfix", base, steps, line } : base;
}

/** The best reference for an unknown value: the longest (most specific) one. */
function referenceOf(expression: unknown): string | undefined {
  if (!isObject(expression) || !Array.isArray(expression.references)) return undefined;
  const refs = expression.references.filter((r): r is string => typeof r === "string");
  return refs.sort((a, b) => b.split(".").length - a.split(".").length)[0];
}

function literal(value: unknown, line: number): Expr {
  if (value === null || typeof value !== "object")
    return { kind: "literal", value: value as string | number | boolean | null, line };
  if (Array.isArray(value)) return { kind: "tuple", items: value.map((v) => literal(v, line)), line };
  return {
    kind: "object",
    items: Object.entries(value).map(([k, v]) => ({
      key: { kind: "literal", value: k, line } as Expr,
      value: literal(v, line),
    })),
    line,
  };
}

class PlanBuilder {
  private readonly text: string;
  private readonly tree: Node;
  readonly file: string;
  constructor(file: string, text: string) {
    this.file = file;
    this.text = text;
    this.tree = parseTree(text)!;
  }

  line(path: (string | number)[]): number {
    for (let depth = path.length; depth >= 0; depth--) {
      const node = findNodeAtLocation(this.tree, path.slice(0, depth));
      if (node) return lineAt(this.text, node.offset);
    }
    return 1;
  }

  endLine(path: (string | number)[]): number {
    const node = findNodeAtLocation(this.tree, path);
    return node ? lineAt(this.text, node.offset + node.length) : this.line(path);
  }

  /** A body from planned values; unknown values take their configuration reference. */
  body(values: unknown, unknowns: unknown, expressions: unknown, path: (string | number)[]): Body {
    const body: Body = { attributes: new Map(), blocks: [] };
    const known = isObject(values) ? values : {};
    const after = isObject(unknowns) ? unknowns : {};
    const exprs = isObject(expressions) ? expressions : {};
    const names = new Set([...Object.keys(known), ...Object.keys(after), ...Object.keys(exprs)]);
    for (const name of names) {
      const value = known[name];
      const line = this.line([...path, name]);
      const isBlockList = Array.isArray(value) && value.length > 0 && value.every(isObject);
      if (isBlockList) {
        (value as Json[]).forEach((item, i) => {
          const blockExprs = Array.isArray(exprs[name]) ? (exprs[name] as unknown[])[i] : undefined;
          const blockUnknown = Array.isArray(after[name]) ? (after[name] as unknown[])[i] : undefined;
          body.blocks.push({
            type: name,
            labels: [],
            body: this.body(item, blockUnknown, blockExprs, [...path, name, i]),
            line: this.line([...path, name, i]),
            endLine: this.endLine([...path, name, i]),
          });
        });
        body.attributes.set(name, { name, expr: literal(value, line), line });
        continue;
      }
      if (value !== undefined && value !== null) {
        body.attributes.set(name, { name, expr: literal(value, line), line });
        continue;
      }
      const reference = referenceOf(exprs[name]);
      if (after[name] === true || (value === undefined && reference)) {
        body.attributes.set(name, {
          name,
          expr: reference
            ? referenceExpr(reference, line)
            : { kind: "unsupported", text: name, why: "known only after apply (the plan does not know it)", line },
          line,
        });
      }
    }
    return body;
  }
}

/** What stands in a plan's sensitive value: present (a literal in the resource), never read. */
export const SENSITIVE_PLACEHOLDER = "(sensitive in the plan; not read by lakeward)";

/**
 * `terraform show -json` writes sensitive values in clear text and marks them in `sensitive_values`
 * (true, or the same shape as the value with true at the sensitive leaves). Marked values are replaced
 * before anything reads them, so they cannot reach evidence, reports or messages.
 */
export function maskSensitive(value: unknown, marks: unknown): unknown {
  if (marks === true) return value === null || value === undefined ? value : SENSITIVE_PLACEHOLDER;
  if (Array.isArray(value) && Array.isArray(marks)) return value.map((item, i) => maskSensitive(item, marks[i]));
  if (isObject(value) && isObject(marks))
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, maskSensitive(item, marks[key])]));
  return value;
}

interface PlannedModule {
  address: string;
  resources: { json: Json; path: (string | number)[] }[];
  children: PlannedModule[];
}

/**
 * The module tree of `planned_values`. What `terraform show -json` never writes (a resource that is not an
 * object — `null`, a number —, a module that is not one, nesting past the module limit) is an input error
 * at its line, and the rest of the plan is read.
 */
function plannedModules(
  module: unknown,
  path: (string | number)[],
  problem: (path: (string | number)[], message: string) => void,
  depth = 0,
): PlannedModule {
  const m = isObject(module) ? module : {};
  if (module !== undefined && !isObject(module)) problem(path, `${pathText(path)} is not a module object`);
  const resources: PlannedModule["resources"] = [];
  (Array.isArray(m.resources) ? m.resources : []).forEach((json, i) => {
    const at = [...path, "resources", i];
    if (isObject(json)) resources.push({ json, path: at });
    else problem(at, `${pathText(at)} is ${json === null ? "null" : typeof json}, not a resource object: skipped`);
  });
  const children: PlannedModule[] = [];
  (Array.isArray(m.child_modules) ? m.child_modules : []).forEach((child, i) => {
    const at = [...path, "child_modules", i];
    if (depth + 1 > LIMITS.moduleDepth) problem(at, `modules nested more than ${LIMITS.moduleDepth} deep: not read`);
    else children.push(plannedModules(child, at, problem, depth + 1));
  });
  return { address: typeof m.address === "string" ? m.address : "", resources, children };
}

const pathText = (path: readonly (string | number)[]) =>
  path.map((p, i) => (typeof p === "number" ? `[${p}]` : i === 0 ? p : `.${p}`)).join("");

export async function scanPlan(path: string, at: Date, preloaded?: string): Promise<ConfigurationScan> {
  const file = displayPath(path);
  const text = preloaded ?? (await readIacText(path, "json"));
  const plan = parseConfigJson(file, text).value;
  if (!isObject(plan)) throw new IacFileError(file, 1, "a plan must be a JSON object");
  const builder = new PlanBuilder(file, text);
  const changes = new Map<string, Json>();
  for (const change of Array.isArray(plan.resource_changes) ? plan.resource_changes : [])
    if (isObject(change) && typeof change.address === "string") changes.set(change.address, change);
  const configuration = isObject(plan.configuration) ? plan.configuration : {};

  // Configuration expressions by module address and resource address (module-relative).
  const expressionsFor = (moduleAddress: string, relative: string): unknown => {
    let module: unknown = configuration.root_module;
    for (const name of moduleAddress.split(".").filter((_, i) => i % 2 === 1)) {
      const calls = isObject(module) ? module.module_calls : undefined;
      module = isObject(calls) && isObject(calls[name]) ? (calls[name] as Json).module : undefined;
    }
    const resources = isObject(module) && Array.isArray(module.resources) ? module.resources : [];
    const found = resources.find((r) => isObject(r) && r.address === relative) as Json | undefined;
    return found?.expressions;
  };

  const build = (planned: PlannedModule, parent: ModuleInstance | null, notes: string[]): ModuleInstance => {
    const blocks: Block[] = [];
    for (const { json, path: jsonPath } of planned.resources) {
      if (json.mode !== "managed") continue;
      const type = String(json.type ?? "");
      const name = String(json.name ?? "");
      const address = String(json.address ?? "");
      const relative = `${type}.${name}`;
      const change = changes.get(address);
      const after = isObject(change?.change) ? (change.change as Json).after_unknown : undefined;
      const values = maskSensitive(json.values, json.sensitive_values);
      const body = builder.body(values, after, expressionsFor(planned.address, relative), [...jsonPath, "values"]);
      const providerName = typeof json.provider_name === "string" ? json.provider_name : "";
      const index = json.index;
      blocks.push({
        type: "resource",
        labels: [
          type,
          index === undefined ? name : `${name}[${typeof index === "number" ? index : JSON.stringify(index)}]`,
        ],
        body,
        line: builder.line(jsonPath),
        endLine: builder.endLine(jsonPath),
      });
      void providerName;
    }
    // Provider configurations: host / azure_workspace_resource_id references attach databricks_* resources.
    if (!parent && isObject(configuration.provider_config)) {
      for (const [key, config] of Object.entries(configuration.provider_config)) {
        if (!isObject(config)) continue;
        const body: Body = { attributes: new Map(), blocks: [] };
        const exprs = isObject(config.expressions) ? config.expressions : {};
        for (const attr of ["host", "azure_workspace_resource_id"]) {
          const reference = referenceOf(exprs[attr]);
          const constant = isObject(exprs[attr]) ? (exprs[attr] as Json).constant_value : undefined;
          if (reference) body.attributes.set(attr, { name: attr, expr: referenceExpr(reference, 1), line: 1 });
          else if (typeof constant === "string")
            body.attributes.set(attr, { name: attr, expr: literal(constant, 1), line: 1 });
        }
        if (typeof config.alias === "string")
          body.attributes.set("alias", { name: "alias", expr: literal(config.alias, 1), line: 1 });
        blocks.push({
          type: "provider",
          labels: [String(config.name ?? key.split(".")[0])],
          body,
          line: 1,
          endLine: 1,
        });
      }
    }
    const hcl: HclFile = { file, text, body: { attributes: new Map(), blocks } };
    const instance = new ModuleInstance(
      { dir: dirname(path), files: [hcl] },
      planned.address,
      new Map(),
      parent,
      notes,
    );
    for (const child of planned.children) {
      const childName = child.address.split(".").pop() ?? child.address;
      instance.children.set(childName.replace(/\[.*$/, ""), build(child, instance, notes));
    }
    return instance;
  };

  const plannedValues = isObject(plan.planned_values) ? plan.planned_values : {};
  const notes: string[] = [];
  const errors: IacFileError[] = [];
  const problem = (at: (string | number)[], message: string) =>
    errors.push(new IacFileError(file, builder.line(at), message));
  const root = build(
    plannedModules(plannedValues.root_module, ["planned_values", "root_module"], problem),
    null,
    notes,
  );
  const constraints = new Map<string, string>();
  if (isObject(configuration.provider_config))
    for (const config of Object.values(configuration.provider_config))
      if (isObject(config) && typeof config.name === "string" && typeof config.version_constraint === "string")
        constraints.set(config.name, config.version_constraint);
  const versions = providerVersions(root, new Map());
  for (const [name, constraint] of constraints) versions.set(name, { provider: name, exact: null, constraint });
  const mapping = new TerraformMapper(root, versions, at).map();
  for (const evidence of mapping.evidence) evidence.workspace.origin = "terraform";
  if (!mapping.evidence.length)
    notes.push(`${file}: the plan declares no azurerm_databricks_workspace or databricks_* resource`);
  return {
    evidence: mapping.evidence,
    declarations: mapping.declarations,
    texts: new Map([[file, text]]),
    notes: [...notes, ...mapping.notes],
    errors: [...errors, ...root.budget.errors],
    moduleDirs: [],
  };
}
