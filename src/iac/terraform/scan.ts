/** One Terraform configuration (directory or file) → evidence, with provider versions from the lock file. */
import { readdirSync } from "node:fs";
import { join } from "node:path";
import type { SourceLocation } from "../../evidence/fact.ts";
import type { WorkspaceEvidence } from "../../evidence/model.ts";
import type { ProviderVersion } from "../defaults.ts";
import { IacFileError } from "../errors.ts";
import { parseHcl } from "../hcl/parse.ts";
import { displayPath } from "../paths.ts";
import { isMissing, readIacText } from "../read.ts";
import type { Declaration } from "../suppressions.ts";
import { childInstances, type LoadOptions, loadConfiguration, type ModuleInstance } from "./config.ts";
import { TerraformMapper } from "./map.ts";

export interface ConfigurationScan {
  evidence: WorkspaceEvidence[];
  /** Declarations with the workspace (evidence name) their resource belongs to, for inline suppressions. */
  declarations: (Declaration & { workspace: string | null })[];
  /** File texts by display path, for inline suppressions. */
  texts: Map<string, string>;
  notes: string[];
  errors: IacFileError[];
  /** Directories read as local modules (not judged again as configurations of their own). */
  moduleDirs: string[];
  /** Where each workspace is declared, when the mapper knows it better than its address does. */
  declaredAt?: Map<WorkspaceEvidence, SourceLocation>;
}

/**
 * Exact provider versions from .terraform.lock.hcl, keyed by short name (azurerm, databricks). `entries`: the
 * directory's listing, when known; without the lock file in it nothing is opened (most configurations have
 * none, and a failed open costs an error object with its stack).
 */
async function lockedVersions(
  dir: string,
  errors: IacFileError[],
  entries: readonly string[] | undefined,
): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  if (entries && !entries.includes(".terraform.lock.hcl")) return out;
  let text: string;
  try {
    text = await readIacText(join(dir, ".terraform.lock.hcl"), "hcl");
  } catch (error) {
    // No lock file is normal; one that cannot be read (a FIFO, too large) is said.
    if (!isMissing(error) && error instanceof IacFileError) errors.push(error);
    return out;
  }
  try {
    const file = await parseHcl(displayPath(join(dir, ".terraform.lock.hcl")), text);
    for (const block of file.body.blocks.filter((b) => b.type === "provider")) {
      const name = (block.labels[0] ?? "").split("/").pop() ?? "";
      const version = block.body.attributes.get("version");
      if (version?.expr.kind === "literal" && typeof version.expr.value === "string") out.set(name, version.expr.value);
    }
  } catch {
    // An unreadable lock file only means the versions are not known exactly.
  }
  return out;
}

function collectModules(root: ModuleInstance): ModuleInstance[] {
  const out = [root];
  for (const child of root.children.values())
    for (const instance of childInstances(child)) out.push(...collectModules(instance));
  return out;
}

export function providerVersions(root: ModuleInstance, locked: Map<string, string>): Map<string, ProviderVersion> {
  const constraints = new Map<string, string[]>();
  for (const module of collectModules(root))
    for (const [name, constraint] of module.providerConstraints())
      constraints.set(name, [...(constraints.get(name) ?? []), constraint]);
  const names = new Set([...constraints.keys(), ...locked.keys()]);
  const out = new Map<string, ProviderVersion>();
  for (const name of names)
    out.set(name, {
      provider: name,
      exact: locked.get(name) ?? null,
      constraint: constraints.get(name)?.join(", ") ?? null,
    });
  return out;
}

export async function scanTerraform(
  path: string,
  dir: string,
  options: LoadOptions,
  at: Date,
): Promise<ConfigurationScan> {
  const errors: IacFileError[] = [];
  // The root directory's listing, read once for its .tf files, automatic variable files, lock file and
  // installed modules (a single .tf file given on its own has none: its directory is looked up file by file).
  const entries = path === dir ? readdirSync(dir) : undefined;
  const root = await loadConfiguration(path, options, (error) => errors.push(error), entries);
  const versions = providerVersions(root, await lockedVersions(dir, errors, entries));
  const mapping = new TerraformMapper(root, versions, at).map();
  // Input errors found while evaluating (limits crossed, file functions refused), after mapping evaluated all.
  errors.push(...root.budget.errors);
  const texts = new Map<string, string>();
  for (const module of collectModules(root)) for (const file of module.source.files) texts.set(file.file, file.text);
  const notes = [...mapping.notes];
  if (mapping.evidence.length === 0) {
    const found = root.allResources().length;
    notes.push(
      `${displayPath(path)}: no azurerm_databricks_workspace or databricks_* resource declared (${found} other resource(s))`,
    );
  }
  const moduleDirs = collectModules(root)
    .slice(1)
    .map((m) => m.moduleDir);
  return {
    evidence: mapping.evidence,
    declarations: mapping.declarations,
    texts,
    notes,
    errors,
    moduleDirs,
    declaredAt: mapping.declaredAt,
  };
}
