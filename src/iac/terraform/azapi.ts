/**
 * `azapi_resource` and `azapi_update_resource` declaring `Microsoft.Databricks/workspaces@<version>`: how a
 * growing share of Azure's own Terraform modules declare the workspace. The body is the ARM resource, so it
 * is read as one (src/iac/arm/map.ts) with the API version from `type`; azapi_update_resource bodies are
 * patches merged over the resource they point at, later ones winning. azapi v1's `body = jsonencode({…})`
 * is read as the object inside, so one unknown value does not make the whole body unknown.
 */

import type { ArmResource } from "../arm/template.ts";
import type { Expr } from "../hcl/ast.ts";
import { asString, fromJson, isMap, Unresolved, type Value, type ValueMap } from "../hcl/value.ts";
import type { ResourceInstance } from "./config.ts";

const WORKSPACE_TYPE = /^Microsoft\.Databricks\/workspaces@(.+)$/i;

/** The API version of an azapi resource of the workspace type, or null when it is another type. */
export function azapiWorkspaceVersion(resource: ResourceInstance): string | null {
  if (resource.type !== "azapi_resource" && resource.type !== "azapi_update_resource") return null;
  const type = asString(resource.view.attr("type") ?? null);
  return type ? (WORKSPACE_TYPE.exec(type)?.[1] ?? null) : null;
}

/** The body as a value: the object inside jsonencode(), a JSON string parsed, or the object as written. */
function bodyValue(resource: ResourceInstance): Value {
  const attribute = resource.view.attribute("body");
  if (!attribute) return {};
  const expr: Expr =
    attribute.expr.kind === "call" && attribute.expr.name === "jsonencode" && attribute.expr.args.length === 1
      ? attribute.expr.args[0]!
      : attribute.expr;
  const value = resource.view.evaluateExpr(expr, attribute.file ?? resource.view.file);
  if (typeof value !== "string") return value;
  try {
    return fromJson(JSON.parse(value));
  } catch {
    return new Unresolved(`${resource.address}.body is a string that is not JSON`);
  }
}

/** The line of the part of an expression at a path of object keys (the nearest enclosing one). */
function lineOf(expr: Expr | undefined, path: readonly (string | number)[], fallback: number): number {
  let current = expr;
  let line = expr?.line ?? fallback;
  for (const key of path) {
    if (current?.kind === "call" && current.name === "jsonencode") current = current.args[0];
    if (current?.kind !== "object") break;
    const item = current.items.find(
      (i) => i.key.kind === "literal" && String(i.key.value).toLowerCase() === String(key).toLowerCase(),
    );
    if (!item) break;
    current = item.value;
    line = item.value.line;
  }
  return line;
}

/** An azapi resource as an ARM resource: the body, with `name`, `location` and `tags` from the resource. */
export function azapiArmResource(resource: ResourceInstance, apiVersion: string): ArmResource {
  const view = resource.view;
  const value = bodyValue(resource);
  const body: ValueMap = isMap(value)
    ? { ...value }
    : // Nothing of the body is known: everything beneath it is unknown (never the default).
      { sku: value, properties: value, tags: value };
  for (const attr of ["name", "location", "tags"]) {
    const declared = view.attr(attr);
    if (declared !== undefined && declared !== null) body[attr] = declared;
  }
  const name = view.attr("name") ?? null;
  const bodyAttribute = view.attribute("body");
  return {
    type: "Microsoft.Databricks/workspaces",
    name,
    key: asString(name) ?? resource.address,
    apiVersion,
    body,
    file: view.file,
    line: view.line,
    endLine: view.endLine,
    deployment: null,
    lineOf: (path) => {
      const [first] = path;
      if (typeof first === "string" && view.has(first) && first !== "body") return view.lineOf(first);
      return bodyAttribute ? lineOf(bodyAttribute.expr, path, bodyAttribute.line) : view.line;
    },
  };
}
