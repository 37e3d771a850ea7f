/**
 * Evaluates HCL expressions the way Terraform would at plan time, as far as a configuration alone
 * allows. Whatever depends on the world (resource ids, data sources, registry modules, a variable
 * without a value) becomes `Unresolved` with the reason, never a guess.
 */
import { LIMITS } from "../limits.ts";
import { type Expr, exprSummary, type Step } from "./ast.ts";
import { type EvalBudget, isInputProblem, tooMany } from "./budget.ts";
import type { FileRoots } from "./files.ts";
import { callFunction, type FunctionContext } from "./functions.ts";
import { parseTemplateSync } from "./parse.ts";
import {
  asBool,
  asNumber,
  asString,
  equalValues,
  findUnresolved,
  isMap,
  isUnresolved,
  Unresolved,
  type Value,
  type ValueMap,
} from "./value.ts";

/** Resolves the root names of a traversal: var, local, module, data, resource types, each, count, path. */
export interface EvalScope {
  /** Resolves `name` plus as many leading steps as it understands; the rest are applied to the value. */
  root(name: string, steps: readonly Step[], evaluator: Evaluator): { value: Value; consumed: number };
  /** The module directory, for file() and path.module. */
  readonly moduleDir: string;
  /** Where file functions may read (the configuration's directories). */
  readonly roots: FileRoots;
  /** The configuration's evaluation budget and input-error sink. */
  readonly budget: EvalBudget;
  /** The file an expression comes from when no caller says (the module's first file). */
  readonly defaultFile: string;
}

export class Evaluator implements FunctionContext {
  private readonly scope: EvalScope;
  private readonly frames: Map<string, Value>[] = [];
  private depth = 0;
  private file: string;
  /** Inside templatefile(): Terraform does not allow it to call itself. */
  private readonly inTemplate: boolean;
  constructor(scope: EvalScope, inTemplate = false) {
    this.scope = scope;
    this.file = scope.defaultFile;
    this.inTemplate = inTemplate;
  }

  get moduleDir(): string {
    return this.scope.moduleDir;
  }

  get roots(): FileRoots {
    return this.scope.roots;
  }

  /** Evaluates with `file` as the file expressions come from (for the file:line of input errors). */
  inFile<T>(file: string, fn: () => T): T {
    const previous = this.file;
    this.file = file;
    try {
      return fn();
    } finally {
      this.file = previous;
    }
  }

  /** Evaluates an expression within the configuration's bounds (depth, steps): past one, unknown. */
  evaluate(expr: Expr): Value {
    const budget = this.scope.budget;
    if (!budget.step(1, this.file, expr.line)) return budget.exhausted!;
    if (this.depth >= LIMITS.evaluationDepth) {
      const message = `evaluation nested deeper than ${LIMITS.evaluationDepth} levels (lakeward's limit; locals or expressions referring to each other this deep)`;
      budget.report(this.file, expr.line, message);
      return new Unresolved(message);
    }
    this.depth++;
    try {
      return this.evaluateNode(expr);
    } finally {
      this.depth--;
    }
  }

  private evaluateNode(expr: Expr): Value {
    switch (expr.kind) {
      case "literal":
        return expr.value;
      case "template":
        return this.template(expr.parts);
      case "variable":
        return this.traverse(expr.name, []);
      case "postfix":
        if (expr.base.kind === "variable") return this.traverse(expr.base.name, expr.steps);
        return this.applySteps(this.evaluate(expr.base), expr.steps, exprSummary(expr.base));
      case "call":
        return this.call(expr);
      case "tuple":
        return expr.items.map((item) => this.evaluate(item));
      case "object": {
        const out: ValueMap = {};
        for (const item of expr.items) {
          const key = this.evaluate(item.key);
          if (isUnresolved(key)) return new Unresolved(`an object key is unknown: ${key.reason}`);
          const name = asString(key);
          if (name === undefined) return new Unresolved(`an object key is not a string: ${exprSummary(item.key)}`);
          out[name] = this.evaluate(item.value);
        }
        return out;
      }
      case "unary": {
        const operand = this.evaluate(expr.operand);
        if (isUnresolved(operand)) return operand;
        if (expr.op === "!") {
          const b = asBool(operand);
          return b === undefined ? new Unresolved(`! needs a bool: ${exprSummary(expr.operand)}`) : !b;
        }
        const n = asNumber(operand);
        return n === undefined ? new Unresolved(`- needs a number: ${exprSummary(expr.operand)}`) : -n;
      }
      case "binary":
        return this.binary(expr.op, expr.left, expr.right);
      case "conditional": {
        const condition = this.evaluate(expr.condition);
        if (isUnresolved(condition)) {
          const then = this.evaluate(expr.whenTrue);
          const otherwise = this.evaluate(expr.otherwise);
          if (equalValues(then, otherwise)) return then;
          return new Unresolved(
            `depends on the condition ${exprSummary(expr.condition)}, which is unknown (${condition.reason})`,
            condition.ref,
            condition.attr,
          );
        }
        const b = asBool(condition);
        if (b === undefined) return new Unresolved(`the condition ${exprSummary(expr.condition)} is not a bool`);
        return this.evaluate(b ? expr.whenTrue : expr.otherwise);
      }
      case "for":
        return this.forExpr(expr);
      case "unsupported":
        return new Unresolved(`${expr.why}: ${expr.text.slice(0, 60)}`);
    }
  }

  /** Evaluates with extra names bound (for-expression variables, dynamic block iterators, each, count). */
  withFrame<T>(frame: Map<string, Value>, fn: () => T): T {
    this.frames.push(frame);
    try {
      return fn();
    } finally {
      this.frames.pop();
    }
  }

  private lookupFrame(name: string): Value | undefined {
    for (let i = this.frames.length - 1; i >= 0; i--) {
      const frame = this.frames[i]!;
      if (frame.has(name)) return frame.get(name);
    }
    return undefined;
  }

  private traverse(name: string, steps: readonly Step[]): Value {
    const framed = this.lookupFrame(name);
    if (framed !== undefined) return this.applySteps(framed, steps, name);
    const { value, consumed } = this.scope.root(name, steps, this);
    return this.applySteps(value, steps.slice(consumed), name);
  }

  applySteps(value: Value, steps: readonly Step[], path: string): Value {
    let current = value;
    let where = path;
    for (const step of steps) {
      if (isUnresolved(current)) {
        const attr = step.kind === "attr" ? step.name : current.attr;
        return new Unresolved(current.reason, current.ref, attr);
      }
      if (step.kind === "attr") {
        where = `${where}.${step.name}`;
        if (isMap(current)) {
          if (!(step.name in current)) return new Unresolved(`${where} is not set`, null, step.name);
          current = current[step.name]!;
        } else return new Unresolved(`${where}: cannot read an attribute of a ${typeof current}`);
      } else if (step.kind === "index") {
        const key = this.evaluate(step.key);
        if (isUnresolved(key)) return new Unresolved(`the index of ${where} is unknown: ${key.reason}`);
        where = `${where}[${JSON.stringify(key)}]`;
        if (Array.isArray(current)) {
          const index = asNumber(key);
          if (index === undefined || index < 0 || index >= current.length)
            return new Unresolved(`${where}: index out of range`);
          current = current[index]!;
        } else if (isMap(current)) {
          const name = asString(key);
          if (name === undefined || !(name in current)) return new Unresolved(`${where} does not exist`);
          current = current[name]!;
        } else return new Unresolved(`${where}: cannot index a ${typeof current}`);
      } else {
        const items = current === null ? [] : Array.isArray(current) ? current : [current];
        return items.map((item) => this.applySteps(item, step.steps, `${where}[*]`));
      }
    }
    return current;
  }

  private template(parts: readonly (string | Expr)[]): Value {
    // HCL: a template that is a single interpolation ("${local.tags}") yields the value itself, unconverted.
    const [only] = parts;
    if (parts.length === 1 && only !== undefined && typeof only !== "string") return this.evaluate(only);
    let out = "";
    for (const part of parts) {
      if (typeof part === "string") {
        out += part;
        continue;
      }
      const value = this.evaluate(part);
      if (isUnresolved(value)) return new Unresolved(value.reason, value.ref, value.attr);
      const text = asString(value);
      if (text === undefined)
        return new Unresolved(`cannot interpolate a ${value === null ? "null" : "collection"}: ${exprSummary(part)}`);
      if (out.length + text.length > LIMITS.stringValueChars) {
        const message = `this template would produce a string of more than ${LIMITS.stringValueChars / 1024 / 1024} MiB (lakeward's limit for one string)`;
        this.scope.budget.report(this.file, part.line, message);
        return new Unresolved(message);
      }
      out += text;
    }
    if (!this.scope.budget.produced(out.length, this.file, parts.find((p) => typeof p !== "string")?.line ?? 1))
      return this.scope.budget.exhausted!;
    return out;
  }

  private binary(op: string, leftExpr: Expr, rightExpr: Expr): Value {
    const left = this.evaluate(leftExpr);
    if (op === "&&" || op === "||") {
      const l = asBool(left);
      if (op === "&&" && l === false) return false;
      if (op === "||" && l === true) return true;
      const right = this.evaluate(rightExpr);
      const r = asBool(right);
      if (op === "&&" && r === false) return false;
      if (op === "||" && r === true) return true;
      if (isUnresolved(left)) return left;
      if (isUnresolved(right)) return right;
      if (l === undefined || r === undefined) return new Unresolved(`${op} needs bools`);
      return op === "&&" ? l && r : l || r;
    }
    const right = this.evaluate(rightExpr);
    if (op === "==" || op === "!=") {
      const unresolved = findUnresolved(left) ?? findUnresolved(right);
      if (unresolved) return new Unresolved(unresolved.reason, unresolved.ref, unresolved.attr);
      const same = equalValues(left, right);
      return op === "==" ? same : !same;
    }
    if (isUnresolved(left)) return left;
    if (isUnresolved(right)) return right;
    const l = asNumber(left);
    const r = asNumber(right);
    if (l === undefined || r === undefined)
      return new Unresolved(`${op} needs numbers: ${exprSummary(leftExpr)} ${op} ${exprSummary(rightExpr)}`);
    switch (op) {
      case "+":
        return l + r;
      case "-":
        return l - r;
      case "*":
        return l * r;
      case "/":
        return l / r;
      case "%":
        return l % r;
      case ">":
        return l > r;
      case ">=":
        return l >= r;
      case "<":
        return l < r;
      case "<=":
        return l <= r;
      default:
        return new Unresolved(`unknown operator ${op}`);
    }
  }

  private call(expr: Extract<Expr, { kind: "call" }>): Value {
    // try() and can() see errors (unresolved values) instead of propagating them.
    if (expr.name === "try") {
      let last: Unresolved | undefined;
      for (const arg of expr.args) {
        const value = this.evaluate(arg);
        const unresolved = findUnresolved(value);
        if (!unresolved) return value;
        last = unresolved;
        // A value that merely is not known yet (a reference) cannot be skipped: try() would return it.
        if (unresolved.ref) return value;
      }
      return last ?? null;
    }
    if (expr.name === "can") {
      const value = expr.args[0] ? this.evaluate(expr.args[0]) : null;
      const unresolved = findUnresolved(value);
      if (!unresolved) return true;
      return unresolved.ref ? new Unresolved(unresolved.reason, unresolved.ref) : false;
    }
    let args = expr.args.map((arg) => this.evaluate(arg));
    if (expr.expand) {
      const last = args[args.length - 1];
      if (isUnresolved(last)) return last;
      if (Array.isArray(last)) args = [...args.slice(0, -1), ...last];
    }
    if (this.inTemplate && expr.name === "templatefile")
      return this.problem(expr.line, "templatefile() called inside a template: Terraform refuses this");
    const result = callFunction(expr.name, args, this);
    const budget = this.scope.budget;
    if (isInputProblem(result)) {
      if (!result.reported) budget.report(this.file, expr.line, result.problem, result.hint);
      result.reported = true;
      return result;
    }
    if (typeof result === "string" && !budget.produced(result.length, this.file, expr.line)) return budget.exhausted!;
    if (Array.isArray(result) && !budget.step(result.length, this.file, expr.line)) return budget.exhausted!;
    return result;
  }

  /** An input error at this line of the current file, and the unknown value it leaves. */
  private problem(line: number, message: string): Unresolved {
    this.scope.budget.report(this.file, line, message);
    return new Unresolved(message);
  }

  /**
   * templatefile(): the template's text parsed and evaluated with only the given variables in scope (and
   * the functions, which read files relative to the same module, within the same roots and budget).
   */
  renderTemplate(path: string, text: string, vars: ValueMap): Value {
    let expr: Expr | null;
    try {
      expr = parseTemplateSync(path, text);
    } catch (error) {
      return new Unresolved(`templatefile("…"): the template does not parse (${(error as Error).message})`);
    }
    if (!expr) return new Unresolved("templatefile(): the HCL parser is not loaded");
    const template = new Evaluator(
      {
        moduleDir: this.scope.moduleDir,
        roots: this.scope.roots,
        budget: this.scope.budget,
        defaultFile: this.file,
        root: (name) => ({
          value: new Unresolved(`${name} is not a variable passed to templatefile()`),
          consumed: 0,
        }),
      },
      true,
    );
    return template.withFrame(new Map(Object.entries(vars)), () => template.evaluate(expr));
  }

  private forExpr(expr: Extract<Expr, { kind: "for" }>): Value {
    const collection = this.evaluate(expr.collection);
    if (isUnresolved(collection))
      return new Unresolved(`iterates over ${exprSummary(expr.collection)}, which is unknown (${collection.reason})`);
    const entries: [Value, Value][] = Array.isArray(collection)
      ? collection.map((item, index) => [index, item])
      : isMap(collection)
        ? Object.entries(collection)
        : [];
    if (entries.length > LIMITS.collectionItems) {
      const problem = tooMany(`the for expression's collection`, entries.length, LIMITS.collectionItems);
      return this.problem(expr.line, problem.problem);
    }
    if (!this.scope.budget.step(entries.length, this.file, expr.line)) return this.scope.budget.exhausted!;
    const tuple: Value[] = [];
    const object: ValueMap = {};
    for (const [key, value] of entries) {
      const frame = new Map<string, Value>([[expr.valueVar, value]]);
      if (expr.keyVar) frame.set(expr.keyVar, key);
      const result = this.withFrame(frame, () => {
        if (expr.condition) {
          const keep = this.evaluate(expr.condition);
          if (isUnresolved(keep)) return keep;
          if (asBool(keep) !== true) return undefined;
        }
        const item = this.evaluate(expr.valueExpr);
        if (!expr.keyExpr) return { item };
        const k = this.evaluate(expr.keyExpr);
        return { item, key: k };
      });
      if (result === undefined) continue;
      if (isUnresolved(result)) return new Unresolved(`a for expression's condition is unknown: ${result.reason}`);
      if (result.key === undefined) tuple.push(result.item);
      else {
        if (isUnresolved(result.key)) return new Unresolved(`a for expression's key is unknown: ${result.key.reason}`);
        const name = asString(result.key) ?? String(result.key);
        if (expr.grouping) object[name] = [...((object[name] as Value[] | undefined) ?? []), result.item];
        else object[name] = result.item;
      }
    }
    return expr.keyExpr ? object : tuple;
  }
}
