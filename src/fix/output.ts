/**
 * Writing a fix: per workspace a folder (its name made safe for a path) holding the module or the patch,
 * and its README. Every .tf file is parsed back with the parser `lakeward iac` uses before it is written.
 */
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { parseHcl } from "../iac/hcl/parse.ts";
import { assemble, renderMain, renderVariables, renderVersions } from "./module.ts";
import type { WorkspacePlan } from "./plan.ts";
import { type ReadmeContext, renderReadme } from "./readme.ts";

/** A folder name for a workspace: letters, digits, dot, dash and underscore; never empty or a dot path. */
export function folderName(name: string): string {
  const safe = name.replace(/[^A-Za-z0-9._-]+/g, "_").replace(/^\.+/, "_");
  return safe.slice(0, 100) || "workspace";
}

export interface WrittenFix {
  workspace: string;
  dir: string;
  files: string[];
  terraformFixes: number;
  manual: number;
}

/** The module's files by name (text), parsed back as HCL before they are returned. */
export async function moduleFiles(
  plan: WorkspacePlan,
  context: Omit<ReadmeContext, "mode">,
): Promise<Map<string, string>> {
  const assembled = assemble(plan);
  const files = new Map<string, string>();
  files.set("versions.tf", `${renderVersions(plan)}\n`);
  if (assembled.declarations.length) files.set("main.tf", `${renderMain(plan, assembled)}\n`);
  if (plan.variables.size) files.set("variables.tf", `${renderVariables(plan)}\n`);
  for (const [name, text] of files) await parseHcl(name, text);
  files.set("README.md", renderReadme(plan, assembled, { ...context, mode: "module" }));
  return files;
}

export async function writeFolder(dir: string, files: ReadonlyMap<string, string>): Promise<string[]> {
  await mkdir(dir, { recursive: true });
  const written: string[] = [];
  for (const [name, text] of files) {
    await writeFile(join(dir, name), text);
    written.push(join(dir, name));
  }
  return written;
}
