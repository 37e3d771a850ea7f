/** One ARM template (with the parameters file beside it and any given ones) → evidence. */
import { basename, dirname, join } from "node:path";
import type { Value } from "../hcl/value.ts";
import { displayPath, statIfExists } from "../paths.ts";
import type { ConfigurationScan } from "../terraform/scan.ts";
import { mapArm } from "./map.ts";
import { readArmTemplate, readParameterFile } from "./template.ts";

/** `x.json` → `x.parameters.json`; `azuredeploy.json` → `azuredeploy.parameters.json`. */
function besideParameters(path: string): string | null {
  const candidate = join(dirname(path), `${basename(path).replace(/\.jsonc?$/i, "")}.parameters.json`);
  return statIfExists(candidate) ? candidate : null;
}

export async function scanArmTemplate(
  path: string,
  parameterFiles: readonly string[],
  at: Date,
  preloaded?: string,
): Promise<ConfigurationScan> {
  const parameters = new Map<string, Value>();
  const files = [besideParameters(path), ...parameterFiles].filter((f): f is string => f !== null);
  const parameterTexts = new Map<string, string>();
  for (const file of files) {
    const { values, text } = await readParameterFile(file);
    for (const [k, v] of values) parameters.set(k, v);
    parameterTexts.set(displayPath(file), text);
  }
  const template = await readArmTemplate(path, parameters, preloaded);
  const { evidence, notes } = mapArm(template.resources, at);
  const texts = new Map([[template.file, template.text], ...parameterTexts]);
  const workspaceOf = (r: (typeof template.resources)[number]) =>
    r.type.toLowerCase() === "microsoft.databricks/workspaces" ? `Microsoft.Databricks/workspaces/${r.key}` : null;
  const declarations = template.resources.map((r) => ({
    address: workspaceOf(r) ?? `${r.type}/${r.key}@${r.line}`,
    file: r.file,
    line: r.line,
    endLine: r.endLine,
    workspace: workspaceOf(r),
  }));
  if (!evidence.length) notes.push(`${template.file}: no Microsoft.Databricks/workspaces resource declared`);
  if (files.length) notes.push(`${template.file}: parameters from ${files.map(displayPath).join(", ")}`);
  return {
    evidence,
    declarations,
    texts,
    notes: [...template.notes, ...notes],
    errors: template.errors,
    moduleDirs: [],
  };
}
