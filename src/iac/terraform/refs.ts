/**
 * How the Terraform mappers read a resource: its values as evidence strings, its references to other
 * resources, and the file:line of an argument. Shared by the Azure and Databricks mappers.
 */
import type { SourceLocation } from "../../evidence/fact.ts";
import { asString, isUnresolved, type Value } from "../hcl/value.ts";
import type { BlockView, ResourceInstance } from "./config.ts";

/** How a value reads in evidence: a string, or the reference it stands for ("azurerm_subnet.public.id"). */
export function show(value: Value | undefined): string | null {
  if (value === undefined || value === null) return null;
  if (isUnresolved(value)) return value.ref ? `${value.ref}${value.attr ? `.${value.attr}` : ""}` : null;
  return asString(value) ?? JSON.stringify(value);
}

/** Whether a value is a reference to (an attribute of) the resource instance. */
export function refersTo(value: Value | undefined, resource: ResourceInstance): boolean {
  if (!isUnresolved(value) || !value.ref) return false;
  return value.ref === resource.address || (resource.key === null && value.ref === resource.baseAddress);
}

export const loc = (view: BlockView, attr?: string): SourceLocation => ({
  file: attr ? view.fileOf(attr) : view.file,
  line: attr ? view.lineOf(attr) : view.line,
});
