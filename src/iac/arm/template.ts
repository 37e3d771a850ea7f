/**
 * An ARM template (JSON or JSONC) with its parameters (defaults, a parameters file), variables and
 * resources: nested child resources, `copy` loops where the count resolves, symbolic-name resources
 * (languageVersion 2.0, as Bicep writes them) and nested deployments (inline templates; inner or outer
 * expression scope). Every resource keeps its file and line.
 */
import { basename } from "node:path";
import { findNodeAtLocation, type Node, parseTree } from "jsonc-parser";
import { lineAt } from "../../util/json-file.ts";
import { IacFileError, parseConfigJson } from "../errors.ts";
import type { InputProblem } from "../hcl/budget.ts";
import { asNumber, asString, isUnresolved, Unresolved, type Value, type ValueMap } from "../hcl/value.ts";
import { LIMITS } from "../limits.ts";
import { displayPath } from "../paths.ts";
import { readIacText } from "../read.ts";
import { type ArmScope, evaluateDeep } from "./expressions.ts";

export interface ArmResource {
  /** Full type, e.g. Microsoft.Databricks/workspaces or Microsoft.Network/virtualNetworks/subnets. */
  type: string;
  /** Full name (child names joined with /), or unresolved. */
  name: Value;
  /** The name as text, or file:line when the name is only known at deployment. */
  key: string;
  apiVersion: string | null;
  /** The evaluated resource (properties, sku, tags, scope, …). */
  body: ValueMap;
  file: string;
  line: number;
  endLine: number;
  /** Set when this resource came from a nested deployment. */
  deployment: string | null;
  /** Where a property is declared: JSON path below the resource → line. */
  lineOf(path: readonly (string | number)[]): number;
}

export interface ArmTemplate {
  file: string;
  text: string;
  resources: ArmResource[];
  notes: string[];
  /** Input errors at file:line (limits crossed); the template is still judged on the rest. */
  errors: IacFileError[];
}

type JsonObject = Record<string, unknown>;
const isObject = (v: unknown): v is JsonObject => typeof v === "object" && v !== null && !Array.isArray(v);

function ciGet(object: JsonObject, key: string): unknown {
  const found = Object.keys(object).find((k) => k.toLowerCase() === key.toLowerCase());
  return found === undefined ? undefined : object[found];
}

interface Context {
  file: string;
  text: string;
  tree: Node;
  notes: string[];
  resources: ArmResource[];
  errors: IacFileError[];
}

/** Records an input error at the line of a JSON path of the template (once per line and message). */
function reportAt(ctx: Context, path: readonly (string | number)[], message: string, hint?: string): void {
  const node = nodeAt(ctx.tree, path) ?? nodeAt(ctx.tree, path.slice(0, -1));
  const line = node ? lineAt(ctx.text, node.offset) : 1;
  if (ctx.errors.some((e) => e.line === line && e.message.endsWith(message))) return;
  ctx.errors.push(new IacFileError(ctx.file, line, message, hint));
}

/** A template's scope: its parameters (given values, else defaults) and lazily evaluated variables. */
class TemplateScope implements ArmScope {
  private readonly template: JsonObject;
  private readonly given: Map<string, Value>;
  private readonly parent: ArmScope | null;
  private readonly cache = new Map<string, Value>();
  private readonly evaluating = new Set<string>();
  private readonly ctx: Context;
  /** The JSON path of this template in the file (a nested deployment's template is below its resource). */
  private readonly at: (string | number)[];
  copyIndex?: number;
  constructor(
    template: JsonObject,
    given: Map<string, Value>,
    parent: ArmScope | null,
    ctx: Context,
    at: (string | number)[] = [],
  ) {
    this.template = template;
    this.given = given;
    this.parent = parent;
    this.ctx = ctx;
    this.at = at;
  }
  report(path: readonly (string | number)[], problem: InputProblem): void {
    reportAt(this.ctx, [...this.at, ...path], problem.problem, problem.hint);
  }
  parameter(name: string): Value {
    const params = ciGet(this.template, "parameters");
    const spec = isObject(params) ? ciGet(params, name) : undefined;
    // secureString / secureObject values are secrets by declaration, and no check needs one: they are
    // never read, so they cannot reach evidence, reports or error messages.
    const type = isObject(spec) ? ciGet(spec, "type") : undefined;
    if (typeof type === "string" && /^secure(string|object)$/i.test(type))
      return new Unresolved(`parameters('${name}') is a ${type}: lakeward does not read secret values`);
    const key = [...this.given.keys()].find((k) => k.toLowerCase() === name.toLowerCase());
    if (key !== undefined) return this.given.get(key)!;
    if (!isObject(spec)) return new Unresolved(`parameters('${name}') is not declared in the template`);
    if ("defaultValue" in spec)
      return this.memo(`p:${name}`, () => evaluateDeep(spec.defaultValue, this, ["parameters", name, "defaultValue"]));
    // A nullable parameter (languageVersion 2.0, Bicep `param x string?`) given no value is null (issue 15 item 9).
    if (ciGet(spec, "nullable") === true) return null;
    return new Unresolved(`parameters('${name}') has no default value and no value in a parameters file`);
  }
  variable(name: string): Value {
    const vars = ciGet(this.template, "variables");
    const spec = isObject(vars) ? ciGet(vars, name) : undefined;
    if (spec === undefined) return new Unresolved(`variables('${name}') is not defined`);
    return this.memo(`v:${name}`, () => evaluateDeep(spec, this, ["variables", name]));
  }
  private memo(key: string, fn: () => Value): Value {
    if (this.cache.has(key)) return this.cache.get(key)!;
    if (this.evaluating.has(key)) return new Unresolved(`${key} refers to itself`);
    this.evaluating.add(key);
    try {
      const value = fn();
      this.cache.set(key, value);
      return value;
    } finally {
      this.evaluating.delete(key);
    }
  }
  withCopy(index: number): ArmScope {
    return {
      parameter: (n) => this.parameter(n),
      variable: (n) => this.variable(n),
      copyIndex: index,
      report: (path, problem) => this.report(path, problem),
    };
  }
  get outer(): ArmScope | null {
    return this.parent;
  }
}

function nodeAt(tree: Node, path: readonly (string | number)[]): Node | undefined {
  return findNodeAtLocation(tree, path as (string | number)[]);
}

function walkResources(
  ctx: Context,
  resources: unknown,
  path: (string | number)[],
  scope: TemplateScope,
  parentType: string | null,
  parentName: Value | null,
  deployment: string | null,
): void {
  const entries: [string | number, unknown][] = Array.isArray(resources)
    ? resources.map((r, i) => [i, r])
    : isObject(resources)
      ? Object.entries(resources)
      : [];
  for (const [key, raw] of entries) {
    if (!isObject(raw)) continue;
    const here = [...path, key];
    const node = nodeAt(ctx.tree, here);
    const line = node ? lineAt(ctx.text, node.offset) : 1;
    const endLine = node ? lineAt(ctx.text, node.offset + node.length) : line;
    const typeRaw = asString(evaluateDeep(ciGet(raw, "type"), scope, [...here, "type"])) ?? "";
    const type = parentType && !typeRaw.includes("/") ? `${parentType}/${typeRaw}` : typeRaw;
    if (ciGet(raw, "existing") === true) continue;
    const copy = ciGet(raw, "copy");
    const indices: (number | undefined)[] = [undefined];
    if (isObject(copy)) {
      const count = evaluateDeep(ciGet(copy, "count"), scope, [...here, "copy", "count"]);
      const n = asNumber(count);
      if (n === undefined) {
        ctx.notes.push(
          `${ctx.file}:${line}: ${type} copy count unknown (${isUnresolved(count) ? count.reason : "not a number"}); judged as one instance`,
        );
      } else {
        indices.length = 0;
        // Azure Resource Manager refuses a copy count above 800; past it only the first 800 are judged, and said.
        if (n > LIMITS.armCopyInstances)
          reportAt(
            ctx,
            [...here, "copy", "count"],
            `${type} copy count ${n.toLocaleString("en")} is more than ${LIMITS.armCopyInstances} (the most Azure Resource Manager deploys): only the first ${LIMITS.armCopyInstances} instances are judged`,
          );
        for (let i = 0; i < Math.min(n, LIMITS.armCopyInstances); i++) indices.push(i);
      }
    }
    for (const index of indices) {
      const s = index === undefined ? scope : scope.withCopy(index);
      const condition = ciGet(raw, "condition");
      if (condition !== undefined) {
        const c = evaluateDeep(condition, s, [...here, "condition"]);
        if (c === false) continue;
      }
      const nameValue = evaluateDeep(ciGet(raw, "name"), s, [...here, "name"]);
      const name =
        parentName !== null &&
        !isUnresolved(parentName) &&
        typeof nameValue === "string" &&
        !type.endsWith("/providers/diagnosticSettings")
          ? `${asString(parentName)}/${nameValue}`
          : nameValue;
      const body: ValueMap = {};
      for (const [k, v] of Object.entries(raw)) {
        if (k === "resources" || k === "copy") continue;
        if (k === "properties" && type.toLowerCase() === "microsoft.resources/deployments") continue;
        body[k] = evaluateDeep(v, s, [...here, k]);
      }
      const apiVersion = asString(body.apiVersion ?? null) ?? null;
      ctx.resources.push({
        type,
        name,
        key: isUnresolved(name) || asString(name) === undefined ? `${basename(ctx.file)}:${line}` : String(name),
        apiVersion,
        body,
        file: ctx.file,
        line,
        endLine,
        deployment,
        lineOf: (sub) => {
          const n = nodeAt(ctx.tree, [...here, ...sub]);
          if (n) return lineAt(ctx.text, n.offset);
          for (let depth = sub.length - 1; depth >= 0; depth--) {
            const m = nodeAt(ctx.tree, [...here, ...sub.slice(0, depth)]);
            if (m) return lineAt(ctx.text, m.offset);
          }
          return line;
        },
      });
      if (type.toLowerCase() === "microsoft.resources/deployments")
        nested(ctx, raw, here, s, asString(name) ?? "deployment");
      const children = ciGet(raw, "resources");
      if (children) walkResources(ctx, children, [...here, "resources"], scope, type, name, deployment);
    }
  }
}

function nested(ctx: Context, raw: JsonObject, path: (string | number)[], scope: ArmScope, name: string): void {
  const templatePath = [...path, "properties", "template"];
  const props = ciGet(raw, "properties");
  if (!isObject(props)) return;
  const template = ciGet(props, "template");
  if (!isObject(template)) {
    if (ciGet(props, "templateLink"))
      ctx.notes.push(
        `${ctx.file}: nested deployment ${name} links to another template (templateLink), which is not read`,
      );
    return;
  }
  const options = ciGet(props, "expressionEvaluationOptions");
  const inner = isObject(options) && String(ciGet(options, "scope")).toLowerCase() === "inner";
  let childScope: TemplateScope;
  if (inner) {
    const given = new Map<string, Value>();
    const params = ciGet(props, "parameters");
    if (isObject(params))
      for (const [k, v] of Object.entries(params))
        if (isObject(v) && "value" in v)
          given.set(k, evaluateDeep(v.value, scope, [...path, "properties", "parameters", k, "value"]));
    childScope = new TemplateScope(template, given, scope, ctx, templatePath);
  } else {
    // Outer scope: the nested template's expressions see the parent's parameters and variables.
    childScope = new TemplateScope({ ...template, parameters: {}, variables: {} }, new Map(), scope, ctx, templatePath);
    const parentScope = scope;
    childScope.parameter = (n: string) => parentScope.parameter(n);
    childScope.variable = (n: string) => parentScope.variable(n);
  }
  walkResources(
    ctx,
    ciGet(template, "resources"),
    [...path, "properties", "template", "resources"],
    childScope,
    null,
    null,
    name,
  );
}

/** Parameter values from an ARM parameters file (`{"parameters": {"x": {"value": …}}}`). */
export async function readParameterFile(path: string): Promise<{ values: Map<string, Value>; text: string }> {
  const text = await readIacText(path, "json");
  const parsed = parseConfigJson(displayPath(path), text, { allowComments: true });
  const out = new Map<string, Value>();
  const params = isObject(parsed.value) ? ciGet(parsed.value, "parameters") : undefined;
  if (isObject(params))
    for (const [k, v] of Object.entries(params)) {
      if (isObject(v) && "value" in v)
        out.set(k, evaluateDeep(v.value, { parameter: () => null, variable: () => null }));
      else if (isObject(v) && "reference" in v) out.set(k, new Unresolved(`parameter ${k} is a Key Vault reference`));
    }
  return { values: out, text };
}

export async function readArmTemplate(
  path: string,
  parameters: Map<string, Value>,
  preloaded?: string,
): Promise<ArmTemplate> {
  const file = displayPath(path);
  const text = preloaded ?? (await readIacText(path, "json"));
  const parsed = parseConfigJson(file, text, { allowComments: true });
  const tree = parseTree(text, [], { allowTrailingComma: true, disallowComments: false })!;
  const template = parsed.value;
  if (!isObject(template)) throw new IacFileError(file, 1, "an ARM template must be a JSON object");
  const ctx: Context = { file, text, tree, notes: [], resources: [], errors: [] };
  const scope = new TemplateScope(template, parameters, null, ctx);
  walkResources(ctx, ciGet(template, "resources"), ["resources"], scope, null, null, null);
  const declared = ciGet(template, "parameters");
  for (const name of parameters.keys())
    if (!isObject(declared) || ciGet(declared, name) === undefined)
      ctx.notes.push(`${file}: the parameters file sets ${name}, which the template does not declare`);
  return { file, text, resources: ctx.resources, notes: ctx.notes, errors: ctx.errors };
}
