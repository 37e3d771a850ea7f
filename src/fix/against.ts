/**
 * `lakeward fix --against DIR`: the fix as a unified diff to the user's own Terraform. Each setting is
 * changed at the resource that declares it (the file and line `lakeward iac` reports); a resource the
 * configuration lacks is added beside the workspace's declaration, declared as the module would declare it
 * (with its `import` block when the object exists), and so are the variables the fix needs.
 *
 * What is read: DIR's own `.tf` files, and those of the local modules they call (`source = "./…"`), followed
 * within DIR to a bounded depth — not sibling folders, not registry or Git modules (which are not the user's
 * to patch). A workspace declared with azapi (`azapi_resource` of type Microsoft.Databricks/workspaces) is
 * kept as it is: what would change azurerm_databricks_workspace's attributes is left to the reviewer with
 * the body property to set, and added resources refer to the azapi resource.
 */
import { readdir } from "node:fs/promises";
import { join, relative, resolve, sep } from "node:path";
import { createTwoFilesPatch } from "diff";
import type { Node, Parser } from "web-tree-sitter";
import type { NewResource, SettingChange } from "../checks/fix-types.ts";
import { parseHcl, parser } from "../iac/hcl/parse.ts";
import { readIacText } from "../iac/read.ts";
import { applyToBody, baseDeclaration, declarationKey } from "./declare.ts";
import { applyEdits, attributeNamed, bodyOf, expressionOf, labelsOf, literalText, setInBlock } from "./hcl-edit.ts";
import { renderBlock, renderValue } from "./hcl-write.ts";
import { type Declaration, renderDeclaration, renderImport } from "./module.ts";
import { type PlannedFix, WORKSPACE_ADDRESS, type WorkspacePlan } from "./plan.ts";

interface SourceFile {
  path: string;
  /** Relative to DIR ("main.tf", "modules/workspace/main.tf"): what file:line says. */
  name: string;
  /** As read: what the patch is taken against. */
  original: string;
  /** With the changes so far (each change is applied before the next is placed, on a fresh parse). */
  text: string;
}

interface DeclaredResource {
  file: SourceFile;
  type: string;
  name: string;
  /** Line of the block in the original file, for file:line. */
  line: number;
}

export interface PatchResult {
  patch: string;
  /** Files the patch changes, relative to DIR. */
  files: string[];
  /** Per check: what could not be placed in the files (left to the reviewer, said in the README). */
  notPatched: Map<string, string[]>;
  /** Per check: the file:line of each resource the patch changes. */
  changedAt: Map<string, string[]>;
  /** Module calls not followed (outside DIR, too deep), each with its file:line: their files were not read. */
  skippedModules: string[];
}

/** How deep local module calls are followed from DIR (a module calling a module calling …). */
export const MAX_MODULE_DEPTH = 8;

/** `./x` or `../x`: a module in a folder of this configuration (not a registry or Git source). */
const isLocalSource = (source: string) => source.startsWith("./") || source.startsWith("../");

async function readConfiguration(
  tree: Parser,
  dir: string,
): Promise<{ files: SourceFile[]; skippedModules: string[] }> {
  const root = resolve(dir);
  const files: SourceFile[] = [];
  const skippedModules: string[] = [];
  const visited = new Set<string>();
  const visit = async (folder: string, depth: number) => {
    if (visited.has(folder)) return; // a module called twice (or a cycle) is read once
    visited.add(folder);
    const names = (await readdir(folder)).filter((n) => n.endsWith(".tf")).sort();
    const here: SourceFile[] = [];
    for (const name of names) {
      const path = join(folder, name);
      const text = await readIacText(path, "hcl");
      here.push({ path, name: relative(root, path).split("\\").join("/"), original: text, text });
    }
    files.push(...here);
    for (const file of here) {
      await parseHcl(file.name, file.text); // a syntax error stops here, with its file and line
      for (const block of topBlocks(tree, file.text)) {
        if (block.children[0]?.text !== "module") continue;
        const attribute = attributeNamed(bodyOf(block), "source");
        const source = attribute ? literalText(expressionOf(attribute)) : null;
        if (source === null || !isLocalSource(source)) continue;
        const at = `${file.name}:${block.startPosition.row + 1} module "${labelsOf(block)[0] ?? ""}" (source ${source})`;
        const target = resolve(folder, source);
        if (target !== root && !target.startsWith(`${root}${sep}`))
          skippedModules.push(`${at}: outside ${dir}, not read (give the folder that holds it)`);
        else if (depth >= MAX_MODULE_DEPTH)
          skippedModules.push(`${at}: more than ${MAX_MODULE_DEPTH} module levels deep, not read`);
        else await visit(target, depth + 1);
      }
    }
  };
  await visit(root, 0);
  return { files, skippedModules };
}

/** An azapi_resource whose type is a Databricks workspace (`Microsoft.Databricks/workspaces@…`). */
function isAzapiWorkspace(tree: Parser, resource: DeclaredResource): boolean {
  if (resource.type !== "azapi_resource") return false;
  const node = locate(tree, resource);
  const type = node && attributeNamed(bodyOf(node), "type");
  return /^Microsoft\.Databricks\/workspaces@/i.test((type && literalText(expressionOf(type))) ?? "");
}

/**
 * Where an azurerm_databricks_workspace attribute lives in an azapi workspace's body (api 2026-01-01,
 * WorkspaceProperties), for the reviewer's manual step.
 */
function azapiPropertyOf(path: readonly string[]): string {
  const [first] = path;
  const known: Record<string, string> = {
    tags: "tags",
    public_network_access_enabled: "body.properties.publicNetworkAccess",
    network_security_group_rules_required: "body.properties.requiredNsgRules",
    managed_services_cmk_key_vault_key_id: "body.properties.encryption.entities.managedServices",
    managed_disk_cmk_key_vault_key_id: "body.properties.encryption.entities.managedDisk",
    managed_disk_cmk_rotation_to_latest_version_enabled:
      "body.properties.encryption.entities.managedDisk.rotationToLatestKeyVersionEnabled",
    default_storage_firewall_enabled: "body.properties.defaultStorageFirewall",
    access_connector_id: "body.properties.accessConnector",
    infrastructure_encryption_enabled: "body.properties.parameters.requireInfrastructureEncryption",
    enhanced_security_compliance: "body.properties.enhancedSecurityCompliance",
    custom_parameters: "body.properties.parameters",
  };
  return known[first ?? ""] ?? `the body property for ${path.join(".")}`;
}

/** The top-level blocks of a file's current text. */
function topBlocks(tree: Parser, text: string): Node[] {
  const root = tree.parse(text);
  const body = root?.rootNode.children.find((c) => c?.type === "body");
  return (body?.children ?? []).filter((c): c is Node => c?.type === "block");
}

/** A declared resource's block in its file's current text. */
function locate(tree: Parser, resource: Pick<DeclaredResource, "file" | "type" | "name">): Node | undefined {
  return topBlocks(tree, resource.file.text).find((block) => {
    const labels = labelsOf(block);
    return block.children[0]?.text === "resource" && labels[0] === resource.type && labels[1] === resource.name;
  });
}

/**
 * Whether a declared resource is the one a change means. A literal is compared as written, or through a
 * reference to another declared resource's literal attribute (`scope = databricks_secret_scope.etl.name`).
 */
function matches(tree: Parser, change: SettingChange, node: Node, resources: readonly DeclaredResource[]): boolean {
  for (const [attribute, wanted] of Object.entries(change.match ?? {})) {
    const found = attributeNamed(bodyOf(node), attribute);
    const expression = found && expressionOf(found);
    if (!expression) return false;
    if (wanted instanceof RegExp) {
      if (!wanted.test(expression.text)) return false;
      continue;
    }
    if ((literalText(expression) ?? referencedLiteral(tree, expression.text, resources)) !== wanted) return false;
  }
  return true;
}

function referencedLiteral(tree: Parser, text: string, resources: readonly DeclaredResource[]): string | null {
  const reference = /^([a-z][\w-]*)\.([\w-]+)\.([\w-]+)$/.exec(text.trim());
  if (!reference) return null;
  const [, type, name, attribute] = reference;
  const target = resources.find((r) => r.type === type && r.name === name);
  const node = target && locate(tree, target);
  const value = node && attributeNamed(bodyOf(node), attribute!);
  return value ? literalText(expressionOf(value)) : null;
}

const declared = (resource: NewResource): Declaration["resource"] => ({
  type: resource.type,
  name: resource.name,
  body: { ...resource.body },
  ...(resource.importId ? { importId: resource.importId } : {}),
});

const label = (fix: PlannedFix) => `${fix.meta.id} ${fix.meta.title}`;
const lineOf = (resource: DeclaredResource) => `${resource.file.name}:${resource.line}`;

export async function patchAgainst(plan: WorkspacePlan, dir: string): Promise<PatchResult> {
  const tree = await parser();
  const { files, skippedModules } = await readConfiguration(tree, dir);
  const resources: DeclaredResource[] = [];
  const variables = new Set<string>();
  for (const file of files) {
    for (const block of topBlocks(tree, file.text)) {
      const kind = block.children[0]?.text;
      const labels = labelsOf(block);
      if (kind === "resource" && labels.length === 2)
        resources.push({ file, type: labels[0]!, name: labels[1]!, line: block.startPosition.row + 1 });
      if (kind === "variable" && labels[0]) variables.add(labels[0]);
    }
  }
  const workspace = resources.find((r) => r.type === "azurerm_databricks_workspace");
  // Only when no azurerm workspace is declared: a configuration may use azapi just to patch one.
  const azapiWorkspace = workspace ? undefined : resources.find((r) => isAzapiWorkspace(tree, r));
  const home = (workspace ?? azapiWorkspace)?.file ?? files.find((f) => f.name === "main.tf") ?? files[0];
  if (!home) throw new Error(`${dir}: no .tf file to patch`);
  const address = (type: string) => {
    const found = resources.filter((r) => r.type === type);
    return found.length === 1 ? `${type}.${found[0]!.name}` : undefined;
  };
  const rename = (text: string) => {
    let out = text;
    const ws = address("azurerm_databricks_workspace");
    if (ws)
      out = out.replaceAll(`${WORKSPACE_ADDRESS}.`, `${ws}.`).replaceAll(`to = ${WORKSPACE_ADDRESS}\n`, `to = ${ws}\n`);
    if (azapiWorkspace) {
      // azapi v2 exposes the exported response under `output` (response_export_values).
      const azapi = `azapi_resource.${azapiWorkspace.name}`;
      out = out
        .replaceAll(`${WORKSPACE_ADDRESS}.workspace_id`, `${azapi}.output.properties.workspaceId`)
        .replaceAll(`${WORKSPACE_ADDRESS}.workspace_url`, `${azapi}.output.properties.workspaceUrl`)
        .replaceAll(`${WORKSPACE_ADDRESS}.`, `${azapi}.`);
    }
    const conf = address("databricks_workspace_conf");
    if (conf) out = out.replaceAll("databricks_workspace_conf.this", conf);
    return out;
  };

  const added = new Map<string, Declaration>();
  const notPatched = new Map<string, string[]>();
  const changedAt = new Map<string, string[]>();
  const note = (map: Map<string, string[]>, id: string, text: string) => {
    const list = map.get(id) ?? [];
    if (!list.includes(text)) list.push(text);
    map.set(id, list);
  };
  const addDeclaration = (resource: Declaration["resource"], fix: PlannedFix, data: Declaration["data"] = []) => {
    const key = declarationKey(resource);
    const entry = added.get(key) ?? {
      resource: { ...resource, body: structuredClone(resource.body) },
      checks: [],
      cautions: [],
      data: [...data],
    };
    if (!entry.checks.includes(fix.meta.id)) entry.checks.push(fix.meta.id);
    added.set(key, entry);
    return entry;
  };

  const configurationText = files.map((f) => f.text).join("\n");
  // A manual step for compute the finding names is moot when every one of them is declared here by its
  // name (`cluster_name = "analytics-shared"`): the patch changes them. Unquoted or absent names keep it.
  const allDeclared = (fix: PlannedFix) =>
    fix.result.resources.length > 0 &&
    fix.result.resources
      .filter((resource) => !resource.startsWith("workspace "))
      .every((resource) => {
        const name = /"([^"]+)"/.exec(resource)?.[1];
        return name !== undefined && configurationText.includes(`= ${JSON.stringify(name)}`);
      });
  for (const fix of plan.fixes) {
    const manualStep = (change: SettingChange) => {
      if (change.otherwise && !allDeclared(fix)) note(notPatched, fix.meta.id, change.otherwise);
    };
    for (const change of fix.fix.settings ?? []) {
      if (azapiWorkspace && change.resource === "azurerm_databricks_workspace") {
        // Declaring azurerm_databricks_workspace beside it would manage one workspace twice.
        note(
          notPatched,
          fix.meta.id,
          `${lineOf(azapiWorkspace)} azapi_resource.${azapiWorkspace.name} declares the workspace: set ${azapiPropertyOf(change.path)} there (azurerm_databricks_workspace.${change.path.join(".")} = ${renderValue(change.value)})`,
        );
        continue;
      }
      const targets = resources.filter((r) => {
        if (r.type !== change.resource) return false;
        const node = locate(tree, r);
        return node !== undefined && matches(tree, change, node, resources);
      });
      if (targets.length) {
        for (const target of targets) {
          const node = locate(tree, target);
          if (!node) continue;
          // One comment per check and resource: a second line the same check changes there goes without.
          const named = node.text.includes(`# ${label(fix)}`);
          const result = setInBlock(target.file.text, node, change.path, change.value, {
            note: named ? undefined : label(fix),
            ifAbsent: change.ifAbsent,
          });
          if (!result.ok) {
            note(
              notPatched,
              fix.meta.id,
              `${lineOf(target)} ${change.resource}.${target.name}: ${result.reason}; set ${change.path.join(".")} by hand`,
            );
            continue;
          }
          if (!result.edits.length) continue;
          target.file.text = applyEdits(target.file.text, result.edits);
          note(changedAt, fix.meta.id, lineOf(target));
        }
        continue;
      }
      // Several declared with none matching (a match on a label, a principal): nothing of this one to change.
      if (change.match && resources.some((r) => r.type === change.resource) && !change.declare) {
        manualStep(change);
        continue;
      }
      const base = baseDeclaration(plan, change);
      if (!base) {
        manualStep(change);
        continue;
      }
      const entry = addDeclaration(declared(base), fix, base.data);
      applyToBody(entry.resource.body, change.path, change.value, label(fix), change.ifAbsent);
    }
    for (const resource of fix.fix.resources ?? []) {
      if (resources.some((r) => r.type === resource.type && r.name === resource.name)) continue;
      addDeclaration(declared(resource), fix, resource.data);
    }
  }

  const appended: string[] = [];
  const titles = new Map(plan.fixes.map((f) => [f.meta.id, f.meta.title]));
  for (const declaration of added.values()) {
    const imported = renderImport(declaration);
    appended.push(rename([imported, renderDeclaration(declaration, titles)].filter(Boolean).join("\n\n")));
  }
  for (const [name, spec] of plan.variables) {
    if (variables.has(name)) continue;
    appended.push(
      renderBlock("variable", [name], {
        type: { hcl: spec.type },
        description: spec.description,
        ...(spec.default !== undefined ? { default: spec.default } : {}),
      }),
    );
  }
  if (appended.length) {
    const separator = home.text.endsWith("\n") ? "\n" : "\n\n";
    home.text += `${separator}# --- added by lakeward fix: resources and variables the configuration did not declare ---\n\n${appended.join("\n\n")}\n`;
  }

  let patch = "";
  const changed: string[] = [];
  for (const file of files) {
    const after = file.text;
    if (after === file.original) continue;
    await parseHcl(file.name, after); // the patched file must still parse
    const rel = relative(dir, file.path).split("\\").join("/");
    patch += createTwoFilesPatch(`a/${rel}`, `b/${rel}`, file.original, after, undefined, undefined, {
      context: 3,
    }).replace(/^=+\n/, "");
    changed.push(rel);
  }
  return { patch, files: changed, notPatched, changedAt, skippedModules };
}
