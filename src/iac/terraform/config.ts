/**
 * A Terraform configuration read from HCL: the root module of a directory (or one file), its
 * variables (defaults, terraform.tfvars, *.auto.tfvars, --var-file, --var), locals, local modules
 * (`source = "./…"`), and resources and module calls expanded by `count` / `for_each` where those
 * resolve. References resolve lazily, so a value is computed only when a check's evidence needs it.
 */
import { readdirSync, realpathSync, statSync } from "node:fs";
import { readdir } from "node:fs/promises";
import { basename, dirname, join, resolve } from "node:path";
import { z } from "zod";
import { IacFileError, parseConfigJson } from "../errors.ts";
import {
  type Attribute,
  type Block,
  type Body,
  blocksOf,
  type Expr,
  exprSummary,
  exprText,
  type HclFile,
  type Step,
} from "../hcl/ast.ts";
import { EvalBudget } from "../hcl/budget.ts";
import { type EvalScope, Evaluator } from "../hcl/evaluate.ts";
import { FileRoots } from "../hcl/files.ts";
import { parseTerraformJson } from "../hcl/json-syntax.ts";
import { parseHcl } from "../hcl/parse.ts";
import {
  asNumber,
  asString,
  fromJson,
  isMap,
  isUnresolved,
  Unresolved,
  type Value,
  type ValueMap,
} from "../hcl/value.ts";
import { LIMITS } from "../limits.ts";
import { displayPath } from "../paths.ts";
import { isMissing, readIacText } from "../read.ts";
import { applyOverrides, isOverrideFile } from "./overrides.ts";

export interface TfModuleSource {
  dir: string;
  files: HclFile[];
}

/** A view of a block (a resource, or a nested block) with the evaluator and names it is evaluated with. */
export class BlockView {
  readonly body: Body;
  readonly file: string;
  readonly line: number;
  readonly endLine: number;
  private readonly evaluator: Evaluator;
  private readonly frame: Map<string, Value>;
  constructor(
    body: Body,
    file: string,
    line: number,
    endLine: number,
    evaluator: Evaluator,
    frame: Map<string, Value>,
  ) {
    this.body = body;
    this.file = file;
    this.line = line;
    this.endLine = endLine;
    this.evaluator = evaluator;
    this.frame = frame;
  }

  has(name: string): boolean {
    return this.body.attributes.has(name);
  }

  /** The attribute's value, or undefined when it is not declared. */
  attr(name: string): Value | undefined {
    const attribute = this.body.attributes.get(name);
    if (!attribute) return undefined;
    return this.evaluator.inFile(attribute.file ?? this.file, () =>
      this.evaluator.withFrame(this.frame, () => this.evaluator.evaluate(attribute.expr)),
    );
  }

  attribute(name: string): Attribute | undefined {
    return this.body.attributes.get(name);
  }

  /** Evaluates an expression of this block (part of an attribute) in the block's frame and file. */
  evaluateExpr(expr: Expr, file = this.file): Value {
    return this.evaluator.inFile(file, () => this.evaluator.withFrame(this.frame, () => this.evaluator.evaluate(expr)));
  }

  /** Where an attribute is declared, or the block itself when it is not. */
  lineOf(name: string): number {
    return this.body.attributes.get(name)?.line ?? this.line;
  }

  /** The file that declares an attribute (an override file may set it), or the block's file. */
  fileOf(name: string): string {
    return this.body.attributes.get(name)?.file ?? this.file;
  }

  /**
   * Nested blocks of a type, with `dynamic "type"` blocks expanded. When a dynamic block's for_each
   * is unknown, `uncertain` says why: the number of such blocks is not known before apply.
   */
  blocks(type: string): { views: BlockView[]; uncertain: Unresolved | null } {
    const views: BlockView[] = blocksOf(this.body, type).map(
      (block) =>
        new BlockView(block.body, block.file ?? this.file, block.line, block.endLine, this.evaluator, this.frame),
    );
    let uncertain: Unresolved | null = null;
    for (const dynamic of blocksOf(this.body, "dynamic").filter((block) => block.labels[0] === type)) {
      const forEach = dynamic.body.attributes.get("for_each");
      const content = blocksOf(dynamic.body, "content")[0];
      if (!forEach || !content) continue;
      const iterator = asString(
        dynamic.body.attributes.get("iterator")?.expr.kind === "variable"
          ? (dynamic.body.attributes.get("iterator")!.expr as { name: string }).name
          : type,
      );
      const collection = this.evaluator.inFile(dynamic.file ?? this.file, () =>
        this.evaluator.withFrame(this.frame, () => this.evaluator.evaluate(forEach.expr)),
      );
      if (isUnresolved(collection)) {
        uncertain = new Unresolved(
          `dynamic "${type}" iterates over ${exprSummary(forEach.expr)}, which is unknown (${collection.reason})`,
        );
        continue;
      }
      const entries: [Value, Value][] = Array.isArray(collection)
        ? collection.map((item, i) => [i, item])
        : isMap(collection)
          ? Object.entries(collection)
          : [];
      for (const [key, value] of entries) {
        const frame = new Map(this.frame);
        frame.set(iterator ?? type, { key, value });
        views.push(
          new BlockView(content.body, dynamic.file ?? this.file, content.line, content.endLine, this.evaluator, frame),
        );
      }
    }
    return { views, uncertain };
  }

  /** The whole block as a value (attributes and nested blocks as lists), for plan-like reading. */
  toValue(depth = 0): ValueMap {
    const out: ValueMap = {};
    for (const name of this.body.attributes.keys()) out[name] = this.attr(name) ?? null;
    if (depth < 6) {
      const types = new Set(this.body.blocks.map((b) => (b.type === "dynamic" ? (b.labels[0] ?? "") : b.type)));
      for (const type of types) {
        if (!type || type === "lifecycle" || type === "provisioner" || type === "connection") continue;
        const { views, uncertain } = this.blocks(type);
        out[type] = uncertain ?? views.map((view) => view.toValue(depth + 1));
      }
    }
    return out;
  }
}

export interface ResourceInstance {
  mode: "managed" | "data";
  type: string;
  name: string;
  /** Full address, e.g. `module.net.azurerm_subnet.public[0]`. */
  address: string;
  /** Address without the instance key, e.g. `module.net.azurerm_subnet.public`. */
  baseAddress: string;
  key: number | string | null;
  /** True, or why it is not known whether this instance exists (count / for_each unknown). */
  exists: true | Unresolved;
  view: BlockView;
  module: ModuleInstance;
  /** The provider configuration it uses, e.g. `databricks` or `databricks.ws1` (resolved in its module). */
  provider: string;
}

interface ProviderConfig {
  /** `databricks` or `databricks.alias`, as named in the module that declares it. */
  name: string;
  view: BlockView;
}

/**
 * A module call with `count` or `for_each`: one ModuleInstance per key (`module.ws[0]`, `module.ws["dev"]`),
 * each with its own inputs, as Terraform expands it.
 */
export class RepeatedModule {
  readonly kind: "count" | "for_each";
  readonly instances: ReadonlyMap<number | string, ModuleInstance>;
  constructor(kind: "count" | "for_each", instances: ReadonlyMap<number | string, ModuleInstance>) {
    this.kind = kind;
    this.instances = instances;
  }
}

/** What a `module` block of a module became: one instance, several, or why it could not be read. */
export type ModuleChild = ModuleInstance | RepeatedModule | Unresolved;

/** The instances a module child stands for (none when it could not be read). */
export function childInstances(child: ModuleChild): ModuleInstance[] {
  if (child instanceof RepeatedModule) return [...child.instances.values()];
  return isUnresolved(child) ? [] : [child];
}

/** Instance key as Terraform writes it in an address: `[0]`, `["dev"]`. */
const instanceSuffix = (key: number | string) => `[${typeof key === "number" ? key : JSON.stringify(key)}]`;

/** A loaded module: its files, evaluated in the context of one instance (root or a module call). */
export class ModuleInstance implements EvalScope {
  readonly source: TfModuleSource;
  readonly path: string;
  readonly moduleDir: string;
  readonly evaluator: Evaluator;
  readonly children = new Map<string, ModuleChild>();
  /**
   * True, or why it is not known whether this instance exists (its module call's count / for_each, or an
   * enclosing one's, is unknown). Every resource of the instance inherits it.
   */
  readonly existence: true | Unresolved;
  readonly providers: ProviderConfig[] = [];
  /** Provider names passed from the parent (`providers = { databricks = databricks.ws1 }`), mapped to the parent's. */
  readonly providerMap = new Map<string, { module: ModuleInstance; name: string }>();
  readonly parent: ModuleInstance | null;
  readonly notes: string[];
  /** The configuration's evaluation budget and input errors, shared by all its module instances. */
  readonly budget: EvalBudget;
  /** Where this module's file functions may read: the configuration's roots and this module's directory. */
  readonly roots: FileRoots;
  readonly defaultFile: string;
  private readonly inputs: Map<string, Value>;
  private readonly localCache = new Map<string, Value>();
  private readonly evaluating = new Set<string>();
  private resourceCache: ResourceInstance[] | undefined;
  private readonly body: Body;
  private readonly attrFiles = new Map<Body, string>();

  constructor(
    source: TfModuleSource,
    path: string,
    inputs: Map<string, Value>,
    parent: ModuleInstance | null,
    notes: string[],
    existence: true | Unresolved = true,
    shared: { budget: EvalBudget; roots: FileRoots } | null = parent,
  ) {
    this.source = source;
    this.existence = existence;
    this.path = path;
    this.moduleDir = source.dir;
    this.inputs = inputs;
    this.parent = parent;
    this.notes = notes;
    this.budget = shared?.budget ?? new EvalBudget();
    this.roots = (shared?.roots ?? new FileRoots([])).with([source.dir]);
    this.defaultFile = source.files[0]?.file ?? displayPath(source.dir);
    this.evaluator = new Evaluator(this);
    // All files of a module form one body; blocks remember their file.
    this.body = { attributes: new Map(), blocks: [] };
    for (const file of source.files) {
      for (const block of file.body.blocks) {
        this.body.blocks.push(block);
        this.attrFiles.set(block.body, file.file);
      }
    }
    for (const block of blocksOf(this.body, "provider")) {
      const alias = block.body.attributes.get("alias");
      const aliasName = alias ? asString(this.evaluateIn(block, alias.expr)) : undefined;
      const name = `${block.labels[0] ?? ""}${aliasName ? `.${aliasName}` : ""}`;
      this.providers.push({ name, view: this.view(block, new Map()) });
    }
  }

  fileOf(block: Block): string {
    return this.attrFiles.get(block.body) ?? this.source.files[0]?.file ?? this.moduleDir;
  }

  /** Evaluates an expression of one of this module's top-level blocks (errors name the block's file). */
  evaluateIn(block: Block, expr: Expr, frame?: Map<string, Value>): Value {
    return this.evaluator.inFile(this.fileOf(block), () =>
      frame ? this.evaluator.withFrame(frame, () => this.evaluator.evaluate(expr)) : this.evaluator.evaluate(expr),
    );
  }

  view(block: Block, frame: Map<string, Value>): BlockView {
    return new BlockView(block.body, this.fileOf(block), block.line, block.endLine, this.evaluator, frame);
  }

  blocks(type: string): Block[] {
    return blocksOf(this.body, type);
  }

  private prefix(): string {
    return this.path ? `${this.path}.` : "";
  }

  // --- EvalScope ------------------------------------------------------------------------------------

  root(name: string, steps: readonly Step[], _evaluator: Evaluator): { value: Value; consumed: number } {
    const first = steps[0];
    const attrName = first?.kind === "attr" ? first.name : undefined;
    switch (name) {
      case "var":
        if (!attrName) return { value: new Unresolved("var without a name"), consumed: 0 };
        return { value: this.variable(attrName), consumed: 1 };
      case "local":
        if (!attrName) return { value: new Unresolved("local without a name"), consumed: 0 };
        return { value: this.local(attrName), consumed: 1 };
      case "module":
        if (!attrName) return { value: new Unresolved("module without a name"), consumed: 0 };
        return this.moduleOutput(attrName, steps.slice(1));
      case "path": {
        const dirs: Record<string, string> = { module: this.moduleDir, root: this.rootDir(), cwd: process.cwd() };
        return {
          value: attrName && attrName in dirs ? dirs[attrName]! : new Unresolved(`path.${attrName}`),
          consumed: 1,
        };
      }
      case "terraform":
        return { value: attrName === "workspace" ? "default" : new Unresolved(`terraform.${attrName}`), consumed: 1 };
      case "data": {
        const type = attrName;
        const second = steps[1];
        const dataName = second?.kind === "attr" ? second.name : undefined;
        if (!type || !dataName) return { value: new Unresolved("incomplete data source reference"), consumed: 0 };
        const third = steps[2];
        const attr = third?.kind === "attr" ? third.name : null;
        const address = `${this.prefix()}data.${type}.${dataName}`;
        return {
          value: new Unresolved(
            `references ${address}${attr ? `.${attr}` : ""}, read from the cloud at plan time (lakeward does not query it)`,
            address,
            attr,
          ),
          consumed: attr ? 3 : 2,
        };
      }
      case "each":
      case "count":
      case "self":
        return { value: new Unresolved(`${name} is not available here`), consumed: 0 };
      default:
        return this.resourceReference(name, steps);
    }
  }

  private rootDir(): string {
    let current: ModuleInstance = this;
    while (current.parent) current = current.parent;
    return current.moduleDir;
  }

  variable(name: string): Value {
    if (this.inputs.has(name)) return this.inputs.get(name)!;
    const block = this.blocks("variable").find((b) => b.labels[0] === name);
    if (!block) return new Unresolved(`var.${name} is not declared in this configuration`);
    const fallback = block.body.attributes.get("default");
    if (fallback) return this.evaluateIn(block, fallback.expr);
    return new Unresolved(
      this.parent
        ? `var.${name} of ${this.path} has no default and the module call does not set it`
        : `var.${name} has no default and no value (terraform.tfvars, *.auto.tfvars, --var-file or --var)`,
    );
  }

  private local(name: string): Value {
    if (this.localCache.has(name)) return this.localCache.get(name)!;
    let attribute: Attribute | undefined;
    let owner: Block | undefined;
    for (const block of this.blocks("locals"))
      if (!attribute && block.body.attributes.has(name)) {
        attribute = block.body.attributes.get(name);
        owner = block;
      }
    if (!attribute || !owner) return new Unresolved(`local.${name} is not defined in this configuration`);
    const key = `local.${name}`;
    if (this.evaluating.has(key)) return new Unresolved(`local.${name} refers to itself`);
    this.evaluating.add(key);
    try {
      const value = this.evaluateIn(owner, attribute.expr);
      this.localCache.set(name, value);
      return value;
    } finally {
      this.evaluating.delete(key);
    }
  }

  private moduleOutput(name: string, rest: readonly Step[]): { value: Value; consumed: number } {
    const child = this.children.get(name);
    const address = `${this.prefix()}module.${name}`;
    if (!child) return { value: new Unresolved(`module.${name} is not declared in this configuration`), consumed: 1 };
    if (isUnresolved(child)) {
      const output = rest[0]?.kind === "attr" ? rest[0].name : null;
      return { value: new Unresolved(child.reason, address, output), consumed: output ? 2 : 1 };
    }
    if (child instanceof RepeatedModule) {
      const next = rest[0];
      if (next?.kind === "index") {
        const key = this.evaluator.evaluate(next.key);
        if (isUnresolved(key))
          return { value: new Unresolved(`the index of ${address} is unknown: ${key.reason}`, address), consumed: 2 };
        const instance =
          child.instances.get(key as number | string) ??
          [...child.instances].find(([k]) => String(k) === String(key))?.[1];
        if (!instance)
          return { value: new Unresolved(`${address}[${JSON.stringify(key)}] does not exist`, address), consumed: 2 };
        const output = rest[1]?.kind === "attr" ? rest[1].name : undefined;
        if (!output) return { value: instance.outputs(), consumed: 2 };
        return { value: instance.output(output), consumed: 3 };
      }
      // The whole collection (followed by a splat, or used in a for expression): a list for count, a map for for_each.
      if (child.kind === "count") return { value: [...child.instances.values()].map((i) => i.outputs()), consumed: 1 };
      const map: ValueMap = {};
      for (const [key, instance] of child.instances) map[String(key)] = instance.outputs();
      return { value: map, consumed: 1 };
    }
    const output = rest[0]?.kind === "attr" ? rest[0].name : undefined;
    if (!output) return { value: child.outputs(), consumed: 1 };
    return { value: child.output(output), consumed: 2 };
  }

  /** The value of one output of this module instance (unknown when it has no such output). */
  output(name: string): Value {
    const block = this.blocks("output").find((b) => b.labels[0] === name && b.body.attributes.has("value"));
    const attribute = block?.body.attributes.get("value");
    if (!block || !attribute) return new Unresolved(`${this.path} has no output ${name}`, this.path, name);
    const value = this.evaluateIn(block, attribute.expr);
    // Unknown because this instance may not exist: say so, whatever the output refers to.
    if (isUnresolved(this.existence) && !isUnresolved(value))
      return new Unresolved(this.existence.reason, this.path, name);
    return value;
  }

  /** Every output of this module instance, as the object `module.NAME` stands for. */
  outputs(): ValueMap {
    const out: ValueMap = {};
    for (const block of this.blocks("output")) {
      const name = block.labels[0];
      if (name && !(name in out)) out[name] = this.output(name);
    }
    return out;
  }

  private resourceReference(type: string, steps: readonly Step[]): { value: Value; consumed: number } {
    const first = steps[0];
    if (first?.kind !== "attr") return { value: new Unresolved(`${type} is not a known name`), consumed: 0 };
    const name = first.name;
    const base = `${this.prefix()}${type}.${name}`;
    const block = this.blocks("resource").find((b) => b.labels[0] === type && b.labels[1] === name);
    const next = steps[1];
    if (!block) {
      const attr = next?.kind === "attr" ? next.name : null;
      return {
        value: new Unresolved(`references ${base}, which is not declared in this configuration`, base, attr),
        consumed: attr ? 2 : 1,
      };
    }
    const instances = this.resources().filter((r) => r.baseAddress === base);
    const repeated = block.body.attributes.has("count") || block.body.attributes.has("for_each");
    if (!repeated) {
      const instance = instances[0];
      if (!instance) return { value: new Unresolved(`${base} has no instance`, base), consumed: 1 };
      return this.instanceAttribute(instance, steps.slice(1), 1);
    }
    if (next?.kind === "index") {
      const key = this.evaluator.evaluate(next.key);
      if (isUnresolved(key))
        return { value: new Unresolved(`the index of ${base} is unknown: ${key.reason}`, base), consumed: 2 };
      const uncertain = instances.find((r) => r.key === null);
      const instance = instances.find((r) => r.key === key || (typeof key === "string" && String(r.key) === key));
      if (!instance) {
        return {
          value: uncertain
            ? new Unresolved(
                `${base} has an unknown number of instances (${(uncertain.exists as Unresolved).reason})`,
                base,
              )
            : new Unresolved(`${base}[${JSON.stringify(key)}] does not exist`, base),
          consumed: 2,
        };
      }
      return this.instanceAttribute(instance, steps.slice(2), 2);
    }
    // The whole collection of instances (followed by a splat or used in a for expression).
    const uncertain = instances.find((r) => r.key === null);
    if (uncertain) return { value: new Unresolved((uncertain.exists as Unresolved).reason, base), consumed: 1 };
    const forEach = block.body.attributes.has("for_each");
    if (forEach) {
      const map: ValueMap = {};
      for (const instance of instances) map[String(instance.key)] = this.instanceValue(instance);
      return { value: map, consumed: 1 };
    }
    return { value: instances.map((instance) => this.instanceValue(instance)), consumed: 1 };
  }

  private instanceAttribute(
    instance: ResourceInstance,
    rest: readonly Step[],
    consumed: number,
  ): { value: Value; consumed: number } {
    const next = rest[0];
    if (next?.kind !== "attr") return { value: this.instanceValue(instance), consumed };
    const attr = next.name;
    if (instance.view.has(attr)) {
      const key = `${instance.address}.${attr}`;
      if (this.evaluating.has(key)) return { value: new Unresolved(`${key} refers to itself`), consumed: consumed + 1 };
      this.evaluating.add(key);
      try {
        const value = instance.view.attr(attr)!;
        // A declared attribute that is itself unknown still stands for this resource.
        return {
          value: isUnresolved(value) ? new Unresolved(value.reason, instance.address, attr) : value,
          consumed: consumed + 1,
        };
      } finally {
        this.evaluating.delete(key);
      }
    }
    const { views } = instance.view.blocks(attr);
    if (views.length) return { value: views.map((view) => view.toValue()), consumed: consumed + 1 };
    return {
      value: new Unresolved(`${instance.address}.${attr} is known only after apply`, instance.address, attr),
      consumed: consumed + 1,
    };
  }

  private instanceValue(instance: ResourceInstance): ValueMap {
    const value = instance.view.toValue();
    value.id ??= new Unresolved(`${instance.address}.id is known only after apply`, instance.address, "id");
    return value;
  }

  // --- resources ------------------------------------------------------------------------------------

  /** This module's resources (managed ones; data sources are not expanded), count/for_each applied. */
  resources(): ResourceInstance[] {
    if (this.resourceCache) return this.resourceCache;
    this.resourceCache = [];
    const out = this.resourceCache;
    for (const block of this.blocks("resource")) {
      const [type = "", name = ""] = block.labels;
      const base = `${this.prefix()}${type}.${name}`;
      const providerAttr = block.body.attributes.get("provider");
      const provider =
        providerAttr && (providerAttr.expr.kind === "postfix" || providerAttr.expr.kind === "variable")
          ? exprText(providerAttr.expr)
          : (type.split("_")[0] ?? type);
      const make = (key: number | string | null, own: true | Unresolved, frame: Map<string, Value>) => {
        const exists = isUnresolved(own) ? own : this.existence;
        out.push({
          mode: "managed",
          type,
          name,
          address: key === null ? base : `${base}${instanceSuffix(key)}`,
          baseAddress: base,
          key,
          exists,
          view: this.view(block, frame),
          module: this,
          provider,
        });
      };
      const count = block.body.attributes.get("count");
      const forEach = block.body.attributes.get("for_each");
      const repeat = count ?? forEach;
      if (count) {
        const value = this.evaluateIn(block, count.expr);
        const n = asNumber(value);
        if (isUnresolved(value) || n === undefined) {
          const why = isUnresolved(value) ? value.reason : "not a number";
          const reason = `the count of ${base} (${exprSummary(count.expr)}) is unknown: ${why}`;
          make(null, new Unresolved(reason, base), new Map([["count", { index: new Unresolved(reason) }]]));
        } else {
          const allowed = this.allowInstances(block, count, base, n);
          for (let i = 0; i < allowed; i++) make(i, true, new Map([["count", { index: i }]]));
        }
      } else if (forEach) {
        const value = this.evaluateIn(block, forEach.expr);
        if (isUnresolved(value) || !(Array.isArray(value) || isMap(value))) {
          const why = isUnresolved(value) ? value.reason : "not a map or set";
          const reason = `the for_each of ${base} (${exprSummary(forEach.expr)}) is unknown: ${why}`;
          const each = new Unresolved(reason);
          make(null, new Unresolved(reason, base), new Map([["each", { key: each, value: each }]]));
        } else {
          const entries: [string, Value][] = Array.isArray(value)
            ? value.map((item) => [asString(item) ?? JSON.stringify(item), item])
            : Object.entries(value);
          const allowed = this.allowInstances(block, forEach, base, entries.length);
          for (const [key, item] of entries.slice(0, allowed))
            make(key, true, new Map([["each", { key, value: item }]]));
        }
      } else if (this.allowInstances(block, repeat, base, 1) > 0) make(null, true, new Map());
    }
    return out;
  }

  /**
   * How many of `wanted` instances of a resource are expanded: at most LIMITS.resourceInstances per resource
   * and LIMITS.configurationInstances for the whole configuration. A cut is an input error at the count or
   * for_each line (never a silent drop): the instances that are expanded are still judged.
   */
  private allowInstances(block: Block, repeat: Attribute | undefined, address: string, wanted: number): number {
    let allowed = Math.max(0, Math.floor(wanted));
    const file = repeat?.file ?? this.fileOf(block);
    const line = repeat?.line ?? block.line;
    if (allowed > LIMITS.resourceInstances) {
      this.budget.report(
        file,
        line,
        `${address} has ${allowed.toLocaleString("en")} instances, more than lakeward's limit of ${LIMITS.resourceInstances.toLocaleString("en")} for one resource: only the first ${LIMITS.resourceInstances.toLocaleString("en")} are judged`,
        "See the limits in docs/iac.md.",
      );
      allowed = LIMITS.resourceInstances;
    }
    const left = Math.max(0, LIMITS.configurationInstances - this.budget.instances);
    if (allowed > left) {
      this.budget.report(
        file,
        line,
        `this configuration has more than ${LIMITS.configurationInstances.toLocaleString("en")} resource instances (lakeward's limit): ${address} and the resources after it are not all judged`,
        "See the limits in docs/iac.md.",
      );
      allowed = left;
    }
    this.budget.instances += allowed;
    return allowed;
  }

  /** This module's resources and those of its (local) child modules, depth first. */
  allResources(): ResourceInstance[] {
    const out = [...this.resources()];
    for (const child of this.children.values())
      for (const instance of childInstances(child)) out.push(...instance.allResources());
    return out;
  }

  /** The provider configuration a provider name refers to in this module, following module `providers` maps. */
  providerConfig(name: string): { module: ModuleInstance; config: BlockView | null; name: string } {
    const own = this.providers.find((p) => p.name === name);
    if (own) return { module: this, config: own.view, name };
    const mapped = this.providerMap.get(name);
    if (mapped) return mapped.module.providerConfig(mapped.name);
    // Default (unaliased) providers are inherited from the parent.
    if (this.parent && !name.includes(".")) return this.parent.providerConfig(name);
    return { module: this, config: null, name };
  }

  /** `required_providers` version constraints declared in this module. */
  providerConstraints(): Map<string, string> {
    const out = new Map<string, string>();
    for (const terraform of this.blocks("terraform")) {
      for (const required of blocksOf(terraform.body, "required_providers")) {
        for (const [name, attribute] of required.body.attributes) {
          const value = this.evaluateIn(terraform, attribute.expr);
          const version = isMap(value) ? asString(value.version ?? null) : asString(value);
          if (version) out.set(name, version);
        }
      }
    }
    return out;
  }
}

// --- loading ---------------------------------------------------------------------------------------

/** Terraform reads `*.tf` and `*.tf.json` of a module directory. */
const MODULE_FILE = /\.tf(\.json)?$/;

/** `entries`: the directory's listing when the caller has it (one readdir per configuration, not three). */
export async function readModuleSource(
  dir: string,
  onlyFile?: string,
  entries?: readonly string[],
): Promise<TfModuleSource> {
  const names = onlyFile
    ? [basename(onlyFile)]
    : (entries ?? (await readdir(dir))).filter((n) => MODULE_FILE.test(n)).sort();
  const primary: HclFile[] = [];
  const overrides: HclFile[] = [];
  const errors: IacFileError[] = [];
  for (const name of names) {
    const path = join(dir, name);
    try {
      // A FIFO or device named like a configuration file is refused here, not read (and the refusal said).
      const text = await readIacText(path, name.endsWith(".json") ? "json" : "hcl");
      const file = name.endsWith(".json")
        ? await parseTerraformJson(displayPath(path), text)
        : await parseHcl(displayPath(path), text);
      // A file given on its own is judged as written, even when it is named like an override file.
      (!onlyFile && isOverrideFile(name) ? overrides : primary).push(file);
    } catch (error) {
      if (error instanceof IacFileError) errors.push(error);
      else throw error;
    }
  }
  const merged = applyOverrides(primary, overrides);
  errors.push(...merged.errors, ...duplicateBlocks(merged.files));
  if (errors.length) throw new AggregateIacError(errors, { dir, files: merged.files });
  return { dir, files: merged.files };
}

/** Blocks Terraform requires to be unique in a module, by what makes them unique. */
const UNIQUE_BLOCKS: Record<string, number> = { resource: 2, data: 2, module: 1, variable: 1, output: 1 };

/**
 * Two blocks with the same address in one module: Terraform refuses the configuration ("Duplicate resource
 * configuration"). Often a directory of unrelated examples; lakeward says so at each repeat and still judges
 * each declaration on its own (its own file and line), rather than silently picking one.
 */
function duplicateBlocks(files: readonly HclFile[]): IacFileError[] {
  const first = new Map<string, { file: string; line: number }>();
  const errors: IacFileError[] = [];
  for (const file of files) {
    for (const block of file.body.blocks) {
      const labels = UNIQUE_BLOCKS[block.type];
      if (!labels || block.labels.length < labels) continue;
      const key = [block.type, ...block.labels.slice(0, labels)].join("\u0000");
      const seen = first.get(key);
      if (!seen) {
        first.set(key, { file: file.file, line: block.line });
        continue;
      }
      const what = [block.type, ...block.labels.slice(0, labels).map((label) => `"${label}"`)].join(" ");
      errors.push(
        new IacFileError(
          file.file,
          block.line,
          `duplicate ${what} (also at ${seen.file}:${seen.line}): Terraform refuses this; each is judged on its own here — if these are separate configurations, give each its own directory`,
        ),
      );
    }
  }
  return errors;
}

/** Several files of a module failed to parse; the ones that parsed are kept. */
export class AggregateIacError extends Error {
  readonly errors: IacFileError[];
  readonly partial: TfModuleSource;
  constructor(errors: IacFileError[], partial: TfModuleSource) {
    super(errors.map((e) => e.message).join("; "));
    this.errors = errors;
    this.partial = partial;
  }
}

/** Variable values from a .tfvars (HCL) or .tfvars.json file; its input errors go to `budget`. */
export async function readVarFile(path: string, budget = new EvalBudget()): Promise<Map<string, Value>> {
  const text = await readIacText(path, path.endsWith(".json") ? "json" : "hcl");
  const out = new Map<string, Value>();
  if (path.endsWith(".json")) {
    const parsed = parseConfigJson(displayPath(path), text);
    const value = fromJson(parsed.value);
    if (isMap(value)) for (const [k, v] of Object.entries(value)) out.set(k, v);
    return out;
  }
  const file = await parseHcl(displayPath(path), text);
  const evaluator = new Evaluator({
    moduleDir: dirname(path),
    // A variables file may not read files at all: nothing it names is part of the configuration.
    roots: new FileRoots([]),
    budget,
    defaultFile: displayPath(path),
    root: (name) => ({
      value: new Unresolved(`${name} cannot be referenced in a variables file`),
      consumed: 0,
    }),
  });
  for (const [name, attribute] of file.body.attributes) out.set(name, evaluator.evaluate(attribute.expr));
  return out;
}

/** The variable files Terraform reads automatically in a root module directory, in its order. */
export async function automaticVarFiles(dir: string, entries?: readonly string[]): Promise<string[]> {
  const names = entries ?? (await readdir(dir));
  const auto = names.filter((n) => /\.auto\.tfvars(\.json)?$/.test(n)).sort();
  return [
    ...(names.includes("terraform.tfvars") ? ["terraform.tfvars"] : []),
    ...(names.includes("terraform.tfvars.json") ? ["terraform.tfvars.json"] : []),
    ...auto,
  ].map((n) => join(dir, n));
}

export interface LoadOptions {
  varFiles: readonly string[];
  vars: ReadonlyMap<string, Value>;
  /** Directories file functions may read below besides the modules' own (the paths the scan was given). */
  roots?: readonly string[];
}

/**
 * Loads a root module (directory, or a single .tf file) and its local modules. `entries`: the directory's
 * listing, when the caller has read it.
 */
export async function loadConfiguration(
  path: string,
  options: LoadOptions,
  onFileError: (error: IacFileError) => void,
  entries?: readonly string[],
): Promise<ModuleInstance> {
  // Synchronous: a local stat or listing costs a few microseconds, through the thread pool about 25 µs of this
  // thread's time each (bench:iac, docs/performance.md).
  const info = statSync(path);
  const dir = info.isDirectory() ? path : dirname(path);
  const listing = info.isDirectory() ? (entries ?? readdirSync(dir)) : undefined;
  let source: TfModuleSource;
  try {
    source = await readModuleSource(dir, info.isDirectory() ? undefined : path, listing);
  } catch (error) {
    if (!(error instanceof AggregateIacError)) throw error;
    for (const e of error.errors) onFileError(e);
    source = error.partial;
  }
  const inputs = new Map<string, Value>();
  const budget = new EvalBudget();
  const varFiles = [...(listing ? await automaticVarFiles(dir, listing) : []), ...options.varFiles];
  for (const file of varFiles) {
    try {
      for (const [k, v] of await readVarFile(file, budget)) inputs.set(k, v);
    } catch (error) {
      if (error instanceof IacFileError) onFileError(error);
      else throw error;
    }
  }
  for (const [k, v] of options.vars) inputs.set(k, v);
  const notes: string[] = [];
  const roots = new FileRoots([dir, ...(options.roots ?? [])]);
  const root = new ModuleInstance(source, "", inputs, null, notes, true, { budget, roots });
  // No .terraform in the listing: no manifest to open (a failed open costs an error object and a stack).
  const installed =
    listing && !listing.includes(".terraform")
      ? new Map<string, InstalledModule>()
      : await readInstalledModules(dir, onFileError);
  await loadChildren(root, "", installed, onFileError, 0);
  return root;
}

/** A module `terraform init` installed: its directory (absolute) and where it came from. */
interface InstalledModule {
  dir: string;
  source: string;
  version: string | null;
}

const moduleManifestEntry = z.object({
  Key: z.string(),
  Source: z.string(),
  Version: z.string().optional(),
  Dir: z.string(),
});

/**
 * Registry and Git modules as `terraform init` installed them: `.terraform/modules/modules.json` maps each
 * module key (call names joined by ".") to a directory. lakeward never downloads; with this manifest it
 * reads exactly the code Terraform will run. Missing manifest: an empty map (remote modules stay unknown).
 */
export async function readInstalledModules(
  rootDir: string,
  onFileError: (error: IacFileError) => void,
): Promise<Map<string, InstalledModule>> {
  const manifest = join(rootDir, ".terraform", "modules", "modules.json");
  const out = new Map<string, InstalledModule>();
  let text: string;
  try {
    text = await readIacText(manifest, "json");
  } catch (error) {
    if (!isMissing(error) && error instanceof IacFileError) onFileError(error);
    return out;
  }
  try {
    const parsed = parseConfigJson(displayPath(manifest), text);
    const modules = z.object({ Modules: z.array(z.unknown()) }).safeParse(parsed.value);
    if (!modules.success)
      throw new IacFileError(displayPath(manifest), 1, 'no "Modules" list: not a Terraform module manifest');
    modules.data.Modules.forEach((raw, index) => {
      const entry = moduleManifestEntry.safeParse(raw);
      if (!entry.success) {
        onFileError(
          new IacFileError(
            displayPath(manifest),
            parsed.lineOf(["Modules", index]),
            "module entry without Key, Source or Dir",
          ),
        );
        return;
      }
      if (entry.data.Key === "") return;
      out.set(entry.data.Key, {
        dir: resolve(rootDir, entry.data.Dir),
        source: entry.data.Source,
        version: entry.data.Version ?? null,
      });
    });
  } catch (error) {
    if (error instanceof IacFileError) onFileError(error);
    else throw error;
  }
  return out;
}

const isLocalSource = (source: string) => source.startsWith("./") || source.startsWith("../");

async function loadChildren(
  parent: ModuleInstance,
  parentKey: string,
  installed: ReadonlyMap<string, InstalledModule>,
  onFileError: (error: IacFileError) => void,
  depth: number,
) {
  for (const call of parent.blocks("module")) {
    const name = call.labels[0] ?? "";
    const key = parentKey ? `${parentKey}.${name}` : name;
    const sourceAttr = call.body.attributes.get("source");
    const sourceValue = sourceAttr ? asString(parent.evaluateIn(call, sourceAttr.expr)) : undefined;
    const childPath = `${parent.path ? `${parent.path}.` : ""}module.${name}`;
    const install = installed.get(key);
    let dir: string;
    if (sourceValue && isLocalSource(sourceValue) && !install) dir = resolve(parent.moduleDir, sourceValue);
    else if (install) {
      dir = install.dir;
      if (!sourceValue || !isLocalSource(sourceValue))
        parent.notes.push(
          `${childPath}: ${install.source}${install.version ? ` ${install.version}` : ""} read from ${displayPath(install.dir)} (installed by terraform init)`,
        );
    } else {
      parent.children.set(
        name,
        new Unresolved(
          `${childPath} comes from ${sourceValue ?? "an unknown source"}, which lakeward does not download: run \`terraform init\` first so that lakeward reads it from .terraform/modules`,
          childPath,
        ),
      );
      parent.notes.push(
        `${childPath}: source ${sourceValue ?? "?"} not read (local modules are; remote ones after \`terraform init\`)`,
      );
      continue;
    }
    // A module that is its own ancestor (`source = "./"`) would expand without end; Terraform refuses it too.
    const cycle = ancestors(parent).find((m) => sameDir(m.moduleDir, dir));
    const tooDeep = depth + 1 > LIMITS.moduleDepth;
    if (cycle || tooDeep) {
      const message = cycle
        ? `module "${name}" (source ${JSON.stringify(sourceValue ?? install?.source ?? "?")}) is ${displayPath(dir)}, which ${cycle === parent ? "is the module that calls it" : `already contains this call (${cycle.path || "the root module"})`}: a module cycle, which Terraform refuses; the call is not read`
        : `module "${name}" is nested more than ${LIMITS.moduleDepth} modules deep (lakeward's limit); it is not read`;
      parent.budget.report(
        parent.fileOf(call),
        call.line,
        message,
        "A module must not call itself or one of its callers.",
      );
      parent.children.set(name, new Unresolved(message, childPath));
      continue;
    }
    let source: TfModuleSource;
    try {
      source = await readModuleSource(dir);
    } catch (error) {
      if (error instanceof AggregateIacError) {
        for (const e of error.errors) onFileError(e);
        source = error.partial;
      } else {
        // A local module that is not there: Terraform's init fails on it; never judged as if it were empty.
        const message = `module "${name}": the module directory ${displayPath(dir)} ${
          (error as NodeJS.ErrnoException).code === "ENOENT" ? "does not exist" : "cannot be read"
        }; what it declares is not judged`;
        parent.budget.report(parent.fileOf(call), call.line, message, "Check the module's source path.");
        parent.children.set(name, new Unresolved(message, childPath));
        continue;
      }
    }
    const providers = call.body.attributes.get("providers");
    const instantiate = async (path: string, frame: Map<string, Value>, existence: true | Unresolved) => {
      const inputs = new Map<string, Value>();
      for (const [input, attribute] of call.body.attributes) {
        if (["source", "version", "count", "for_each", "providers", "depends_on"].includes(input)) continue;
        inputs.set(input, parent.evaluateIn(call, attribute.expr, frame));
      }
      const inherited = isUnresolved(parent.existence) ? parent.existence : existence;
      const child = new ModuleInstance(source, path, inputs, parent, parent.notes, inherited);
      if (providers?.expr.kind === "object") {
        for (const item of providers.expr.items) {
          const providerKey = item.key.kind === "literal" ? String(item.key.value) : exprText(item.key);
          child.providerMap.set(providerKey, { module: parent, name: exprText(item.value) });
        }
      }
      // Installed modules are keyed by call names only (no instance keys): every instance reads the same code.
      await loadChildren(child, key, installed, onFileError, depth + 1);
      return child;
    };

    const count = call.body.attributes.get("count");
    const forEach = call.body.attributes.get("for_each");
    const repeat = count ?? forEach;
    if (!repeat) {
      parent.children.set(name, await instantiate(childPath, new Map(), true));
      continue;
    }
    const kind = count ? "count" : "for_each";
    const value = parent.evaluateIn(call, repeat.expr);
    const n = asNumber(value);
    const known = count
      ? !isUnresolved(value) && n !== undefined
      : !isUnresolved(value) && (Array.isArray(value) || isMap(value));
    if (!known) {
      // One instance stands for all of them; whether it (and so each of its resources) exists is unknown.
      const why = isUnresolved(value) ? value.reason : count ? "not a number" : "not a map or set";
      const reason = `the ${kind} of ${childPath} (${exprSummary(repeat.expr)}) is unknown: ${why}`;
      const unknown = new Unresolved(reason, childPath);
      const frame: Map<string, Value> = count
        ? new Map([["count", { index: unknown }]])
        : new Map([["each", { key: unknown, value: unknown }]]);
      parent.children.set(name, await instantiate(childPath, frame, unknown));
      parent.notes.push(`${reason}: its resources are read once, and whether they exist is unknown`);
      continue;
    }
    const instances = new Map<number | string, ModuleInstance>();
    const wanted = count
      ? Math.max(0, Math.floor(n ?? 0))
      : Array.isArray(value)
        ? value.length
        : Object.keys(value as ValueMap).length;
    if (wanted > LIMITS.moduleInstances)
      parent.budget.report(
        repeat.file ?? parent.fileOf(call),
        repeat.line,
        `${childPath} has ${wanted.toLocaleString("en")} instances, more than lakeward's limit of ${LIMITS.moduleInstances} for one module call: only the first ${LIMITS.moduleInstances} are judged`,
        "See the limits in docs/iac.md.",
      );
    if (count) {
      for (let i = 0; i < Math.min(wanted, LIMITS.moduleInstances); i++)
        instances.set(
          i,
          await instantiate(`${childPath}${instanceSuffix(i)}`, new Map([["count", { index: i }]]), true),
        );
    } else {
      const entries: [string, Value][] = Array.isArray(value)
        ? value.map((item) => [asString(item) ?? JSON.stringify(item), item])
        : Object.entries(value as ValueMap);
      for (const [eachKey, eachValue] of entries.slice(0, LIMITS.moduleInstances))
        instances.set(
          eachKey,
          await instantiate(
            `${childPath}${instanceSuffix(eachKey)}`,
            new Map([["each", { key: eachKey, value: eachValue }]]),
            true,
          ),
        );
    }
    parent.children.set(name, new RepeatedModule(kind, instances));
  }
}

/** The module instance and the ones that call it, up to the root. */
function ancestors(module: ModuleInstance): ModuleInstance[] {
  const out: ModuleInstance[] = [];
  for (let current: ModuleInstance | null = module; current; current = current.parent) out.push(current);
  return out;
}

/** Whether two directories are the same one (after symlinks). */
function sameDir(a: string, b: string): boolean {
  if (resolve(a) === resolve(b)) return true;
  try {
    return realpathSync(a) === realpathSync(b);
  } catch {
    return false;
  }
}
